"""Notes on the story form: the thread panel's context and the small view that posts a note or reply.

The panel is a form of its own below the story's form (a note is not an edit: it needs no edit
version, no lock and no save of the story), so it works without JavaScript and posting a note never
touches the story's unsaved fields in another tab.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import Story, StoryNote
from ..models.notes import NOTE_MAX_LENGTH
from ..services import notes
from ..workflow import InvalidTransition


def note_urls(model_admin):
    info = model_admin.opts.app_label, model_admin.opts.model_name
    return [
        path(
            "<path:object_id>/notes/",
            model_admin.admin_site.admin_view(require_POST(post_note_view)),
            name="{}_{}_notes".format(*info),
        ),
        path(
            "<path:object_id>/notes/<int:note_id>/edit/",
            model_admin.admin_site.admin_view(require_POST(edit_note_view)),
            name="{}_{}_note_edit".format(*info),
        ),
    ]


def notes_context(request, story):
    """The notes panel for ``story`` on its change form: nothing for a new story or a person who
    may not read notes (two queries otherwise: the threads, and their replies; a third, who may be
    mentioned, for a person who may post)."""
    if story is None or not notes.may_read_notes(request.user, story):
        return {}
    threads = notes.notes_of(story)
    context = {
        "story_notes": threads,
        "story_note_count": len(threads) + sum(len(thread.replies.all()) for thread in threads),
        "story_notes_url": reverse("admin:articles_story_notes", args=[story.pk]),
        "may_post_note": notes.may_post_note(request.user, story),
        "note_max_length": NOTE_MAX_LENGTH,
    }
    if context["may_post_note"]:
        # Suggested as one types "@" in a note (static/admin/js/note_mentions.js).
        context["mention_people"] = [
            {"username": person["username"], "name": f"{person['first_name']} {person['last_name']}".strip()}
            for person in notes.people_to_mention()
        ]
    return context


def post_note_view(request, object_id):
    """Post a note, or a reply with ``parent``; back to the story's notes with a message."""
    story = get_object_or_404(Story.objects.only("pk", "headline", "status", "created_by_id"), pk=object_id)
    if not notes.may_post_note(request.user, story):
        raise PermissionDenied
    parent = None
    if request.POST.get("parent"):
        try:
            parent = get_object_or_404(StoryNote, pk=int(request.POST["parent"]))
        except ValueError as error:
            raise Http404 from error
    back = reverse("admin:articles_story_change", args=[story.pk])
    try:
        note = notes.post_note(story, by=request.user, text=request.POST.get("text", ""), parent=parent)
    except InvalidTransition as refusal:
        messages.error(request, refusal.message)
        return HttpResponseRedirect(f"{back}#story-notes")
    messages.success(request, _("Your note was posted."))
    return HttpResponseRedirect(f"{back}#note-{note.pk}")


def edit_note_view(request, object_id, note_id):
    """Change the text of a note its author wrote; back to the note with a message."""
    note = get_object_or_404(StoryNote.objects.select_related("story"), pk=note_id, story_id=object_id)
    back = reverse("admin:articles_story_change", args=[note.story_id])
    try:
        # Someone else's note: TransitionNotAllowed, a PermissionDenied, answers 403.
        notes.edit_note(note, by=request.user, text=request.POST.get("text", ""))
    except InvalidTransition as refusal:
        messages.error(request, refusal.message)
        return HttpResponseRedirect(f"{back}#note-{note.pk}")
    messages.success(request, _("Your note was changed."))
    return HttpResponseRedirect(f"{back}#note-{note.pk}")
