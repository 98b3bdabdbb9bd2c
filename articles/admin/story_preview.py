"""Preview of the story form as typed: the "Preview" button posts the form, unsaved, and gets the
story page as readers will see it, in a new tab.

The story is the form's instance with the typed values set on it (the form validates as for a save),
its byline, tags and further photos are the inline rows and tags as typed, and the page is the reader
site's own (``reader.story_page.page_context``), so what the desk sees is what readers will get.
Nothing is written: no story, no revision, no photo (an upload waits for the save), no cache.
Only people who may change the story (or add one) may preview their changes to it.
"""

from dataclasses import dataclass

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from taggit.models import Tag

from .. import workflow
from ..models import Story, StoryAuthor, StoryPhoto
from ..models.tags import fallback_tag_slug
from ..reader.story_page import page_context, story_queryset
from ..reader.story_queries import StoryLabels


@dataclass
class TypedRelations:
    """The byline, tags and further photos as typed in the form; None keeps the saved ones."""

    authors: list | None = None
    tags: list | None = None
    further_photos: list | None = None

    def over(self, labels, further_photos):
        """These over the saved ``labels`` and ``further_photos`` (the corrections stay: no form
        changes them)."""
        typed = StoryLabels(
            authors=labels.authors if self.authors is None else self.authors,
            tags=labels.tags if self.tags is None else self.tags,
            corrections=labels.corrections,
        )
        return typed, further_photos if self.further_photos is None else self.further_photos


def typed_tags(form):
    """The tags the form would give the story, as Tag rows (unsaved for a new name), by name."""
    if "tags" not in getattr(form, "cleaned_data", {}):
        return None
    wanted = {}
    for tag in form.cleaned_data["tags"]:
        name = tag.name if isinstance(tag, Tag) else str(tag).strip()
        if name:
            wanted.setdefault(name, tag if isinstance(tag, Tag) else None)
    new_names = [name for name, tag in wanted.items() if tag is None]
    known = {tag.name: tag for tag in Tag.objects.filter(name__in=new_names)} if new_names else {}
    tags = [
        tag
        or known.get(name)
        or Tag(name=name, slug=slugify(name, allow_unicode=True) or fallback_tag_slug(name))
        for name, tag in wanted.items()
    ]
    return sorted(tags, key=lambda tag: tag.name.lower())


def typed_rows(formset, field):
    """The cleaned rows an inline formset would save (``field`` chosen, not deleted) in their order;
    None when the form did not post that formset."""
    if formset is None or not formset.management_form.is_valid():
        return None
    formset.is_valid()  # every row's cleaned_data, valid or not
    rows = []
    for index, form in enumerate(formset.forms):
        cleaned = getattr(form, "cleaned_data", {})
        if cleaned.get(field) is not None and not cleaned.get("DELETE"):
            rows.append((cleaned.get("position") or 0, index, cleaned))
    return [cleaned for _position, _index, cleaned in sorted(rows, key=lambda row: row[:2])]


def typed_relations(story, formsets):
    by_model = {formset.model: formset for formset in formsets}
    authors = typed_rows(by_model.get(StoryAuthor), "author")
    photos = typed_rows(by_model.get(StoryPhoto), "photo")
    return TypedRelations(
        authors=None if authors is None else [row["author"] for row in authors],
        further_photos=None
        if photos is None
        else [
            StoryPhoto(story=story, photo=row["photo"], caption=row.get("caption", ""), position=position)
            for position, row in enumerate(photos)
        ],
    )


class UnsavedPreviewMixin:
    """The story admin's preview of the form as typed (POST), for a saved story and for a new one."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_unsaved_view),
                name="{}_{}_preview_new".format(*info),
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        editable = (
            self.has_add_permission(request) if obj is None else self.has_change_permission(request, obj)
        )
        context["preview_typed_url"] = None
        if editable and not context.get("is_popup"):
            name, args = ("preview_new", []) if obj is None else ("preview", [obj.pk])
            context["preview_typed_url"] = reverse(f"admin:articles_story_{name}", args=args)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_unsaved_view(self, request, object_id=None):
        """The story page from the posted form (``object_id`` None: a new story's form)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            story, obj = Story(created_by=request.user), None
        else:
            story = story_queryset().filter(pk=self._preview_pk(object_id)).first()
            if story is None:
                raise Http404
            if not workflow.can_edit(request.user, story):
                raise workflow.TransitionNotAllowed
            obj = story
        form, formsets = self._typed_form(request, story, obj)
        problems = [
            (form.fields[name].label if name in form.fields else "", error)
            for name, errors in form.errors.items()
            for error in errors
        ]
        context = {"is_preview": True, "typed": True, "problems": problems, "story": story}
        if story.section_id is not None and story.headline:
            story.fill_derived_fields()  # the slug and sanitized body a save would give it
            context.update(
                page_context(story, request, preview=True, typed=self._relations(form, story, formsets))
            )
        response = TemplateResponse(request, "admin/articles/story/preview_typed.html", context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _preview_pk(self, object_id):
        object_id = unquote(object_id)
        if not object_id.isdigit():
            raise Http404
        return int(object_id)

    def _typed_form(self, request, story, obj):
        """The change (or add) form and its inline formsets bound to the posted fields, validated;
        the form's instance (``story``) carries every valid typed value. Uploaded files are left out:
        a preview stores nothing."""
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(request, obj, change=obj is not None, fields=flatten_fieldsets(fieldsets))
        form = form_class(request.POST, instance=story)
        form.is_valid()
        formsets, prefixes = [], {}
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            # The prefixes the admin gives the same formsets (ModelAdmin._create_formsets).
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            kwargs = self.get_formset_kwargs(request, story, inline, prefix)
            kwargs.pop("files", None)
            formsets.append(formset_class(**kwargs))
        return form, formsets

    def _relations(self, form, story, formsets):
        relations = typed_relations(story, formsets)
        relations.tags = typed_tags(form)
        return relations
