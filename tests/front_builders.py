"""Builders for curated fronts: a front with stories pinned to its slots, published (or left a draft)
through the services, as the desk does it."""

from datetime import timedelta

from django.utils import timezone

from articles.models.fronts import LEAD, TOP, block_slot
from articles.reader.sections import SiteSections, all_sections
from articles.services import fronts
from tests.builders import make_story

__all__ = ["LEAD", "TOP", "arrange", "block_slot", "published_stories", "top_sections"]


def published_stories(section, count, headline="Harbour story {n}"):
    """``count`` stories published in ``section``, story n ``n`` hours ago (the newest first)."""
    now = timezone.now()
    return [
        make_story(section=section, headline=headline.format(n=n), publish_at=now - timedelta(hours=n))
        for n in range(1, count + 1)
    ]


def top_sections():
    return SiteSections(all_sections()).top_level


def arrange(section=None, pins=(), *, publish=True, by=None):
    """The front of ``section`` (None: the home page) with ``pins`` in its draft, in order: each
    ``(slot, story)`` or ``(slot, story, expires_at)``; published now unless ``publish`` is False."""
    front = fronts.front_of(section)
    for slot, story, *expiry in pins:
        fronts.pin_story(
            front,
            story,
            slot=slot,
            by=by,
            expires_at=expiry[0] if expiry else None,
            top_sections=top_sections(),
        )
    if publish:
        fronts.publish_draft(front, by=by)
    return front
