"""Which stories the API answers with, read in a fixed number of queries.

The list holds what ``Story.objects.published()`` gives, newest first. With ``updated_since`` it
holds what changed since then, and that includes the stories readers can no longer see but once
could (withdrawn, killed by the agency, embargoed again): those answer as ``canceled`` items, so a
partner that syncs by ``updated_since`` takes them down. A story that was never out is never named.

"Changed" is when what partners get last changed: a save (``updated_at``), a change of a photo it
shows (the photo's ``updated_at``), or the moment it came out by the clock alone (its publication
time or its embargo's end, when those are past).

One page is one query for the stories (with their section, agency and lead photo) and one each for
bylines, tags, further photos and corrections, whatever the page holds; a key limited to some
sections and a ``section`` filter add one query each (``access.readable_sections``,
:func:`section_family`).
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime

from ..models import Correction, Section, Story, StoryAuthor, StoryPhoto, StorySection, TaggedStory
from ..reader.search import SEARCH_CONFIG, clean_query
from .errors import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
LIST_PARAMS = ("section", "tag", "updated_since", "q", "cursor", "limit", "version")


@dataclass
class ItemFilters:
    section_ids: frozenset | None = None
    section_path: str = ""
    tag: str = ""
    updated_since: datetime | None = None
    query: str = ""
    cursor: tuple | None = None  # (time, id) of the last item of the page before
    limit: int = DEFAULT_LIMIT


def item_filters(params, caller):
    """The list's filters from the query string ``params``; :class:`ApiError` (400, or 403 for a
    section the caller's key does not cover) when one cannot be used."""
    unknown = sorted(set(params) - set(LIST_PARAMS))
    if unknown:
        raise ApiError(400, "unknown_parameter", f"Unknown parameter: {', '.join(unknown)}.")
    filters = ItemFilters(limit=limit_of(params.get("limit")))
    path = params.get("section", "").strip().strip("/")
    if path:
        filters.section_ids = section_family(path)
        filters.section_path = path
        if not caller.covers(filters.section_ids):
            raise ApiError(403, "section_not_covered", f"This key does not cover the section “{path}”.")
    filters.tag = params.get("tag", "").strip()[:100]
    if params.get("updated_since"):
        filters.updated_since = moment_of(params["updated_since"])
    filters.query = clean_query(params.get("q", ""))[0]
    if params.get("cursor"):
        filters.cursor = decode_cursor(params["cursor"])
    return filters


def limit_of(value):
    if value in (None, ""):
        return DEFAULT_LIMIT
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_LIMIT:
        raise ApiError(400, "bad_limit", f"limit is a whole number from 1 to {MAX_LIMIT}.")
    return int(value)


def moment_of(value):
    """An aware time from an RFC 3339 / ISO 8601 value ("2026-03-31T18:45:00Z")."""
    try:
        moment = parse_datetime(value.strip().replace(" ", "+"))
        # In UTC, as the database compares it: 0001-01-01T00:00+14:00 has no UTC time (it was a 500).
        moment = moment.astimezone(UTC) if moment is not None and moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ApiError(
            400, "bad_time", "updated_since is a date and time with its zone, e.g. 2026-03-31T18:45:00Z."
        )
    return moment


def section_family(path):
    """The section at ``path`` with its subsections (one query); 400 when there is none."""
    ids = frozenset(
        Section.objects.filter(Q(path=path) | Q(path__startswith=f"{path}/")).values_list("pk", flat=True)
    )
    if not ids:
        raise ApiError(400, "unknown_section", f"There is no section “{path}”.")
    return ids


def encode_cursor(moment, pk):
    micros = round(moment.timestamp() * 1_000_000)
    return base64.urlsafe_b64encode(f"{micros}:{pk}".encode()).decode().rstrip("=")


def decode_cursor(value):
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
        micros, pk = (int(part) for part in raw.split(":"))
        return datetime.fromtimestamp(micros / 1_000_000, UTC), pk
    except (ValueError, UnicodeDecodeError, binascii.Error, OverflowError, OSError):
        raise ApiError(
            400, "bad_cursor", "This cursor is not one the API gave; start again without it."
        ) from None


def in_sections(section_ids):
    """Stories filed in, or also listed in, any of ``section_ids``."""
    listed = StorySection.objects.filter(section_id__in=section_ids).values("story_id")
    return Q(section_id__in=section_ids) | Q(pk__in=listed)


def changed_since(moment, at):
    with_changed_photos = StoryPhoto.objects.filter(photo__updated_at__gt=moment).values("story_id")
    return (
        Q(updated_at__gt=moment)
        | Q(lead_photo__updated_at__gt=moment)
        | Q(pk__in=with_changed_photos)
        | Q(publish_at__gt=moment, publish_at__lte=at)
        | Q(embargo_until__gt=moment, embargo_until__lte=at)
    )


def matching(query):
    """Stories whose words match ``query``: full-text search on PostgreSQL, every word somewhere in
    the headline, standfirst or body elsewhere (as the site's search does)."""
    if connection.vendor == "postgresql":
        return Q(search_vector=SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG))
    condition = Q()
    for term in query.split(" "):
        condition &= Q(headline__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term)
    return condition


def with_relations(stories):
    """What an item shows besides the story row, in a fixed number of queries."""
    return stories.select_related("section", "agency", "lead_photo", "lead_photo__agency").prefetch_related(
        Prefetch("bylines", queryset=StoryAuthor.objects.select_related("author").order_by("position", "pk")),
        Prefetch("tagged_items", queryset=TaggedStory.objects.select_related("tag").order_by("pk")),
        Prefetch(
            "story_photos",
            queryset=StoryPhoto.objects.select_related("photo", "photo__agency").order_by("position", "pk"),
        ),
        Prefetch("corrections", queryset=Correction.objects.order_by("created_at", "pk")),
    )


def item_page(caller, filters, at):
    """``(stories, next_cursor)``: one page of the list, newest first; ``next_cursor`` is None on
    the last page."""
    published = Story.objects.published(at=at)
    if filters.updated_since is None:
        stories = published.annotate(listed_at=F("publish_at"))
    else:
        once_out = Q(pk__in=published.values("pk")) | Q(first_published_at__isnull=False)
        stories = Story.objects.filter(once_out, changed_since(filters.updated_since, at)).annotate(
            listed_at=Coalesce("publish_at", "first_published_at", "created_at")
        )
    if caller.section_ids is not None:
        stories = stories.filter(in_sections(caller.section_ids))
    if filters.section_ids is not None:
        stories = stories.filter(in_sections(filters.section_ids))
    if filters.tag:
        stories = stories.filter(tagged_items__tag__slug=filters.tag)
    if filters.query:
        stories = stories.filter(matching(filters.query))
    if filters.cursor is not None:
        moment, pk = filters.cursor
        # The first condition says nothing the others do not; it is the one an index starts from.
        stories = stories.filter(
            Q(listed_at__lte=moment), Q(listed_at__lt=moment) | Q(listed_at=moment, pk__lt=pk)
        )
    rows = list(
        with_relations(stories.defer("search_vector")).order_by("-listed_at", "-pk")[: filters.limit + 1]
    )
    page, more = rows[: filters.limit], len(rows) > filters.limit
    next_cursor = encode_cursor(page[-1].listed_at, page[-1].pk) if more and page else None
    return page, next_cursor


def item_story(caller, story_id):
    """The story ``story_id`` as an item shows it, if the caller may read it and it is or was out
    (``is_published`` then says which), else None."""
    stories = Story.objects.filter(pk=story_id)
    if caller.section_ids is not None:
        stories = stories.filter(in_sections(caller.section_ids))
    story = with_relations(stories.defer("search_vector")).first()
    if story is None or not (story.is_published or story.first_published_at):
        return None
    return story
