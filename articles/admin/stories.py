"""The story desk: the list editors work from all day, and the change form with the workflow buttons.

Every button and list action goes through ``articles.services`` (which checks ``articles.workflow``
against the database), so a hand-made POST can do no more than the buttons a person is shown.
"""

from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import services, workflow
from ..forms import PhotoChoiceField, StepForm, StoryForm, story_photo_keywords
from ..models import Correction, Photo, Story, StoryAuthor, StoryPhoto
from ..photos.rights import picker_label, story_photo_warnings
from ..reader.story_page import preview_context, preview_queryset
from ..workflow import Action
from .feeds import apply_agency_updates
from .history import StoryHistoryMixin, conflict_changes

STATUS_COLOURS = {
    Story.Status.DRAFT: ("#555", "#eee"),
    Story.Status.IN_REVIEW: ("#7a4b00", "#ffe7b3"),
    Story.Status.SCHEDULED: ("#0b4a8b", "#dbeafe"),
    Story.Status.PUBLISHED: ("#14532d", "#d1fae5"),
    Story.Status.WITHDRAWN: ("#7f1d1d", "#fee2e2"),
}
# The steps offered as list actions, with the admin permission name Django checks before showing one.
LIST_ACTIONS = [
    (Action.SUBMIT, "submit"),
    (Action.RETURN, "review"),
    (Action.SCHEDULE, "publish"),
    (Action.PUBLISH, "publish"),
    (Action.WITHDRAW, "withdraw"),
    (Action.BACK_TO_DRAFT, "review"),
]


def status_badge(story):
    colour, background = STATUS_COLOURS[story.status]
    return format_html(
        '<span class="status-badge status-{}" style="color:{};background:{};padding:2px 8px;'
        'border-radius:10px;font-weight:600;white-space:nowrap">{}</span>',
        story.status,
        colour,
        background,
        story.get_status_display(),
    )


class IncomingWireFilter(admin.SimpleListFilter):
    """Agency copy the importer brought in that no one has published yet."""

    title = _("incoming wire")
    parameter_name = "wire"

    def lookups(self, request, model_admin):
        return [("incoming", _("Not yet published"))]

    def queryset(self, request, queryset):
        if self.value() == "incoming":
            return queryset.filter(agency__isnull=False, first_published_at__isnull=True).exclude(
                source_guid=""
            )
        return queryset


class PreloadedAutocompleteSelect(admin_widgets.AutocompleteSelect):
    """An autocomplete whose chosen value is labelled from ``labels`` (filled once for the whole
    formset) instead of one query per row, so the change form's queries do not grow with the byline."""

    labels = None

    def optgroups(self, name, value, attr=None):
        chosen = [str(item) for item in value if str(item) not in ("", "None")]
        if self.labels is None or any(item not in self.labels for item in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for item in chosen[:1]:
            options.append(self.create_option(name, item, self.labels[item], set(chosen), len(options)))
        return [(None, options, 0)]


class PhotoAutocompleteSelect(PreloadedAutocompleteSelect):
    """The photo autocomplete, asking the story desk's own search view (labels with usage terms)."""

    url_name = "%s:articles_story_photo_autocomplete"


class PhotoAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete over the photo library (same search, same permission checks), with
    each photo labelled by its credit, usage terms and expiry, so rights are seen while picking."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if model_admin.model is not Photo:
            raise PermissionDenied  # this view labels photos only; other fields use the admin's own
        return term, model_admin, source_field, to_field_name

    def get_queryset(self):
        return super().get_queryset().select_related("agency")

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": picker_label(obj)}


def photo_with_terms(photo):
    """A photo's thumbnail with the words an editor needs before using it (credit, terms, expiry)."""
    if photo is None:
        return "—"
    return format_html('{}<div class="photo-terms">{}</div>', photo_thumbnail(photo), picker_label(photo))


class PreloadedLabelsFormSet(BaseInlineFormSet):
    related_field = None  # the foreign key shown with an autocomplete in each row
    related_label = str  # how a chosen row reads in its autocomplete

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = type(self).related_label
        labels = {
            str(getattr(row, f"{self.related_field}_id")): label(getattr(row, self.related_field))
            for row in self.get_queryset()
        }
        for form in self.forms:
            widget = form.fields[self.related_field].widget
            getattr(widget, "widget", widget).labels = labels


class PreloadedLabelsInline(admin.TabularInline):
    extra = 0
    related_field = None
    related_label = str
    autocomplete_widget = PreloadedAutocompleteSelect

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.related_field)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(
            formset.__name__,
            (PreloadedLabelsFormSet, formset),
            {"related_field": self.related_field, "related_label": staticmethod(self.related_label)},
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.related_field:
            kwargs["widget"] = self.autocomplete_widget(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StoryAuthorInline(PreloadedLabelsInline):
    model = StoryAuthor
    related_field = "author"


class StoryPhotoInline(PreloadedLabelsInline):
    model = StoryPhoto
    related_field = "photo"
    related_label = staticmethod(picker_label)
    autocomplete_widget = PhotoAutocompleteSelect
    fields = ["photo", "thumbnail", "caption", "position"]
    readonly_fields = ["thumbnail"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo__agency")  # for the credit line

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs.update(form_class=PhotoChoiceField, queryset=Photo.objects.select_related("agency"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("preview"))
    def thumbnail(self, use):
        return photo_with_terms(use.photo if use.photo_id else None)


class CorrectionInline(admin.TabularInline):
    """Corrections are printed through the “Save as a correction” button, never edited afterwards."""

    model = Correction
    extra = 0
    fields = ["note", "created_at", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def photo_thumbnail(photo):
    if photo is None or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:160px;max-height:110px;border-radius:3px">',
        photo.image.url,
        photo.alt_text,
    )


@admin.register(Story)
class StoryAdmin(StoryHistoryMixin, admin.ModelAdmin):
    form = StoryForm
    change_form_template = "admin/articles/story/change_form.html"
    change_list_template = "admin/articles/story/change_list.html"
    list_display = ["headline", "section", "status_badge", "byline", "publish_at", "updated_at"]
    list_filter = [
        "status",
        "section",
        "agency",
        ("authors", admin.RelatedOnlyFieldListFilter),
        IncomingWireFilter,
        "agency_update_available",
    ]
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "agency", "lead_photo"]
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
                    "badge": status_badge(Story(status=status)),
                }
                for status, label in Story.Status.choices
            ],
        }
        return super().changelist_view(request, extra_context)

    # Who may do what -----------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(request.user, obj)

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
            "status",
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
                        "standfirst",
                        "body",
                        "section",
                        "tags",
                        "new_tags",
                        "dateline",
                        "agency",
                    ]
                },
            ),
            (_("Lead photo"), {"fields": ["lead_photo", "lead_photo_preview", "lead_photo_caption"]}),
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
            (
                _("Search engines and source"),
                {
                    "classes": ["collapse"],
                    "fields": [
                        "language",
                        "seo_title",
                        "seo_description",
                        "canonical_url",
                        "agency_update_available",
                        "source_guid",
                        "source_version",
                        "created_by",
                        "updated_by",
                    ],
                },
            ),
        ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "status",
            "first_published_at",
            "major_update_at",
            "lead_photo_preview",
            "source_guid",
            "source_version",
            "created_by",
            "updated_by",
        ]
        if not workflow.may_set_publication_time(request.user):
            readonly += ["publish_at", "embargo_until", "priority", "agency_update_available"]
        elif obj is not None and obj.status in (Story.Status.PUBLISHED, Story.Status.WITHDRAWN):
            readonly += ["publish_at"]  # the date in a published story's address stays put
        return readonly

    @admin.display(description=_("lead photo as readers see it"))
    def lead_photo_preview(self, story):
        if not story.lead_photo_id:
            return "—"
        # One query for the photo and the agency its credit line may name.
        return photo_with_terms(Photo.objects.select_related("agency").filter(pk=story.lead_photo_id).first())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_photo":
            kwargs.update(
                form_class=PhotoChoiceField,
                queryset=Photo.objects.select_related("agency"),
                widget=PhotoAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"photo_uploader": request.user})

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "photo-autocomplete/",
                self.admin_site.admin_view(PhotoAutocompleteView.as_view(admin_site=self.admin_site)),
                name="{}_{}_photo_autocomplete".format(*info),
            ),
            *self.history_urls(),
        ] + super().get_urls()

    def _requested_step(self, request):
        return next((action for key, action in workflow.FORM_BUTTONS.items() if key in request.POST), None)

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
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        story = obj or Story(created_by=request.user)
        form = context["adminform"].form
        if obj is not None:
            for warning in story_photo_warnings(obj):
                messages.warning(request, warning)
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
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _keywords_to_offer(self, story, form):
        """The photos' keywords, offered as tags while the story has none (two queries)."""
        if story is None or "tags" not in form.fields or story.tags.exists():
            return []
        return story_photo_keywords(story)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        story = form.instance
        photo = form.save_new_photo(story)
        if photo is not None and form.photo_duplicate:
            self.message_user(
                request,
                format_html(
                    _(
                        "This file is already in the photo library as “{}” (#{}): that photo was used, "
                        "with its own caption and credit."
                    ),
                    str(photo)[:60],
                    photo.pk,
                ),
                messages.INFO,
            )
        services.record_revision(story, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, story):
        """Take the step whose button was pressed, once the text is safely saved."""
        action = self._requested_step(request)
        if action is None:
            return None
        try:
            services.take_step(
                action,
                story,
                by=request.user,
                note=request.POST.get("transition_note", ""),
                at=story.publish_at,
            )
        except workflow.InvalidTransition as error:
            self.message_user(
                request, format_html(_("Your changes were saved, but: {}"), error.message), messages.ERROR
            )
        else:
            story.refresh_from_db()
            self.message_user(
                request,
                format_html(_("“{}” is now {}."), story, story.get_status_display()),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

    # Preview ---------------------------------------------------------------------------------------

    def preview_view(self, request, object_id):
        """The story at its public layout, whatever its status: staff only, never cached or indexed.

        The context comes from the reader site's own story page (``reader.story_page``), so the preview
        shows exactly what readers will see once the story is out.
        """
        story = get_object_or_404(preview_queryset(), pk=object_id)
        if not self.has_view_or_change_permission(request, story):
            raise workflow.TransitionNotAllowed
        context = {**preview_context(story, request), "is_preview": True}
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
        if step.needs_note or needs_time:
            form = StepForm(
                request.POST if "confirm" in request.POST else None,
                needs_note=step.needs_note,
                needs_time=needs_time,
            )
            if not form.is_bound or not form.is_valid():
                return TemplateResponse(
                    request,
                    "admin/articles/story/step_confirmation.html",
                    {
                        **self.admin_site.each_context(request),
                        "opts": self.opts,
                        "title": action.label,
                        "action": action,
                        "stories": stories,
                        "form": form,
                        "action_checkbox_name": ACTION_CHECKBOX_NAME,
                        "media": self.media + form.media,
                    },
                )
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
