"""Searching published stories.

On PostgreSQL: full-text search over ``Story.search_vector``, a stored vector weighting the headline
(A) above the standfirst (B) and the body (C), kept current by a database trigger and served by a GIN
index (migration 0007). Ranking is bounded: the index finds the matches, and ``SearchRank`` orders
only the newest ``RANKED_MATCHES`` of them, so a common word costs the same in an archive of 200,000
stories as in one of 1,000 (a reader paging through ten pages of results sees 200 of them). The
highlighted snippets (``SearchHeadline``) are made for the shown page alone and mark whole words (the
stems the search matched). Readers may order the results by relevance (the default) or newest first,
and are told how many there are (one more query: counting the same bounded matches, so "more than
200" is as far as it counts). On SQLite, which has no such thing, a plain fallback with the same
interface: every word must appear somewhere, headline matches first, newest first among equals, and
the whole word a term was found in highlighted.

Whatever a reader types is cut to a sensible size first, so an empty or a 100 KB query is answered
at once, and politely.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..frontend_cache import page_shows_stories
from ..models import Story
from .structured_data import plain_text

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
PER_PAGE = 20
MAX_PAGES = 10
SNIPPET_WORDS = 32
# How many of the newest matches are ranked: every result page a reader can reach (MAX_PAGES *
# PER_PAGE), few enough that ranking stays cheap however common the words are.
RANKED_MATCHES = MAX_PAGES * PER_PAGE
# Matches are looked for in the last month first, then the last year, then the rest of the archive,
# stopping as soon as there are RANKED_MATCHES: a newsroom publishes at a steady rate, so a recent
# window holds about as many stories whether the archive is one year deep or twenty.
SEARCH_WINDOWS = (timedelta(days=30), timedelta(days=365))
# Snippets come from the body's opening characters: ts_headline parses all the text it is given
# (about 1 ms for a 6 KB story, most of a search page's time), and a news story says what matters
# first. A match further down shows the opening words without a highlight.
SNIPPET_SOURCE_CHARACTERS = 2000
# Highlight markers PostgreSQL puts around matches; swapped for <mark> after escaping the text.
MARK_START, MARK_STOP = "\ue000", "\ue001"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")


ORDERS = ("relevance", "newest")
_WORD = re.compile(r"\w+")


@dataclass
class SearchResults:
    query: str = ""
    stories: list = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    shortened: bool = False
    order: str = "relevance"
    count: int = 0
    # True when there are more matches than are counted (RANKED_MATCHES): "more than 200 results".
    more_than_counted: bool = False

    @property
    def notice(self):
        if not self.query:
            return _("Type a word or two to search the stories we have published.")
        if not self.stories:
            return _("No published story matches your search.")
        return ""


def clean_query(raw):
    """The query as we will search for it, and whether it had to be shortened."""
    text = unicodedata.normalize("NFKC", str(raw or "")[: MAX_QUERY_LENGTH * 4])
    text = " ".join(_CONTROL_CHARACTERS.sub(" ", text).split())
    words = text.split(" ")
    shortened = len(str(raw or "")) > MAX_QUERY_LENGTH * 4 or len(words) > MAX_TERMS
    text = " ".join(words[:MAX_TERMS])
    if len(text) > MAX_QUERY_LENGTH:
        text, shortened = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH], True
    return text, shortened


def search_stories(raw_query, page=1, order="relevance"):
    """Published stories matching ``raw_query``, best first (or newest first, ``order="newest"``),
    each with a ``search_snippet``, and how many there are."""
    query, shortened = clean_query(raw_query)
    order = order if order in ORDERS else "relevance"
    results = SearchResults(query=query, page=page, shortened=shortened, order=order)
    if not query:
        return results
    offset = (page - 1) * PER_PAGE
    if connection.vendor == "postgresql":
        rows = _postgresql_page(query, offset, PER_PAGE + 1, newest=order == "newest")
        counted = _postgresql_matches(query, limit=RANKED_MATCHES + 1).count()
    else:
        matches = _fallback_matches(query)
        if order == "newest":
            matches = matches.order_by("-publish_at", "-pk")
        rows = list(matches.for_listing()[offset : offset + PER_PAGE + 1])
        counted = matches.count()
    results.count = min(counted, RANKED_MATCHES)
    results.more_than_counted = counted > RANKED_MATCHES
    results.has_next = len(rows) > PER_PAGE and page < MAX_PAGES
    results.stories = rows[:PER_PAGE]
    page_shows_stories(story.pk for story in results.stories)
    for story in results.stories:
        if connection.vendor == "postgresql":
            story.search_snippet = _marked(" ".join(html.unescape(story.snippet_text or "").split()))
        else:
            story.search_snippet = _fallback_snippet(story, query)
    return results


def _search_query(query):
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _postgresql_matches(query, at=None, limit=None):
    """The newest ``RANKED_MATCHES`` published stories matching ``query``, recent windows first.

    The GIN index alone would hand over every match in the archive (a common word: 6 % of 200,000
    stories, each visited in the table to find the newest). Each window instead combines the GIN
    index with the publish_at index, so only that window's matches are visited; the windows are
    joined with UNION ALL under one LIMIT, and PostgreSQL stops once the earlier windows have given
    enough (older windows are never executed). The windows do not overlap and each is taken newest
    first, so the result is the same as one scan for the newest matches, at a bounded cost.
    """
    at = at or timezone.now()
    limit = limit or RANKED_MATCHES
    matching = Story.objects.published(at=at).filter(search_vector=_search_query(query))
    newest_first = ("-publish_at", "-pk")
    windows, newer_bound = [], None
    for age in (*SEARCH_WINDOWS, None):
        window = matching if newer_bound is None else matching.filter(publish_at__lt=newer_bound)
        if age is not None:
            window = window.filter(publish_at__gte=at - age)
            newer_bound = at - age
        windows.append(window.order_by(*newest_first).values("pk")[:limit])
    return windows[0].union(*windows[1:], all=True)[:limit]


def _ranked(queryset, search_query, *, newest=False):
    ranked = queryset.annotate(rank=SearchRank(F("search_vector"), search_query))
    return ranked.order_by("-publish_at", "-pk") if newest else ranked.order_by("-rank", "-publish_at", "-pk")


def _postgresql_page(query, offset, limit, *, newest=False):
    """One page of ranked matches with their snippets, in one query (plus the bylines').

    The ranking and the page's slice happen in a subquery; the outer query loads what the page shows
    for those rows only, so ``ts_headline`` (costly: it parses each body again) runs ``limit`` times.
    """
    search_query = _search_query(query)
    page_ids = _ranked(Story.objects.filter(pk__in=_postgresql_matches(query)), search_query, newest=newest)
    page_ids = page_ids.values("pk")[offset : offset + limit]
    opening = Left(F("body"), SNIPPET_SOURCE_CHARACTERS)
    # A tag cut in half at the end goes too ("<[^>]*>?").
    plain_body = Func(opening, Value("<[^>]*>?"), Value(" "), Value("g"), function="regexp_replace")
    snippet = SearchHeadline(
        plain_body,
        search_query,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=SNIPPET_WORDS,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    shown = Story.objects.filter(pk__in=page_ids).for_listing().defer("body").annotate(snippet_text=snippet)
    return list(_ranked(shown, search_query, newest=newest))


def _fallback_matches(query):
    terms = [term for term in query.split(" ") if term][:MAX_TERMS]
    matches = Story.objects.published()
    for term in terms:
        matches = matches.filter(
            Q(headline__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term)
        )
    in_headline = Q()
    for term in terms:
        in_headline &= Q(headline__icontains=term)
    return matches.annotate(
        rank=Case(
            When(headline__icontains=query, then=Value(3)),
            When(in_headline, then=Value(2)),
            When(standfirst__icontains=terms[0], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-rank", "-publish_at", "-pk")


def _marked(text):
    """Escape ``text`` and turn the highlight markers into <mark> elements."""
    escaped = str(escape(text))
    opened = escaped.count(MARK_START)
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    if opened != text.count(MARK_STOP):  # a marker in the story text itself: show it plain
        escaped = str(escape(text.replace(MARK_START, "").replace(MARK_STOP, "")))
    return mark_safe(escaped)


def _fallback_snippet(story, query):
    text = plain_text(story.body) or story.standfirst
    words = text.split(" ")
    terms = _WORD.findall(query.casefold())
    first = next(
        (index for index, word in enumerate(words) if any(term in word.casefold() for term in terms)), 0
    )
    start = max(0, first - SNIPPET_WORDS // 3)
    window = words[start : start + SNIPPET_WORDS]
    # The whole word a term was found in ("<mark>Indian</mark>", never "<mark>India</mark>n"), as
    # PostgreSQL marks the whole words whose stems matched.
    marked = _WORD.sub(
        lambda match: (
            f"{MARK_START}{match.group(0)}{MARK_STOP}"
            if any(term in match.group(0).casefold() for term in terms)
            else match.group(0)
        ),
        " ".join(window),
    )
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    return _marked(prefix + marked + suffix)
