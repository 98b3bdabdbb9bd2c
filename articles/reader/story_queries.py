"""What a story's page shows besides the story row: its labels (byline, tags, corrections), its
further photos and the stories around it, each in one query whatever their number."""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from ..models import Author, Correction, Section, Story, StoryAuthor, TaggedStory
from .story_rows import as_datetime, cards_sql, newest_first_key, published_params, published_sql, story_cards

RELATED_STORIES = 4
RELATED_WINDOW = timedelta(days=180)
# Related stories by shared tags are looked for among the newest stories of each tag, so a tag on
# thousands of stories costs what a tag on fifty costs.
RELATED_CANDIDATES_PER_TAG = 20
MORE_HEADLINES = 5


@dataclass
class StoryLabels:
    authors: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    corrections: list = field(default_factory=list)


def story_labels(story):
    """The byline's authors, the tags and the corrections of one story, in one query.

    Three small lists that would each cost a query are read as one ``UNION ALL`` of the same seven
    columns (plain SQL, :data:`LABELS_SQL`: the ORM took three times as long to build the union as
    the database took to run it), and turned back into (unsaved-looking) model instances for the
    templates.
    """
    labels = StoryLabels()
    with connection.cursor() as cursor:
        cursor.execute(LABELS_SQL, [story.pk] * 3)
        rows = [(*row[:6], as_datetime(row[6])) for row in cursor.fetchall()]
    for kind, ident, _position, name, slug, extra, at in sorted(
        rows, key=lambda row: (row[0], row[2], row[6].timestamp() if row[6] else 0, row[1])
    ):
        if kind == "tag":
            labels.tags.append(Tag(pk=ident, name=name, slug=slug))
        elif kind == "author":
            labels.authors.append(Author(pk=ident, name=name, slug=slug, title=extra))
        else:
            labels.corrections.append(Correction(pk=ident, story=story, note=name, created_at=at))
    labels.tags.sort(key=lambda tag: tag.name.lower())
    return labels


TAG_TABLE = Tag._meta.db_table
# The corrections come first: PostgreSQL types each column of a UNION from its first branch.
LABELS_SQL = (
    f"SELECT 'correction', id, 0, note, '', '', created_at"
    f" FROM {Correction._meta.db_table} WHERE story_id = %s"
    f" UNION ALL SELECT 'tag', {TAG_TABLE}.id, 0, {TAG_TABLE}.name, {TAG_TABLE}.slug, '', NULL"
    f" FROM {TaggedStory._meta.db_table} INNER JOIN {TAG_TABLE}"
    f" ON {TAG_TABLE}.id = {TaggedStory._meta.db_table}.tag_id"
    f" WHERE {TaggedStory._meta.db_table}.content_object_id = %s"
    f" UNION ALL SELECT 'author', {Author._meta.db_table}.id, {StoryAuthor._meta.db_table}.position,"
    f" {Author._meta.db_table}.name, {Author._meta.db_table}.slug, {Author._meta.db_table}.title, NULL"
    f" FROM {StoryAuthor._meta.db_table} INNER JOIN {Author._meta.db_table}"
    f" ON {Author._meta.db_table}.id = {StoryAuthor._meta.db_table}.author_id"
    f" WHERE {StoryAuthor._meta.db_table}.story_id = %s"
)


@dataclass
class AroundStory:
    next_story: Story | None
    related: list
    more_headlines: list


def around_story(story, tag_ids, sections, now=None, *, own=True, headlines=True):
    """The next story in the section, related stories (shared tags first, then the same section)
    and more headlines from other sections: one query. ``own=False`` leaves out the story's own
    blocks (next and related), ``headlines=False`` the more headlines, for a page that has one
    part kept (``story_around``).

    The blocks' ids come from :func:`around_sql` (plain SQL: the ORM spent ten times longer building
    and compiling the nested blocks than the database took to run them), and their rows in the same
    statement (``story_rows.cards_sql``), which asks again that each be published, so a block
    can never bring in a story readers may not see.
    """
    now = now or timezone.now()
    publish_at = story.publish_at or now
    family = sections.family_ids(story.section) if story.section_id else {story.section_id}
    tag_ids = list(tag_ids)[:MAX_RELATED_TAGS]
    blocks_sql, blocks_params, shared_sql, shared_params = around_sql_and_params(
        story, tag_ids, publish_at, now, own=own, headlines=headlines
    )
    rows = story_cards(
        cards_sql(blocks_sql, f", ({shared_sql}) AS shared_tags"),
        [*shared_params, *published_params(now), *blocks_params],
        sections,
        extra_names=("shared_tags",),
    )
    return _arrange_around(story, rows, family, publish_at, own=own, headlines=headlines)


# The blocks around a story, in plain SQL: the statement in this one place ----------------------------

STORY_TABLE = Story._meta.db_table
TAGGED_TABLE = TaggedStory._meta.db_table
SECTION_TABLE = Section._meta.db_table
# What Story.objects.published() says (story_rows.published_sql, the one SQL copy of it, held to
# published() by tests), for the candidate blocks; the rows' own statement asks it again.
LIVE = f"{published_sql(STORY_TABLE)} AND {STORY_TABLE}.id <> %s"
NEWEST = "ORDER BY publish_at DESC, id DESC"
# A story's related stories are looked for through its first tags (a story with 40 tags would
# otherwise make a 40-part statement).
MAX_RELATED_TAGS = 12


def _shared_tags_sql(tag_count, story):
    """How many of ``tag_count`` tags the story row ``story`` (a table or alias) shares."""
    marks = ", ".join(["%s"] * tag_count)
    return (
        f"SELECT COUNT(*) FROM {TAGGED_TABLE} WHERE {TAGGED_TABLE}.content_object_id = {story}.id"
        f" AND {TAGGED_TABLE}.tag_id IN ({marks})"
    )


def tag_candidates_sql(tag_count):
    """Ids of the newest ``RELATED_CANDIDATES_PER_TAG`` stories of each of ``tag_count`` tags in a
    time window (parameters: :func:`tag_candidates_params`), so a tag on thousands of stories costs
    what a tag on fifty costs: each part is a short walk down the tag timeline index."""
    return " UNION ALL ".join(
        f"SELECT content_object_id FROM (SELECT content_object_id FROM {TAGGED_TABLE}"
        f" WHERE tag_id = %s AND publish_at >= %s AND publish_at <= %s"
        f" ORDER BY publish_at DESC, content_object_id DESC"
        f" LIMIT {RELATED_CANDIDATES_PER_TAG}) AS tag_{n}"
        for n in range(tag_count)
    )


def tag_candidates_params(tag_ids, since, now):
    moment = connection.ops.adapt_datetimefield_value
    return [value for tag_id in tag_ids for value in (tag_id, moment(since), moment(now))]


@lru_cache(maxsize=4 * (MAX_RELATED_TAGS + 1))
def around_sql(tag_count, own=True, headlines=True):
    """The ids of the blocks around a story with ``tag_count`` tags (its own blocks, the more
    headlines, or both), and the shared-tags count: each block a short index walk with its own
    LIMIT, joined by UNION ALL (wrapped one level down, as SQLite wants for limited parts of a
    compound select)."""
    own_blocks = [
        # The next story: the newest older one in the same section. "publish_at <= %s" says nothing
        # the rest does not, but it is the bound the index walk starts from: without it, PostgreSQL
        # walked from the section's newest story down to this one (7 ms for a two-year-old story).
        f"SELECT id FROM {STORY_TABLE} WHERE {LIVE} AND section_id = %s AND publish_at <= %s"
        f" AND (publish_at < %s OR (publish_at = %s AND id < %s)) {NEWEST} LIMIT 1",
        # The newest of the section, for "Related" after the stories sharing tags.
        f"SELECT id FROM {STORY_TABLE} WHERE {LIVE} AND section_id = %s {NEWEST} LIMIT {RELATED_STORIES + 1}",
    ]
    more_headlines = [
        # The newest outside the story's top-level section and its subsections.
        f"SELECT id FROM {STORY_TABLE} WHERE {LIVE} AND section_id NOT IN"
        f" (SELECT id FROM {SECTION_TABLE} WHERE id = %s OR parent_id = %s) {NEWEST} LIMIT {MORE_HEADLINES}",
    ]
    blocks = (own_blocks if own else []) + (more_headlines if headlines else [])
    if own and tag_count:
        candidates = tag_candidates_sql(tag_count)
        blocks.append(
            f"SELECT id FROM {STORY_TABLE} WHERE {LIVE} AND publish_at >= %s AND id IN ({candidates})"
            f" ORDER BY ({_shared_tags_sql(tag_count, STORY_TABLE)}) DESC, publish_at DESC, id DESC"
            f" LIMIT {RELATED_STORIES}"
        )
    blocks_sql = " UNION ALL ".join(
        f"SELECT id FROM ({block}) AS block_{n}" for n, block in enumerate(blocks)
    )
    # The count for the rows themselves, read as the story table's alias in story_rows.cards_sql.
    return blocks_sql, _shared_tags_sql(tag_count, "s") if tag_count else "SELECT 0"


def around_sql_and_params(story, tag_ids, publish_at, now, *, own=True, headlines=True):
    """:func:`around_sql` for ``story`` and the parameters of both statements, in their order."""
    moment = connection.ops.adapt_datetimefield_value
    live = [Story.Status.PUBLISHED.value, moment(now), moment(now), story.pk or 0]
    top_section = story.section.parent_id or story.section_id
    at = moment(publish_at)
    params = []
    if own:
        params += [*live, story.section_id, at, at, at, story.pk or 0, *live, story.section_id]
    if headlines:
        params += [*live, top_section, top_section]
    tag_ids = list(tag_ids) if own else []
    if tag_ids:
        since = publish_at - RELATED_WINDOW
        params += [*live, moment(since), *tag_candidates_params(tag_ids, since, now), *tag_ids]
    blocks_sql, shared_sql = around_sql(len(tag_ids), own, headlines)
    return blocks_sql, params, shared_sql, tag_ids


def _arrange_around(story, rows, family, publish_at, *, own=True, headlines=True):
    """The blocks of :class:`AroundStory`, picked out of the rows of all of them (of the blocks
    asked for: without the more headlines, a row from another section is one related by tags)."""
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
    outside = [row for row in rows if row.section_id not in family] if headlines else []
    more_headlines = outside[:MORE_HEADLINES]
    if next_story is None and more_headlines:
        # The section has run out (its oldest story): readers scrolling on go to the newest story of
        # the rest of the site, and from there down that story's section.
        next_story = more_headlines[0]
    return AroundStory(
        next_story=next_story,
        related=related[:RELATED_STORIES] if own else [],
        more_headlines=more_headlines,
    )
