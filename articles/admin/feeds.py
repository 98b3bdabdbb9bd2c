"""The wire desk: configured agency feeds with their mapping tables (saved together with the feed),
what each agency sent as it described it (urgency, slugline, filing time, words, subjects), and agency
updates waiting for an editor (the difference to the story as the staff left it, and one action to
apply it)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..ingest.feed_sources import feed_source_problem
from ..ingest.runs import fetch_feed_now
from ..ingest.updates import NoAgencyUpdate, StoryContent, differences
from ..ingest.vocabularies import subject_name
from ..models import AgencyCopy, AgencyFeed, FeedMapping, Story
from ..services import apply_agency_update
from .story_wire import agency_subjects, may_apply_agency_update

SUBJECTS_LISTED = 4  # in a row of the incoming-wire list; the copy's page shows them all


def normalised(text):
    return " ".join(text.split())


class FeedMappingForm(forms.ModelForm):
    """One row of a feed's mapping table, edited with its feed (``feed``: the feed, saved or not)."""

    def __init__(self, *args, feed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if feed is not None:
            # The row's own checks (FeedMapping.clean) need its feed, which a feed being added has
            # before it has an id.
            self.instance.feed = feed

    def clean_value(self):
        return normalised(self.cleaned_data["value"])

    def clean_tag(self):
        return normalised(self.cleaned_data["tag"])


class FeedMappingFormSet(BaseInlineFormSet):
    """A feed's rows: each checked as a row, and no code or keyword mapped twice (which row would win
    is not what anyone reading the table expects)."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "feed": self.instance}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            values = getattr(form, "cleaned_data", None) or {}
            if not values.get("value") or values.get("DELETE"):
                continue
            key = (values.get("kind"), values["value"].casefold())
            if key in seen:
                raise ValidationError(
                    _("“%(value)s” is mapped twice: give it one row, with its section and tag."),
                    params={"value": values["value"]},
                )
            seen.add(key)


@admin.display(description=_("IPTC name"))
def official_name(mapping):
    """The official name of a mapped subject code, so the table can be read without a code book."""
    if mapping is None or mapping.kind != FeedMapping.Kind.SUBJECT:
        return "—"
    return subject_name(mapping.value) or "—"


class FeedMappingInline(admin.TabularInline):
    model = FeedMapping
    form = FeedMappingForm
    formset = FeedMappingFormSet
    fk_name = "feed"
    extra = 1
    fields = ["kind", "value", "official_name", "section", "tag", "position"]
    readonly_fields = ["official_name"]
    autocomplete_fields = ["section"]

    @admin.display(description=_("IPTC name"))
    def official_name(self, mapping):
        return official_name(mapping)


class AgencyFeedForm(forms.ModelForm):
    """A feed, with its key typed but never shown again: an empty field keeps the saved key, and
    "No key" removes it."""

    credential = forms.CharField(
        label=_("Key"),
        required=False,
        max_length=AgencyFeed._meta.get_field("credential").max_length,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "Sent only to the feed's own address (scheme, host and port), never after a redirect "
            "elsewhere. Leave empty to keep the saved key; choose “No key” to remove it."
        ),
    )

    class Meta:
        model = AgencyFeed
        fields = ["credential_kind", "credential"]  # the admin's fieldsets add the rest

    def clean_source(self):
        source = self.cleaned_data["source"].strip()
        if problem := feed_source_problem(source):
            raise ValidationError(problem)
        return source

    def clean(self):
        data = super().clean()
        if not data.get("credential_kind"):
            data["credential"] = ""
        elif not data.get("credential"):
            if self.instance.credential:
                data["credential"] = self.instance.credential
            else:
                self.add_error("credential", _("Enter the key the agency gave you."))
        return data


@admin.register(AgencyFeed)
class AgencyFeedAdmin(admin.ModelAdmin):
    form = AgencyFeedForm
    list_display = [
        "name",
        "agency",
        "format",
        "is_active",
        "publish_automatically",
        "poll_interval",
        "last_run_at",
        "last_outcome",
        "next_due_at",
    ]
    list_filter = ["is_active", "publish_automatically", "format", "agency"]
    search_fields = ["name", "source"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency", "section"]
    inlines = [FeedMappingInline]
    readonly_fields = ["last_run_at", "last_result", "last_error", "etag", "last_modified"]
    fieldsets = [
        (None, {"fields": ["name", "agency", "source", "format", "section", "time_zone"]}),
        (_("Access"), {"fields": ["credential_kind", "credential"]}),
        (_("Schedule"), {"fields": ["is_active", "publish_automatically", "poll_interval", "next_due_at"]}),
        (_("Last run"), {"fields": ["last_run_at", "last_result", "last_error"]}),
        (_("Conditional requests"), {"classes": ["collapse"], "fields": ["etag", "last_modified"]}),
    ]
    actions = ["fetch_now"]

    @admin.display(description=_("last result"))
    def last_outcome(self, feed):
        if not feed.last_run_at:
            return "—"
        summary = feed.last_result.strip().splitlines()[-1] if feed.last_result.strip() else ""
        if feed.last_error:
            return format_html(
                '<span style="color:#b91c1c" title="{}">{}</span>',
                feed.last_error,
                summary or Truncator(feed.last_error).chars(80),
            )
        return summary

    @admin.action(description=_("Fetch now"), permissions=["change"])
    def fetch_now(self, request, queryset):
        for feed in queryset.select_related("agency", "section"):
            tally = fetch_feed_now(feed)
            feed.refresh_from_db()
            level = messages.SUCCESS if tally.succeeded else messages.WARNING
            text = f"{feed.name}: {feed.last_result.replace(chr(10), '; ')}"
            if feed.last_error:
                text += f" — {Truncator(feed.last_error.replace(chr(10), '; ')).chars(300)}"
            self.message_user(request, text, level)


@admin.register(FeedMapping)
class FeedMappingAdmin(admin.ModelAdmin):
    """Mappings for a whole agency (feed-specific rows are edited with their feed)."""

    list_display = ["value", official_name, "kind", "section", "tag", "agency", "feed", "position"]
    list_filter = ["kind", "agency", "feed"]
    search_fields = ["value", "tag"]
    list_select_related = ["agency", "feed", "section"]
    autocomplete_fields = ["section", "agency", "feed"]


@admin.register(AgencyCopy)
class AgencyCopyAdmin(admin.ModelAdmin):
    """What each agency last sent for our stories, with the updates that wait for an editor."""

    list_display = [
        "story_link",
        "agency",
        "urgency_shown",
        "slugline",
        "filed_at",
        "word_count",
        "subject_codes",
        "version",
        "agency_status",
        "waiting",
        "received_at",
    ]
    list_filter = [
        "urgency",
        "agency_status",
        ("pending_version", admin.EmptyFieldListFilter),
        "story__agency",
        "feed",
    ]
    search_fields = ["story__headline", "story__source_guid", "slugline"]
    list_select_related = ["story", "story__agency"]
    date_hierarchy = "received_at"
    actions = ["apply_updates"]
    fieldsets = [
        (None, {"fields": ["story", "feed", "source_name", "guid", "version"]}),
        (
            _("As the agency sent it"),
            {
                "fields": [
                    "urgency",
                    "slugline",
                    "filed_at",
                    "word_count",
                    "subject_list",
                    "agency_status",
                    "agency_note",
                    "received_at",
                ]
            },
        ),
        (_("Waiting for an editor"), {"fields": ["pending_version", "pending_received_at"]}),
    ]
    # Everything on this page is the agency's or the importer's: nothing is edited here.
    readonly_fields = [name for _title, options in fieldsets for name in options["fields"]]

    def get_queryset(self, request):
        # The waiting version's text is for the comparison page, not for the list.
        return super().get_queryset(request).defer("pending")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Changing agency copy is applying its waiting version to the story: the agency copy
        # permission (editors), and for one copy being allowed to edit its story.
        if obj is None:
            return super().has_change_permission(request)
        return may_apply_agency_update(request.user, obj.story)

    @admin.display(description=_("story"), ordering="story__headline")
    def story_link(self, copy):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_story_change", args=[copy.story_id]), copy.story
        )

    @admin.display(description=_("agency"), ordering="story__agency__name")
    def agency(self, copy):
        return copy.story.agency

    @admin.display(description=_("urgency"), ordering="urgency")
    def urgency_shown(self, copy):
        if copy.urgency is None:
            return "—"
        if copy.urgency <= 2:  # flash and bulletin: what the desk must see first
            return format_html('<strong style="color:#b91c1c">{}</strong>', copy.urgency)
        return copy.urgency

    @admin.display(description=_("subjects"))
    def subject_codes(self, copy):
        subjects = agency_subjects(copy)
        shown = format_html_join(
            ", ",
            '<span title="{}">{}</span>',
            ((subject.code or subject.name, subject.label) for subject in subjects[:SUBJECTS_LISTED]),
        )
        more = len(subjects) - SUBJECTS_LISTED
        if more > 0:
            return format_html("{} {}", shown, _("and %(count)d more") % {"count": more})
        return shown or "—"

    @admin.display(description=_("agency subjects"))
    def subject_list(self, copy):
        subjects = agency_subjects(copy)
        if not subjects:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} <code>{}</code> ({})</li>",
                ((subject.label, subject.code, subject.kind) for subject in subjects),
            ),
        )

    @admin.display(description=_("guid"))
    def guid(self, copy):
        return copy.story.source_guid

    @admin.display(description=_("version"))
    def version(self, copy):
        return copy.story.source_version

    @admin.display(description=_("agency update"), ordering="pending_version")
    def waiting(self, copy):
        if copy.pending_version is None:
            return "—"
        url = reverse("admin:articles_agencycopy_update", args=[copy.story_id])
        return format_html(
            '<a href="{}">{}</a>', url, _("version %(v)s: compare and apply") % {"v": copy.pending_version}
        )

    def get_urls(self):
        return [
            path(
                "<int:story_id>/agency-update/",
                self.admin_site.admin_view(self.update_view),
                name="articles_agencycopy_update",
            ),
        ] + super().get_urls()

    @admin.action(description=_("Apply agency update"), permissions=["change"])
    def apply_updates(self, request, queryset):
        apply_updates_to(self, request, Story.objects.filter(pk__in=queryset.values("story_id")))

    def update_view(self, request, story_id):
        return agency_update_view(self, request, story_id)


def apply_updates_to(model_admin, request, stories):
    """Apply the waiting agency version to each of ``stories`` the user may edit; say what happened."""
    applied, skipped = [], []
    for story in stories:
        try:
            apply_agency_update(story, by=request.user)
        except NoAgencyUpdate:
            skipped.append(story.headline)
        except workflow.TransitionNotAllowed:
            skipped.append(story.headline)
        except workflow.InvalidTransition as refusal:  # e.g. a picture of it would lack a credit
            skipped.append(f"{story.headline} ({refusal.message})")
        else:
            applied.append(story.headline)
    if applied:
        model_admin.message_user(
            request,
            _("Agency update applied to %(count)d stories.") % {"count": len(applied)},
            messages.SUCCESS,
        )
    if skipped:
        model_admin.message_user(
            request,
            _("No agency update was applied to: %(stories)s.") % {"stories": "; ".join(skipped)},
            messages.WARNING,
        )


@admin.action(description=_("Apply agency update"), permissions=["change"])
def apply_agency_updates(model_admin, request, queryset):
    """The same action for the story list (``StoryAdmin.actions``)."""
    apply_updates_to(model_admin, request, queryset.filter(agency_update_available=True))


def agency_update_view(model_admin, request, story_id):
    """The difference between the story as the staff left it and the agency's waiting version."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    story = get_object_or_404(Story.objects.select_related("agency", "section"), pk=story_id)
    if not workflow.can_edit(request.user, story):
        raise PermissionDenied
    copy = AgencyCopy.objects.filter(story=story).first()
    if request.method == "POST":
        try:
            apply_agency_update(story, by=request.user)
        except NoAgencyUpdate as error:
            model_admin.message_user(request, str(error), messages.WARNING)
        except workflow.InvalidTransition as refusal:  # nothing applied
            model_admin.message_user(request, refusal.message, messages.ERROR)
        else:
            model_admin.message_user(
                request, _("The agency's version of “%(story)s” is now the story.") % {"story": story}
            )
        return redirect("admin:articles_story_change", story.pk)
    content = StoryContent.from_json(copy.pending) if copy is not None and copy.pending else None
    return TemplateResponse(
        request,
        "admin/articles/agencycopy/agency_update.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": AgencyCopy._meta,
            "title": _("Agency update for “%(story)s”") % {"story": story},
            "story": story,
            "copy": copy,
            "content": content,
            "differences": differences(story, content) if content else [],
        },
    )
