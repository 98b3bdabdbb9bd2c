"""The HTTP caches in front of the site (Varnish, a CDN): what each reader page shows, and the purges
that drop exactly the pages a change touches.

- :mod:`.keys`: the surrogate keys. Every reader page names what it shows in an ``xkey`` header
  (collected while the page is made, kept with it by the page cache, so cached answers carry it too).
- :func:`purge_keys` and :func:`purge_change`: called where the page cache's own purges are
  (``articles.reader.cache.purge_reader_pages``, ``purge_story_page``, ``purge_front_pages``), once per
  change, inside its transaction; the keys are sent after the commit, to every cache
  ``FRONTEND_CACHE_URLS`` names (:mod:`.backends`: Varnish, or a CDN's purge API), by a background
  thread that tries again and logs (:mod:`.sender`). Nothing here can make an editor's save fail.

Without ``FRONTEND_CACHE_URLS`` nothing is purged and no key is worked out (the ``xkey`` header is
still sent: it costs a set per page).
"""

import logging

from django.conf import settings
from django.db import transaction

from . import keys
from .backends import PurgeFailed, purgers
from .keys import SITE, collecting, page_shows, page_shows_stories, story_change_keys
from .sender import outbox

__all__ = [
    "PurgeFailed",
    "collecting",
    "in_front",
    "keys",
    "page_shows",
    "page_shows_stories",
    "purge_change",
    "purge_keys",
    "shared_max_age",
    "wait_for_purges",
]

logger = logging.getLogger(__name__)


def in_front():
    """Whether caches in front of the site are purged by it (``FRONTEND_CACHE_URLS``)."""
    return bool(settings.FRONTEND_CACHE_URLS)


def shared_max_age(within_refresh, max_age_setting):
    """The s-maxage of a reader page (``reader.cache.CachedPage.answer_headers``): how long the caches
    in front, which our purges reach, may keep it. As long as the page cache does; a page a new story
    joins only within the refresh time (a story page, search) no longer than that time, as purges
    leave it alone (:mod:`.keys`). None without caches in front (a cache no purge reaches keeps a page
    max-age seconds), and for a page with a max-age of its own (live entries: a second everywhere)."""
    if max_age_setting is not None or not in_front():
        return None
    seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
    if within_refresh:
        return min(seconds, settings.NEWSROOM_STORY_PAGES_REFRESH_SECONDS)
    return seconds


def purge_keys(keys):
    """Once the current transaction commits (at once outside one), drop every page carrying any of
    ``keys`` from every cache in front. Returns at once; see :mod:`.sender` for what happens next."""
    if not in_front():
        return
    keys = frozenset(keys)
    if keys:
        transaction.on_commit(lambda: _send(keys), robust=True)


def purge_change(*, stories=(), keys=()):
    """Purge what a change shows readers: the pages showing ``stories`` (published, edited or
    withdrawn) and the listings they are in, and ``keys``; every page when neither is named."""
    if not in_front():
        return
    stories = list(stories)
    if not stories and not keys:
        purge_keys({SITE})
        return
    purge_keys((story_change_keys(stories) if stories else set()) | set(keys))


def _send(keys):
    try:
        every = purgers()
    except Exception:  # noqa: BLE001 - a misconfigured cache is logged; the change is saved all the same
        logger.exception("FRONTEND_CACHE_URLS cannot be read; nothing purged.")
        return
    for purger in every:
        outbox.send(purger, keys, repurge_after=settings.FRONTEND_CACHE_REPURGE_SECONDS)


def wait_for_purges(timeout):
    """Wait until every purge this process has to send has been sent (tests, the load test's
    publisher); False if ``timeout`` seconds ran out first."""
    return outbox.wait(timeout)
