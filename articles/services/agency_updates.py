"""An agency's version of a story written over it: by the importer when nobody on the staff has
edited the story, or by an editor applying the version that waited for them. Both go through
:func:`~articles.services.save_story`; the agency's correction is printed with a published story."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..ingest.updates import NoAgencyUpdate, StoryContent, stored_fingerprint, tags_named
from ..models import AgencyCopy, Author, Photo, Section, Story
from ..workflow import Action
from .saving import StoryRelations, save_story
from .workflow_steps import lock_story

# The story fields an agency version sets (StoryContent.apply_fields) and the importer's own.
AGENCY_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "dateline",
    "section",
    "embargo_until",
    "language",
    "lead_photo",
    "lead_photo_caption",
    "source_version",
    "agency_update_available",
)


def write_agency_version(story, content, *, current, tags, version, by=None, note=""):
    """Put ``content`` (an agency version) onto ``story``, whose row ``current`` this transaction has
    locked, as one save with its byline, tags and photos; returns the :class:`SavedStory`."""
    content.apply_fields(story)
    story.source_version = version
    story.agency_update_available = False
    relations = StoryRelations(
        tags=tags,
        author_ids=content.author_ids,
        photos=[{"photo": photo_id, "caption": ""} for photo_id in content.photo_ids[1:]],
    )
    correct = bool(content.correction_note) and current.status == Story.Status.PUBLISHED
    return save_story(
        story,
        fields=AGENCY_FIELDS,
        by=by,
        current=current,
        relations=relations,
        step=Action.CORRECT if correct else None,
        step_by=None,  # the agency's correction, printed as the system's
        note=content.correction_note if correct else "",
        revision_note=note,
    )


@transaction.atomic
def apply_agency_update(story, *, by=None):
    """Replace the story's content with the agency version waiting for it, as a new revision.

    The staff's version stays in the story's history (the revision saved with their edit). A waiting
    correction is printed with the story if it is published.
    """
    current = lock_story(story)
    if by is not None and not workflow.can_edit(by, current):
        raise workflow.TransitionNotAllowed(_("You may not change this story."))
    copy = AgencyCopy.objects.select_for_update().filter(story_id=story.pk).first()
    if copy is None or copy.pending is None:
        raise NoAgencyUpdate(_("No agency update is waiting for “%(story)s”.") % {"story": current})
    content = StoryContent.from_json(copy.pending)
    # What the waiting version names may have gone since it arrived; keep what still exists.
    if not Section.objects.filter(pk=content.section_id).exists():
        content.section_id = current.section_id
    existing_authors = set(Author.objects.filter(pk__in=content.author_ids).values_list("pk", flat=True))
    content.author_ids = [pk for pk in content.author_ids if pk in existing_authors]
    existing_photos = set(Photo.objects.filter(pk__in=content.photo_ids).values_list("pk", flat=True))
    content.photo_ids = [pk for pk in content.photo_ids if pk in existing_photos]
    write_agency_version(
        story,
        content,
        current=current,
        tags=tags_named(content.tags),
        version=copy.pending_version,
        by=by,
        note=str(_("Applied agency version %(version)s.") % {"version": content.version}),
    )
    copy.content_fingerprint = stored_fingerprint(story)
    copy.pending = None
    copy.pending_version = None
    copy.pending_received_at = None
    copy.save()
    return story
