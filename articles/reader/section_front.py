"""A section's page: on its first page the section's front, a lead and top stories (pinned by editors
first, then the section's newest), above the list of the rest; deeper pages are the plain listing.

Three queries whatever the front holds, as on deeper pages: the sections, the listing's ids (one more
page's worth for the front's places), and one statement for the cards of those and of the pinned
stories (``reader.front_pins``: a pinned story readers may not see is left out there, in SQL).
"""

from dataclasses import dataclass

from django.utils import timezone

from ..models.fronts import LEAD, LEAD_STORIES, SECTION_TOP_STORIES, TOP
from .front import fill
from .front_pins import PIN_COLUMNS, FrontPins, pinned_in_slots
from .listings import PAGE_SIZE, ListingPage, listing_page, positive_int
from .section_listing import SectionListing
from .story_rows import STORY, cards_sql, published_params, story_cards

FRONT_PLACES = LEAD_STORIES + SECTION_TOP_STORIES


@dataclass
class SectionFront:
    lead: object  # a story card, or None
    top_stories: list

    def slot_stories(self):
        """What each slot shows, by slot key (the desk's front editor labels each pinned or not)."""
        return {LEAD: [self.lead] if self.lead else [], TOP: self.top_stories}


def section_page_content(section, sections, params, now=None, version_id=None):
    """(the section's front or None, the page of its listing) for the query ``params``: the front on
    the first page only. ``version_id``: the front's version to show (a staff preview) instead of the
    one readers see."""
    now = now or timezone.now()
    listing = SectionListing.of(section, sections, at=now)
    first_page = (positive_int(params.get("page")) or 1) == 1
    if not first_page or params.get("before") or params.get("after"):
        return None, listing_page(listing, params, sections, front_places=FRONT_PLACES)

    # Enough for the page after the front's places (the stories there are left out of the list), and
    # one more to know whether there are older stories.
    ids = listing.page_ids(limit=PAGE_SIZE + 1 + FRONT_PLACES)
    pins = FrontPins(at=now, section_id=section.pk, version_id=version_id)
    ids_sql, ids_params = pins.ids_sql()
    if ids:
        ids_sql += f" UNION ALL SELECT id FROM {STORY} WHERE id IN ({', '.join(['%s'] * len(ids))})"
    columns, joins, join_params = pins.card_sql()
    cards = story_cards(
        cards_sql(ids_sql, columns, joins),
        [*join_params, *published_params(now), *ids_params, *ids],
        sections,
        extra_names=PIN_COLUMNS,
    )
    by_id = {card.pk: card for card in cards}
    listed = [by_id[pk] for pk in ids if pk in by_id]
    pinned = pinned_in_slots(cards, [LEAD, TOP])
    shown = {card.pk for slot in pinned.values() for card in slot}
    lead = fill(pinned[LEAD], listed, LEAD_STORIES, shown)
    top = fill(pinned[TOP], listed, SECTION_TOP_STORIES, shown)
    rest = [card for card in listed if card.pk not in shown]
    page = ListingPage(stories=rest[:PAGE_SIZE], number=1)
    if len(rest) > PAGE_SIZE:
        page.older_query = f"?page=2&before={page.stories[-1].pk}"
    return SectionFront(lead=lead[0] if lead else None, top_stories=top), page
