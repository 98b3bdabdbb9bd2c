"""State changes with side effects. Admin, management commands and the importer all call these.

Each runs in one transaction, locks the story's row first (so two editors, or two schedulers, cannot
move the same story at once), checks the step with ``articles.workflow`` against the state in the
database, and records a :class:`StoryTransition`. The public cache is purged on commit by
``articles.signals``. ``by=None`` is the system (scheduler, agency import): bound by the states, not
by permissions.
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import workflow
from .models import (
    AgencyCopy,
    Correction,
    Photo,
    Revision,
    Story,
    StoryAuthor,
    StoryPhoto,
    StoryTransition,
)
from .workflow import Action, InvalidTransition, TransitionNotAllowed

__all__ = [
    "AgencyHold",
    "EditConflict",
    "InvalidTransition",
    "PhotoCreditMissing",
    "TransitionNotAllowed",
    "back_to_draft",
    "claim_edit",
    "correct_story",
    "first_revision",
    "mark_major_update",
    "publish_due_story",
    "publish_story",
    "record_revision",
    "restore_revision",
    "return_to_draft",
    "schedule_story",
    "submit_for_review",
    "take_step",
    "withdraw_story",
]


class PhotoCreditMissing(InvalidTransition):
    """A photo in the story has no credit; we never publish an uncredited picture."""


class AgencyHold(InvalidTransition):
    """The agency killed the story or is withholding it: nobody may publish or schedule it."""


class EditConflict(Exception):
    """Someone saved the story after the editor opened it; their save must not be overwritten silently."""

    def __init__(self, current):
        self.current = current  # the story as it is in the database now
        changed_by = current.updated_by.get_username() if current.updated_by_id else _("the system")
        self.message = _("%(who)s changed this story at %(when)s, after you opened it.") % {
            "who": changed_by,
            "when": formats.date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
        }
        super().__init__(str(self.message))


def _lock(story):
    """The story's row, locked until the transaction ends; ``story`` takes its current status."""
    if story.pk is None:
        story.save()
    current = Story.objects.select_for_update().get(pk=story.pk)
    story.status = current.status
    return current


def _record(story, action, from_status, *, by, note="", at=None):
    return StoryTransition.objects.create(
        story=story,
        action=action,
        from_status=from_status,
        to_status=story.status,
        by=by,
        at=at or timezone.now(),
        note=note,
    )


def _require_note(step, note):
    if step.needs_note and not (note or "").strip():
        raise InvalidTransition(_("Please write a note saying why."))


def _describe_photo(photo):
    name = photo.caption[:60] or photo.headline or photo.image.name
    return f"“{name}” (#{photo.pk})"


def uncredited_photos(story):
    """The story's photos (lead first) that readers would see without a credit."""
    photos = []
    if story.lead_photo_id:
        photos.append(Photo.objects.select_related("agency").get(pk=story.lead_photo_id))
    photos += [use.photo for use in StoryPhoto.objects.filter(story=story).select_related("photo__agency")]
    return [photo for photo in photos if not photo.credit_line.strip()]


def check_photo_credits(story):
    missing = uncredited_photos(story)
    if missing:
        raise PhotoCreditMissing(
            _("Cannot publish: add a credit to %(photos)s first.")
            % {"photos": ", ".join(_describe_photo(photo) for photo in missing)}
        )


def check_agency_release(story):
    """Refuse a story whose agency copy was killed or is withheld (the agency's word binds us all).

    Read under the story's lock, so a kill arriving while an editor presses Publish either lands
    first and refuses the publication, or waits and then withdraws the published story.
    """
    held = (
        AgencyCopy.objects.filter(
            story_id=story.pk,
            agency_status__in=[AgencyCopy.AgencyStatus.CANCELED, AgencyCopy.AgencyStatus.WITHHELD],
        )
        .values_list("agency_status", "agency_note")
        .first()
    )
    if held is None:
        return
    status, note = held
    reason = f" ({note.strip()})" if note.strip() else ""
    if status == AgencyCopy.AgencyStatus.CANCELED:
        message = _(
            "Cannot publish: the agency killed this story%(reason)s. Its text is kept for the record, "
            "but it must not be published."
        )
    else:
        message = _(
            "Cannot publish: the agency is withholding this story%(reason)s. "
            "It can be published once the agency releases it."
        )
    raise AgencyHold(message % {"reason": reason})


def _stamp(story, by):
    if by is not None:
        story.updated_by = by


@transaction.atomic
def submit_for_review(story, *, by=None, note=""):
    _lock(story)
    workflow.check(by, Action.SUBMIT, story)
    from_status = story.status
    story.status = Story.Status.IN_REVIEW
    _stamp(story, by)
    story.save()
    _record(story, Action.SUBMIT, from_status, by=by, note=note)
    return story


@transaction.atomic
def return_to_draft(story, *, by=None, note=""):
    """Send a story in review (or scheduled) back to its writer, saying what to change."""
    _lock(story)
    step = workflow.check(by, Action.RETURN, story)
    _require_note(step, note)
    from_status = story.status
    story.status = Story.Status.DRAFT
    _stamp(story, by)
    story.save()
    _record(story, Action.RETURN, from_status, by=by, note=note)
    return story


def _release(story, action, *, by, at, note):
    """Publish now or schedule, whichever ``at`` and the embargo call for; the lock is already held."""
    now = timezone.now()
    check_agency_release(story)
    check_photo_credits(story)
    from_status = story.status
    if story.embargo_until and story.embargo_until > at:
        note = " ".join(
            filter(
                None,
                [
                    note,
                    str(
                        _("Held until the embargo lifts at %(time)s.")
                        % {
                            "time": formats.date_format(
                                timezone.localtime(story.embargo_until), "DATETIME_FORMAT"
                            )
                        }
                    ),
                ],
            )
        )
        at = story.embargo_until
    story.publish_at = at
    if at > now:
        story.status = Story.Status.SCHEDULED
    else:
        story.status = Story.Status.PUBLISHED
        story.first_published_at = story.first_published_at or at
    _stamp(story, by)
    story.save()
    _record(story, action, from_status, by=by, note=note)
    return story


@transaction.atomic
def publish_story(story, *, by=None, at=None, note=""):
    """Publish now (or at ``at``); an embargoed story is scheduled for its embargo time instead.

    The system publishing a story that is already out changes nothing, so an importer may call this
    for every version of an agency item.
    """
    _lock(story)
    if by is None and story.status == Story.Status.PUBLISHED:
        return story
    workflow.check(by, Action.PUBLISH, story)
    return _release(story, Action.PUBLISH, by=by, at=at or timezone.now(), note=note)


@transaction.atomic
def schedule_story(story, *, by=None, at=None, note=""):
    """Publish at a future time ``at`` (or at the embargo, if that is later)."""
    _lock(story)
    workflow.check(by, Action.SCHEDULE, story)
    if at is None or at <= timezone.now():
        raise InvalidTransition(_("Choose a publication time in the future to schedule the story."))
    return _release(story, Action.SCHEDULE, by=by, at=at, note=note)


@transaction.atomic
def publish_due_story(story_id, *, at=None):
    """The scheduler's step: publish one scheduled story whose time has come. Returns it, or None
    when another scheduler got there first or it is no longer due."""
    at = at or timezone.now()
    story = Story.objects.select_for_update().filter(pk=story_id).first()
    if story is None or not Story.objects.due_for_publishing(at).filter(pk=story_id).exists():
        return None
    check_agency_release(story)
    check_photo_credits(story)
    story.status = Story.Status.PUBLISHED
    story.first_published_at = story.first_published_at or story.publish_at
    story.save()
    _record(story, Action.PUBLISH, Story.Status.SCHEDULED, by=None, note=str(_("Scheduled time reached.")))
    return story


@transaction.atomic
def withdraw_story(story, *, by=None, reason=""):
    """Take a published story off the site; its address answers 410 Gone from now on."""
    _lock(story)
    step = workflow.check(by, Action.WITHDRAW, story)
    if by is not None:
        _require_note(step, reason)
    from_status = story.status
    story.status = Story.Status.WITHDRAWN
    story.withdrawal_reason = reason
    _stamp(story, by)
    story.save()
    _record(story, Action.WITHDRAW, from_status, by=by, note=reason)
    return story


@transaction.atomic
def back_to_draft(story, *, by=None, note=""):
    """A withdrawn story goes back to the desk as a draft, to be reworked and published again."""
    _lock(story)
    workflow.check(by, Action.BACK_TO_DRAFT, story)
    from_status = story.status
    story.status = Story.Status.DRAFT
    story.withdrawal_reason = ""
    _stamp(story, by)
    story.save()
    _record(story, Action.BACK_TO_DRAFT, from_status, by=by, note=note)
    return story


@transaction.atomic
def correct_story(story, *, by=None, note=""):
    """Print a correction with a published story (its text was saved by the caller)."""
    _lock(story)
    step = workflow.check(by, Action.CORRECT, story)
    _require_note(step, note)
    correction = Correction.objects.create(story=story, note=note.strip(), created_by=by)
    _stamp(story, by)
    story.save()
    _record(story, Action.CORRECT, story.status, by=by, note=note)
    return correction


@transaction.atomic
def mark_major_update(story, *, by=None, at=None, note=""):
    """Tell readers the story changed materially ("Updated ..."), from now or ``at``."""
    _lock(story)
    workflow.check(by, Action.MAJOR_UPDATE, story)
    story.major_update_at = at or timezone.now()
    _stamp(story, by)
    story.save()
    _record(story, Action.MAJOR_UPDATE, story.status, by=by, note=note)
    return story


def record_revision(story, *, by=None, note=""):
    """Keep the story as it is now (fields, tags, byline, photos) as a new revision."""
    return Revision.objects.create(
        story=story,
        created_by=by,
        edit_version=story.edit_version,
        note=note,
        snapshot=Revision.snapshot_of(story),
    )


def first_revision(story, *, tag_names, author_ids, photos, by=None, note=""):
    """The revision ``record_revision`` would keep for a story just created with these relations,
    unsaved and without reading them back (``photos``: [{"photo": id, "caption": ...}])."""
    snapshot = Revision.fields_of(story)
    snapshot["tags"] = sorted(tag_names)
    snapshot["authors"] = list(author_ids)
    snapshot["photos"] = list(photos)
    return Revision(story=story, created_by=by, edit_version=story.edit_version, note=note, snapshot=snapshot)


def claim_edit(story, *, by=None, expected_version):
    """Before saving an edit: refuse it when someone saved after ``expected_version`` was read.

    Locks the row for the rest of the transaction, so no other save can slip in between the check
    and the caller's save. Moves ``story.edit_version`` on; the caller saves the story.
    """
    current = Story.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=story.pk)
    if expected_version is not None and current.edit_version != expected_version:
        raise EditConflict(current)
    story.edit_version = current.edit_version + 1
    return story


@transaction.atomic
def restore_revision(revision, *, by=None):
    """Make ``revision`` the story's current text again; this is itself saved as a new revision."""
    story = _lock(revision.story)
    workflow.check(by, Action.RESTORE, story)
    current = Story.objects.get(pk=story.pk)
    revision.apply_fields_to(story)
    if Story.objects.filter(slug=story.slug).exclude(pk=story.pk).exists():
        story.slug = story.unique_slug(story.slug)
    # What the restored version pointed at may have gone since; keep what still exists.
    if story.lead_photo_id and not Photo.objects.filter(pk=story.lead_photo_id).exists():
        story.lead_photo_id = None
    if story.status in (Story.Status.SCHEDULED, Story.Status.PUBLISHED) and story.publish_at is None:
        story.publish_at = current.publish_at
    if current.status == Story.Status.PUBLISHED:
        # The address of a published story stays put whatever the old version said.
        story.slug, story.publish_at = current.slug, current.publish_at
    story.edit_version = current.edit_version + 1
    _stamp(story, by)
    story.save()
    story.tags.set(revision.snapshot.get("tags", []))
    StoryAuthor.objects.filter(story=story).delete()
    for position, author_id in enumerate(revision.snapshot.get("authors", [])):
        StoryAuthor.objects.create(story=story, author_id=author_id, position=position)
    StoryPhoto.objects.filter(story=story).delete()
    existing = set(
        Photo.objects.filter(
            pk__in=[use["photo"] for use in revision.snapshot.get("photos", [])]
        ).values_list("pk", flat=True)
    )
    for position, use in enumerate(u for u in revision.snapshot.get("photos", []) if u["photo"] in existing):
        StoryPhoto.objects.create(
            story=story, photo_id=use["photo"], caption=use.get("caption", ""), position=position
        )
    when = formats.date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
    note = str(_("Restored the version saved at %(when)s.") % {"when": when})
    record_revision(story, by=by, note=note)
    _record(story, Action.RESTORE, story.status, by=by, note=note)
    return story


def take_step(action, story, *, by=None, note="", at=None):
    """One entry point for buttons and list actions: the service that carries out ``action``."""
    action = workflow.Action(action)
    if action == Action.SUBMIT:
        return submit_for_review(story, by=by, note=note)
    if action == Action.RETURN:
        return return_to_draft(story, by=by, note=note)
    if action == Action.SCHEDULE:
        return schedule_story(story, by=by, at=at, note=note)
    if action == Action.PUBLISH:
        return publish_story(story, by=by, note=note)
    if action == Action.WITHDRAW:
        return withdraw_story(story, by=by, reason=note)
    if action == Action.BACK_TO_DRAFT:
        return back_to_draft(story, by=by, note=note)
    if action == Action.CORRECT:
        return correct_story(story, by=by, note=note)
    if action == Action.MAJOR_UPDATE:
        return mark_major_update(story, by=by, note=note)
    raise InvalidTransition(_("“%(action)s” is not a step a button can take.") % {"action": action.label})
