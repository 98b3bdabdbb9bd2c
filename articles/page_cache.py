"""Reader pages from the cache, with ETag, Last-Modified and 304 answers.

A page is cached under the current *generation* (``articles.cache``): publishing, updating,
correcting or withdrawing anything starts a new generation, so no page outlives the change that made
it stale. The cache holds the finished bytes with their validators, so a hit costs two cache reads
and no query, and a conditional request for an unchanged page is answered with an empty 304.
"""

import hashlib
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .cache import public_cache_generation

CACHED_STATUS_CODES = {200, 301, 410}
KEPT_HEADERS = ("Content-Type", "Location", "Content-Language")
# Publishing purges the cache at once; the timeout only bounds stories that appear by the clock
# alone (a ``publish_at`` or embargo passing without anyone saving). Browsers always revalidate.
CACHE_SECONDS = getattr(settings, "NEWSROOM_PAGE_CACHE_SECONDS", 300)
BROWSER_MAX_AGE = getattr(settings, "NEWSROOM_PAGE_MAX_AGE", 0)


@dataclass(frozen=True)
class CachedPage:
    status: int
    content: bytes
    headers: tuple
    etag: str
    last_modified: float  # seconds since the epoch


def page_cache_key(request):
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{public_cache_generation()}:{address}"


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


def _thaw(page):
    response = HttpResponse(page.content, status=page.status)
    for name, value in page.headers:
        response[name] = value
    return response


def public_page(view):
    """Serve ``view``'s answer from the shared page cache; compute it on a miss.

    Only reader pages use this: the same bytes for every reader, no cookies, no CSRF token.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_cache_key(request)
        page = cache.get(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if response.status_code not in CACHED_STATUS_CODES or response.cookies or response.streaming:
                return response
            page = _freeze(response)
            cache.set(key, page, CACHE_SECONDS)
        response = _thaw(page)
        response["ETag"] = page.etag
        response["Last-Modified"] = http_date(page.last_modified)
        response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}, must-revalidate"
        return get_conditional_response(
            request, etag=page.etag, last_modified=page.last_modified, response=response
        )

    return cached_view
