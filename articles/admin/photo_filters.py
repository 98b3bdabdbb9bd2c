"""The photo library's list filters: usage rights and where photos are used."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Photo


class RightsFilter(admin.SimpleListFilter):
    title = _("usage rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [
            ("expired", _("Expired")),
            ("soon", _("Expiring soon")),
            ("expiring", _("Expiry date set")),
            ("open", _("No expiry")),
            ("no_credit", _("Without credit")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "expired":
                return queryset.expired()
            case "soon":
                return queryset.expiring_soon()
            case "expiring":
                return queryset.filter(expires_at__isnull=False)
            case "open":
                return queryset.filter(expires_at__isnull=True)
            case "no_credit":
                return queryset.without_credit()
        return queryset


class UseFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("used", _("Used in stories or author pages")), ("unused", _("Not used anywhere"))]

    def queryset(self, request, queryset):
        if self.value() == "used":
            return queryset.in_use()
        if self.value() == "unused":
            return queryset.exclude(pk__in=Photo.objects.in_use().values("pk"))
        return queryset
