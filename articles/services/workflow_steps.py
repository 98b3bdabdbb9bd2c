"""The workflow's steps: each checked with ``articles.workflow`` against the story as locked, made on
the story in memory, saved with the story's one write and recorded as a :class:`StoryTransition`.

:func:`prepare_step` is the step itself; :func:`articles.services.save_story` takes it together with
an edit, and the functions below take it alone (a button with nothing else to save, a list action,
the scheduler, the importer).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Correction, ReaderPagesGeneration, Story, StoryTransition
from ..reader import cache as reader_cache
from ..workflow import Action, InvalidTransition
from .checks import check_agency_release, check_photo_credits, check_section_shown
from .notifications import notify_of_step

# What a step may change on the story row: saved with the story when a step is taken.
STEP_FIELDS = ("status", "publish_at", "first_published_at", "withdrawal_reason", "major_update_at")
# States readers see: the story's page, or the 410 page of a withdrawn story.
SEEN_BY_READERS = frozenset({Story.Status.PUBLISHED, Story.Status.WITHDRAWN})


def lock_story(story):
    """The story's row, locked until the transaction ends (with who saved it last, for conflicts)."""
    return Story.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=story.pk)


def take_over(story, current, *, keep=()):
    """Give ``story`` the locked row's values, except the fields in ``keep`` (the caller's changes)."""
    for field in Story._meta.concrete_fields:
        if field.name not in keep:
            setattr(story, field.attname, getattr(current, field.attname))


def purge_when_seen(story, status_before, status_after, *, first_publication=False):
    """Retire the cached reader pages when readers see the change. ``first_publication``: the story
    comes out for the first time, which adds to what readers see and takes nothing away."""
    if status_before in SEEN_BY_READERS or status_after in SEEN_BY_READERS:
        new_story = first_publication and status_before not in SEEN_BY_READERS
        reader_cache.purge_reader_pages(new_stories=[story] if new_story else (), stories=[story])


@dataclass
class PendingStep:
    """A step made on the story in memory, to be recorded once the story is saved."""

    action: Action
    from_status: str
    note: str

    def record(self, story, *, by):
        """The transition (and, for a correction, the printed correction); returns the correction or
        the transition."""
        transition = StoryTransition.objects.create(
            story=story,
            action=self.action,
            from_status=self.from_status,
            to_status=story.status,
            by=by,
            at=timezone.now(),
            note=self.note,
        )
        # The story's people hear of a return or a publication (in this transaction; email on commit).
        notify_of_step(story, self.action, by=by, note=self.note)
        if self.action == Action.CORRECT:
            return Correction.objects.create(story=story, note=self.note.strip(), created_by=by)
        return transition


def _require_note(step, note):
    if step.needs_note and not (note or "").strip():
        raise InvalidTransition(_("Please write a note saying why."))


def _release(story, *, at, note, further_photo_ids):
    """Publish now or schedule, whichever ``at`` and the embargo call for; returns the step's note."""
    check_agency_release(story)
    check_section_shown(story)
    check_photo_credits(story, further_photo_ids)
    if story.embargo_until and story.embargo_until > at:
        held = _("Held until the embargo lifts at %(time)s.") % {
            "time": formats.date_format(timezone.localtime(story.embargo_until), "DATETIME_FORMAT")
        }
        note = " ".join(filter(None, [note, str(held)]))
        at = story.embargo_until
    story.publish_at = at
    if at > timezone.now():
        story.status = Story.Status.SCHEDULED
    else:
        story.status = Story.Status.PUBLISHED
        story.first_published_at = story.first_published_at or at
    return note


def prepare_step(action, story, *, by=None, note="", at=None, further_photo_ids=None):
    """Check ``action`` on ``story`` (as locked) and make it in memory; returns a :class:`PendingStep`,
    or None when there is nothing to do (the system publishing a story that is already out).

    Raises :class:`TransitionNotAllowed` or :class:`InvalidTransition` before changing anything.
    ``further_photo_ids``: the further photos the story is about to carry, when not stored yet.
    """
    action = workflow.Action(action)
    if action == Action.PUBLISH and by is None and story.status == Story.Status.PUBLISHED:
        return None  # an importer may publish every version of an agency item
    step = workflow.check(by, action, story)
    from_status = story.status
    if action in (Action.RETURN, Action.CORRECT) or (action == Action.WITHDRAW and by is not None):
        _require_note(step, note)
    if action == Action.SUBMIT:
        story.status = Story.Status.IN_REVIEW
    elif action == Action.RETURN:
        story.status = Story.Status.DRAFT
    elif action == Action.SCHEDULE:
        if at is None or at <= timezone.now():
            raise InvalidTransition(_("Choose a publication time in the future to schedule the story."))
        note = _release(story, at=at, note=note, further_photo_ids=further_photo_ids)
    elif action == Action.PUBLISH:
        note = _release(story, at=at or timezone.now(), note=note, further_photo_ids=further_photo_ids)
    elif action == Action.WITHDRAW:
        story.status = Story.Status.WITHDRAWN
        story.withdrawal_reason = note
    elif action == Action.BACK_TO_DRAFT:
        story.status = Story.Status.DRAFT
        story.withdrawal_reason = ""
    elif action in (Action.MAJOR_UPDATE, Action.CORRECT):
        # A correction changes what readers were told: the story page's "Updated" line, the feeds'
        # <updated>, the sitemaps and JSON-LD's dateModified all move with it.
        story.major_update_at = at or timezone.now()
    return PendingStep(action, from_status, note)


@transaction.atomic
def take_step(action, story, *, by=None, note="", at=None):
    """One step with nothing else to save (a list action, the scheduler, the importer): one lock, one
    write of the step's fields, one transition. ``story`` takes the row's current values.

    Returns the step's record: the correction for a correction, else the transition (None when there
    was nothing to do).
    """
    action = workflow.Action(action)
    if action not in workflow.FORM_BUTTONS.values():
        raise InvalidTransition(_("“%(action)s” is not a step a button can take.") % {"action": action.label})
    if story.pk is None:
        story.save()
    current = lock_story(story)
    take_over(story, current)
    pending = prepare_step(action, story, by=by, note=note, at=at)
    if pending is None:
        return None
    if by is not None:
        story.updated_by = by
    story.save(update_fields=[*STEP_FIELDS, "updated_by", "updated_at"])
    record = pending.record(story, by=by)
    purge_when_seen(story, current.status, story.status, first_publication=current.first_published_at is None)
    return record


def submit_for_review(story, *, by=None, note=""):
    take_step(Action.SUBMIT, story, by=by, note=note)
    return story


def return_to_draft(story, *, by=None, note=""):
    """Send a story in review (or scheduled) back to its writer, saying what to change."""
    take_step(Action.RETURN, story, by=by, note=note)
    return story


def publish_story(story, *, by=None, at=None, note=""):
    """Publish now (or at ``at``); an embargoed story is scheduled for its embargo time instead.

    The system publishing a story that is already out changes nothing, so an importer may call this
    for every version of an agency item.
    """
    take_step(Action.PUBLISH, story, by=by, at=at, note=note)
    return story


def schedule_story(story, *, by=None, at=None, note=""):
    """Publish at a future time ``at`` (or at the embargo, if that is later)."""
    take_step(Action.SCHEDULE, story, by=by, at=at, note=note)
    return story


def withdraw_story(story, *, by=None, reason=""):
    """Take a published story off the site; its address answers 410 Gone from now on."""
    take_step(Action.WITHDRAW, story, by=by, note=reason)
    return story


def back_to_draft(story, *, by=None, note=""):
    """A withdrawn story goes back to the desk as a draft, to be reworked and published again."""
    take_step(Action.BACK_TO_DRAFT, story, by=by, note=note)
    return story


def correct_story(story, *, by=None, note=""):
    """Print a correction with a published story (its text was saved by the caller)."""
    return take_step(Action.CORRECT, story, by=by, note=note)


def mark_major_update(story, *, by=None, at=None, note=""):
    """Tell readers the story changed materially ("Updated ..."), from now or ``at``."""
    take_step(Action.MAJOR_UPDATE, story, by=by, at=at, note=note)
    return story


@transaction.atomic
def publish_due_story(story_id, *, at=None):
    """The scheduler's step: publish one scheduled story whose time has come. Returns it, or None
    when another scheduler got there first or it is no longer due."""
    at = at or timezone.now()
    story = Story.objects.select_for_update().filter(pk=story_id).first()
    if story is None or not Story.objects.due_for_publishing(at).filter(pk=story_id).exists():
        return None
    check_agency_release(story)
    check_section_shown(story)  # switched off since it was scheduled
    check_photo_credits(story)
    first_publication = story.first_published_at is None
    story.status = Story.Status.PUBLISHED
    story.first_published_at = story.first_published_at or story.publish_at
    story.save(update_fields=["status", "first_published_at", "updated_at"])
    note = str(_("Scheduled time reached."))
    PendingStep(Action.PUBLISH, Story.Status.SCHEDULED, note).record(story, by=None)
    reader_cache.purge_reader_pages(new_stories=[story] if first_publication else (), stories=[story])
    return story


def reveal_stories_due_by_the_clock(at=None):
    """Purge once when a published story became visible by the clock alone since the last purge: its
    embargo ran out, or its publication time came, with nobody saving anything. Returns whether it
    purged. Run by the scheduler with every round, so such a story reaches readers as promptly as a
    scheduled one (the page cache's own timeout would otherwise bound it)."""
    at = at or timezone.now()
    with transaction.atomic():
        since = ReaderPagesGeneration.objects.advanced_at()
        appeared = Story.objects.published(at=at).filter(Q(embargo_until__lte=at) | Q(publish_at__lte=at))
        if since is not None:
            appeared = appeared.filter(Q(embargo_until__gt=since) | Q(publish_at__gt=since))
        appeared = list(appeared.only("pk", "section_id"))
        if not appeared:
            return False
        # Stories coming out by the clock add to what readers see (an embargo that pulled a live
        # story retired every page when it was set).
        reader_cache.purge_reader_pages(new_stories=appeared)
        return True
