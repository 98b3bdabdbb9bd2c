"""The breaking-news banner: editors write it, give it a link and an end, and switch it off. Every save
goes through ``services.fronts.save_banner``, which retires every reader page when readers see the
change (the banner shows on all of them)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ..models import BreakingNewsBanner
from ..services import fronts


@admin.register(BreakingNewsBanner)
class BreakingNewsBannerAdmin(admin.ModelAdmin):
    list_display = ["text", "link", "expires_at", "is_active", "running", "created_by", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["text"]
    fields = ["text", "link", "expires_at", "is_active"]
    list_select_related = ["created_by"]
    actions = ["switch_off"]

    @admin.display(description=_("readers see it now"), boolean=True)
    def running(self, banner):
        return banner.is_running()

    def save_model(self, request, obj, form, change):
        fronts.save_banner(obj, by=request.user)

    def delete_model(self, request, obj):
        fronts.delete_banner(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for banner in queryset:
            fronts.delete_banner(banner, by=request.user)

    @admin.action(description=_("Switch off the selected banners"), permissions=["change"])
    def switch_off(self, request, queryset):
        for banner in queryset.filter(is_active=True):
            banner.is_active = False
            fronts.save_banner(banner, by=request.user)
        self.message_user(request, _("Readers no longer see those banners."), messages.SUCCESS)
