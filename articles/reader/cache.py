"""The public pages' cache and how it is emptied.

Reader pages are cached under keys that include a *generation* number. Publishing, updating,
correcting or withdrawing anything bumps the generation, which retires every cached page at once on
every web server sharing the cache, without having to know which pages showed the story.

With a shared cache (Redis), reading the generation is a network round trip on every page, so each
process remembers it for ``GENERATION_RECHECK_SECONDS`` (one second) and asks again after that. A
purge in the same process takes effect at once; another process serves its pages of the old
generation for at most that second (the cross-process staleness bound). With the in-process local
memory cache or the dummy cache there is nothing to save, and the generation is read every time.

A generation that has to be started afresh (first use, or the cache was emptied or restarted) is the
current time in microseconds, so it is larger than any number used before: a page remembered by a
process from before the cache was emptied can never pass for a current one.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

GENERATION_KEY = "public-pages:generation"
GENERATION_RECHECK_SECONDS = 1.0
# Backends that already live in this process (or hold nothing): no round trip to save.
LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)

_remembered = (None, 0.0)  # (generation, time.monotonic() when read); swapped whole, thread-safe
_shared_cache = None


def cache_is_shared():
    """Whether the default cache is a server of its own (Redis, memcached), not this process."""
    global _shared_cache
    if _shared_cache is None:
        _shared_cache = settings.CACHES["default"]["BACKEND"] not in LOCAL_BACKENDS
    return _shared_cache


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    global _shared_cache
    if setting == "CACHES":
        _shared_cache = None
        forget_generation()


def _fresh_generation():
    return time.time_ns() // 1000


def _remember(generation):
    global _remembered
    _remembered = (generation, time.monotonic())


def forget_generation():
    """Read the generation from the shared cache next time (tests; a purge does it by itself)."""
    global _remembered
    _remembered = (None, 0.0)


def public_cache_generation():
    shared = cache_is_shared()
    if shared:
        generation, read_at = _remembered
        if generation is not None and time.monotonic() - read_at < GENERATION_RECHECK_SECONDS:
            return generation
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _fresh_generation()
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY) or generation  # another process started one
    if shared:
        _remember(generation)
    return generation


def purge_public_cache():
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:  # the key had not been set (or was evicted): start a fresh generation
        generation = _fresh_generation()
        cache.set(GENERATION_KEY, generation, timeout=None)
    if cache_is_shared():
        _remember(generation)


def purge_reader_pages():
    """Readers must see a change: retire every cached reader page once the transaction commits."""
    from django.db import transaction

    transaction.on_commit(purge_public_cache)
