"""The story desk: the list editors work from all day, and the change form with the workflow buttons.

Every button and list action goes through ``articles.services`` (which checks ``articles.workflow``
against the database), so a hand-made POST can do no more than the buttons a person is shown.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Prefetch
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import services, workflow
from ..forms import PhotoChoiceField, StoryForm, story_photo_keywords
from ..models import Photo, Story, StoryAuthor
from ..photos.rights import story_photo_warnings
from ..photos.story_fields import PhotoChooserWidget
from ..reader.story_page import page_context, story_queryset
from ..services import autosaves, edit_locks
from ..workflow import Action
from .feeds import apply_agency_updates
from .history import StoryHistoryMixin, conflict_changes
from .live_coverage import live_context, live_urls
from .reader_status import plain_status_badge, status_badge
from .step_confirmations import (
    CONFIRMED_STEPS,
    EmbargoOnLiveCheck,
    StepConfirmationsMixin,
    requested_step,
    step_form,
)
from .story_autosave import AutosaveMixin
from .story_fields import SEO_AND_SOCIAL, StoryFieldsMixin
from .story_filters import EmbargoFilter, IncomingWireFilter, MineFilter, NeedsReviewFilter
from .story_inlines import CorrectionInline, StoryAuthorInline, StoryPhotoInline
from .story_locks import EditLockMixin
from .story_notes import note_urls, notes_context
from .story_preview import UnsavedPreviewMixin
from .story_saving import SAVE_REFUSALS, SAVE_REFUSED, DeskRelations, keep_upload, new_photo_messages
from .story_wire import agency_context

# The steps offered as list actions, with the admin permission name Django checks before showing one.
LIST_ACTIONS = [
    (Action.SUBMIT, "submit"),
    (Action.RETURN, "review"),
    (Action.SCHEDULE, "publish"),
    (Action.PUBLISH, "publish"),
    (Action.WITHDRAW, "withdraw"),
    (Action.BACK_TO_DRAFT, "review"),
]


def step_taken_message(action, story):
    """What the desk is told after a step taken with a save: a correction or a major update leaves
    the status as it was, so they are named for what they did."""
    if action == Action.CORRECT:
        return format_html(_("“{}” is saved and its correction is printed under it."), story)
    if action == Action.MAJOR_UPDATE:
        return format_html(_("“{}” is saved as a major update: readers see when it was updated."), story)
    return format_html(_("“{}” is now {}."), story, story.get_status_display())


@admin.register(Story)
class StoryAdmin(
    StepConfirmationsMixin,
    StoryFieldsMixin,
    StoryHistoryMixin,
    EditLockMixin,
    AutosaveMixin,
    UnsavedPreviewMixin,
    admin.ModelAdmin,
):
    form = StoryForm
    change_form_template = "admin/articles/story/change_form.html"
    change_list_template = "admin/articles/story/change_list.html"
    list_display = ["headline", "section", "status_badge", "byline", "publish_at", "updated_at"]
    list_filter = [
        "status",
        "section",
        "genre",
        "agency",
        ("authors", admin.RelatedOnlyFieldListFilter),
        IncomingWireFilter,
        "agency_update_available",
        MineFilter,
        NeedsReviewFilter,
        EmbargoFilter,
    ]
    ordering = ["-updated_at", "-pk"]  # the desk works from what changed last
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "agency"]  # photos: the picture chooser (formfield_for_foreignkey)
    list_select_related = ["section", "section__parent", "agency"]
    inlines = [StoryAuthorInline, StoryPhotoInline, CorrectionInline]
    list_per_page = 50
    actions = [apply_agency_updates]  # the wire desk's (articles.admin.feeds)

    # The list --------------------------------------------------------------------------------------

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "bylines", queryset=StoryAuthor.objects.select_related("author").order_by("position")
                ),
            )
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, story):
        return status_badge(story)

    # Names, not Django's links to the user's admin page: only those who manage accounts may open it,
    # and an editor following the link met a 403.
    @admin.display(description=_("created by"))
    def created_by_name(self, story):
        return edit_locks.holder_name(story.created_by) if story.created_by_id else "—"

    @admin.display(description=_("last changed by"))
    def updated_by_name(self, story):
        return edit_locks.holder_name(story.updated_by) if story.updated_by_id else "—"

    @admin.display(description=_("byline"))
    def byline(self, story):
        names = [byline.author.name for byline in story.bylines.all()]
        if story.agency_id:
            names.append(story.agency.name)
        return ", ".join(names) or "—"

    def changelist_view(self, request, extra_context=None):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME) if request.method == "POST" else []
        if any(not value.isascii() or not value.isdigit() for value in selected):
            # Django would pass these to pk__in and fail with a 500; a hand-made POST gets a 400.
            return HttpResponseBadRequest(_("The selected stories are not valid story numbers."))
        counts = dict(Story.objects.order_by().values_list("status").annotate(n=Count("pk")))
        url = reverse("admin:articles_story_changelist")
        extra_context = {
            **(extra_context or {}),
            "status_counts": [
                {
                    "status": status,
                    "label": label,
                    "count": counts.get(status, 0),
                    "url": f"{url}?status__exact={status}",
                    "badge": plain_status_badge(status),
                }
                for status, label in Story.Status.choices
            ],
        }
        return super().changelist_view(request, extra_context)

    # Who may do what -----------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        # Read-only also while someone else edits it (story_locks): until this person takes over.
        return workflow.can_edit(request.user, obj) and not self.read_only_while_locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Nothing written is ever lost: only superusers delete stories (editors withdraw them).
        return request.user.is_superuser

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.submit_story")

    def has_review_permission(self, request):
        return request.user.has_perm("articles.review_story")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_story")

    def has_withdraw_permission(self, request):
        return request.user.has_perm("articles.withdraw_story")

    # The change form -----------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        publication = [
            "status_badge",  # what readers see, not the workflow state alone
            "publish_at",
            "embargo_until",
            "priority",
            "first_published_at",
            "major_update_at",
        ]
        fieldsets = [
            (
                None,
                {
                    "fields": [
                        "headline",
                        "slug",
                        "kicker",
                        "genre",
                        "standfirst",
                        "body",
                        "section",
                        "secondary_sections",
                        "tags",
                        "new_tags",
                        "dateline",
                        "agency",
                    ]
                },
            ),
            (
                _("Lead photo"),
                {
                    "fields": [
                        "lead_photo",
                        "lead_photo_caption",
                        "lead_photo_crop",
                        ("lead_photo_focal_x", "lead_photo_focal_y"),
                    ]
                },
            ),
            (
                _("Upload a photo"),
                {
                    "fields": [
                        "new_photo",
                        "new_photo_caption",
                        "new_photo_credit",
                        "new_photo_alt_text",
                        "new_photo_as_lead",
                    ],
                    "description": _(
                        "The picture is stored with its caption, credit and alt text when you save."
                    ),
                },
            ),
            (_("Publication"), {"fields": publication}),
            (_("Workflow"), {"fields": ["transition_note"]}),
            SEO_AND_SOCIAL,
            (
                _("Language and source"),
                {
                    "classes": ["collapse"],
                    "fields": [
                        "language",
                        "agency_update_available",
                        "source_guid",
                        "source_version",
                        "created_by_name",
                        "updated_by_name",
                    ],
                },
            ),
        ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Who may set which field is the services' rule, shared with restoring a revision.
        readonly = services.fields_readonly_for(request.user, obj)
        return ["status_badge", "created_by_name", "updated_by_name", *readonly]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("lead_photo", "social_image"):
            kwargs.update(
                form_class=PhotoChoiceField,
                queryset=Photo.objects.select_related("agency"),
                widget=PhotoChooserWidget(),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        attributes = {
            "photo_uploader": request.user,
            "save_refused": getattr(request, SAVE_REFUSED, None),
            "desk_user": request.user,
        }
        return type(form.__name__, (EmbargoOnLiveCheck, form), attributes)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *self.history_urls(),
            *self.step_confirmation_urls(),
            *note_urls(self),
            *live_urls(self),
        ] + super().get_urls()

    def _requested_step(self, request):
        return requested_step(request)  # a step only from its own button (400 for a mixed POST)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            action = self._requested_step(request)
            story = self.get_object(request, object_id) if object_id else Story(created_by=request.user)
            if (
                action is not None
                and story is not None
                and not workflow.is_permitted(request.user, action, story)
            ):
                # Before anything is saved: a button this person is not shown changes nothing.
                raise workflow.TransitionNotAllowed
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except SAVE_REFUSALS as refusal:
            if getattr(request, SAVE_REFUSED, None) is not None:
                raise
            # The save was refused under the lock (a newer version, a photo the library would not
            # take) and the view's transaction rolled back: nothing was saved. The same form again,
            # with the refusal as its error and the editor's text in it.
            setattr(request, SAVE_REFUSED, refusal)
            response = super().changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and getattr(response, "context_data", None):
            keep_upload(response.context_data.get("adminform"))
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        story = obj or Story(created_by=request.user)
        form = context["adminform"].form
        if obj is not None:
            for warning in story_photo_warnings(obj):
                messages.warning(request, warning)
            if not workflow.can_edit(request.user, obj):
                messages.info(request, workflow.why_read_only(request.user, obj))
        conflict = getattr(form, "edit_conflict", None)
        context.update(
            {
                "workflow_buttons": [
                    (f"_{action.value}", action.label)
                    for action in workflow.allowed_actions(request.user, story)
                ],
                "edit_conflict": conflict,
                "conflict_changes": conflict_changes(conflict.current, form.data) if conflict else None,
                "preview_url": reverse("admin:articles_story_preview", args=[obj.pk]) if obj else None,
                "transitions": obj.transitions.select_related("by")[:5] if obj else [],
                "photo_keywords": self._keywords_to_offer(obj, form),
                **agency_context(request, obj),
                **notes_context(request, obj),
                **live_context(request, obj),
                "reader_badge": status_badge(obj) if obj else None,
                **self.embargo_context(request, story, form),
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _keywords_to_offer(self, story, form):
        """The photos' keywords, offered as tags while the story has none (two queries)."""
        if story is None or "tags" not in form.fields or story.tags.exists():
            return []
        return story_photo_keywords(story)

    def save_model(self, request, obj, form, change):
        # Nothing is written yet: save_related saves the story once, with its relations, revision and
        # step (services.save_story).
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user

    def save_related(self, request, form, formsets, change):
        action = self._requested_step(request)
        # A step readers notice is taken from its confirmation page, after this save (_after_step).
        step = None if action in CONFIRMED_STEPS else action
        story = form.instance
        result = services.save_story(
            story,
            fields=form.story_fields(),
            by=request.user,
            expected_version=form.expected_version() if change else None,
            relations=DeskRelations(self, request, form, formsets, change),
            new_photo=form.photo_to_attach(),
            step=step,
            note=request.POST.get("transition_note", ""),
            at=story.publish_at if action == Action.SCHEDULE else None,
        )
        # Saved: the person's edit lock and autosave have served (story_locks, story_autosave).
        edit_locks.release(story, request.user)
        autosaves.discard(story if change else None, request.user)
        for level, message in new_photo_messages(result.new_photo):
            self.message_user(request, message, level)
        if result.step_refused is not None:
            self.message_user(
                request,
                format_html(_("Your changes were saved, but: {}"), result.step_refused.message),
                messages.ERROR,
            )
        elif step is not None:
            self.message_user(request, step_taken_message(step, story), messages.SUCCESS)
        self.report_embargo_pull(request, story, form)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_step(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._after_step(request, obj) or super().response_change(request, obj)

    def _after_step(self, request, story):
        """After a workflow button, back to the story (the step was taken with the save), or on to the
        confirmation of a step readers notice."""
        action = self._requested_step(request)
        if action is None:
            return None
        if action in CONFIRMED_STEPS:
            return self.ask_to_confirm_step(request, story, action)
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

    # Preview ---------------------------------------------------------------------------------------

    def preview_view(self, request, object_id):
        """The story at its public layout, whatever its status: staff only, never cached or indexed.

        The context comes from the reader site's own story page (``reader.story_page``), so the preview
        shows exactly what readers will see once the story is out. A POST is the form as typed, unsaved
        (``story_preview``).
        """
        if request.method == "POST":
            return self.preview_unsaved_view(request, object_id)
        story = get_object_or_404(story_queryset(), pk=object_id)
        if not self.has_view_or_change_permission(request, story):
            raise workflow.TransitionNotAllowed
        context = {**page_context(story, request, preview=True), "is_preview": True}
        response = TemplateResponse(request, "admin/articles/story/preview.html", context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    # List actions ----------------------------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action, permission in LIST_ACTIONS:
            if getattr(self, f"has_{permission}_permission")(request):
                actions[action.value] = (self._list_action(action), action.value, action.label)
        return actions

    def _list_action(self, action):
        def take_step_on_selected(modeladmin, request, queryset):
            return modeladmin.take_step_on_many(request, queryset, action)

        return take_step_on_selected

    def take_step_on_many(self, request, queryset, action):
        stories = list(queryset.select_related("section"))
        if any(not workflow.is_permitted(request.user, action, story) for story in stories):
            raise workflow.TransitionNotAllowed
        step = workflow.STEPS[action]
        needs_time = action == Action.SCHEDULE
        form = None
        if step.needs_note or needs_time or action in CONFIRMED_STEPS:
            form = step_form(action, request.POST if "confirm" in request.POST else None)
            if not form.is_valid() or not self.list_step_confirmed(request, action, stories):
                return self.list_step_page(request, action, stories, form)
        note = form.cleaned_data.get("note", "") if form else ""
        at = form.cleaned_data.get("publish_at") if form else None
        done, refused = [], []
        for story in stories:
            try:
                services.take_step(action, story, by=request.user, note=note, at=at)
            except workflow.InvalidTransition as error:
                refused.append((story.headline, error.message))
            else:
                done.append(story)
        if done:
            self.message_user(
                request,
                _("%(action)s: %(count)d stories.") % {"action": action.label, "count": len(done)},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                format_html(
                    "{}<ul>{}</ul>",
                    _("Not changed:"),
                    format_html_join(
                        "", "<li>{}: {}</li>", ((headline, str(reason)) for headline, reason in refused)
                    ),
                ),
                messages.WARNING,
            )
        return None
