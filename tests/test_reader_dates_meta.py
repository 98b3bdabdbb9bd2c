"""#17 items 2 and 6: a correction marks the story updated everywhere readers and machines look, the
news sitemap's times are to the second, and the share tags carry a territory locale and the site's
account."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Story
from articles.services.workflow_steps import take_step
from articles.workflow import Action
from tests.builders import make_story
from tests.newsroom_staff import make_editor
from tests.pages import json_ld, meta, page_tree

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def corrected(world):
    story = make_story(section=world, publish_at=timezone.now() - timedelta(hours=3))
    take_step(Action.CORRECT, story, by=make_editor(), note="An earlier version gave the wrong year.")
    story.refresh_from_db()
    return story


def test_a_correction_sets_the_time_the_story_was_updated(corrected):
    assert corrected.major_update_at is not None
    assert corrected.major_update_at > corrected.first_published_at


def test_the_corrected_story_page_says_updated_and_json_ld_modified_follows(client, corrected):
    response = client.get(corrected.get_absolute_url())
    tree = page_tree(response)
    updated = tree.xpath('//*[contains(@class, "story__updated")]//time/@datetime')
    assert updated, "the story page shows no Updated line after a correction"
    data = json_ld(response)
    assert data["dateModified"] != data["datePublished"]
    assert data["dateModified"] == updated[0]
    assert meta(tree, "article:modified_time") == updated[0]


def test_the_feed_entry_of_a_corrected_story_carries_its_update_time(client, corrected):
    feed = etree.fromstring(client.get(reverse("articles:feed-latest")).content)
    items = {item.findtext("link"): item for item in feed.iter("item")}
    assert items, "the feed lists no stories"
    item = next(item for link, item in items.items() if link.endswith(corrected.get_absolute_url()))
    updated = item.findtext(f"{ATOM}updated")
    assert updated is not None, "the feed item has no atom:updated after a correction"
    assert updated != item.findtext("pubDate")


def test_a_plain_edit_is_not_an_update_readers_are_told_of(world):
    story = make_story(section=world)
    story.headline = "A tidier headline"
    story.save()
    assert Story.objects.get(pk=story.pk).major_update_at is None


def test_news_sitemap_publication_dates_are_to_the_second(client, world):
    make_story(section=world, publish_at=timezone.now().replace(microsecond=654321) - timedelta(minutes=5))
    body = client.get(reverse("sitemap-news")).content.decode()
    dates = re.findall(r"<news:publication_date>([^<]+)</news:publication_date>", body)
    assert dates
    for value in dates:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value


def test_share_tags_name_a_territory_locale_and_the_site_account(client, world, settings):
    settings.NEWSROOM_TERRITORY = "IN"
    settings.NEWSROOM_TWITTER_SITE = "@ledgerdesk"
    english = make_story(section=world, language="en")
    brazilian = make_story(section=world, language="pt-br")
    tree = page_tree(client.get(english.get_absolute_url()))
    assert meta(tree, "og:locale") == "en_IN"
    assert meta(tree, "twitter:site") == "@ledgerdesk"
    assert meta(page_tree(client.get(brazilian.get_absolute_url())), "og:locale") == "pt_BR"


def test_no_twitter_site_tag_when_the_site_has_no_account(client, world, settings):
    settings.NEWSROOM_TWITTER_SITE = ""
    tree = page_tree(client.get(make_story(section=world).get_absolute_url()))
    assert meta(tree, "twitter:site") is None
