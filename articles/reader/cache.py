"""The reader pages' cache: finished pages kept under the current generation, answered before the
middleware a reader page does not need (sessions, CSRF, messages).

- **Generation.** Every change readers can see advances the numbers in the database
  (``ReaderPagesGeneration``) in the same transaction as the change (:func:`purge_reader_pages`,
  called by the services and by the receivers in ``articles.reader.signals``). Pages are cached under
  them, so a purge retires the pages on every server at once and cannot be lost: not while the cache
  server is down, not when the scheduler or the importer (another process) made the change. Each
  process reads them at most twice a second (``GENERATION_RECHECK_SECONDS``): the promised bound
  between a change anywhere and every reader seeing it. Listings move on with every change; story
  pages with every change but a new story's first publication, which they take up within
  ``NEWSROOM_STORY_PAGES_REFRESH_SECONDS`` (:func:`purge_reader_pages` says why).
- **Keys.** A page is cached under its path and the query parameters its view reads (declared with
  :func:`reader_page`); other parameters are dropped before the view runs, so ``/?cb=<random>`` is
  the home page, from the cache, and cannot fill it.
- **Outages.** The cache is an optimisation. When it cannot be reached (a short connect and read
  timeout, ``cache_from_url``), pages are made afresh; the failure is logged at most once a minute
  and the cache left alone for ``CACHE_RETRY_SECONDS``, so a paused server does not hold up every
  request for its timeout.
- **Hot pages.** In front of a shared cache each process keeps its busiest pages in a small bounded
  memory (``LocalPages``) under the same generation keys: with the generation remembered for half a
  second, a hit on a breaking story touches neither Redis nor the database (``make bench``: cached
  pages at 0.83-1.08x of a bare Django view, where a Redis round trip per page cost a third).
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .. import frontend_cache
from ..models import ReaderPagesGeneration, Section, StoryAuthor, StorySection, TaggedStory
from ..models.reader_pages import HOME_FRONT_SCOPE

logger = logging.getLogger(__name__)

GENERATION_RECHECK_SECONDS = 0.5
CACHE_RETRY_SECONDS = 5.0
FAILURE_LOG_SECONDS = 60.0
CACHED_STATUS_CODES = {200, 301, 410}
# Headers a cached answer does not repeat: the cache makes its own validators, and cookies or a
# Vary on them would mean the page is not the same for every reader.
DROPPED_HEADERS = frozenset(
    ("set-cookie", "vary", "date", "etag", "last-modified", "cache-control", "expires", "content-length")
)
CONDITIONAL_HEADERS = frozenset(
    ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
)
LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def _cache_errors():
    errors = [OSError]  # ConnectionError and TimeoutError among them
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


CACHE_ERRORS = _cache_errors()


def page_seconds():
    """How long a cached page may live. A purge retires it at once; this bounds what appears by
    the clock alone (an embargo running out) and bulk updates that send no signal."""
    return settings.NEWSROOM_PAGE_CACHE_SECONDS


# The generation -----------------------------------------------------------------------------------

_remembered = (None, 0.0)  # (Generations, time.monotonic() when read): swapped whole, thread-safe


def current_generations(fresh=False):
    """Every generation number, read at most twice a second per process (``fresh``: read now)."""
    global _remembered
    generations, read_at = _remembered
    if not fresh and generations is not None and time.monotonic() - read_at < GENERATION_RECHECK_SECONDS:
        return generations
    generations = ReaderPagesGeneration.objects.current_generations()
    _remembered = (generations, time.monotonic())
    return generations


def current_generation():
    """The generation every page moves on with."""
    return current_generations().pages


def shown_objects_generation():
    """The generation of what stories show from outside their own row (photos, authors, sections,
    tags, agencies)."""
    return current_generations().shown_objects


def forget_generation():
    global _remembered
    _remembered = (None, 0.0)


def purge_reader_pages(*, shown_objects=False, new_stories=(), stories=(), frontend_keys=()):
    """Readers must see a change made in the current transaction: advance the generation with it.

    Call it once per change (a service call), inside its transaction; this process reads the new
    generation as soon as the change commits, every other one within half a second. ``shown_objects``:
    the change was to something stories show from outside their row (``articles.reader.signals``).
    ``new_stories``: the change only brings out stories readers have never seen. The home page, the
    latest feed and the sitemaps show them within that second, and so do the listings of their own
    sections, tags and authors, while other sections', tags' and authors' listings keep their pages;
    the other stories' pages (whose "More headlines" and "Related" may list them) and search results
    take them within ``NEWSROOM_STORY_PAGES_REFRESH_SECONDS``. A page that lists a story never shows one
    that is gone: withdrawals, kills and edits retire every page at once.

    The caches in front (``FRONTEND_CACHE_URLS``) drop, after the commit, the pages that show
    ``new_stories`` and ``stories`` (the stories the change is about: edited, withdrawn...) and the
    listings they are in, and the pages carrying ``frontend_keys``; every page when none is named
    (``articles.frontend_cache``).

    Why: every publish used to retire every cached page at once. In the news peak (``make bench``:
    2,000 story addresses and 500 tags read while a story is published every 10 s) the story pages
    made again after each publish cost two thirds of the readers served (163 req/s without
    publishes, 59 with), and the tag pages and tag feeds made again, each 12-19 ms, a third of what
    was left.
    """
    refresh = timedelta(seconds=settings.NEWSROOM_STORY_PAGES_REFRESH_SECONDS) if new_stories else None
    ReaderPagesGeneration.objects.advance(
        shown_objects=shown_objects,
        new_story_within=refresh,
        new_story_scopes=listing_scopes(new_stories) if new_stories else (),
    )
    forget_generation()
    transaction.on_commit(forget_generation)
    frontend_cache.purge_change(stories=[*new_stories, *stories], keys=frontend_keys)


def purge_story_page(story):
    """Readers must see a change of ``story``'s live coverage, made in the current transaction: only
    its own page and its live entries move on (:meth:`ReaderPagesGenerationQuerySet.advance_scopes`),
    no other page shows them. Once per change, inside its transaction, like
    :func:`purge_reader_pages`."""
    ReaderPagesGeneration.objects.advance_scopes([("story", story.slug)])
    forget_generation()
    transaction.on_commit(forget_generation)
    frontend_cache.purge_keys([frontend_cache.keys.scope_key(("story", story.slug))])


def purge_front_pages(front):
    """Readers must see a change of ``front`` (``articles.models.Front``), made in the current
    transaction: only its own pages move on, the home page's or its section's listing pages (and the
    section's feed, which shares their counter). Once per change, inside its transaction, like
    :func:`purge_reader_pages`."""
    ReaderPagesGeneration.objects.advance_scopes([front_pages_scope(front)])
    forget_generation()
    transaction.on_commit(forget_generation)
    frontend_cache.purge_keys([frontend_cache.keys.scope_key(front_pages_scope(front))])


def front_pages_scope(front):
    if front.is_home:
        return HOME_FRONT_SCOPE
    return ("section", front.section.path.split("/")[0])


def listing_scopes(stories):
    """The section, tag and author listings ``stories`` appear in (three queries): their sections'
    and their secondary sections'."""
    ids = [story.pk for story in stories]
    section_ids = {story.section_id for story in stories}
    listed_in = StorySection.objects.filter(story_id__in=ids).values("section_id")
    sections = Section.objects.filter(Q(pk__in=section_ids) | Q(pk__in=listed_in))
    scopes = {("section", path.split("/")[0]) for path in sections.values_list("path", flat=True)}
    tags = TaggedStory.objects.filter(content_object_id__in=ids).values_list("tag__slug", flat=True)
    authors = StoryAuthor.objects.filter(story_id__in=ids).values_list("author__slug", flat=True)
    scopes |= {("tag", slug) for slug in tags} | {("author", slug) for slug in authors}
    return scopes


# The shared cache, kept at arm's length ------------------------------------------------------------


class GuardedCache:
    """Django's default cache, where an unreachable server means a miss, not an error."""

    def __init__(self):
        self._lock = threading.Lock()
        self._resting_until = 0.0
        self._last_logged = -FAILURE_LOG_SECONDS

    def get(self, key):
        return self._call(cache.get, key)

    def set(self, key, value, timeout):
        self._call(cache.set, key, value, timeout)

    def get_many(self, keys):
        """The values found of ``keys``, as a dict (empty when the cache cannot be reached)."""
        return self._call(cache.get_many, keys) or {}

    def set_many(self, values, timeout):
        self._call(cache.set_many, values, timeout)

    def _call(self, method, *args):
        if time.monotonic() < self._resting_until:
            return None
        try:
            return method(*args)
        except CACHE_ERRORS as error:
            self._failed(error)
            return None

    def _failed(self, error):
        now = time.monotonic()
        with self._lock:
            self._resting_until = now + CACHE_RETRY_SECONDS
            log = now - self._last_logged >= FAILURE_LOG_SECONDS
            if log:
                self._last_logged = now
        if log:
            logger.warning("The page cache cannot be reached (%s); serving pages uncached.", error)

    def reset(self):
        self._resting_until = 0.0
        self._last_logged = -FAILURE_LOG_SECONDS


guarded_cache = GuardedCache()


@lru_cache(maxsize=1)
def cache_is_shared():
    """Whether the default cache is a server of its own (Redis), not this process's memory."""
    return settings.CACHES["default"]["BACKEND"] not in LOCAL_BACKENDS


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting in ("CACHES", "ROOT_URLCONF"):
        cache_is_shared.cache_clear()
        reader_page_params.cache_clear()
        local_pages.clear()
        guarded_cache.reset()
        forget_generation()


# Finished pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    status: int
    content: bytes
    headers: tuple
    etag: str
    last_modified: float  # seconds since the epoch

    @classmethod
    def from_response(cls, response):
        content = response.content
        return cls(
            status=response.status_code,
            content=content,
            headers=tuple(
                (name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS
            ),
            etag=f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"',
            last_modified=timezone.now().replace(microsecond=0).timestamp(),
        )

    def answer_headers(self, max_age_setting=None, shared_max_age=None):
        max_age = getattr(settings, max_age_setting or "NEWSROOM_PAGE_MAX_AGE")
        shared = f", s-maxage={shared_max_age}" if shared_max_age is not None else ""
        return {
            **dict(self.headers),
            "ETag": self.etag,
            "Last-Modified": http_date(self.last_modified),
            "Cache-Control": f"public, max-age={max_age}{shared}, must-revalidate",
        }


class LocalPages:
    """A bounded least-recently-used memory of finished pages, for one process (thread-safe).

    Keys are (generation, page key). An entry holds the page and the headers every answer repeats,
    worked out once, and lives no longer than the shared copy would.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._entries = OrderedDict()  # key: (expires_at, size, page, headers)
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry[2], entry[3]

    def put(self, key, page, headers):
        size = len(page.content) + len(key[1]) + 512
        if size > self.max_bytes // 16:  # no single page may crowd out the rest
            return
        entry = (page.last_modified + page_seconds(), size, page, headers)
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._size += size
            while self._size > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._size = 0

    def __len__(self):
        return len(self._entries)

    def _drop(self, key):
        self._size -= self._entries.pop(key)[1]


local_pages = LocalPages(settings.NEWSROOM_PAGE_MEMORY_MB * 1024 * 1024)


# Which pages, under which key -------------------------------------------------------------------------


def reader_page(
    view=None, *, params=(), new_stories_within_refresh=False, listing_of=None, max_age_setting=None
):
    """Mark ``view`` as a reader page: the same bytes for every reader, cached by
    :class:`ReaderPageCacheMiddleware` under its path and the query parameters named in ``params``
    (the only ones the view will see). ``new_stories_within_refresh``: a new story may join it
    within ``NEWSROOM_STORY_PAGES_REFRESH_SECONDS`` rather than at once (a story page's "More
    headlines" and "Related", search results), each such page at its own moment in that time. ``listing_of``:
    it lists one section's, tag's or author's stories (``"section"``, ``"tag"``, ``"author"``: the
    URL's ``section_path`` or ``slug`` names which), so only their new stories retire it; ``"story"``:
    it is one story's page or shows its live entries (the URL's ``slug``), which a change of that
    story's live coverage alone retires (:func:`purge_story_page`); ``"home"``: the home page, which a
    change of its front retires besides every listing change (:func:`purge_front_pages`).
    ``max_age_setting``: the setting that holds the max-age browsers and CDNs get, when not
    ``NEWSROOM_PAGE_MAX_AGE``."""

    def mark(view):
        @wraps(view)
        def reader_view(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        reader_view.reader_page_params = (
            tuple(sorted(params)),
            new_stories_within_refresh,
            listing_of,
            max_age_setting,
        )
        return reader_view

    return mark(view) if view is not None else mark


@lru_cache(maxsize=2048)
def reader_page_params(path):
    """(the query parameters the reader page at ``path`` reads, whether a new story joins it only
    within the refresh time, the listing scope it belongs to or None, the setting of its max-age or
    None), or None when it is no reader page. Remembered per path: the URL patterns do not change
    while the process runs."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    marked = getattr(match.func, "reader_page_params", None)
    if marked is None:
        return None
    params, within_refresh, listing_of, max_age_setting = marked
    scope = None
    if listing_of == "section":
        scope = ("section", match.kwargs["section_path"].split("/")[0])
    elif listing_of == "home":
        scope = HOME_FRONT_SCOPE
    elif listing_of is not None:
        scope = (listing_of, match.kwargs["slug"])
    return params, within_refresh, scope, max_age_setting


def page_key(path, query):
    digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()
    return f"reader-page:{digest}"


def refresh_spread(key):
    """How long before a story-page refresh falls due the page at ``key`` takes it: a fraction of
    ``NEWSROOM_STORY_PAGES_REFRESH_SECONDS`` drawn from the key, the same in every process."""
    fraction = int(key[-4:], 16) / 0x10000
    return fraction * settings.NEWSROOM_STORY_PAGES_REFRESH_SECONDS


class ReaderPageCacheMiddleware:
    """Answer reader pages from the cache; on a miss, let the rest of the stack make the page with
    only the parameters it reads, and keep it with its headers. Sits right after the security and
    static-file middleware: a hit skips sessions, CSRF, authentication, messages and the CSP
    middleware (its header is kept with the page), and still gets the security headers. With
    ``NEWSROOM_PAGE_CACHE`` off (a CDN in front keeps the pages) every request reaches its view, and
    the answer has the same headers and validators."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # ALLOWED_HOSTS, as every view's request would check it: a cached page was answered to any
        # Host header (DisallowedHost becomes Django's 400).
        request.get_host()
        marked = reader_page_params(request.path_info)
        if marked is None:
            return self.get_response(request)
        params, within_refresh, scope, max_age_setting = marked
        query = QueryDict(mutable=True)
        for name in params:
            if (value := request.GET.get(name)) is not None:
                query[name] = value
        query_string = query.urlencode()
        request.GET = query
        request.META["QUERY_STRING"] = query_string

        keep = settings.NEWSROOM_PAGE_CACHE
        # Behind caches our purges reach, what asks is mostly such a cache, right after a purge: the
        # generation is read now, or a process that read it before the change committed would hand
        # back the page just purged, for the cache to keep.
        generations = current_generations(fresh=frontend_cache.in_front())
        key = page_key(request.path, query_string)
        if within_refresh:
            generation = generations.for_story_pages(timezone.now(), refresh_spread(key))
            if scope is not None:
                generation = f"{generation}:{generations.scope_counter(scope)}"
        else:
            generation = generations.for_listings(scope)
        local = keep and cache_is_shared()
        remembered = local_pages.get((generation, key)) if local else None
        if remembered is not None:
            page, headers = remembered
        else:
            page = guarded_cache.get(f"{key}:{generation}") if keep else None
            if page is None:
                # What the page shows, named in its xkey header (kept with it) for the caches in front.
                with frontend_cache.collecting(frontend_cache.keys.page_keys(scope, within_refresh)) as shown:
                    response = self.get_response(request)
                shown.label(response)
                if response.status_code not in CACHED_STATUS_CODES or response.cookies or response.streaming:
                    return response
                page = CachedPage.from_response(response)
                if keep:
                    guarded_cache.set(f"{key}:{generation}", page, page_seconds())
            shared = frontend_cache.shared_max_age(within_refresh, max_age_setting)
            headers = page.answer_headers(max_age_setting, shared)
            if local:
                local_pages.put((generation, key), page, headers)
        response = HttpResponse(page.content, status=page.status, headers=headers)
        if not CONDITIONAL_HEADERS.isdisjoint(request.META):
            response = get_conditional_response(
                request, etag=page.etag, last_modified=page.last_modified, response=response
            )
        return response
