"""Partners' keys to the content API (``articles.api``): issued here, shown once, revoked here.

Adding a key answers with a page that shows the key itself, the only time anyone sees it: the
database keeps its SHA-256 and its first characters. Revoking is a list action; a revoked key stays
listed for the record. Only those with the API key permissions see any of this.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
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
            # Shown once by response_add; never stored, never logged.
            request.issued_api_key = obj.give_token()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        token = getattr(request, "issued_api_key", None)
        if token is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Key issued for %(partner)s") % {"partner": obj.partner},
            "key": obj,
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
