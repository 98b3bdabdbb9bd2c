from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject


def site(request):
    """Site name and section navigation for every page.

    The sections are one query per request, shared with the views (``page_content.site_sections``),
    and only run when a template shows them, so admin pages never pay for it.
    """
    from .sections import site_sections

    sections = SimpleLazyObject(lambda: site_sections(request))
    return {
        "breaking_news": SimpleLazyObject(running_banner),
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_url": settings.NEWSROOM_SITE_URL,
        "site_sections": sections,
        "nav_sections": SimpleLazyObject(lambda: sections.top_level),
        "site_links": site_links(get_script_prefix(), get_urlconf()),
    }


@lru_cache(maxsize=16)
def site_links(script_prefix, urlconf):
    """The addresses every reader page's masthead and footer link to, worked out once per URL
    configuration (the arguments: what ``reverse()`` depends on). Six ``{% url %}`` tags were 0.16 ms
    of a story page's 0.5 ms shell (in-process timing of ``base.html``, bench archive)."""
    return {
        "home": reverse("articles:home"),
        "search": reverse("articles:search"),
        "latest_feed": reverse("articles:feed-latest"),
        "sitemap": reverse("sitemap-index"),
    }


def running_banner():
    """The breaking-news banner every reader page shows while it runs, or None: read with the reader
    pages' generations (``reader.cache.current_generations``), so it costs a page no query."""
    from .cache import current_generations

    banner = current_generations().breaking_news
    return banner if banner is not None and banner.is_running() else None
