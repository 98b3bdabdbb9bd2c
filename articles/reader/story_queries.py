"""What a story's page shows besides the story row: its labels (byline, tags, corrections), its
further photos and the stories around it, each in one query whatever their number."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, DateTimeField, F, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from taggit.models import Tag

from ..models import Author, Correction, Story, StoryAuthor, StoryPhoto, TaggedStory
from .blocks import first_ids, in_any_block, newest_first_key

RELATED_STORIES = 4
RELATED_WINDOW = timedelta(days=180)
# Related stories by shared tags are looked for among the newest stories of each tag, so a tag on
# thousands of stories costs what a tag on fifty costs.
RELATED_CANDIDATES_PER_TAG = 20
MORE_HEADLINES = 5


# Everything a story's page shows that a join can bring.
STORY_PAGE_JOINS = ("section", "section__parent", "agency", "lead_photo", "lead_photo__agency")


def story_queryset():
    """A story with everything its page shows that a join can bring."""
    return Story.objects.select_related(*STORY_PAGE_JOINS).defer("search_vector")


@dataclass
class StoryLabels:
    authors: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    corrections: list = field(default_factory=list)


def story_labels(story):
    """The byline's authors, the tags and the corrections of one story, in one query.

    Three small lists that would each cost a query are read as one ``UNION ALL`` of the same six
    columns, and turned back into (unsaved-looking) model instances for the templates.
    """
    columns = ("kind", "ident", "position", "name", "slug", "extra", "at")
    tags = (
        TaggedStory.objects.filter(content_object_id=story.pk)
        .order_by()
        .annotate(
            kind=Value("tag"),
            ident=F("tag_id"),
            position=Value(0, IntegerField()),
            name=F("tag__name"),
            slug=F("tag__slug"),
            extra=Value(""),
            at=Cast(Value(None), DateTimeField()),
        )
        .values_list(*columns)
    )
    authors = (
        StoryAuthor.objects.filter(story_id=story.pk)
        .order_by()
        .annotate(
            kind=Value("author"),
            ident=F("author_id"),
            name=F("author__name"),
            slug=F("author__slug"),
            extra=F("author__title"),
            at=Cast(Value(None), DateTimeField()),
        )
        .values_list(*columns)
    )
    corrections = (
        Correction.objects.filter(story_id=story.pk)
        .order_by()
        .annotate(
            kind=Value("correction"),
            ident=F("pk"),
            position=Value(0, IntegerField()),
            name=F("note"),
            slug=Value(""),
            extra=Value(""),
            at=F("created_at"),
        )
        .values_list(*columns)
    )
    labels = StoryLabels()
    for kind, ident, _position, name, slug, extra, at in sorted(
        tags.union(authors, corrections, all=True), key=lambda row: (row[0], row[2], row[6] or 0, row[1])
    ):
        if kind == "tag":
            labels.tags.append(Tag(pk=ident, name=name, slug=slug))
        elif kind == "author":
            labels.authors.append(Author(pk=ident, name=name, slug=slug, title=extra))
        else:
            labels.corrections.append(Correction(pk=ident, story=story, note=name, created_at=at))
    labels.tags.sort(key=lambda tag: tag.name.lower())
    return labels


def story_photos(story):
    """The further photos, in order, with what their captions and credits need."""
    return list(
        StoryPhoto.objects.filter(story_id=story.pk)
        .select_related("photo", "photo__agency")
        .order_by("position", "pk")
    )


@dataclass
class AroundStory:
    next_story: Story | None
    related: list
    more_headlines: list


def around_story(story, tag_ids, sections, now=None):
    """The next story in the section, related stories (shared tags first, then the same section)
    and more headlines from other sections: one query."""
    now = now or timezone.now()
    publish_at = story.publish_at or now
    family = sections.family_ids(story.section) if story.section_id else {story.section_id}
    rows = _around_by_tags(story, tag_ids, family, now)
    return _arrange_around(story, rows, family, publish_at)


def _neighbours(blocks_of, story_id, section_id, publish_at, now):
    others = Story.objects.published(at=now).exclude(pk=story_id)
    in_section = others.filter(section_id=section_id)
    older_in_section = in_section.filter(
        Q(publish_at__lt=publish_at) | Q(publish_at=publish_at, pk__lt=story_id)
    )
    newest = ("-publish_at", "-pk")
    return [
        first_ids(older_in_section.order_by(*newest), 1),
        first_ids(in_section.order_by(*newest), RELATED_STORIES + 1),
        *blocks_of(others, newest),
    ]


def _around_by_tags(story, tag_ids, family, now):
    publish_at = story.publish_at or now
    related_since = publish_at - RELATED_WINDOW

    def blocks_of(others, newest):
        blocks = [first_ids(others.exclude(section_id__in=family).order_by(*newest), MORE_HEADLINES)]
        if tag_ids:
            blocks.append(
                first_ids(
                    others.filter(
                        pk__in=_tag_candidates(tag_ids, related_since, now), publish_at__gte=related_since
                    )
                    .annotate(shared=_shared_tags(tag_ids))
                    .order_by("-shared", *newest),
                    RELATED_STORIES,
                )
            )
        return blocks

    blocks = _neighbours(blocks_of, story.pk, story.section_id, publish_at, now)
    return list(
        Story.objects.published(at=now)
        .filter(in_any_block(blocks))
        .select_related("section", "section__parent", "lead_photo", "lead_photo__agency")
        .defer("body", "search_vector")
        .annotate(shared_tags=_shared_tags(tag_ids) if tag_ids else Value(0, IntegerField()))
    )


def _shared_tags(tag_ids):
    return Coalesce(
        TaggedStory.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
        .order_by()
        .values("content_object_id")
        .annotate(shared=Count("pk"))
        .values("shared")[:1],
        0,
    )


def _arrange_around(story, rows, family, publish_at):
    """The blocks of :class:`AroundStory`, picked out of the rows of all of them."""
    related_since = publish_at - RELATED_WINDOW
    rows.sort(key=newest_first_key, reverse=True)
    story_key = (publish_at, story.pk or 0)
    next_story = next(
        (row for row in rows if row.section_id == story.section_id and newest_first_key(row) < story_key),
        None,
    )
    by_tags = sorted(
        (row for row in rows if row.shared_tags and row.publish_at >= related_since),
        key=lambda row: row.shared_tags,
        reverse=True,  # stable: newest first among equals
    )[:RELATED_STORIES]
    related = by_tags + [row for row in rows if row.section_id == story.section_id and row not in by_tags]
    more_headlines = [row for row in rows if row.section_id not in family][:MORE_HEADLINES]
    return AroundStory(
        next_story=next_story,
        related=related[:RELATED_STORIES],
        more_headlines=more_headlines,
    )


def _tag_candidates(tag_ids, since, now):
    """Ids of stories that share a tag with the story: the newest ``RELATED_CANDIDATES_PER_TAG`` of
    each tag between ``since`` and ``now``, so a tag on thousands of stories costs what a tag on
    fifty costs.

    Each tag's part is a short walk down its (tag, publish_at, story) index (``TaggedStory``); the
    parts are joined by ``UNION ALL`` into one subquery, on PostgreSQL and SQLite alike. The limit
    sits one subquery down because SQLite cannot limit the parts of a compound select. (An ``OR``
    of one ``IN`` per tag would make PostgreSQL test every story of the window against each.)
    """
    first, *rest = (
        TaggedStory.objects.filter(
            pk__in=TaggedStory.objects.filter(tag_id=tag_id, publish_at__range=(since, now))
            .order_by("-publish_at", "-content_object_id")
            .values("pk")[:RELATED_CANDIDATES_PER_TAG]
        )
        .order_by()
        .values("content_object_id")
        for tag_id in tag_ids
    )
    return first.union(*rest, all=True) if rest else first
