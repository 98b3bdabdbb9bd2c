"""RSS feeds, read back with feedparser as a news reader would."""

from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Story
from tests.builders import make_agency, make_author, make_photo, make_section, make_story

pytestmark = pytest.mark.django_db


def parse(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


@pytest.fixture
def stories():
    world = make_section("World", slug="world")
    kerala = make_section("Kerala", slug="kerala", parent=make_section("Nation", slug="nation"))
    agency = make_agency("Associated Press", credit="AP")
    wire = make_story(
        section=world,
        headline="Floodgates opened downstream",
        standfirst="Engineers lower the reservoir.",
        agency=agency,
        tags=["Floods", "Dams"],
        lead_photo=make_photo(
            size=(1600, 900), caption="Water pours through the gates", credit="", agency=agency
        ),
    )
    staff = make_story(
        section=kerala,
        headline="Houseboat season opens",
        standfirst="Bookings are up.",
        authors=[make_author("Meera Nair"), make_author("Joseph K")],
        tags=["Tourism"],
    )
    draft = make_story(section=world, headline="Unfinished draft", status=Story.Status.DRAFT, tags=["Floods"])
    return {"wire": wire, "staff": staff, "draft": draft}


def test_latest_feed_items_carry_standfirst_photo_tags_and_creator(client, stories):
    feed = parse(client, "/feeds/latest/")

    assert feed.feed.title == settings.NEWSROOM_SITE_NAME
    by_title = {entry.title: entry for entry in feed.entries}
    assert set(by_title) == {"Floodgates opened downstream", "Houseboat season opens"}

    wire = by_title["Floodgates opened downstream"]
    assert wire.summary == "Engineers lower the reservoir."
    assert wire.link == settings.NEWSROOM_SITE_URL + stories["wire"].get_absolute_url()
    assert wire.author == "Associated Press"
    assert sorted(tag.term for tag in wire.tags) == ["Dams", "Floods"]
    media = wire.media_content[0]
    assert media["url"].startswith(settings.NEWSROOM_SITE_URL + "/media/renditions/")
    assert media["medium"] == "image" and int(media["width"]) == 1280
    assert wire.media_credit[0]["content"] == "AP"
    assert wire.published_parsed is not None

    staff = by_title["Houseboat season opens"]
    assert staff.author == "Meera Nair and Joseph K"
    assert "media_content" not in staff


def test_section_feed_includes_subsections(client, stories):
    nation = parse(client, "/feeds/section/nation/")
    assert [entry.title for entry in nation.entries] == ["Houseboat season opens"]
    assert [entry.title for entry in parse(client, "/feeds/section/nation/kerala/").entries] == [
        "Houseboat season opens"
    ]
    assert client.get("/feeds/section/nowhere/").status_code == 404


def test_tag_feed_has_only_published_stories_with_the_tag(client, stories):
    feed = parse(client, "/feeds/tag/floods/")
    assert [entry.title for entry in feed.entries] == ["Floodgates opened downstream"]
    assert client.get("/feeds/tag/no-such-tag/").status_code == 404


def test_pictures_videos_and_posts_in_the_body_reach_feed_readers_as_plain_html(client, media_root):
    # Stored bodies name their pictures by library id and their videos by an empty figure, which a
    # feed reader would show as nothing: content:encoded carries a figure with its picture and a link.
    world = make_section("World", slug="world")
    placed = make_photo(size=(800, 600), caption="Passengers queue.", credit="Port Authority")
    expired = make_photo(
        size=(800, 600), caption="Out of rights.", expires_at=timezone.now() - timedelta(days=1)
    )
    make_story(
        section=world,
        headline="Ferries cut winter crossings",
        body=f'<p>The board voted.</p><figure data-embed="photo" data-photo="{placed.pk}"></figure>'
        f'<figure data-embed="photo" data-photo="{expired.pk}"></figure>'
        '<figure data-embed="video" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>',
        photos=[placed, expired],
    )

    [item] = parse(client, "/feeds/latest/").entries
    body = item.content[0].value

    assert "data-embed" not in body and "data-photo" not in body
    assert (
        "<figure><img " in body and 'src="http://127.0.0.1:8000/media/renditions/' in body
    )  # feedparser's order
    assert "<figcaption>Passengers queue. <cite>Port Authority</cite></figcaption>" in body
    assert "Out of rights." not in body
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">YouTube: ' in body
