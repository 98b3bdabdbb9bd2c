"""The home page: lead and top stories by priority, a block per top-level section and a latest
column, in one query for the stories and one for their bylines."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from ..models import Story
from .blocks import first_ids, in_any_block, newest_first_key

TOP_STORIES = 5
TOP_STORY_WINDOW = timedelta(days=3)
SECTION_BLOCK_SIZE = 4
LATEST_COLUMN_SIZE = 8


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
