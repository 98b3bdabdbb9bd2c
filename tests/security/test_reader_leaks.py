"""What the reader site says about things readers may not see, and whose address it prints.

- Every absolute address comes from NEWSROOM_SITE_URL, never from the request (``Host`` and
  ``X-Forwarded-Proto`` are the client's to choose, and the first page after a purge is cached
  for everyone).
- Plain-text fields are escaped text in feeds; only the sanitized body goes out as HTML.
- A tag only drafts or scheduled stories use is not there; a withdrawn story answers 410 only at
  its own address.
"""

import html
import re
from xml.etree import ElementTree

import pytest
from django.test import override_settings

from articles import services
from articles.models import Story
from tests.builders import make_section, make_story

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
HOSTILE = {"HTTP_HOST": "localhost:6666", "HTTP_X_FORWARDED_PROTO": "https"}
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
ADDRESS = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.NEWSROOM_SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize(
    "address",
    [
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/sitemap-news.xml",
        "/feeds/latest/",
        "/feeds/section/world/",
        "/feeds/tag/harbours/",
        "/robots.txt",
        "/",
        "/world/",
        "STORY",
    ],
)
def test_a_hostile_host_never_reaches_a_cached_address(client, world, address):
    story = make_story(section=world, tags=["Harbours"], headline="Dredging starts")
    address = story.get_absolute_url() if address == "STORY" else address
    poisoned = client.get(address, **HOSTILE)  # the first request after a purge: it gets cached
    assert poisoned.status_code == 200, address
    later = client.get(address)
    for text in (poisoned.content.decode(), later.content.decode()):
        assert "localhost:6666" not in text, address
        own = [url for url in ADDRESS.findall(text) if "news.example.org" in url]
        foreign = [url for url in ADDRESS.findall(text) if "localhost" in url or "testserver" in url]
        assert not foreign, (address, foreign)
        if address != "/" and address != "/world/":
            assert own, address  # the page does print absolute addresses, all of them ours


def test_the_feed_self_link_is_ours(client, world):
    make_story(section=world)
    text = client.get("/feeds/latest/", **HOSTILE).content.decode()
    assert f'href="{SITE}/feeds/latest/"' in text or f"{SITE}/feeds/latest/" in text


def test_plain_text_fields_are_text_in_feeds(client, world):
    standfirst = '"><img src=x onerror=alert(1)> and <img> as an agency sent it'
    make_story(section=world, standfirst=standfirst, body="<p>Traffic is <strong>back</strong>.</p>")
    raw = client.get("/feeds/latest/").content
    item = ElementTree.fromstring(raw).find("channel/item")
    # A feed reader takes <description> as HTML: it must hold the standfirst's characters, escaped.
    assert item.findtext("description") == html.escape(standfirst)
    # The body is HTML, sanitized when it was saved, in content:encoded.
    assert item.findtext(CONTENT_ENCODED) == "<p>Traffic is <strong>back</strong>.</p>"


def test_a_tag_only_drafts_use_is_not_there(client, world):
    make_story(section=world, status=Story.Status.DRAFT, tags=["Secret merger"])
    make_story(section=world, status=Story.Status.SCHEDULED, tags=["Budget leak"])
    for slug in ("secret-merger", "budget-leak"):
        assert client.get(f"/tag/{slug}/").status_code == 404
        assert client.get(f"/feeds/tag/{slug}/").status_code == 404
    make_story(section=world, tags=["Secret merger"])
    assert client.get("/tag/secret-merger/").status_code == 200


def test_a_withdrawn_story_is_gone_only_at_its_own_address(client, world):
    story = make_story(section=world, headline="Withdrawn claim", slug="withdrawn-claim")
    own = story.get_absolute_url()
    services.withdraw_story(story, reason="Not verified.")
    assert client.get(own).status_code == 410
    elsewhere = make_section("Sport", slug="sport")
    for address in (
        "/sport/2001/01/01/withdrawn-claim/",
        f"/{elsewhere.slug}/1999/12/31/withdrawn-claim/",
        own.replace("/world/", "/sport/"),
    ):
        assert client.get(address).status_code == 404, address


@override_settings(NEWSROOM_SITE_URL=SITE)
def test_the_sitemap_index_lists_our_sitemaps(client, world):
    make_story(section=world)
    text = client.get("/sitemap.xml", **HOSTILE).content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", text)
    assert locations and all(location.startswith(f"{SITE}/sitemap-") for location in locations)
