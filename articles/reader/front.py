"""The home page: lead and top stories by priority, a block per top-level section and a latest
column, in one query for the stories and one for the lead story's byline.

At desktop width the lead story's column holds the lead and, under it, the next stories by priority
as headlines with their standfirsts (``secondary``), beside a column of pictured top stories: the lead
alone left about 830 px of empty column beside four pictured cards."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from ..models import Story, StoryAuthor
from .story_rows import PUBLISHED, STORY, cards_sql, newest_first_key, published_params, story_cards

TOP_STORIES = 7  # the lead, SECONDARY_STORIES under it, and the rest as pictured cards beside it
SECONDARY_STORIES = 3
TOP_STORY_WINDOW = timedelta(days=3)
SECTION_BLOCK_SIZE = 4
LATEST_COLUMN_SIZE = 8


@dataclass
class FrontPage:
    lead: Story | None
    secondary: list  # headlines under the lead
    top_stories: list
    section_blocks: list  # [(section, [stories])]
    latest: list


def front_page(sections, now=None):
    """Lead and top stories by priority, a block per top-level section and a latest column: one
    query for the stories (:func:`front_sql`) and one for the lead story's byline."""
    now = now or timezone.now()
    recent_cutoff = now - TOP_STORY_WINDOW
    top_sections = sections.top_level
    families = [sorted(sections.family_ids(section)) for section in top_sections]
    ids_sql, ids_params = front_sql(families, recent_cutoff, now)
    stories = story_cards(cards_sql(ids_sql), [*published_params(now), *ids_params], sections)

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
    if top:
        bylines = StoryAuthor.objects.select_related("author").order_by("position")
        prefetch_related_objects(top[:1], Prefetch("bylines", queryset=bylines))
    return FrontPage(
        lead=top[0] if top else None,
        secondary=top[1 : 1 + SECONDARY_STORIES],
        top_stories=top[1 + SECONDARY_STORIES :],
        section_blocks=section_blocks,
        latest=latest,
    )


NEWEST = f"ORDER BY {STORY}.publish_at DESC, {STORY}.id DESC"


def front_sql(families, recent_cutoff, now):
    """The ids of the front's blocks and their parameters: the top stories by priority, the newest,
    and the newest of each top-level section's family (``families``: lists of section ids). Plain
    SQL, each block a short index walk with its own LIMIT: built with the ORM, the fourteen blocks
    of a twelve-section front took 20 ms to make and compile, and milliseconds to run."""
    published = published_params(now)
    blocks = [
        (
            f"SELECT id FROM {STORY} WHERE {PUBLISHED} AND {STORY}.publish_at >= %s"
            f" ORDER BY {STORY}.priority DESC, {STORY}.publish_at DESC, {STORY}.id DESC LIMIT {TOP_STORIES}",
            [*published, connection.ops.adapt_datetimefield_value(recent_cutoff)],
        ),
        (
            f"SELECT id FROM {STORY} WHERE {PUBLISHED} {NEWEST} LIMIT {TOP_STORIES + LATEST_COLUMN_SIZE}",
            published,
        ),
    ]
    for family in families:
        marks = ", ".join(["%s"] * len(family))
        blocks.append(
            (
                f"SELECT id FROM {STORY} WHERE {PUBLISHED} AND {STORY}.section_id IN ({marks})"
                f" {NEWEST} LIMIT {SECTION_BLOCK_SIZE + TOP_STORIES}",
                [*published, *family],
            )
        )
    # Each limited block wrapped one level down, as SQLite wants in a compound select.
    sql = " UNION ALL ".join(f"SELECT id FROM ({block}) AS block_{n}" for n, (block, _) in enumerate(blocks))
    return sql, [value for _, params in blocks for value in params]
