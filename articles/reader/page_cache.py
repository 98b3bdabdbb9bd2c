"""Reader pages from the cache, with ETag, Last-Modified and 304 answers.

A page is cached under the current *generation* (``articles.cache``): publishing, updating,
correcting or withdrawing anything starts a new generation, so no page outlives the change that made
it stale. The cache holds the finished bytes with their validators, so a hit costs no query, and a
conditional request for an unchanged page is answered with an empty 304.

In front of a shared cache (Redis) each process also keeps the pages it served last in a small
bounded memory (``LocalPages``, least recently used out first) under the same generation keys, so the
busiest pages are answered without a round trip: with the generation remembered for up to a second
(``articles.cache``), a hit on a breaking story touches neither Redis nor the database. A local copy
lives no longer than the shared one would (``CACHE_SECONDS`` from when the page was made).
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .cache import cache_is_shared, public_cache_generation

CACHED_STATUS_CODES = {200, 301, 410}
KEPT_HEADERS = ("Content-Type", "Location", "Content-Language")
CONDITIONAL_HEADERS = frozenset(
    ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
)
# Publishing purges the cache at once; the timeout only bounds stories that appear by the clock
# alone (a ``publish_at`` or embargo passing without anyone saving). Browsers always revalidate.
CACHE_SECONDS = getattr(settings, "NEWSROOM_PAGE_CACHE_SECONDS", 300)
BROWSER_MAX_AGE = getattr(settings, "NEWSROOM_PAGE_MAX_AGE", 0)
# Each process's memory of finished pages: a few hundred typical pages.
LOCAL_PAGES_BYTES = getattr(settings, "NEWSROOM_PAGE_MEMORY_BYTES", 16 * 1024 * 1024)


@dataclass(frozen=True)
class CachedPage:
    status: int
    content: bytes
    headers: tuple
    etag: str
    last_modified: float  # seconds since the epoch


def page_cache_key(request, generation=None):
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{generation or public_cache_generation()}:{address}"


class LocalPages:
    """A bounded least-recently-used memory of finished pages, for one process (thread-safe).

    Keys are (generation, full path). Entries hold the page and the headers every answer repeats,
    worked out once.
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

    def put(self, key, page):
        size = len(page.content) + len(key[1]) + 512
        if size > self.max_bytes // 16:  # no single page may crowd out the rest
            return
        entry = (page.last_modified + CACHE_SECONDS, size, page, _validators(page))
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


local_pages = LocalPages(LOCAL_PAGES_BYTES)


def _freeze(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    content = response.content
    return CachedPage(
        status=response.status_code,
        content=content,
        headers=tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name)),
        etag=f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"',
        last_modified=timezone.now().replace(microsecond=0).timestamp(),
    )


def _validators(page):
    """Every header of the answer: the page's own and its validators."""
    return {
        **dict(page.headers),
        "ETag": page.etag,
        "Last-Modified": http_date(page.last_modified),
        "Cache-Control": f"public, max-age={BROWSER_MAX_AGE}, must-revalidate",
    }


def _thaw(page, headers):
    return HttpResponse(page.content, status=page.status, headers=headers)


def _cached_page(request, view, args, kwargs):
    """The finished page for ``request`` and its validators, from memory, the shared cache or the
    view; or the view's own response when it may not be cached."""
    generation = public_cache_generation()
    local = cache_is_shared() and LOCAL_PAGES_BYTES > 0
    if local:
        local_key = (generation, request.get_full_path())
        remembered = local_pages.get(local_key)
        if remembered is not None:
            return remembered
    key = page_cache_key(request, generation)
    page = cache.get(key)
    if page is None:
        response = view(request, *args, **kwargs)
        if response.status_code not in CACHED_STATUS_CODES or response.cookies or response.streaming:
            return response
        page = _freeze(response)
        cache.set(key, page, CACHE_SECONDS)
    if local:
        local_pages.put(local_key, page)
    return page, _validators(page)


def public_page(view):
    """Serve ``view``'s answer from the page cache; compute it on a miss.

    Only reader pages use this: the same bytes for every reader, no cookies, no CSRF token.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        cached = _cached_page(request, view, args, kwargs)
        if not isinstance(cached, tuple):  # an answer that may not be cached
            return cached
        page, headers = cached
        response = _thaw(page, headers)
        if not CONDITIONAL_HEADERS.isdisjoint(request.META):
            response = get_conditional_response(
                request, etag=page.etag, last_modified=page.last_modified, response=response
            )
        return response

    return cached_view
