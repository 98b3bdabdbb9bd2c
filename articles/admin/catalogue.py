from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..ingest.agencies import give_known_names, known_agency_of
from ..models import Agency, AgencyAlias, Author, Section, normalised_agency_name
from ..services.agencies import AgencyMergeRefused, merge_agencies


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "path", "parent", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    readonly_fields = ["path"]


class AgencyAliasFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            value = form.cleaned_data.get("value", "")
            key = normalised_agency_name(value)
            if key in seen:
                raise ValidationError(
                    _("“%(one)s” and “%(other)s” are the same name; keep one of them."),
                    params={"one": seen[key], "other": value},
                )
            seen[key] = value


class AgencyAliasInline(admin.TabularInline):
    """The other names the importer files under this agency; part of the agency, so whoever may
    change the agency may change them."""

    model = AgencyAlias
    formset = AgencyAliasFormSet
    fields = ["value", "normalised"]
    readonly_fields = ["normalised"]
    extra = 1

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_agency") or self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_agency")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_agency")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_agency")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "credit", "website", "alias_list"]
    # A website typed without its scheme is https, as Django 6 will assume (and warns of till then).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["name", "credit", "aliases__value"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AgencyAliasInline]
    actions = ["give_known_names", "merge_agencies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("also known as"))
    def alias_list(self, agency):
        return ", ".join(alias.value for alias in agency.aliases.all())

    @admin.action(description=_("Add the names these agencies are known by"), permissions=["change"])
    def give_known_names(self, request, queryset):
        given, unknown = 0, []
        for agency in queryset:
            known = known_agency_of(agency)
            if known is None:
                unknown.append(agency.name)
                continue
            given += len(give_known_names(agency, known))
        self.message_user(
            request,
            ngettext("%(count)d name added.", "%(count)d names added.", given) % {"count": given},
            messages.SUCCESS,
        )
        if unknown:
            self.message_user(
                request,
                _("No names are known for %(agencies)s: add them by hand.")
                % {"agencies": ", ".join(unknown)},
                messages.WARNING,
            )

    @admin.action(description=_("Merge into one agency"), permissions=["change", "delete"])
    def merge_agencies(self, request, queryset):
        """The standard admin intermediate page: which of the chosen agencies to keep, what moves,
        then the merge (``services.agencies.merge_agencies``) on its confirmation."""
        chosen = list(queryset.annotate(story_count=Count("stories", distinct=True)).order_by("name"))
        if len(chosen) < 2:
            self.message_user(request, _("Choose two agencies or more to merge."), messages.WARNING)
            return None
        kept_pk = request.POST.get("keep", "")
        kept = next((agency for agency in chosen if str(agency.pk) == kept_pk), None)
        if kept is None or "merge" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Merge agencies"),
                "opts": self.model._meta,
                "agencies": chosen,
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/articles/agency/merge.html", context)
        for duplicate in chosen:
            if duplicate.pk == kept.pk:
                continue
            try:
                merged = merge_agencies(kept, duplicate)
            except AgencyMergeRefused as refusal:
                self.message_user(request, refusal.message, messages.ERROR)
                continue
            self.message_user(
                request,
                _(
                    "%(duplicate)s is merged into %(kept)s: %(stories)d stories, %(photos)d photos, "
                    "%(feeds)d feeds."
                )
                % {
                    "duplicate": duplicate.name,
                    "kept": kept.name,
                    "stories": merged.stories,
                    "photos": merged.photos,
                    "feeds": merged.feeds,
                },
                messages.SUCCESS,
            )
        return None


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]
    list_select_related = ["user"]
