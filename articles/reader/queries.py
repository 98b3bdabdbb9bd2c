"""What the reader pages show, each page composed in a fixed number of queries.

The views stay thin by asking this module for their content. Every function here starts from
``Story.objects.published()`` and costs the same number of queries however many stories, tags,
authors or photos are involved; tests/test_query_counts.py holds each page to its count.

Several blocks that need their own ``LIMIT`` (a home page's section blocks, a story's related
stories, its next story and "more headlines") are fetched in *one* query: each block is a small
``SELECT id ... LIMIT n`` subquery, the rows of all blocks come back together, and each block is then
picked out again in Python with the same ordering. That is exact, because the rows of a block are
the first ``n`` of that block's ordering and nothing else in the result can outrank them.

On PostgreSQL the blocks are joined with ``UNION ALL`` inside one ``id IN (...)``: each block is an
index scan of a few rows and the result a handful of primary-key lookups, whatever the size of the
archive. (An ``OR`` of one ``IN`` per block, which SQLite needs because it cannot order and limit
inside a compound select, makes PostgreSQL test every published story against the blocks: a scan of
the whole table.)
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Count, DateTimeField, F, IntegerField, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag

from ..compiled import CompiledQuery, Joined
from ..models import Author, Correction, Section, Story, StoryAuthor, StoryPhoto, StoryTagTimeline
from ..models.stories import story_tagged_items

PAGE_SIZE = 20
# Without a cursor a page is found by OFFSET, which grows with the page number; links always carry
# a cursor, so only hand-typed addresses take that path, and only this deep.
MAX_PAGE_WITHOUT_CURSOR = 10
TOP_STORIES = 5
TOP_STORY_WINDOW = timedelta(days=3)
SECTION_BLOCK_SIZE = 4
LATEST_COLUMN_SIZE = 8
RELATED_STORIES = 4
RELATED_WINDOW = timedelta(days=180)
# Related stories by shared tags are looked for among the newest stories of each tag, so a tag on
# thousands of stories costs what a tag on fifty costs.
RELATED_CANDIDATES_PER_TAG = 20
MORE_HEADLINES = 5


def newest_first_key(story):
    return (story.publish_at, story.pk)


def first_ids(queryset, count):
    """The ``pk`` of ``queryset``'s first ``count`` rows: one block for :func:`in_any_block`."""
    return queryset.values("pk")[:count]


def in_any_block(blocks):
    """A filter for the rows of any of ``blocks`` (``first_ids`` querysets), in one query."""
    if connection.vendor == "postgresql":
        first, *rest = blocks
        return Q(pk__in=first.union(*rest, all=True) if rest else first)
    return reduce(or_, (Q(pk__in=block) for block in blocks))


# Site sections -----------------------------------------------------------------------------------


@dataclass
class SiteSections:
    """Every section, loaded once per request for the navigation, the section pages and the
    section of each story a page lists; ``sections`` are the active ones, which readers see."""

    every: list
    sections: list = field(init=False)

    def __post_init__(self):
        self.sections = [section for section in self.every if section.is_active]
        self.by_id = {section.pk: section for section in self.every}

    @property
    def top_level(self):
        return [section for section in self.sections if section.parent_id is None]

    def by_path(self, path):
        return next((section for section in self.sections if section.path == path), None)

    def children_of(self, section):
        return [child for child in self.sections if child.parent_id == section.pk]

    def family_ids(self, section):
        """The section and its subsections: what "in this section" means to a reader."""
        top = section.parent_id or section.pk
        return {s.pk for s in self.sections if s.pk == top or s.parent_id == top}


# Sections are few (tens), so all of them are read, the inactive ones too: a story filed in a
# section since switched off still has its section's name and address to show.
ALL_SECTIONS = CompiledQuery(
    lambda: Section.objects.select_related("parent"), Joined(Section, relations={"parent": None})
)


def site_sections(request):
    """One query per request, shared by the context processor and the views."""
    if request is None:
        return SiteSections(ALL_SECTIONS.instances())
    if not hasattr(request, "_site_sections"):
        request._site_sections = SiteSections(ALL_SECTIONS.instances())
    return request._site_sections


# Keyset pagination -------------------------------------------------------------------------------


@dataclass
class ListingPage:
    """One page of a listing, newest first. ``older_query``/``newer_query`` are query strings."""

    stories: list
    number: int
    older_query: str = ""
    newer_query: str = ""

    @property
    def has_other_pages(self):
        return bool(self.older_query or self.newer_query)


def positive_int(value):
    if value is None or value == "":
        return None
    # isascii(): "²" and "①" are digits to str.isdigit() but not to int().
    if not (value.isascii() and value.isdigit()) or len(value) > 12 or int(value) < 1:
        raise Http404("No such page.")
    return int(value)


# A listing's order, newest first: the fields holding each story's time and id. Tag listings on
# PostgreSQL read both from the tag's timeline (``tag_listing``), so that its index does the ordering.
STORY_ORDER = ("publish_at", "pk")


def _older_than(anchor_pk, order):
    # The first condition says nothing the others do not, but it is the one an index can start
    # from: without it PostgreSQL walked from the newest story down to the anchor (page 50 of a
    # section read 12,000 index entries).
    time, ident = order
    anchor = Story.objects.filter(pk=anchor_pk).values("publish_at")[:1]
    return Q(**{f"{time}__lte": anchor}) & (
        Q(**{f"{time}__lt": anchor}) | Q(**{time: anchor, f"{ident}__lt": anchor_pk})
    )


def _newer_than(anchor_pk, order):
    time, ident = order
    anchor = Story.objects.filter(pk=anchor_pk).values("publish_at")[:1]
    return Q(**{f"{time}__gte": anchor}) & (
        Q(**{f"{time}__gt": anchor}) | Q(**{time: anchor, f"{ident}__gt": anchor_pk})
    )


def newest_first(queryset, order=STORY_ORDER):
    time, ident = order
    return queryset.order_by(f"-{time}", f"-{ident}")


def listing_page(queryset, params, per_page=PAGE_SIZE, order=STORY_ORDER):
    """A page of ``queryset`` (published stories) chosen by ``?page=``, ``?before=`` or ``?after=``.

    Links carry a cursor, the id of the last (or first) story of the page before, so any page is
    an index range scan from that story: page 500 costs what page 2 costs. A page past the end, or
    a page number that does not parse, is a 404. ``order`` names the fields that sort the listing
    newest first (``STORY_ORDER``, or the tag timeline's from ``tag_listing``).
    """
    number = positive_int(params.get("page")) or 1
    before, after = positive_int(params.get("before")), positive_int(params.get("after"))
    ordered = newest_first(queryset, order)
    if after:
        rows = list(ordered.filter(_newer_than(after, order)).order_by(*order)[: per_page + 1])
        has_newer, has_older = len(rows) > per_page, True
        stories = rows[:per_page][::-1]
    elif before:
        rows = list(ordered.filter(_older_than(before, order))[: per_page + 1])
        has_newer, has_older = True, len(rows) > per_page
        stories = rows[:per_page]
        number = max(number, 2)
    else:
        if number > MAX_PAGE_WITHOUT_CURSOR:
            raise Http404("Follow the “Older stories” links to reach pages this deep.")
        offset = (number - 1) * per_page
        rows = list(ordered[offset : offset + per_page + 1])
        has_newer, has_older = number > 1, len(rows) > per_page
        stories = rows[:per_page]
    if not stories and (number > 1 or before or after):
        raise Http404("No such page.")
    if after and not has_newer:
        number = 1
    page = ListingPage(stories=stories, number=number)
    if has_older and stories:
        page.older_query = f"?page={number + 1}&before={stories[-1].pk}"
    if has_newer and stories:
        page.newer_query = "?page=1" if number <= 2 else f"?page={number - 1}&after={stories[0].pk}"
    return page


def tag_listing(tag, at=None):
    """A tag's published stories, and the ``order`` that lists them newest first.

    On PostgreSQL through the tag's timeline (``StoryTagTimeline``, kept by triggers): a walk down
    its (tag, time) index that stops after one page, however many stories carry the tag. SQLite
    keeps no timeline; there the tagged items are read and sorted.
    """
    published = Story.objects.published(at=at)
    if connection.vendor == "postgresql":
        timeline_order = ("tag_timeline__publish_at", "tag_timeline__story_id")
        return published.filter(tag_timeline__tag_id=tag.pk), timeline_order
    return published.filter(tags__pk=tag.pk), STORY_ORDER


# Home page ---------------------------------------------------------------------------------------


@dataclass
class FrontPage:
    lead: Story | None
    top_stories: list
    section_blocks: list  # [(section, [stories])]
    latest: list


def front_page(sections, now=None):
    """Lead and top stories by priority, a block per top-level section and a latest column: one
    query for the stories and one for their bylines."""
    now = now or timezone.now()
    published = Story.objects.published(at=now)
    recent_cutoff = now - TOP_STORY_WINDOW

    newest = ("-publish_at", "-pk")
    blocks = [
        first_ids(
            published.filter(publish_at__gte=recent_cutoff).order_by("-priority", *newest), TOP_STORIES
        ),
        first_ids(published.order_by(*newest), TOP_STORIES + LATEST_COLUMN_SIZE),
    ]
    top_sections = sections.top_level
    for section in top_sections:
        family = published.filter(section_id__in=sections.family_ids(section))
        blocks.append(first_ids(family.order_by(*newest), SECTION_BLOCK_SIZE + TOP_STORIES))
    stories = list(published.filter(in_any_block(blocks)).for_listing().defer("body"))

    stories.sort(key=newest_first_key, reverse=True)
    recent = [story for story in stories if story.publish_at >= recent_cutoff]
    top = sorted(recent, key=lambda story: story.priority, reverse=True)[:TOP_STORIES]  # stable sort
    if len(top) < TOP_STORIES:
        top += [story for story in stories if story not in top][: TOP_STORIES - len(top)]
    shown = {story.pk for story in top}
    latest = [story for story in stories if story.pk not in shown][:LATEST_COLUMN_SIZE]
    section_blocks = []
    for section in top_sections:
        family = sections.family_ids(section)
        in_section = [story for story in stories if story.section_id in family and story.pk not in shown]
        if in_section:
            section_blocks.append((section, in_section[:SECTION_BLOCK_SIZE]))
    return FrontPage(
        lead=top[0] if top else None, top_stories=top[1:], section_blocks=section_blocks, latest=latest
    )


# The story page ----------------------------------------------------------------------------------


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
        story_tagged_items()
        .filter(object_id=story.pk)
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
    # The ids of the related stories found by shared tags, best first: what a stored rendering
    # keeps (``StoryRendering.related_ids``) so the page need not look for them again.
    related_by_tags: list = field(default_factory=list)


def around_story(story, tag_ids, sections, now=None, related_ids=None):
    """The next story in the section, related stories (shared tags first, then the same section)
    and more headlines from other sections: one query.

    Related stories by tags are looked for among the stories sharing ``tag_ids``, or, when
    ``related_ids`` is given (from a stored rendering), are those stories, best first, as far as
    they are still published; that query is compiled once per process (``NEIGHBOURS``).
    """
    now = now or timezone.now()
    publish_at = story.publish_at or now
    family = sections.family_ids(story.section) if story.section_id else {story.section_id}
    if related_ids is not None:
        related_ids = list(related_ids)[:RELATED_STORIES]
        padded = related_ids + [0] * (RELATED_STORIES - len(related_ids))  # no story has id 0
        top = story.section.parent_id or story.section_id
        rows = NEIGHBOURS.instances(
            story_id=story.pk,
            section_id=story.section_id,
            top_section_id=top,
            publish_at=publish_at,
            now=now,
            **{f"related_{n}": pk for n, pk in enumerate(padded)},
        )
        for row in rows:  # the sections this page has read already (a brand-new one loads itself)
            if row.section_id in sections.by_id:
                row._state.fields_cache["section"] = sections.by_id[row.section_id]
    else:
        rows = _around_by_tags(story, tag_ids, family, now)
    return _arrange_around(story, rows, family, publish_at, related_ids)


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


def _stored_neighbours(story_id, section_id, top_section_id, publish_at, now, **related):
    def blocks_of(others, newest):
        family = Section.objects.filter(Q(pk=top_section_id) | Q(parent_id=top_section_id)).values("pk")
        return [
            first_ids(others.exclude(section_id__in=family).order_by(*newest), MORE_HEADLINES),
            first_ids(others.filter(pk__in=list(related.values())).order_by(), RELATED_STORIES),
        ]

    blocks = _neighbours(blocks_of, story_id, section_id, publish_at, now)
    return Story.objects.published(at=now).filter(in_any_block(blocks)).order_by()


# What a headline, a card or a "next story" link shows of a story.
NEIGHBOUR_FIELDS = [
    "id",
    "headline",
    "slug",
    "kicker",
    "standfirst",
    "section_id",
    "lead_photo_id",
    "status",
    "priority",
    "publish_at",
    "first_published_at",
    "created_at",
]
NEIGHBOURS = CompiledQuery(
    _stored_neighbours,
    Joined(Story, fields=NEIGHBOUR_FIELDS, relations={"lead_photo": None}),
    story_id="int",
    section_id="int",
    top_section_id="int",
    publish_at="moment",
    now="moment",
    **{f"related_{n}": "int" for n in range(RELATED_STORIES)},
)


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
        story_tagged_items()
        .filter(object_id=OuterRef("pk"), tag_id__in=tag_ids)
        .order_by()
        .values("object_id")
        .annotate(shared=Count("pk"))
        .values("shared")[:1],
        0,
    )


def _arrange_around(story, rows, family, publish_at, related_ids):
    """The blocks of :class:`AroundStory`, picked out of the rows of all of them."""
    related_since = publish_at - RELATED_WINDOW
    rows.sort(key=newest_first_key, reverse=True)
    story_key = (publish_at, story.pk or 0)
    next_story = next(
        (row for row in rows if row.section_id == story.section_id and newest_first_key(row) < story_key),
        None,
    )
    if related_ids is not None:
        rank = {pk: position for position, pk in enumerate(related_ids)}
        by_tags = sorted(
            (row for row in rows if row.pk in rank and row.publish_at >= related_since),
            key=lambda row: rank[row.pk],
        )
    else:
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
        related_by_tags=[row.pk for row in by_tags],
    )


def _tag_candidates(tag_ids, since, now):
    """Ids of stories that share a tag with the story: the newest ``RELATED_CANDIDATES_PER_TAG`` of
    each tag since ``since`` on PostgreSQL (a short walk down each tag's timeline), every one on
    SQLite.

    On PostgreSQL this is one ``LATERAL`` subquery in SQL rather than a union of one queryset per
    tag: the ORM spent more time building and relabelling that union than the database spent on
    the whole page's query.
    """
    if connection.vendor != "postgresql":
        return story_tagged_items().filter(tag_id__in=tag_ids).values("object_id")
    timeline = StoryTagTimeline._meta.db_table
    return RawSQL(
        f"SELECT candidate.story_id FROM unnest(%s::integer[]) AS wanted(tag_id) CROSS JOIN LATERAL "
        f"(SELECT story_id FROM {timeline} WHERE tag_id = wanted.tag_id AND publish_at >= %s "
        f"AND publish_at <= %s ORDER BY publish_at DESC, story_id DESC LIMIT %s) AS candidate",
        (list(tag_ids), since, now, RELATED_CANDIDATES_PER_TAG),
    )
