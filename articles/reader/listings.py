"""One page of a listing (section, tag, author, feed), newest first, found by a cursor."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from taggit.models import Tag

from ..models import Story
from .story_rows import cards_sql, published_params, story_cards

PAGE_SIZE = 20
# Without a cursor a page is found by OFFSET, which grows with the page number; links always carry
# a cursor, so only hand-typed addresses take that path, and only this deep.
MAX_PAGE_WITHOUT_CURSOR = 10
# The query parameters a listing page reads: the page cache keys listings by these alone.
LISTING_PARAMS = ("page", "before", "after")


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


# A listing's order, newest first: the fields holding each story's time and id. Tag listings read
# both from the tag's rows (``tag_listing``), so that their index does the ordering.
STORY_ORDER = ("publish_at", "pk")
TAG_ORDER = ("tagged_at", "tagged_story_id")


def _older_than(anchor_pk, order):
    # The first condition says nothing the others do not, but it is the one an index can start
    # from: without it PostgreSQL walked from the newest story down to the anchor (page 50 of a
    # section read 12,000 index entries).
    time, ident = order
    # Only an anchor readers may see (section_listing.ANCHOR_TIME says why).
    anchor = Story.objects.published().filter(pk=anchor_pk).values("publish_at")[:1]
    return Q(**{f"{time}__lte": anchor}) & (
        Q(**{f"{time}__lt": anchor}) | Q(**{time: anchor, f"{ident}__lt": anchor_pk})
    )


def _newer_than(anchor_pk, order):
    time, ident = order
    anchor = Story.objects.published().filter(pk=anchor_pk).values("publish_at")[:1]
    return Q(**{f"{time}__gte": anchor}) & (
        Q(**{f"{time}__gt": anchor}) | Q(**{time: anchor, f"{ident}__gt": anchor_pk})
    )


def newest_first(queryset, order=STORY_ORDER):
    time, ident = order
    return queryset.order_by(f"-{time}", f"-{ident}")


def listing_page(queryset, params, sections, per_page=PAGE_SIZE, order=STORY_ORDER, front_places=0):
    """A page of ``queryset`` (published stories, or a listing with ``page_ids()`` such as
    ``section_listing.SectionListing``) chosen by ``?page=``, ``?before=`` or ``?after=``, as story
    cards (``story_rows.story_cards``: what a card shows, with ``sections``).

    Links carry a cursor, the id of the last (or first) story of the page before, so any page is
    an index range scan from that story: page 500 costs what page 2 costs. A page past the end, or
    a page number that does not parse, is a 404. ``order`` names the fields that sort the listing
    newest first (``STORY_ORDER``, or ``TAG_ORDER`` from ``tag_listing``). ``front_places``: the first
    page shows that many stories more (a section's front above its list), so a page found by its
    number starts that much further down. Two queries: the page's ids in the listing's order, then
    their cards.
    """
    number = positive_int(params.get("page")) or 1
    before, after = positive_int(params.get("before")), positive_int(params.get("after"))
    if after:
        rows = page_ids(queryset, order, limit=per_page + 1, after=after)
        has_newer, has_older = len(rows) > per_page, True
        stories = rows[:per_page][::-1]
    elif before:
        rows = page_ids(queryset, order, limit=per_page + 1, before=before)
        has_newer, has_older = True, len(rows) > per_page
        stories = rows[:per_page]
        number = max(number, 2)
    else:
        if number > MAX_PAGE_WITHOUT_CURSOR:
            raise Http404("Follow the “Older stories” links to reach pages this deep.")
        offset = (number - 1) * per_page + (front_places if number > 1 else 0)
        rows = page_ids(queryset, order, limit=per_page + 1, offset=offset)
        has_newer, has_older = number > 1, len(rows) > per_page
        stories = rows[:per_page]
    if not stories and (number > 1 or before or after):
        raise Http404("No such page.")
    stories = cards_in_order(stories, sections)
    if after and not has_newer:
        number = 1
    page = ListingPage(stories=stories, number=number)
    if has_older and stories:
        page.older_query = f"?page={number + 1}&before={stories[-1].pk}"
    if has_newer and stories:
        page.newer_query = "?page=1" if number <= 2 else f"?page={number - 1}&after={stories[0].pk}"
    return page


def page_ids(listing, order, *, limit, offset=0, before=None, after=None):
    """The ids of a page of ``listing`` (a queryset of published stories in ``order``, or anything
    with the same ``page_ids()``): newest first, or oldest first past ``after`` (one query)."""
    if not isinstance(listing, QuerySet):
        return listing.page_ids(limit=limit, offset=offset, before=before, after=after)
    ordered = newest_first(listing, order).values_list("pk", flat=True)
    if after:
        return list(ordered.filter(_newer_than(after, order)).order_by(*order)[:limit])
    if before:
        return list(ordered.filter(_older_than(before, order))[:limit])
    return list(ordered[offset : offset + limit])


def cards_in_order(ids, sections):
    """The story cards of ``ids``, in that order (one query; none for no ids)."""
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    cards = story_cards(cards_sql(marks), [*published_params(timezone.now()), *ids], sections)
    by_id = {card.pk: card for card in cards}
    return [by_id[pk] for pk in ids if pk in by_id]


def public_tag(slug):
    """The tag at ``slug`` when a published story carries it; a tag only drafts or scheduled stories
    use is not there for readers (its name would leak what is coming)."""
    on_published = Story.objects.published().filter(tags=OuterRef("pk"))
    return get_object_or_404(Tag.objects.filter(Exists(on_published)), slug=slug)


def tag_listing(tag, at=None):
    """A tag's published stories, and the ``order`` that lists them newest first.

    Through the tag's rows (``TaggedStory``), which carry their story's time: a walk down their
    (tag, publish_at, story) index that stops after one page, however many stories carry the tag,
    on every database. The row's time and story are annotated, so that the conditions a page adds
    later (``filter()`` calls of their own) use this join instead of making a second one.
    """
    tagged = Story.objects.published(at=at).filter(tagged_items__tag_id=tag.pk)
    return (
        tagged.annotate(
            tagged_at=F("tagged_items__publish_at"), tagged_story_id=F("tagged_items__content_object_id")
        ),
        TAG_ORDER,
    )
