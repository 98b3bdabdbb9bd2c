"""Partners' keys to the content API (``articles.api``): issued here, shown once, revoked here.

Adding a key leads to a page that shows the key itself, the only time anyone sees it: the key's
row keeps its SHA-256 and its first characters. The add form's POST answers with a redirect (a
reload of the page it answered with would post the form again and issue a second key), and the key
waits in the issuer's session from that POST until the page it leads to takes it out: a reload of
that page shows it no more. Revoking is a list action; a revoked key stays listed for the record.
Only those with the API key permissions see any of this.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import ApiKey


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["partner", "notes", "every_section", "sections", "requests_per_minute"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("every_section") and not cleaned.get("sections"):
            # A key that reads nothing is never what anyone means to issue.
            raise ValidationError(_("Choose the sections this key may read, or “every section”."))
        return cleaned


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["partner", "key_start", "reads", "requests_per_minute", "created_at", "active"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "every_section"]
    search_fields = ["partner", "shown_as", "notes"]
    filter_horizontal = ["sections"]
    readonly_fields = ["key_start", "created_at", "created_by", "revoked_at"]
    fieldsets = [
        (None, {"fields": ["partner", "key_start", "notes"]}),
        (_("What the key may read"), {"fields": ["every_section", "sections", "requests_per_minute"]}),
        (_("Record"), {"fields": ["created_at", "created_by", "revoked_at"]}),
    ]
    actions = ["revoke_keys"]

    @admin.display(description=_("key"))
    def key_start(self, key):
        return f"{key.shown_as}…" if key.shown_as else _("made when you save")

    @admin.display(description=_("reads"))
    def reads(self, key):
        if key.every_section:
            return _("every section")
        return ", ".join(section.path for section in key.sections.all()) or _("nothing")

    @admin.display(description=_("active"), boolean=True)
    def active(self, key):
        return key.is_active

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sections")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            # Shown once by issued_view; the key's row keeps only its digest; never logged.
            request.issued_api_key = obj.give_token()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        token = getattr(request, "issued_api_key", None)
        if token is None:
            return super().response_add(request, obj, post_url_continue)
        request.session[issued_session_key(obj)] = token
        return redirect(reverse("admin:articles_apikey_issued", args=[obj.pk]))

    def get_urls(self):
        issued = self.admin_site.admin_view(self.issued_view)
        return [path("<int:key_id>/issued/", issued, name="articles_apikey_issued"), *super().get_urls()]

    def issued_view(self, request, key_id):
        """The key just issued, once: taken out of the session as it is shown."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        key = get_object_or_404(ApiKey, pk=key_id)
        token = request.session.pop(issued_session_key(key), None)
        if token is None:
            self.message_user(
                request,
                _(
                    "The key for %(partner)s was shown once and cannot be shown again. If it was not "
                    "copied, revoke it and issue a new one."
                )
                % {"partner": key.partner},
                messages.WARNING,
            )
            return redirect(reverse("admin:articles_apikey_change", args=[key.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Key issued for %(partner)s") % {"partner": key.partner},
            "key": key,
            "token": token,
        }
        response = TemplateResponse(request, "admin/articles/apikey/issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke_keys(self, request, queryset):
        revoked = 0
        for key in queryset.filter(revoked_at__isnull=True):
            key.revoke()
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )


def issued_session_key(key):
    return f"issued-api-key-{key.pk}"
