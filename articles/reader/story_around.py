"""The blocks around a story on its page ("More headlines", "Related", the next story), rendered
once and kept in the cache in two parts, each under a key made of what it shows.

Why: after another story's publication every story page's cached copy moves on within the refresh
time (its "More headlines" may list the new story: ``reader.cache``), and a page made again spent
about 40 % of its time on these blocks: one query, fifteen cards built and rendered (2.7 of 6.7 ms
in-process on the bench archive; ``python -m bench --only load`` for the served figure). Yet a new
story changes the related stories and the next story only of the pages of its own section and tags,
and "More headlines" is the same for every story of a section. So:

- a story's **own blocks** (related stories, the next story in its section) are kept under its row
  (``updated_at``: its tags and section), the listing counters of its top-level section and of the
  tags it finds related stories by, and the ``edits`` generation (every change but a new story's
  publication: an edit or a withdrawal may take any story out of any block);
- **"More headlines"** (and the newest story of the rest of the site, the next story after a
  section's oldest) is kept once per top-level section, under the ``listings`` generation, which
  every change moves on.

When either part is missing both are made again from the one query (``story_queries.around_story``).
Neither is kept longer than the page cache keeps pages, nor past the moment a card's picture may no
longer be shown; a desk preview makes them afresh and keeps nothing.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..frontend_cache import page_shows_stories
from .cache import current_generations, guarded_cache, page_seconds
from .story_queries import MAX_RELATED_TAGS, around_story


@dataclass(frozen=True)
class OwnBlocks:
    """A story's "Related" block and its link to the next story in its section ("" for none: the
    section's oldest story leads on to the newest of the rest of the site, kept with the headlines)."""

    related: str
    next_story: str
    story_ids: tuple  # the stories shown, for the caches in front (``frontend_cache``)


@dataclass(frozen=True)
class Headlines:
    """A top-level section's "More headlines" block, and the link to the newest story outside it."""

    more_headlines: str
    next_story: str
    story_ids: tuple


@dataclass(frozen=True)
class AroundBlocks:
    more_headlines: str
    related: str
    next_story: str


def top_section_path(story):
    return story.section.path.split("/")[0]


def own_blocks_key(story, tag_slugs, generations, version):
    counters = [generations.scope_counter(("section", top_section_path(story)))]
    counters += [generations.scope_counter(("tag", slug)) for slug in tag_slugs[:MAX_RELATED_TAGS]]
    return (
        f"story-around:{version}:{story.pk}:{story.updated_at.timestamp()}:{generations.edits}:"
        + ".".join(map(str, counters))
    )


def headlines_key(story, generations, version):
    top_section = story.section.parent_id or story.section_id
    return f"more-headlines:{version}:{top_section}:{generations.listings}"


def blocks_around(story, tag_ids, tag_slugs, sections, now, version):
    """The rendered blocks around ``story`` (published, its section from ``sections``), from the cache
    when both parts are there; ``tag_ids`` and ``tag_slugs`` are its tags', in the same order."""
    generations = current_generations()
    own_key = own_blocks_key(story, tag_slugs, generations, version)
    shared_key = headlines_key(story, generations, version)
    kept = guarded_cache.get_many([own_key, shared_key])
    own, headlines = kept.get(own_key), kept.get(shared_key)
    if own is None or headlines is None:
        own, headlines, expires_at = render_blocks(story, tag_ids, sections, now)
        seconds = page_seconds()
        if expires_at is not None:
            seconds = min(seconds, int((expires_at - now).total_seconds()))
        if seconds > 0:
            guarded_cache.set_many({own_key: own, shared_key: headlines}, seconds)
    page_shows_stories((*own.story_ids, *headlines.story_ids))
    return _joined(own, headlines)


def render_blocks(story, tag_ids, sections, now):
    """(:class:`OwnBlocks`, :class:`Headlines`, when the first of their pictures stops being
    showable or None), made from one query."""
    around = around_story(story, tag_ids, sections, now=now)
    # The section's oldest story leads on to the newest of the rest of the site: that link goes with
    # the headlines it is taken from.
    own_next = around.next_story
    if own_next is not None and own_next.section_id != story.section_id:
        own_next = None
    own = OwnBlocks(
        related=str(render_to_string("articles/_related_stories.html", {"related": around.related})),
        next_story=_next_story(own_next),
        story_ids=tuple(card.pk for card in (*around.related, own_next) if card is not None),
    )
    newest_elsewhere = around.more_headlines[0] if around.more_headlines else None
    headlines = Headlines(
        more_headlines=str(
            render_to_string("articles/_more_headlines.html", {"more_headlines": around.more_headlines})
        ),
        next_story=_next_story(newest_elsewhere),
        story_ids=tuple(card.pk for card in around.more_headlines),
    )
    cards = (*around.related, *around.more_headlines)
    expiries = [
        card.lead_photo.expires_at
        for card in cards
        if card.lead_photo_id and card.lead_photo.expires_at and card.lead_photo.expires_at > now
    ]
    return own, headlines, min(expiries, default=None)


def fresh_blocks(story, tag_ids, sections, now):
    """The blocks around ``story`` made now and kept nowhere (a desk preview, any status)."""
    own, headlines, _expires_at = render_blocks(story, tag_ids, sections, now)
    return _joined(own, headlines)


def _joined(own, headlines):
    # Our templates' output, from sanitized fields (kept as plain strings).
    return AroundBlocks(
        more_headlines=mark_safe(headlines.more_headlines),
        related=mark_safe(own.related),
        next_story=mark_safe(own.next_story or headlines.next_story),
    )


def _next_story(story):
    return str(render_to_string("articles/_next_story.html", {"next_story": story})) if story else ""
