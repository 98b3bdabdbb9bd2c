"""The home page: the front editors arrange (``articles.models.fronts``) over the automatic one.

Its slots are the lead, the top stories and a block per top-level section, beside a latest column.
Stories pinned to a slot come first in it, in their order; the rest of each slot is filled as the page
always was (the lead and top stories by priority among the recent ones, each block with its section's
newest), and no story is in two slots; the latest column is the newest stories but the lead and top
ones, whatever the blocks hold, as before fronts. One query for the
stories, pinned ones among them (:func:`front_sql`, ``reader.front_pins``), and one for the lead
story's byline, whatever the front holds.

At desktop width the lead story's column holds the lead and, under it, the next top stories as
headlines with their standfirsts (``secondary``), beside a column of pictured top stories: the lead
alone left about 830 px of empty column beside four pictured cards."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from ..models import StoryAuthor
from ..models.fronts import HOME_BLOCK_STORIES, HOME_TOP_STORIES, LEAD, LEAD_STORIES, TOP, block_slot
from .front_pins import PIN_COLUMNS, FrontPins, pinned_in_slots
from .story_rows import PUBLISHED, STORY, cards_sql, newest_first_key, published_params, story_cards

TOP_STORIES = LEAD_STORIES + HOME_TOP_STORIES  # the lead, SECONDARY_STORIES under it, the rest beside it
SECONDARY_STORIES = 3
TOP_STORY_WINDOW = timedelta(days=3)
SECTION_BLOCK_SIZE = HOME_BLOCK_STORIES
LATEST_COLUMN_SIZE = 8


@dataclass
class FrontPage:
    lead: object  # a story card, or None
    secondary: list  # headlines under the lead
    top_stories: list
    section_blocks: list  # [(section, [stories])]
    latest: list

    def slot_stories(self):
        """What each slot shows, by slot key (the desk's front editor labels each pinned or not)."""
        slots = {LEAD: [self.lead] if self.lead else [], TOP: [*self.secondary, *self.top_stories]}
        slots.update((block_slot(section.pk), stories) for section, stories in self.section_blocks)
        return slots


def fill(pinned, candidates, size, shown):
    """A slot: its ``pinned`` stories, then the first ``candidates`` not ``shown`` yet (which it adds
    to ``shown``), ``size`` in all."""
    stories = pinned[:size]
    for story in candidates:
        if len(stories) >= size:
            break
        if story.pk not in shown:
            stories.append(story)
            shown.add(story.pk)
    return stories


def front_page(sections, now=None, version_id=None):
    """The home page's stories: the version of its front readers see at ``now``, or the version
    ``version_id`` (a staff preview)."""
    now = now or timezone.now()
    recent_cutoff = now - TOP_STORY_WINDOW
    top_sections = sections.top_level
    families = [sorted(sections.family_ids(section)) for section in top_sections]
    pins = FrontPins(at=now, version_id=version_id)
    ids_sql, ids_params = front_sql(families, recent_cutoff, now, pins)
    columns, joins, join_params = pins.card_sql()
    stories = story_cards(
        cards_sql(ids_sql, columns, joins),
        [*join_params, *published_params(now), *ids_params],
        sections,
        extra_names=PIN_COLUMNS,
    )
    stories.sort(key=newest_first_key, reverse=True)

    blocks = [(section, block_slot(section.pk)) for section in top_sections]
    pinned = pinned_in_slots(stories, [LEAD, TOP, *(slot for _, slot in blocks)])
    # Pinned stories hold their places first, so the automatic fill never repeats one.
    shown = {story.pk for slot in pinned.values() for story in slot}
    recent = [story for story in stories if story.publish_at >= recent_cutoff]
    by_priority = sorted(recent, key=lambda story: story.priority, reverse=True)  # stable: newest first
    by_priority += [story for story in stories if story.publish_at < recent_cutoff]
    lead = fill(pinned[LEAD], by_priority, LEAD_STORIES, shown)
    top = fill(pinned[TOP], by_priority, HOME_TOP_STORIES, shown)
    # The latest column is the paper's running order, not a slot: the newest stories but those leading
    # the page (a story may be in it and in its section's block, as before fronts).
    above = {story.pk for story in [*lead, *top]}
    latest = [story for story in stories if story.pk not in above][:LATEST_COLUMN_SIZE]
    section_blocks = []
    for section, slot in blocks:
        family = sections.family_ids(section)
        in_section = [story for story in stories if story.section_id in family]
        block = fill(pinned[slot], in_section, SECTION_BLOCK_SIZE, shown)
        if block:
            section_blocks.append((section, block))
    if lead:
        bylines = StoryAuthor.objects.select_related("author").order_by("position")
        prefetch_related_objects(lead, Prefetch("bylines", queryset=bylines))
    return FrontPage(
        lead=lead[0] if lead else None,
        secondary=top[:SECONDARY_STORIES],
        top_stories=top[SECONDARY_STORIES:],
        section_blocks=section_blocks,
        latest=latest,
    )


NEWEST = f"ORDER BY {STORY}.publish_at DESC, {STORY}.id DESC"


def front_sql(families, recent_cutoff, now, pins):
    """The ids of the front's stories and their parameters: the pinned ones (``pins``: a
    ``FrontPins``), the top stories by priority, the newest, and the newest of each top-level
    section's family (``families``: lists of section ids). Plain SQL, each block a short index walk
    with its own LIMIT: built with the ORM, the fourteen blocks of a twelve-section front took 20 ms
    to make and compile, and milliseconds to run.

    Each walk reads enough for its slots after those shown before it: pinned stories may take places
    too, so the walks by priority and per section read a slot's worth more."""
    published = published_params(now)
    blocks = [
        pins.ids_sql(),
        (
            f"SELECT id FROM {STORY} WHERE {PUBLISHED} AND {STORY}.publish_at >= %s"
            f" ORDER BY {STORY}.priority DESC, {STORY}.publish_at DESC, {STORY}.id DESC"
            f" LIMIT {2 * TOP_STORIES}",
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
                f" {NEWEST} LIMIT {2 * SECTION_BLOCK_SIZE + TOP_STORIES}",
                [*published, *family],
            )
        )
    # Each limited block wrapped one level down, as SQLite wants in a compound select.
    sql = " UNION ALL ".join(f"SELECT id FROM ({block}) AS block_{n}" for n, (block, _) in enumerate(blocks))
    return sql, [value for _, params in blocks for value in params]
