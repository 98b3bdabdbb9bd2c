"""A story's saved versions: recording them (one at a time, or many new stories at once) and
restoring one. A restore brings back the copy only, never the workflow's fields (status,
publication time, embargo, priority) nor fields the person restoring may not edit."""

from typing import NamedTuple

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..models import Agency, Author, Photo, Revision, Section, Story
from ..models.editorial import SNAPSHOT_COPY_FIELDS, SNAPSHOT_FIELDS, SNAPSHOT_RELATIONS
from ..workflow import Action
from .editable import WORKFLOW_FIELDS, fields_readonly_for
from .workflow_steps import lock_story, take_over


def _revision(story, snapshot, *, by, note):
    return Revision(story=story, created_by=by, edit_version=story.edit_version, note=note, snapshot=snapshot)


def record_revision(story, *, by=None, note=""):
    """Keep the story as it is now (fields, tags, byline, photos) as a new revision."""
    revision = _revision(story, Revision.snapshot_of(story), by=by, note=note)
    revision.save()
    return revision


def record_revision_of_a_change(story, *, by=None, note=""):
    """:func:`record_revision`, unless nothing of the story has changed since its latest revision and
    there is no note to keep (None then): an editor pressing Enter on the same form again and again
    gathered a history of identical versions, sixteen on one story."""
    snapshot = Revision.snapshot_of(story)
    latest = story.revisions.order_by("-created_at", "-pk").only("snapshot").first()
    if not note and latest is not None and latest.snapshot == snapshot:
        return None
    revision = _revision(story, snapshot, by=by, note=note)
    revision.save()
    return revision


def first_revision(story, *, tag_names, author_ids, photos, secondary_section_ids=(), by=None, note=""):
    """The revision :func:`record_revision` would keep for a story just created with these relations,
    unsaved and without reading them back (``photos``: [{"photo": id, "caption": ...}])."""
    snapshot = Revision.fields_of(story)
    snapshot["tags"] = sorted(tag_names)
    snapshot["authors"] = list(author_ids)
    snapshot["photos"] = list(photos)
    snapshot["secondary_sections"] = sorted(secondary_section_ids)
    return _revision(story, snapshot, by=by, note=note)


def record_first_revisions(revisions):
    """:func:`record_revision` for many stories just created: their :func:`first_revision`\\ s in one
    INSERT."""
    return Revision.objects.bulk_create(revisions)


# Restoring ------------------------------------------------------------------------------------------


def restored_fields(user, story):
    """The story fields a restore by ``user`` brings back: the copy, less what ``user`` may not edit,
    less the slug of a story that has been out (its address stays put)."""
    kept = set(fields_readonly_for(user, story)) | set(WORKFLOW_FIELDS)
    if story.first_published_at or story.status in (Story.Status.PUBLISHED, Story.Status.WITHDRAWN):
        kept.add("slug")
    return [name for name in SNAPSHOT_COPY_FIELDS if name not in kept]


class RestorePlan(NamedTuple):
    """What restoring a revision would do to the story as it is now (snapshot field names)."""

    changed: list  # brought back
    kept: list  # differ, but stay as they are (workflow fields, fields the person may not edit)
    gone: list  # pointed at what has been deleted since: kept as they are now, or (a byline, the
    # further photos) brought back without what is gone


# The snapshot's foreign keys and what they point at.
POINTED_AT = {"section": Section, "agency": Agency, "lead_photo": Photo, "social_image": Photo}


def restore_changes(revision, story, user):
    """The :class:`RestorePlan` of restoring ``revision`` into ``story`` as it is now, for ``user``."""
    now = Revision.snapshot_of(story)
    restored = set(restored_fields(user, story)) | set(SNAPSHOT_RELATIONS)
    differing = [
        name
        for name in SNAPSHOT_FIELDS + SNAPSHOT_RELATIONS
        if name in revision.snapshot and revision.snapshot[name] != now.get(name)
    ]
    changed = [name for name in differing if name in restored]
    gone = [name for name in _deleted_since(revision.snapshot) if name in changed]
    return RestorePlan(
        changed=[name for name in changed if name not in gone or name in SNAPSHOT_RELATIONS],
        kept=[name for name in differing if name not in restored],
        gone=gone,
    )


def _deleted_since(snapshot):
    """The snapshot's fields that point at something deleted since it was saved."""
    gone = [
        name
        for name, model in POINTED_AT.items()
        if snapshot.get(name) is not None and not _still_there(model, snapshot[name])
    ]
    authors = set(snapshot.get("authors") or ())
    if authors and Author.objects.filter(pk__in=authors).count() < len(authors):
        gone.append("authors")
    photos = {use["photo"] for use in snapshot.get("photos") or ()}
    if photos and Photo.objects.filter(pk__in=photos).count() < len(photos):
        gone.append("photos")
    return gone


def _still_there(model, pk):
    return pk is not None and model.objects.filter(pk=pk).exists()


def _existing_sections(section_ids):
    if section_ids is None:
        return None
    return list(Section.objects.filter(pk__in=section_ids).values_list("pk", flat=True))


@transaction.atomic
def restore_revision(revision, *, by=None):
    """Make ``revision``'s copy the story's current copy again, through :func:`save_story`; this is
    itself saved as a new revision. Returns the story."""
    from .saving import StoryRelations, save_story

    story = revision.story
    current = lock_story(story)
    take_over(story, current)
    names = restored_fields(by, story)
    revision.apply_fields_to(story, names)
    # What the restored version pointed at may have gone since: that field stays as it is now (a
    # deleted photo does not take the story's present one away), as the confirmation said.
    gone = _deleted_since(revision.snapshot)
    for name in POINTED_AT:
        if name in names and name in gone:
            setattr(story, f"{name}_id", getattr(current, f"{name}_id"))
    if "slug" in names and Story.objects.filter(slug=story.slug).exclude(pk=story.pk).exists():
        story.slug = story.unique_slug(story.slug)
    snapshot = revision.snapshot
    author_ids = snapshot.get("authors", [])
    existing_authors = set(Author.objects.filter(pk__in=author_ids).values_list("pk", flat=True))
    photos = snapshot.get("photos", [])
    photo_ids = [use["photo"] for use in photos]
    existing_photos = set(Photo.objects.filter(pk__in=photo_ids).values_list("pk", flat=True))
    relations = StoryRelations(
        tags=snapshot.get("tags", []),
        author_ids=list(dict.fromkeys(pk for pk in author_ids if pk in existing_authors)),
        photos=[use for use in photos if use["photo"] in existing_photos],
        # Versions saved before stories had secondary sections leave them as they are.
        secondary_section_ids=_existing_sections(snapshot.get("secondary_sections")),
    )
    when = formats.date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
    note = str(_("Restored the version saved at %(when)s.") % {"when": when})
    save_story(
        story,
        fields=names,
        by=by,
        current=current,
        relations=relations,
        step=Action.RESTORE,
        note=note,
        revision_note=note,
    )
    return story
