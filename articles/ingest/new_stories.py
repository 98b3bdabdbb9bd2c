"""Writing new agency stories: many in a few statements, with everything a story gets at creation.

A new story is a ``Story`` row, its byline, tags and further photos, its ``AgencyCopy`` and its first
``Revision``. :func:`write_new_stories` inserts a list of them with one ``INSERT`` per table, so an
import of thousands of fresh items costs a handful of statements per chunk rather than ten round trips
per item. Each story's derived fields are filled by ``Story.fill_derived_fields`` (what ``save()``
does: the body sanitized, a free slug) and its revision is made by ``services.first_revision`` (the
snapshot ``record_revision`` would take), without reading back what has just been written. New
wire drafts are nothing readers see: no reader pages are purged (publishing one purges).

The caller owns the transaction: when anything in a list fails, the whole list is rolled back and
the importer writes the same items again one at a time, so one bad item costs only itself.
"""

from dataclasses import dataclass

from articles import services
from articles.models import AgencyCopy, Story, StoryAuthor, StoryPhoto, TaggedStory

from .updates import content_fingerprint


@dataclass
class NewStory:
    """One story to be created, with the rows that come with it (``tags``: Tag rows)."""

    story: Story
    content: object  # StoryContent
    tags: list
    copy: AgencyCopy
    note: str  # the first revision's note
    origin: object = None  # what the caller made it from (the importer's Entry)


def new_story(*, agency, guid, version, content, tags, slug, copy, note, origin=None):
    """An unsaved story made from ``content`` (its derived fields are filled when it is written)."""
    story = Story(
        agency=agency,
        source_guid=guid,
        source_version=version,
        language=content.language or "en",
        slug=slug,
    )
    content.apply_fields(story)
    return NewStory(story=story, content=content, tags=tags, copy=copy, note=note, origin=origin)


def write_new_stories(new_stories):
    """Insert ``new_stories`` with their byline, tags, photos, agency copy and first revision.

    Must run inside a transaction (the caller's), so a failure leaves nothing half-written.
    """
    if not new_stories:
        return []
    stories = [new.story for new in new_stories]
    for story in stories:
        # As save() would: a slug the chunk did not already know to be free costs a query here.
        story.fill_derived_fields()
    Story.objects.bulk_create(stories)
    bylines, tagged, further_photos, copies, revisions = [], [], [], [], []
    for new in new_stories:
        story, content = new.story, new.content
        further = content.photo_ids[1:]
        bylines += [
            StoryAuthor(story=story, author_id=author_id, position=position)
            for position, author_id in enumerate(content.author_ids)
        ]
        # bulk_create skips TaggedStory.save(): the story's time is copied here.
        tagged += [
            TaggedStory(content_object=story, tag=tag, publish_at=story.publish_at) for tag in new.tags
        ]
        further_photos += [
            StoryPhoto(story=story, photo_id=photo_id, position=position)
            for position, photo_id in enumerate(further)
        ]
        tag_names = [tag.name for tag in new.tags]
        new.copy.story = story
        new.copy.content_fingerprint = content_fingerprint(
            story, author_ids=content.author_ids, tag_names=tag_names, further_photo_ids=further
        )
        copies.append(new.copy)
        revisions.append(
            services.first_revision(
                story,
                tag_names=tag_names,
                author_ids=content.author_ids,
                photos=[{"photo": photo_id, "caption": ""} for photo_id in further],
                note=new.note,
            )
        )
    StoryAuthor.objects.bulk_create(bylines)
    TaggedStory.objects.bulk_create(tagged)
    StoryPhoto.objects.bulk_create(further_photos)
    AgencyCopy.objects.bulk_create(copies)
    services.record_first_revisions(revisions)
    # Written as drafts, which readers never see: no purge (publishing one afterwards purges).
    return stories
