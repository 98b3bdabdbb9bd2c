"""Sitemaps and robots.txt, parsed as the XML search engines read."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree

from articles.models import Story
from tests.builders import make_section, make_story

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def parse_xml(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(response.content, parser)


@pytest.fixture
def stories():
    world = make_section("World", slug="world")
    now = timezone.now()
    return {
        "fresh": make_story(
            section=world, headline="Fresh story & more", publish_at=now - timedelta(hours=3)
        ),
        "old": make_story(section=world, headline="Week-old story", publish_at=now - timedelta(days=7)),
        "draft": make_story(section=world, headline="Draft", status=Story.Status.DRAFT),
        "withdrawn": make_story(section=world, headline="Withdrawn", status=Story.Status.WITHDRAWN),
    }


def test_sitemap_index_lists_sitemaps_with_lastmod(client, stories):
    index = parse_xml(client, "/sitemap.xml")

    entries = index.findall("sm:sitemap", NS)
    locations = [entry.findtext("sm:loc", namespaces=NS) for entry in entries]
    assert {location.rsplit("/", 1)[1] for location in locations} == {
        "sitemap-stories.xml",
        "sitemap-sections.xml",
        "sitemap-news.xml",
    }
    for entry in entries:
        assert entry.findtext("sm:lastmod", namespaces=NS), entry.findtext("sm:loc", namespaces=NS)


def test_story_sitemap_holds_published_stories_only(client, stories):
    urlset = parse_xml(client, "/sitemap-stories.xml")

    locations = [url.findtext("sm:loc", namespaces=NS) for url in urlset.findall("sm:url", NS)]
    expected = {settings.NEWSROOM_SITE_URL + stories[key].get_absolute_url() for key in ("fresh", "old")}
    assert set(locations) == expected
    assert all(url.findtext("sm:lastmod", namespaces=NS) for url in urlset.findall("sm:url", NS))


def test_news_sitemap_has_the_last_two_days_with_publication_details(client, stories):
    urlset = parse_xml(client, "/sitemap-news.xml")

    urls = urlset.findall("sm:url", NS)
    assert len(urls) == 1
    url = urls[0]
    assert (
        url.findtext("sm:loc", namespaces=NS)
        == settings.NEWSROOM_SITE_URL + stories["fresh"].get_absolute_url()
    )
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == settings.NEWSROOM_SITE_NAME
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh story & more"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published.startswith(str(timezone.localtime(stories["fresh"].publish_at).date()))


def test_sections_sitemap_and_robots_txt(client, stories):
    sections = parse_xml(client, "/sitemap-sections.xml")
    assert [url.findtext("sm:loc", namespaces=NS) for url in sections.findall("sm:url", NS)] == [
        settings.NEWSROOM_SITE_URL + "/world/"
    ]

    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    lines = robots.text.splitlines()
    assert f"Sitemap: {settings.NEWSROOM_SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {settings.NEWSROOM_SITE_URL}/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines
