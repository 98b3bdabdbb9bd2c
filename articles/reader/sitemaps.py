"""Sitemaps for search engines: every published story and section, and a Google News sitemap of
the last two days. Addresses use ``NEWSROOM_SITE_URL``, the same as canonical links."""

from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.utils import timezone

from ..models import Section, Story
from .structured_data import absolute_url

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most this many per sitemap


class SiteAddressSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).netloc


class StorySitemap(SiteAddressSitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Story.objects.published()
            .select_related("section")
            .only(
                "slug",
                "headline",
                "language",
                "publish_at",
                "first_published_at",
                "created_at",
                "updated_at",
                "section__path",
            )
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, story):
        return story.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of the default, which would load every story.
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(SiteAddressSitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return Section.objects.active()

    def get_latest_lastmod(self):
        return Story.objects.published().aggregate(latest=Max("publish_at"))["latest"]


class NewsSitemap(StorySitemap):
    """Stories of the last two days, with publication name and language, date and title."""

    limit = NEWS_LIMIT

    def items(self):
        return super().items().filter(publish_at__gte=timezone.now() - NEWS_WINDOW)[:NEWS_LIMIT]

    def get_latest_lastmod(self):
        return (
            Story.objects.published()
            .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
            .aggregate(latest=Max("updated_at"))["latest"]
        )


SITEMAPS = {"stories": StorySitemap, "sections": SectionSitemap, "news": NewsSitemap}


def sitemap_index(request, **kwargs):
    """Django's sitemap index, with each sitemap's address on ``NEWSROOM_SITE_URL``: Django's own
    index takes the host and scheme from the request, which a client chooses (``Host``,
    ``X-Forwarded-Proto``), and the cached index would hand that address to every reader."""
    response = sitemap_views.index(request, **kwargs)
    for item in response.context_data["sitemaps"]:
        address = urlsplit(item.location)
        item.location = absolute_url(urlunsplit(("", "", address.path, address.query, "")))
    return response
