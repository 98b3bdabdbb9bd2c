from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from ..photos import delivery
from . import embeds, feeds, live, views
from .cache import reader_page
from .sitemaps import SITEMAPS, sitemap_index

app_name = "articles"

SECTION_PATH = r"(?P<section_path>[-\w]+(?:/[-\w]+)?)"
SLUG = r"(?P<slug>[-\w]+)"
STORY_PATH = rf"{SECTION_PATH}/(?P<year>\d{{4}})/(?P<month>\d{{2}})/(?P<day>\d{{2}})/{SLUG}/"
# Renditions live under MEDIA_URL's path, also when MEDIA_URL names a CDN whose origin is this site.
RENDITIONS = urlsplit(settings.MEDIA_URL).path.lstrip("/") + delivery.RENDITIONS_FOLDER

urlpatterns = [
    path("", views.home, name="home"),
    re_path(
        rf"^{RENDITIONS}/(?P<photo_id>\d{{1,12}})/(?P<token>[0-9a-f]{{8}})/(?P<filename>[\w.-]{{1,60}})$",
        delivery.serve_rendition,
        name="rendition",
    ),
    path("search/", views.search_page, name="search"),
    # A video or social post's player, loaded only when a reader asks (a card in a story's body).
    path("embed/", embeds.embed_frame, name="embed"),
    # Slugs are letters, digits, "_" and "-" in any script: anything else (a NUL byte) is a 404.
    re_path(rf"^tag/{SLUG}/$", views.tag_page, name="tag"),
    re_path(rf"^author/{SLUG}/$", views.author_page, name="author"),
    path("feeds/latest/", reader_page(feeds.LatestStoriesFeed()), name="feed-latest"),
    re_path(
        rf"^feeds/section/{SECTION_PATH}/$",
        reader_page(feeds.SectionFeed(), listing_of="section"),
        name="feed-section",
    ),
    re_path(rf"^feeds/tag/{SLUG}/$", reader_page(feeds.TagFeed(), listing_of="tag"), name="feed-tag"),
    re_path(
        rf"^{SECTION_PATH}/(?P<year>\d{{4}})/(?P<month>\d{{2}})/(?P<day>\d{{2}})/(?P<slug>[-\w]+)/$",
        views.story_page,
        name="story",
    ),
    # A live story's entries since a version (polled by its open pages), and its older updates.
    re_path(rf"^{STORY_PATH}{live.ENTRIES_PATH}$", live.live_entries, name="live-entries"),
    re_path(rf"^{STORY_PATH}{live.OLDER_PATH}$", live.older_updates, name="live-updates"),
    # Last: a section's address is any one- or two-part path not claimed above.
    re_path(rf"^{SECTION_PATH}/$", views.section_page, name="section"),
]

# Outside the app namespace: django.contrib.sitemaps reverses these names as they are.
site_urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        reader_page(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-news.xml",
        reader_page(sitemap_views.sitemap),
        {"sitemaps": {"news": SITEMAPS["news"]}, "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path(
        "sitemap-<section>.xml",
        reader_page(sitemap_views.sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
