"""Saving a story: the one write path for the desk, restore, agency updates and the importer.

:func:`save_story` does, in one transaction: lock the row once, refuse a save based on an older
version, store an uploaded photo, check and make the requested step, save the story once, store its
relations, record the revision and the transition, and retire the reader pages when readers see the
change. Forms only validate; they hand their values to this function.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .. import workflow
from ..models import Correction, Photo, Revision, Story, StoryAuthor, StoryPhoto, StorySection
from ..photos.library import file_photo
from ..photos.rights import GOING_OUT
from ..workflow import InvalidTransition
from .body_photos import keep_body_photos, with_body_photos
from .checks import EditConflict, check_shown_photo_credits
from .revisions import record_revision, record_revision_of_a_change
from .workflow_steps import STEP_FIELDS, lock_story, prepare_step, purge_when_seen, take_over

# What every edit writes besides the caller's fields.
EDIT_FIELDS = ("edit_version", "updated_by", "updated_at")

# The steps that say how an edit of a published story reaches readers: with a correction notice, or
# as a major update. One refused (a correction with no note) refuses the edit with it: saved alone,
# the edit would change the live story with no notice, the opposite of what the editor asked for.
STEPS_CARRYING_THE_EDIT = frozenset({workflow.Action.CORRECT, workflow.Action.MAJOR_UPDATE})
# What the story's history says of the version such a step keeps, before the note readers are shown.
STEP_REVISION_NOTES = {
    workflow.Action.CORRECT: _("Correction"),
    workflow.Action.MAJOR_UPDATE: _("Major update"),
}


def releases(step):
    """Whether ``step`` puts the story out (its own checks include the photos' credits)."""
    return step is not None and workflow.Action(step) in (workflow.Action.PUBLISH, workflow.Action.SCHEDULE)


class StepRefused(InvalidTransition):
    """A step of :data:`STEPS_CARRYING_THE_EDIT` was refused, so nothing was saved."""


@dataclass
class StoryRelations:
    """A story's tags, byline, further photos and secondary sections as plain values; None leaves
    that relation alone.

    ``photos``: [{"photo": id, "caption": ...}] in order. Stored only where they differ from what
    the story has, so an unchanged byline costs a read, not a rewrite.
    """

    tags: list | None = None  # names or Tag rows
    author_ids: list | None = None
    photos: list | None = None
    secondary_section_ids: list | None = None

    def further_photo_ids(self):
        return None if self.photos is None else [use["photo"] for use in self.photos]

    def store(self, story):
        if self.tags is not None:
            store_tags(story, self.tags)
        if self.author_ids is not None:
            stored = list(story.bylines.order_by("position", "pk").values_list("author_id", flat=True))
            if stored != list(self.author_ids):
                StoryAuthor.objects.filter(story=story).delete()
                StoryAuthor.objects.bulk_create(
                    StoryAuthor(story=story, author_id=author_id, position=position)
                    for position, author_id in enumerate(self.author_ids)
                )
        if self.photos is not None:
            wanted = [(use["photo"], use.get("caption", "")) for use in self.photos]
            stored = list(story.story_photos.order_by("position", "pk").values_list("photo_id", "caption"))
            if stored != wanted:
                StoryPhoto.objects.filter(story=story).delete()
                StoryPhoto.objects.bulk_create(
                    StoryPhoto(story=story, photo_id=photo_id, caption=caption, position=position)
                    for position, (photo_id, caption) in enumerate(wanted)
                )
        if self.secondary_section_ids is not None:
            store_secondary_sections(story, self.secondary_section_ids)


def store_tags(story, tags):
    """Give ``story`` exactly ``tags`` (names or Tag rows); nothing is written when they are the same."""
    names = [tag.name if isinstance(tag, Tag) else str(tag) for tag in tags]
    if set(names) != set(story.tags.names()):
        story.tags.set(list(tags))


def store_secondary_sections(story, sections):
    """List ``story`` in exactly ``sections`` (ids or Section rows) besides its own section, which is
    never one of them; rows are written only where they differ, each with the story's time."""
    wanted = {getattr(section, "pk", section) for section in sections} - {story.section_id}
    stored = set(story.secondary_links.values_list("section_id", flat=True))
    if stored - wanted:
        story.secondary_links.filter(section_id__in=stored - wanted).delete()
    if wanted - stored:
        StorySection.objects.bulk_create(
            StorySection(story=story, section_id=pk, publish_at=story.publish_at)
            for pk in sorted(wanted - stored)
        )


@dataclass
class NewPhoto:
    """A photo sent with the story: a file to put into the library, or one an earlier, refused attempt
    at the same form already put there (``photo``)."""

    upload: object = None
    photo: Photo | None = None
    caption: str = ""
    credit: str = ""
    alt_text: str = ""
    as_lead: bool = True
    uploaded_by: object = None
    existed: bool = field(default=False, init=False)  # the file, or the same picture, was in the library
    same_picture: bool = field(default=False, init=False)  # another file of it was (resized, re-encoded)
    look_alikes: tuple = field(default=(), init=False)  # (distance, photo): what a new photo resembles

    def store(self):
        """Put the file into the library. The same picture in another file, with no other words,
        is the library's photo (``similar="reuse"``): an editor uploading a copy of a photo the
        library holds gets that photo, not a second one; a look-alike is stored and named."""
        if self.photo is None:
            defaults = {"caption": self.caption, "credit": self.credit.strip(), "alt_text": self.alt_text}
            stored = file_photo(self.upload, uploaded_by=self.uploaded_by, defaults=defaults, similar="reuse")
            self.photo, self.existed = stored.photo, not stored.created
            self.same_picture, self.look_alikes = stored.same_picture, stored.look_alikes
        return self.photo

    @property
    def story_caption(self):
        """The caption typed for a file the library already had differs from the photo's own: it is
        kept as this story's caption instead of changing the photo."""
        typed = self.caption.strip()
        return typed if self.existed and typed != self.photo.caption else ""


@dataclass
class SavedStory:
    story: Story
    revision: Revision | None = None
    step_refused: InvalidTransition | None = None  # the text was saved, the step was not taken
    correction: Correction | None = None
    new_photo: NewPhoto | None = None


def check_version(current, expected_version):
    """Refuse a save based on a version older than ``current`` (``None``: the caller does not edit
    from an opened form, e.g. the importer or a restore)."""
    if expected_version is not None and current.edit_version != expected_version:
        raise EditConflict(current)


def claim_edit(story, *, by=None, expected_version):
    """Lock ``story``'s row, refuse a save based on an older version, and move ``story.edit_version``
    on; for callers saving by other means than :func:`save_story`."""
    current = lock_story(story)
    check_version(current, expected_version)
    story.edit_version = current.edit_version + 1
    return story


@transaction.atomic
def save_story(
    story,
    *,
    fields,
    by=None,
    current=None,
    expected_version=None,
    relations=None,
    new_photo=None,
    step=None,
    step_by=...,
    note="",
    at=None,
    revision_note="",
):
    """Save an edit of ``story`` with everything that comes with it; returns a :class:`SavedStory`.

    ``fields``: the story fields the caller set on ``story``; every other field takes the locked row's
    value, so nothing the caller did not mean to change is written back. ``current``: the row as
    this transaction has already locked it, when the caller had to read it first. ``relations``: a
    :class:`StoryRelations` or anything with ``store(story)`` and ``further_photo_ids()``.
    ``step``: a workflow action taken with the save; when the step's checks refuse it, the text is
    saved anyway and ``step_refused`` says why, except for a correction or a major update, which
    raise :class:`StepRefused` (nothing saved); ``step_by``: who takes it, when not ``by`` (None: the
    system, for an agency's own correction). Raises :class:`EditConflict` (nothing saved).
    """
    fields = set(fields)
    if story.pk is not None:
        current = current or lock_story(story)
        if by is not None and not workflow.can_edit(by, current):
            raise workflow.TransitionNotAllowed(_("You may not change this story."))
        check_version(current, expected_version)
        take_over(story, current, keep=fields)
        story.edit_version = current.edit_version + 1
    elif by is not None and not workflow.can_edit(by, story):
        raise workflow.TransitionNotAllowed(_("You may not change this story."))
    if by is not None:
        story.updated_by = by
        story.created_by = story.created_by or by
    step_by = by if step_by is ... else step_by
    carries_the_edit = step is not None and workflow.Action(step) in STEPS_CARRYING_THE_EDIT
    pending = None
    if carries_the_edit:
        # Checked before a photo is stored: refused, nothing of this save may remain.
        try:
            pending = prepare_step(step, story, by=step_by, note=note, at=at)
        except InvalidTransition as error:
            raise StepRefused(error.message) from error
    result = SavedStory(story=story, new_photo=new_photo)
    further_photo_ids = relations.further_photo_ids() if relations is not None else None
    if by is not None and current is not None and current.status in GOING_OUT and not releases(step):
        # Publishing checks the credits; an edit after it must not show a picture without one. Before
        # a photo is stored: refused, nothing of this save may remain.
        new_lead = new_photo is not None and (new_photo.as_lead or not story.lead_photo_id)
        check_shown_photo_credits(
            story,
            with_body_photos(story, further_photo_ids),
            lead_photo_id=None if new_lead else story.lead_photo_id,
            before=current,
        )
    if new_photo is not None:
        photo = new_photo.store()
        if new_photo.as_lead or not story.lead_photo_id:
            story.lead_photo = photo
            story.lead_photo_caption = story.lead_photo_caption or new_photo.story_caption
            fields |= {"lead_photo", "lead_photo_caption"}
            new_photo.as_lead = True
        elif further_photo_ids is not None and photo.pk not in further_photo_ids:
            further_photo_ids = [*further_photo_ids, photo.pk]
    if step is not None and not carries_the_edit and by is not None:
        further_photo_ids = with_body_photos(story, further_photo_ids)
    if step is not None and not carries_the_edit:
        try:
            pending = prepare_step(
                step, story, by=step_by, note=note, at=at, further_photo_ids=further_photo_ids
            )
        except InvalidTransition as error:
            result.step_refused = error
    if current is None:
        story.save()
    else:
        story.save(update_fields=fields | set(EDIT_FIELDS) | (set(STEP_FIELDS) if pending else set()))
    if relations is not None:
        relations.store(story)
    if by is not None:  # a person's edit: an agency's body cannot attach library photos
        keep_body_photos(story, current.body if current is not None else "")
    if new_photo is not None and not new_photo.as_lead:
        _add_further_photo(story, new_photo)
    if carries_the_edit and note and not revision_note:
        # The history's Note column says why this version exists: the correction as printed.
        revision_note = Truncator(f"{STEP_REVISION_NOTES[workflow.Action(step)]}: {note}").chars(
            Revision._meta.get_field("note").max_length
        )
    # A workflow step keeps its version whatever changed; a save that changed nothing keeps none.
    keep_version = record_revision if pending is not None else record_revision_of_a_change
    result.revision = keep_version(story, by=by, note=revision_note)
    if pending is not None:
        record = pending.record(story, by=step_by)
        result.correction = record if isinstance(record, Correction) else None
    purge_when_seen(
        story,
        current.status if current else None,
        story.status,
        first_publication=current is None or current.first_published_at is None,
    )
    return result


def _add_further_photo(story, new_photo):
    if not story.story_photos.filter(photo=new_photo.photo).exists():
        position = story.story_photos.count()
        story.story_photos.create(photo=new_photo.photo, position=position, caption=new_photo.story_caption)
