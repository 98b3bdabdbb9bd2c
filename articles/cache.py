"""The public pages' cache and how it is emptied.

Reader pages are cached under keys that include a *generation* number. Publishing, updating,
correcting or withdrawing anything bumps the generation, which retires every cached page at once on
every web server sharing the cache, without having to know which pages showed the story.
"""

from django.core.cache import cache

GENERATION_KEY = "public-pages:generation"


def public_cache_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def purge_public_cache():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key had not been set (or was evicted): start a fresh generation
        cache.set(GENERATION_KEY, public_cache_generation() + 1, timeout=None)
