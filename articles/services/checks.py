"""What must hold before a story goes out, and the refusals the services raise."""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..models import AgencyCopy, Photo, StoryPhoto
from ..workflow import InvalidTransition
from .body_photos import with_body_photos


class PhotoCreditMissing(InvalidTransition):
    """A photo in the story has no credit; we never publish an uncredited picture."""


class ShownPhotoUncredited(PhotoCreditMissing):
    """An edit would show readers (now, or at the story's scheduled time) a photo with no credit: the
    save is refused and nothing is written."""


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


def _describe_photo(photo):
    name = photo.caption[:60] or photo.headline or photo.image.name
    return f"“{name}” (#{photo.pk})"


def uncredited_photos(story, further_photo_ids=None, *, lead_photo_id=...):
    """The story's photos (lead first, then its social image) that readers would see without a credit.

    ``further_photo_ids``: the further photos the story is about to carry, when they are not stored
    yet (a save checks its step before writing anything); otherwise those in the database.
    ``lead_photo_id``: the lead it is about to carry, when not ``story``'s (None: a new upload will
    lead, and an upload is refused without a credit by its form).
    """
    photos = []
    lead_photo_id = story.lead_photo_id if lead_photo_id is ... else lead_photo_id
    own_ids = list(dict.fromkeys(pk for pk in (lead_photo_id, story.social_image_id) if pk))
    if own_ids:
        found = Photo.objects.select_related("agency").in_bulk(own_ids)
        photos += [found[pk] for pk in own_ids if pk in found]
    if further_photo_ids is None:
        uses = StoryPhoto.objects.filter(story_id=story.pk).select_related("photo__agency")
        photos += [use.photo for use in uses] if story.pk else []
    elif further_photo_ids:
        found = Photo.objects.select_related("agency").in_bulk(list(further_photo_ids))
        photos += [found[pk] for pk in further_photo_ids if pk in found]
    return [photo for photo in photos if not photo.credit_line.strip()]


def check_photo_credits(story, further_photo_ids=None):
    missing = uncredited_photos(story, further_photo_ids)
    if missing:
        raise PhotoCreditMissing(
            _("Cannot publish: add a credit to %(photos)s first.")
            % {"photos": ", ".join(_describe_photo(photo) for photo in missing)}
        )


def check_shown_photo_credits(story, further_photo_ids, *, lead_photo_id, before):
    """Refuse an edit of a story readers see, or will see at its time, that would show them a photo
    without a credit it did not show before (the check publishing makes, for edits made after it;
    a picture that lost its credit elsewhere does not block the edit that replaces it).
    ``before``: the story as locked (its further photos, those of its body among them, as stored)."""
    missing = uncredited_photos(story, further_photo_ids, lead_photo_id=lead_photo_id)
    if missing:
        shown = {photo.pk for photo in uncredited_photos(before, with_body_photos(before, None))}
        missing = [photo for photo in missing if photo.pk not in shown]
    if missing:
        raise ShownPhotoUncredited(
            _("Readers would see %(photos)s without a credit. Add a credit to the photo, or choose another.")
            % {"photos": ", ".join(_describe_photo(photo) for photo in missing)}
        )


def check_section_shown(story):
    """Refuse to put out a story filed in a section readers cannot open (switched off, or under a
    switched-off one: its page answers 404, and the story's section label would link there). The
    wire desk's holding section is such a section: a story is filed in a real one before it goes out."""
    if not story.section_id:
        return
    section = story.section
    for shown in (section, section.parent if section.parent_id else None):
        if shown is not None and not shown.is_active:
            raise InvalidTransition(
                _(
                    "Cannot publish: the section “%(section)s” is switched off, so readers could not "
                    "open it. File the story in another section first."
                )
                % {"section": shown.name}
            )


def check_agency_release(story):
    """Refuse a story whose agency copy was killed or is withheld (the agency's word binds us all).

    Read under the story's lock, so a kill arriving while an editor presses Publish either lands
    first and refuses the publication, or waits and then withdraws the published story.
    """
    if story.pk is None:
        return
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
