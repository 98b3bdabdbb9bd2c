"""Answers: JSON with validators, so a partner asking again for what it has gets 304.

The ETag is a hash of the bytes sent, so it changes whenever anything in the answer does (a photo's
caption, an author's name). ``Last-Modified`` goes on single items only (the time their story last
changed); a list's newest change can go back in time when a story leaves it, so lists have only the
ETag. Keyed answers are ``private``: no shared cache keeps one partner's answer for another.
"""

import hashlib
import json
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .errors import VARY, ApiError
from .ninjs import NINJS_2, NINJS_3, SCHEMAS

PROFILE = re.compile(r'profile\s*=\s*"?([^";,\s]+)', re.I)


def ninjs_version(request):
    """The ninjs version asked for: ``?version=3`` (or 2), else a ninjs schema named as the profile of
    an ``Accept`` media type, else 2.1."""
    asked = request.GET.get("version", "").strip()
    if asked:
        if asked in ("3", "3.0"):
            return NINJS_3
        if asked in ("2", "2.1"):
            return NINJS_2
        raise ApiError(400, "bad_version", "version is 2 (ninjs 2.1, the default) or 3 (ninjs 3.0).")
    for profile in PROFILE.findall(request.headers.get("Accept", "")):
        if "ninjs-schema_3" in profile:
            return NINJS_3
        if "ninjs-schema_2" in profile:
            return NINJS_2
    return NINJS_2


def json_answer(request, payload, *, caller, version, last_modified=None, headers=None):
    """``payload`` as JSON, or 304 when the caller already has these bytes (or, without an ETag to
    compare, nothing newer than ``last_modified``)."""
    content = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(
        content, content_type=f'application/json; charset=utf-8; profile="{SCHEMAS[version]}"'
    )
    response["ETag"] = f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'
    response["Vary"] = VARY
    if caller.keyed:
        response["Cache-Control"] = "private, max-age=0, must-revalidate"
    else:
        response["Cache-Control"] = f"public, max-age={settings.NEWSROOM_PAGE_MAX_AGE}, must-revalidate"
    for name, value in (headers or {}).items():
        response[name] = value
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
