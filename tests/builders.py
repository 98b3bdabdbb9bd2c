"""Tiny builders for tests: each makes one valid object, with overrides for what a test cares about."""

import itertools
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Agency, Author, Photo, Section, Story, StoryAuthor, StoryPhoto
from tests.images import jpeg_bytes

_counter = itertools.count(1)

# Where the ``frozen_now`` fixture stops the clock: a quarter past midnight on 1 April in the newsroom's
# zone (Asia/Kolkata) while it is still 31 March in UTC, so a test that mixes up the two days or months
# fails every time instead of only when run near midnight.
FROZEN_NOW = datetime(2026, 3, 31, 18, 45, tzinfo=UTC)


def unique(prefix):
    return f"{prefix}-{next(_counter)}"


def make_section(name=None, *, parent=None, **fields):
    name = name or unique("Section")
    section = Section(name=name, slug=fields.pop("slug", None) or unique("section"), parent=parent, **fields)
    section.full_clean()
    section.save()
    return section


def make_agency(name=None, **fields):
    slug = unique("agency")
    return Agency.objects.create(name=name or slug, slug=slug, credit=fields.pop("credit", "WIRE"), **fields)


def make_author(name=None, **fields):
    slug = fields.pop("slug", None) or unique("author")
    return Author.objects.create(name=name or slug.title(), slug=slug, **fields)


def make_photo(*, size=(64, 48), color=None, **fields):
    color = color or (next(_counter) % 256, 90, 160)
    photo = Photo(
        caption=fields.pop("caption", "A test picture"), credit=fields.pop("credit", "Staff"), **fields
    )
    photo.image.save(f"{unique('photo')}.jpg", ContentFile(jpeg_bytes(size, color)), save=False)
    photo.save()
    return photo


def make_story(
    *, section=None, status=Story.Status.PUBLISHED, publish_at=None, authors=(), tags=(), photos=(), **fields
):
    """A story; published an hour ago unless told otherwise."""
    if publish_at is None and status in (
        Story.Status.PUBLISHED,
        Story.Status.SCHEDULED,
        Story.Status.WITHDRAWN,
    ):
        offset = timedelta(hours=-1 if status != Story.Status.SCHEDULED else 1)
        publish_at = timezone.now() + offset
    story = Story.objects.create(
        headline=fields.pop("headline", None) or unique("A headline"),
        section=section or make_section(),
        status=status,
        publish_at=publish_at,
        first_published_at=publish_at if status == Story.Status.PUBLISHED else None,
        body=fields.pop("body", "<p>Body text.</p>"),
        **fields,
    )
    for position, author in enumerate(authors):
        StoryAuthor.objects.create(story=story, author=author, position=position)
    for position, photo in enumerate(photos):
        StoryPhoto.objects.create(story=story, photo=photo, position=position)
    if tags:
        story.tags.set(list(tags))
    return story
