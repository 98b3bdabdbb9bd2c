"""The blocks around a story on its page ("More headlines", "Related", the next story), rendered
once and kept in the cache in two parts, each under a key made of what it shows.

Why: after another story's publication every story page's cached copy moves on within the refresh
time (its "More headlines" may list the new story: ``reader.cache``), and a page made again spent
about 40 % of its time on these blocks: one query, fifteen cards built and rendered (2.7 of 6.7 ms
in-process on the bench archive; ``python -m bench --only load`` for the served figure). Yet a new
story changes the related stories and the next story only of the pages of its own section and tags,
and "More headlines" is the same for every story of a section. So:

- a story's **own blocks** (related stories, the next story in its section) are kept under the
  listing counter of its top-level section and the ``edits`` generation (every change but a new
  story's publication: an edit or a withdrawal may take any story out of any block), and with the
  story's ``updated_at`` (its tags and section) and the listing counters of the tags it finds
  related stories by, both compared when read (its tags come with its own part, read in the same
  round trip; the keys are ``kept_story``'s);
- **"More headlines"** (and the newest story of the rest of the site, the next story after a
  section's oldest) is kept once per top-level section, under the ``listings`` generation, which
  every change moves on.

What is missing is made from one query (``story_queries.around_story``), and only that: a first
visit to a story finds its section's headlines kept, and after a publication elsewhere a page finds
its own blocks kept (measured in-process on the bench archive: a first visit took 7.4 ms when it
made both parts again). Neither is kept longer than the page cache keeps pages, nor past the moment
a card's picture may no longer be shown; a desk preview makes them afresh and keeps nothing.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..frontend_cache import page_shows_stories
from .cache import current_generations
from .kept_story import saved_at
from .story_queries import MAX_RELATED_TAGS, around_story


@dataclass(frozen=True)
class OwnBlocks:
    """A story's "Related" block and its link to the next story in its section ("" for none: the
    section's oldest story leads on to the newest of the rest of the site, kept with the headlines)."""

    related: str
    next_story: str
    story_ids: tuple  # the stories shown, for the caches in front (``frontend_cache``)
    tag_counters: tuple  # of the story's tags when made (:func:`tag_counters`)
    made_from: float | None  # when the story's row was saved (``kept_story.saved_at``)


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


def tag_counters(tag_slugs):
    """The listing counters of the tags a story finds related stories by: kept with its own blocks
    and compared when they are read, as the tags are known only from the story's own part, which is
    read in the same round trip (``kept_story``)."""
    generations = current_generations()
    return tuple(generations.scope_counter(("tag", slug)) for slug in tag_slugs[:MAX_RELATED_TAGS])


def blocks_around(story, part, sections, now, kept):
    """The rendered blocks around ``story`` (published, its section from ``sections``; ``part``: its
    own part), from ``kept`` (``kept_story.KeptStory``): its own blocks when made from the story's
    row as it is and its tags have had no new story since, the headlines when there. What is not
    kept is made (only that: a first visit to a story finds its section's headlines kept) and
    kept."""
    own, headlines = kept.get("own_blocks"), kept.get("headlines")
    counters = tag_counters(part.tag_slugs)
    if own is not None and (own.tag_counters != counters or own.made_from != saved_at(story)):
        own = None
    if own is None or headlines is None:
        made_own, made_headlines = render_blocks(
            story, part.tag_ids, sections, now, counters, own=own is None, headlines=headlines is None
        )
        for name, (made, expires_at) in (("own_blocks", made_own), ("headlines", made_headlines)):
            if made is not None:
                kept.keep(name, made, until=expires_at, now=now)
        own = own or made_own[0]
        headlines = headlines or made_headlines[0]
    page_shows_stories((*own.story_ids, *headlines.story_ids))
    return _joined(own, headlines)


def render_blocks(story, tag_ids, sections, now, counters=(), *, own=True, headlines=True):
    """The story's :class:`OwnBlocks` and its section's :class:`Headlines`, each as (the block or
    None when not asked for, when the first of its pictures stops being showable or None), made
    from one query."""
    around = around_story(story, tag_ids, sections, now=now, own=own, headlines=headlines)
    made_own = made_headlines = (None, None)
    if own:
        # The section's oldest story leads on to the newest of the rest of the site: that link goes
        # with the headlines it is taken from.
        own_next = around.next_story
        if own_next is not None and own_next.section_id != story.section_id:
            own_next = None
        made_own = (
            OwnBlocks(
                related=str(render_to_string("articles/_related_stories.html", {"related": around.related})),
                next_story=_next_story(own_next),
                story_ids=tuple(card.pk for card in (*around.related, own_next) if card is not None),
                tag_counters=counters,
                made_from=saved_at(story),
            ),
            _first_expiry(around.related, now),
        )
    if headlines:
        cards = around.more_headlines
        made_headlines = (
            Headlines(
                more_headlines=str(
                    render_to_string("articles/_more_headlines.html", {"more_headlines": cards})
                ),
                next_story=_next_story(cards[0] if cards else None),  # the newest story elsewhere
                story_ids=tuple(card.pk for card in cards),
            ),
            _first_expiry(cards, now),
        )
    return made_own, made_headlines


def _first_expiry(cards, now):
    """When the first of the cards' pictures stops being showable (None: none of them does)."""
    expiries = [
        card.lead_photo.expires_at
        for card in cards
        if card.lead_photo_id and card.lead_photo.expires_at and card.lead_photo.expires_at > now
    ]
    return min(expiries, default=None)


def fresh_blocks(story, tag_ids, sections, now):
    """The blocks around ``story`` made now and kept nowhere (a desk preview, any status)."""
    (own, _), (headlines, _) = render_blocks(story, tag_ids, sections, now)
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
