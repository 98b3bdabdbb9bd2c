"""Notes on a story: who may read and write them, posting one, and the ``@name`` mentions in it.

A note is the desk's conversation about a story, never part of the story: posting one writes no
revision, takes no lock on the story and retires no cached reader page.
"""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from newsroom.accounts.usernames import normalise_username

from ..models import Notification, StoryNote
from ..models.notes import NOTE_MAX_LENGTH
from ..workflow import InvalidTransition, TransitionNotAllowed
from .notifications import notify

# "@name" where name is a user name as Django allows them (letters, digits, @ . + - _), not preceded
# by a word character or another @, so "desk@example.org" and "@@x" mention no one; a trailing full
# stop ends the sentence, not the name.
MENTION = re.compile(r"(?<![\w@])@(\w[\w.@+-]*)")
# A note names at most this many people: more is a circular, not a note.
MAX_MENTIONS = 20


def may_see_story(user):
    return user.has_perm("articles.view_story") or user.has_perm("articles.change_story")


def may_read_notes(user, story):
    """Staff who may see the story (reporters and the wire desk see every story) and read notes."""
    return (
        user.is_active
        and user.is_staff
        and story.pk is not None
        and may_see_story(user)
        and user.has_perm("articles.view_storynote")
    )


def may_post_note(user, story):
    return may_read_notes(user, story) and user.has_perm("articles.add_storynote")


def people_to_mention():
    """Who a note may mention, for the notes box's suggestions: active staff who may read notes
    (the permission directly, through a group, or as superusers), in one query."""
    may_read = Q(is_superuser=True) | Q(user_permissions__codename="view_storynote")
    may_read |= Q(groups__permissions__codename="view_storynote")
    return (
        get_user_model()
        .objects.filter(may_read, is_active=True, is_staff=True)
        .distinct()
        .order_by("username")
        .values("username", "first_name", "last_name")
    )


def mentioned_names(text):
    """The user names ``text`` mentions, in order, each once."""
    names = (match.rstrip(".") for match in MENTION.findall(text))
    return list(dict.fromkeys(name for name in names if name))[:MAX_MENTIONS]


def mentioned_users(text):
    """The accounts ``text`` mentions (one query): by exact name, or by the normalised name log-in
    uses, so ``@Meera`` finds ``meera``."""
    names = mentioned_names(text)
    if not names:
        return []
    candidates = {*names, *(normalise_username(name) for name in names)}
    return list(get_user_model().objects.filter(username__in=candidates, is_active=True))


def thread_root(parent):
    """Replies are one level deep: a reply to a reply joins the thread it is in."""
    return parent if parent.parent_id is None else parent.parent


@transaction.atomic
def post_note(story, *, by, text, parent=None):
    """Post a note (or, with ``parent``, a reply) on ``story`` by ``by`` and notify the people it
    mentions who may read it. Raises :class:`TransitionNotAllowed` (403) for someone who may not
    post and :class:`InvalidTransition` for an empty or overlong note or a parent from another story."""
    if not may_post_note(by, story):
        raise TransitionNotAllowed(_("You may not write notes on this story."))
    text = checked_text(text)
    if parent is not None:
        if parent.story_id != story.pk:
            raise InvalidTransition(_("That note belongs to another story."))
        parent = thread_root(parent)
    note = StoryNote.objects.create(story=story, parent=parent, author=by, text=text)
    notify_mentioned(story, by, text)
    return note


@transaction.atomic
def edit_note(note, *, by, text):
    """Replace the text of ``note``, which only its author may do while they may still post notes;
    people it now mentions and did not before are notified."""
    if note.author_id != by.pk or not may_post_note(by, note.story):
        raise TransitionNotAllowed(_("Only the person who wrote a note may change it."))
    text = checked_text(text)
    if text == note.text:
        return note
    written = mentioned_names(note.text)
    before = {*written, *(normalise_username(name) for name in written)}
    note.text, note.edited_at = text, timezone.now()
    note.save(update_fields=["text", "edited_at"])
    notify_mentioned(note.story, by, text, already=before)
    return note


def checked_text(text):
    """``text`` without surrounding blanks; :class:`InvalidTransition` when empty or overlong."""
    text = (text or "").strip()
    if not text:
        raise InvalidTransition(_("Write something in the note first."))
    if len(text) > NOTE_MAX_LENGTH:
        raise InvalidTransition(
            _("A note is at most %(limit)d characters; this one has %(length)d.")
            % {"limit": NOTE_MAX_LENGTH, "length": len(text)}
        )
    return text


def notify_mentioned(story, by, text, already=()):
    """Notify the people ``text`` mentions who may read notes, but those named in ``already``."""
    for user in mentioned_users(text):
        if user.get_username() not in already and may_read_notes(user, story):
            notify(user, Notification.Kind.MENTION, story=story, actor=by, text=Truncator(text).chars(300))


def notes_of(story):
    """The story's threads, oldest first, each with its replies and every author loaded (two queries)."""
    replies = StoryNote.objects.select_related("author").order_by("created_at", "pk")
    return list(
        StoryNote.objects.filter(story=story)
        .threads()
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
