"""An agency's version of a story written over it: by the importer when nobody on the staff has
edited the story, or by an editor applying the version that waited for them. Both go through
:func:`~articles.services.save_story`; the agency's correction is printed with a published story.

A version brings the agency's copy (headline, standfirst, body, dateline, byline, pictures, embargo)
and never the desk's decisions: the section, and so the story's address, the slug, the kicker, the
genre, the workflow's status and the tags the desk gave it stay as they are.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..ingest.updates import (
    NoAgencyUpdate,
    StoryContent,
    content_fingerprint,
    tags_after_update,
    tags_named,
)
from ..models import AgencyCopy, Author, Photo, Story
from ..workflow import Action
from .saving import StoryRelations, save_story
from .workflow_steps import lock_story

# The story fields an agency version sets (StoryContent.apply_copy) and the importer's own.
AGENCY_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "dateline",
    "embargo_until",
    "language",
    "lead_photo",
    "lead_photo_caption",
    "source_version",
    "agency_update_available",
)


def write_agency_version(story, content, *, current, tags, version, by=None, note=""):
    """Put ``content`` (an agency version) onto ``story``, whose row ``current`` this transaction has
    locked, as one save with its byline, tags and photos. ``tags``: the version's tags (names or Tag
    rows), added to the desk's (:func:`~articles.ingest.updates.tags_after_update`).

    Returns the content fingerprint of the story as written (``AgencyCopy.content_fingerprint``).
    """
    by_name = {(tag if isinstance(tag, str) else tag.name): tag for tag in tags}
    story_tags = [by_name.get(name, name) for name in tags_after_update(current, list(by_name))]
    content.apply_copy(story)
    story.source_version = version
    story.agency_update_available = False
    relations = StoryRelations(
        tags=story_tags,
        author_ids=content.author_ids,
        photos=[{"photo": photo_id, "caption": ""} for photo_id in content.photo_ids[1:]],
    )
    correct = bool(content.correction_note) and current.status == Story.Status.PUBLISHED
    save_story(
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
    return content_fingerprint(
        story,
        author_ids=content.author_ids,
        tag_names=[tag if isinstance(tag, str) else tag.name for tag in story_tags],
        further_photo_ids=content.photo_ids[1:],
    )


@transaction.atomic
def apply_agency_update(story, *, by=None):
    """Write the agency version waiting for the story over its copy, as a new revision.

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
    existing_authors = set(Author.objects.filter(pk__in=content.author_ids).values_list("pk", flat=True))
    content.author_ids = [pk for pk in content.author_ids if pk in existing_authors]
    existing_photos = set(Photo.objects.filter(pk__in=content.photo_ids).values_list("pk", flat=True))
    content.photo_ids = [pk for pk in content.photo_ids if pk in existing_photos]
    copy.content_fingerprint = write_agency_version(
        story,
        content,
        current=current,
        tags=tags_named(content.tags),
        version=copy.pending_version,
        by=by,
        note=str(_("Applied agency version %(version)s.") % {"version": content.version}),
    )
    copy.pending = None
    copy.pending_version = None
    copy.pending_received_at = None
    copy.save()
    return story
