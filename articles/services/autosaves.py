"""Autosaves: what a person has typed in a story's form and not saved, kept so that closing the tab, a
crash or a lost connection loses nothing.

An autosave is the form's fields as posted, one per story and person (and one per person for a story
not saved yet). It is not a revision and not the story: writing it changes no story row, records no
revision and retires no cached page, and only its author ever reads it. Saving the story deletes it
(:func:`discard`, from the desk's save).
"""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Story, StoryAutosave

# Never kept: the request's own token, and the "overwrite their changes" answer to a conflict, which
# must be given again, after comparing, by whoever restores the text. Buttons ("_save", "_publish"...)
# start with an underscore and are never kept either.
LEFT_OUT = {"csrfmiddlewaretoken", "overwrite_newer", "conflict_version"}


def _require_edit(user, story):
    if not workflow.can_edit(user, story if story is not None else Story()):
        raise workflow.TransitionNotAllowed(_("You may not change this story."))


def autosave(story, user, form_fields):
    """Keep ``form_fields`` (a QueryDict, e.g. ``request.POST``) as ``user``'s autosave of ``story``
    (None: the story they are writing and have not saved yet); returns the :class:`StoryAutosave`."""
    _require_edit(user, story)
    pairs = [
        [name, value]
        for name, values in form_fields.lists()
        if name not in LEFT_OUT and not name.startswith("_")
        for value in values
        if isinstance(value, str)
    ]
    saved, _created = StoryAutosave.objects.update_or_create(
        story=story, user=user, defaults={"form_fields": pairs, "saved_at": timezone.now()}
    )
    return saved


def newer_autosave(story, user):
    """``user``'s autosave of ``story`` (None: a new story) when it is newer than the story's last save,
    or None. Only its author's: no one else's autosave is ever returned."""
    if story is not None and not workflow.can_edit(user, story):
        return None
    found = StoryAutosave.objects.filter(story=story, user=user).first()
    if found is None or (story is not None and found.saved_at <= story.updated_at):
        return None
    return found


def form_data(saved):
    """An autosave's fields as the QueryDict a form is bound to."""
    data = QueryDict(mutable=True)
    for name, value in saved.form_fields:
        data.appendlist(name, value)
    return data


def discard(story, user):
    """Delete ``user``'s autosave of ``story`` (None: their new story's); only ever their own."""
    StoryAutosave.objects.filter(story=story, user=user).delete()
