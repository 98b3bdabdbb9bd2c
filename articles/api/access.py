"""Who is asking, what they may read, and how often.

A caller shows a key as ``Authorization: Bearer <key>`` or ``X-Api-Key: <key>``. A missing key is
refused (401) unless the site lets anyone read the API (``NEWSROOM_API_ANONYMOUS``); a wrong or
revoked key is always refused, so a partner whose key was revoked learns it at once rather than
reading as an anonymous caller. Requests are counted per key (per address without one) in fixed
windows of a minute in Django's cache: past the key's limit the answer is 429 with ``Retry-After``,
the seconds until the next minute starts. When the cache cannot be reached, requests are let
through: the limit protects the site, and refusing everyone would not.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q

from newsroom.security import client_address

from ..models import ApiKey, Section
from ..reader.cache import CACHE_ERRORS
from .conf import anonymous_access, anonymous_requests_per_minute
from .errors import ApiError

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
BEARER = "bearer"


@dataclass(frozen=True)
class Caller:
    """Someone the API answers: a key's partner, or an anonymous caller.

    ``section_ids``: the sections whose stories the caller may read (with their subsections), or
    None for every section."""

    key: ApiKey | None
    section_ids: frozenset | None
    bucket: str
    requests_per_minute: int

    @property
    def keyed(self):
        return self.key is not None

    def covers(self, section_ids):
        return self.section_ids is None or bool(self.section_ids & set(section_ids))


def presented_key(request):
    """The key in ``Authorization: Bearer`` or ``X-Api-Key``, or ``""``; None when the
    Authorization header is there but is not a bearer token (another scheme is a mistake to report,
    not an anonymous request)."""
    authorization = request.headers.get("Authorization", "").strip()
    if authorization:
        scheme, _space, token = authorization.partition(" ")
        if scheme.lower() != BEARER or not token.strip():
            return None
        return token.strip()
    return request.headers.get("X-Api-Key", "").strip()


def admit(request):
    """The :class:`Caller` behind ``request``, counted against its limit; raises :class:`ApiError`
    (401 or 429) when it may not read now. One query for a key, one more for a key limited to
    some sections; none for an anonymous caller."""
    token = presented_key(request)
    if token is None:
        raise ApiError(401, "invalid_key", "Send the key as “Authorization: Bearer <key>”.")
    if token:
        key = ApiKey.objects.matching(token)
        if key is None or not key.is_active:
            # One answer for a wrong and a revoked key: neither says whether a key ever existed.
            raise ApiError(401, "invalid_key", "This key is not valid: it is wrong or was revoked.")
        caller = Caller(
            key=key,
            section_ids=None if key.every_section else readable_sections(key),
            bucket=f"key-{key.pk}",
            requests_per_minute=key.requests_per_minute,
        )
    elif anonymous_access():
        address = client_address(request)
        caller = Caller(
            key=None,
            section_ids=None,
            bucket="address-" + hashlib.sha256(address.encode()).hexdigest()[:32],
            requests_per_minute=anonymous_requests_per_minute(),
        )
    else:
        raise ApiError(401, "key_required", "This API needs a key: ask the newsroom for one.")
    wait = seconds_to_wait(caller.bucket, caller.requests_per_minute)
    if wait is not None:
        raise ApiError(
            429,
            "rate_limited",
            f"More than {caller.requests_per_minute} requests this minute; try again in {wait} s.",
            headers={"Retry-After": str(wait)},
        )
    return caller


def readable_sections(key):
    """The ids of ``key``'s sections and their subsections (one query)."""
    ids = Section.objects.filter(Q(api_keys=key) | Q(parent__api_keys=key)).values_list("pk", flat=True)
    return frozenset(ids)


def seconds_to_wait(bucket, limit, now=None):
    """Count one request of ``bucket`` in the current minute; the seconds until the next minute when
    that makes more than ``limit``, else None."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    name = f"newsroom-api-requests:{bucket}:{window}"
    try:
        # add() does nothing when the count exists; incr() is atomic on Redis and in local memory.
        cache.add(name, 0, timeout=WINDOW_SECONDS + 5)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between the two calls
            cache.set(name, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
    except CACHE_ERRORS as error:
        logger.warning("API request counting skipped: the cache cannot be reached (%s).", error)
        return None
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
