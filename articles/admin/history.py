"""A story's history on the desk: revisions, workflow steps, comparing two versions and restoring one."""

import difflib
import re
from html import unescape

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import services, workflow
from ..models import Agency, Author, Photo, Revision, Section, Story
from ..models.editorial import SNAPSHOT_FIELDS, SNAPSHOT_FOREIGN_KEYS, SNAPSHOT_RELATIONS, SNAPSHOT_TIMES
from .step_confirmations import is_confirmed, restore_confirmation

# What an edit conflict shows side by side (the rest of the form is the editor's own).
COMPARED_FIELDS = [("headline", _("Headline")), ("standfirst", _("Standfirst")), ("body", _("Body"))]
RELATION_LABELS = {
    "tags": _("Tags"),
    "authors": _("Byline"),
    "photos": _("Further photos"),
    "secondary_sections": _("Also in sections"),
}
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|tr|figcaption|pre)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]+>")


def readable_lines(html):
    """Body HTML as the lines a reader would see: one per paragraph, heading or list item."""
    text = BLOCK_END.sub("\n", html or "")
    text = unescape(ANY_TAG.sub("", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def side_by_side(old_text, new_text, *, old_label, new_label, html=False):
    """A side-by-side table of what changed between two texts (escaped; safe to show)."""
    old_lines = readable_lines(old_text) if html else (old_text or "").splitlines()
    new_lines = readable_lines(new_text) if html else (new_text or "").splitlines()
    if old_lines == new_lines:
        return None
    # HtmlDiff escapes the lines but not the column labels, which carry headlines.
    table = difflib.HtmlDiff().make_table(
        old_lines, new_lines, escape(str(old_label)), escape(str(new_label))
    )
    # HtmlDiff writes every space as &nbsp; (so a line could only be cut at a fixed column, mid-word,
    # with its wrapcolumn): plain spaces let the browser wrap a paragraph between words, the cells
    # being white-space: pre-wrap (story_diff.css). A "&" of the text is already "&amp;" here.
    return mark_safe(table.replace("&nbsp;", " "))  # noqa: S308  lines escaped by HtmlDiff, labels above


def compare_versions(old, new, *, old_label, new_label, fields=COMPARED_FIELDS):
    """[(field label, diff table)] for the ``fields`` that differ between two field mappings."""
    changes = []
    for name, label in fields:
        table = side_by_side(
            old.get(name, ""),
            new.get(name, ""),
            old_label=old_label,
            new_label=new_label,
            html=name == "body",
        )
        if table is not None:
            changes.append((label, table))
    return changes


def field_label(name):
    if name in RELATION_LABELS:
        return RELATION_LABELS[name]
    return capfirst(Story._meta.get_field(name).verbose_name)


SNAPSHOT_LABELS = [(name, field_label(name)) for name in SNAPSHOT_FIELDS + SNAPSHOT_RELATIONS]


def readable_snapshots(*snapshots):
    """The snapshots with every value as text an editor reads (names for sections, agencies, authors
    and photos; local times), so that every field can be compared; a few queries in all."""
    kinds = ("section", "agency", "lead_photo", "social_image", "authors", "photos", "secondary_sections")
    ids = {kind: set() for kind in kinds}
    for snapshot in snapshots:
        for name in SNAPSHOT_FOREIGN_KEYS:
            if snapshot.get(name) is not None:
                ids[name].add(snapshot[name])
        ids["authors"].update(snapshot.get("authors", []))
        ids["photos"].update(use["photo"] for use in snapshot.get("photos", []))
        ids["secondary_sections"].update(snapshot.get("secondary_sections", []))
    sections = Section.objects.in_bulk(ids["section"] | ids["secondary_sections"])
    agencies = Agency.objects.in_bulk(ids["agency"])
    authors = Author.objects.in_bulk(ids["authors"])
    photos = Photo.objects.in_bulk(ids["lead_photo"] | ids["social_image"] | ids["photos"])

    def named(found, pk):
        return "" if pk is None else f"{found[pk]} (#{pk})" if pk in found else f"#{pk}"

    readable = []
    for snapshot in snapshots:
        text = {name: "" if snapshot.get(name) is None else str(snapshot[name]) for name in SNAPSHOT_FIELDS}
        text["section"] = named(sections, snapshot.get("section"))
        text["agency"] = named(agencies, snapshot.get("agency"))
        text["lead_photo"] = named(photos, snapshot.get("lead_photo"))
        # Versions saved before stories had genres were all news.
        genre = snapshot.get("genre") or Story.Genre.NEWS
        text["genre"] = str(Story.Genre(genre).label) if genre in Story.Genre.values else genre
        text["social_image"] = named(photos, snapshot.get("social_image"))
        text["secondary_sections"] = "\n".join(
            named(sections, pk) for pk in snapshot.get("secondary_sections", [])
        )
        for name in SNAPSHOT_TIMES:
            value = parse_datetime(snapshot[name]) if snapshot.get(name) else None
            text[name] = formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""
        text["tags"] = ", ".join(snapshot.get("tags", []))
        text["authors"] = "\n".join(named(authors, pk) for pk in snapshot.get("authors", []))
        text["photos"] = "\n".join(
            " ".join(filter(None, [named(photos, use["photo"]), use.get("caption", "")]))
            for use in snapshot.get("photos", [])
        )
        readable.append(text)
    return readable


class StoryHistoryMixin:
    """Adds revisions and workflow steps to the admin's history page, with compare and restore."""

    object_history_template = "admin/articles/story/object_history.html"

    def history_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/restore/<int:revision_id>/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
        ]

    def history_view(self, request, object_id, extra_context=None):
        story = self.get_object(request, object_id)
        if story is not None and self.has_view_or_change_permission(request, story):
            extra_context = {
                **(extra_context or {}),
                "revisions": story.revisions.select_related("created_by"),
                "transitions": story.transitions.select_related("by"),
                "may_restore": workflow.is_permitted(request.user, workflow.Action.RESTORE, story),
            }
        return super().history_view(request, object_id, extra_context)

    def _story_or_404(self, request, object_id):
        story = self.get_object(request, object_id)
        if story is None:
            raise Http404
        if not self.has_view_or_change_permission(request, story):
            raise PermissionDenied
        return story

    def compare_view(self, request, object_id):
        story = self._story_or_404(request, object_id)
        revisions = story.revisions.select_related("created_by")
        try:
            old = get_object_or_404(revisions, pk=int(request.GET.get("old", "")))
            new = get_object_or_404(revisions, pk=int(request.GET.get("new", "")))
        except ValueError as error:
            raise Http404 from error
        if (old.created_at, old.pk) > (new.created_at, new.pk):
            old, new = new, old
        may_restore = workflow.is_permitted(request.user, workflow.Action.RESTORE, story)
        old_text, new_text = readable_snapshots(old.snapshot, new.snapshot)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": story,
            "title": _("Compare versions"),
            "old": old,
            "new": new,
            # Every field that differs, not only the text: a changed embargo or byline shows too.
            "changes": compare_versions(
                old_text, new_text, old_label=old, new_label=new, fields=SNAPSHOT_LABELS
            ),
            "may_restore": may_restore,
        }
        if may_restore:
            plan = services.restore_changes(old, story, request.user)
            context["restore_changes"] = [field_label(name) for name in plan.changed]
            context["restore_keeps"] = [field_label(name) for name in plan.kept]
            context["restore_gone"] = [field_label(name) for name in plan.gone]
        return TemplateResponse(request, "admin/articles/story/compare.html", context)

    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self._story_or_404(request, object_id)
        revision = get_object_or_404(Revision.objects.select_related("story"), pk=revision_id, story=story)
        if not workflow.is_permitted(request.user, workflow.Action.RESTORE, story):
            raise PermissionDenied
        if not is_confirmed(request, workflow.Action.RESTORE, [story], revision.pk):
            # Asked first, saying what it brings back and what readers will see; nothing restored yet.
            plan = services.restore_changes(revision, story, request.user)
            return restore_confirmation(
                self,
                request,
                story,
                revision,
                changes=[field_label(name) for name in plan.changed],
                kept=[field_label(name) for name in plan.kept],
                gone=[field_label(name) for name in plan.gone],
            )
        try:
            services.restore_revision(revision, by=request.user)
        except workflow.InvalidTransition as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request, format_html(_("Restored the version of {}."), revision), messages.SUCCESS
            )
        return redirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[story.pk])
        )


def conflict_changes(current: Story, submitted):
    """What the editor's unsaved text would change in the newer saved version."""
    theirs = {name: getattr(current, name) for name, _label in COMPARED_FIELDS}
    mine = {name: submitted.get(name, "") for name, _label in COMPARED_FIELDS}
    return compare_versions(theirs, mine, old_label=_("Saved by them"), new_label=_("Your text (not saved)"))
