"""Surrogate keys: what a reader page shows, named in its ``xkey`` header, and what a change purges.

A page's keys are collected while it is made (:func:`collecting`, opened by the reader page cache
around the view): the middleware gives the keys of its address, and the modules that load what the
page shows add theirs (:func:`page_shows`, :func:`page_shows_stories`: a set update, nothing when no
page is being made).

========================  ====================================================  =========================
key                       on the pages that                                     purged when
========================  ====================================================  =========================
``site``                  every reader page (the navigation lists the           a section, the banner,
                          sections, the banner runs on every page)              anything not named below
``front:home``            list the whole site's newest stories: the home page,  any story is published,
                          the latest feed, the sitemaps                         changed or withdrawn;
                                                                                the home page's front
``front:section:<path>``  list a top-level section's stories (its pages and     a story there is
``front:tag:<slug>``      subsections' pages and feeds, as the page cache       published or changed;
``front:author:<slug>``   scopes them), a tag's (page and feed), an author's    its front; the tag or
                                                                                author itself
``story:<id>``            show the story: its page, its card anywhere, feed     the story changes, or a
                          items, search results                                 photo, author, agency or
                                                                                tag it shows
``story-page:<slug>``     are at the story's address (its page, its live        the story changes; its
                          updates, its 410 once withdrawn)                      live coverage changes
``section:<id>``          label a story with them (the story page's section,    the section, tag or
``tag:<id>``              its tags, its byline)                                 author changes
``author:<id>``
========================  ====================================================  =========================

A new story purges the listings it joins and the home page; the other stories' pages (whose "More
headlines" and "Related" may list it) are not purged, as the page cache does not retire them either:
caches in front keep them ``NEWSROOM_STORY_PAGES_REFRESH_SECONDS`` at most (``cache.shared_max_age``).
Slugs and paths are percent-encoded, so a header stays ASCII whatever the script.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import quote

HEADER = "xkey"
SITE = "site"
FRONT_HOME = "front:home"
# The scope the page cache gives the home page (``models.reader_pages.HOME_FRONT_SCOPE``).
HOME_SCOPE = ("front", "home")
# A page naming more stories than this (a sitemap) names ``front:home`` instead, which every change
# of a story purges: the header stays well under Varnish's 8 KB for one header line.
MAX_PAGE_STORIES = 200
# A change of something more stories than this show (a prolific author, an agency) purges every page,
# as the page cache does, rather than send thousands of keys.
MAX_PURGED_STORIES = 500


def story_key(story_id):
    return f"story:{story_id}"


def scope_key(scope):
    """The key of a page-cache scope (``cache.reader_page_params``): a listing, or a story's address."""
    kind, value = scope
    if tuple(scope) == HOME_SCOPE:
        return FRONT_HOME
    if kind == "story":
        return f"story-page:{quote(value, safe='')}"
    return f"front:{kind}:{quote(value, safe='')}"


def label_key(kind, pk):
    """``section:<id>``, ``tag:<id>`` or ``author:<id>``: a story page labelled with the object."""
    return f"{kind}:{pk}"


# What a page shows, collected while it is made --------------------------------------------------------

_shown = ContextVar("frontend_cache_shown", default=None)


class ShownKeys:
    """The keys of the page being made."""

    def __init__(self, keys=()):
        self.keys = set(keys)
        self.story_ids = set()

    def header_value(self):
        keys = set(self.keys)
        if len(self.story_ids) > MAX_PAGE_STORIES:
            keys.add(FRONT_HOME)
        else:
            keys.update(story_key(pk) for pk in self.story_ids)
        return " ".join(sorted(keys))

    def label(self, response):
        """Name the keys in ``response``'s header (kept with the page by the page cache)."""
        response[HEADER] = self.header_value()
        return response


@contextmanager
def collecting(keys=()):
    """Collect what the page made inside the block shows, starting with ``keys``; yields the
    :class:`ShownKeys`."""
    shown = ShownKeys(keys)
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)


def page_shows(*keys):
    """The page being made (if any) shows ``keys``."""
    shown = _shown.get()
    if shown is not None:
        shown.keys.update(keys)


def page_shows_stories(story_ids):
    """The page being made (if any) shows the stories ``story_ids``."""
    shown = _shown.get()
    if shown is not None:
        shown.story_ids.update(story_ids)


def page_keys(scope, within_refresh):
    """The keys of a reader page from its address alone: ``site``, and its scope's key; a page with
    neither a scope nor a refresh time (the latest feed, the sitemaps) moves with every change, as
    the home page does."""
    if scope is not None:
        return (SITE, scope_key(scope))
    return (SITE,) if within_refresh else (SITE, FRONT_HOME)


# What a change purges -------------------------------------------------------------------------------------


def story_change_keys(stories):
    """The keys a change of ``stories`` (published, edited, withdrawn) purges: the pages that show
    them, their addresses, the home page and every listing they are in (three queries, like the
    page cache's ``listing_scopes``, which this reuses)."""
    from ..models import Story
    from ..reader.cache import listing_scopes  # the reader cache imports this package

    ids = {story.pk for story in stories}
    slugs = Story.objects.filter(pk__in=ids).values_list("slug", flat=True)
    keys = {FRONT_HOME, *(story_key(pk) for pk in ids), *(scope_key(("story", slug)) for slug in slugs)}
    keys.update(scope_key(scope) for scope in listing_scopes(stories))
    return keys


def shown_object_keys(instance, stories):
    """The keys a change of ``instance`` (a photo, author, agency or tag that the published
    ``stories`` show) purges: those stories, and the pages labelled with it or listing it; every page
    when more than :data:`MAX_PURGED_STORIES` stories show it."""
    from taggit.models import Tag

    from ..models import Author

    ids = list(stories.values_list("pk", flat=True)[: MAX_PURGED_STORIES + 1])
    if len(ids) > MAX_PURGED_STORIES:
        return {SITE}
    keys = {story_key(pk) for pk in ids}
    if isinstance(instance, Author):
        keys |= {label_key("author", instance.pk), scope_key(("author", instance.slug))}
    elif isinstance(instance, Tag):
        keys |= {label_key("tag", instance.pk), scope_key(("tag", instance.slug))}
    return keys
