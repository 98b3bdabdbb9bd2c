"""Edit locks: one person edits a story at a time, and everyone else sees who and since when.

Opening a story's change form claims its lock when no one else holds a live one; the open tab keeps it
alive (:func:`claim` again, every ``NEWSROOM_EDIT_LOCK_HEARTBEAT_SECONDS``) and lets it go when it
closes or saves (:func:`release`). A lock not seen for ``NEWSROOM_EDIT_LOCK_SECONDS`` has lapsed: the
next person to open the story gets it. :func:`take_over` hands the lock to someone else and tells the
person who held it. The lock is a courtesy between people; the lost-update refusal
(``services.save_story``'s version check) still refuses a save based on an older version.

Only people who may change the story hold, keep or take its lock.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import EditLock
from .notifications import notify


def lapse():
    return timedelta(seconds=settings.NEWSROOM_EDIT_LOCK_SECONDS)


def is_live(lock, now=None):
    return lock is not None and lock.last_seen > (now or timezone.now()) - lapse()


def holder_name(user):
    return user.get_full_name() or user.get_username()


@dataclass
class LockState:
    """A story's lock as one person sees it: ``held`` by them, or ``lock`` is someone else's live one."""

    lock: EditLock | None
    held: bool

    @property
    def other(self):
        """The other person's live lock that keeps this person's form read-only, or None."""
        return None if self.held else self.lock


def _require_edit(user, story):
    if not workflow.can_edit(user, story):
        raise workflow.TransitionNotAllowed(_("You may not change this story."))


def _locked_row(story):
    """The story's lock row locked until the transaction ends (None: there is none)."""
    return EditLock.objects.select_for_update().select_related("user").filter(story=story).first()


def _created(story, user, now):
    """A new lock row for ``user``; None when someone opened the story at the same moment (theirs is
    the row, read again under its lock by the caller)."""
    try:
        with transaction.atomic():
            return EditLock.objects.create(story=story, user=user, since=now, last_seen=now)
    except IntegrityError:
        return None


def _hand_to(lock, user, now):
    lock.user, lock.since, lock.last_seen = user, now, now
    lock.save(update_fields=["user", "since", "last_seen"])
    return lock


@transaction.atomic
def claim(story, user):
    """Hold ``story``'s lock for ``user`` (or keep it alive) unless someone else holds a live one; a
    :class:`LockState` either way. Called when the change form opens and by the open tab's heartbeat."""
    _require_edit(user, story)
    now = timezone.now()
    lock = _locked_row(story)
    if lock is None:
        created = _created(story, user, now)
        if created is not None:
            return LockState(created, held=True)
        lock = _locked_row(story)
    if lock.user_id == user.pk:
        lock.last_seen = now
        lock.save(update_fields=["last_seen"])
        return LockState(lock, held=True)
    if is_live(lock, now):
        return LockState(lock, held=False)
    return LockState(_hand_to(lock, user, now), held=True)


@transaction.atomic
def take_over(story, user):
    """Give ``story``'s lock to ``user`` whoever holds it, and tell the person whose live lock it was."""
    _require_edit(user, story)
    now = timezone.now()
    lock = _locked_row(story)
    if lock is None:
        lock = _created(story, user, now) or _locked_row(story)
    previous = lock.user if lock.user_id != user.pk and is_live(lock, now) else None
    _hand_to(lock, user, now)
    if previous is not None:
        notify(previous, "lock_taken_over", story=story, actor=user)
    return LockState(lock, held=True)


def release(story, user):
    """Let go of ``story``'s lock if ``user`` holds it (leaving the form, saving); returns whether they
    did. Anyone may ask: it only ever removes their own lock."""
    deleted, _rows = EditLock.objects.filter(story=story, user=user).delete()
    return bool(deleted)


def editing_elsewhere(story, user):
    """The live lock of someone other than ``user`` on ``story`` (their save is refused then), or None."""
    if story.pk is None:
        return None
    lock = EditLock.objects.select_related("user").filter(story=story).exclude(user=user).first()
    return lock if is_live(lock) else None
