"""The reader site: every address, what each page shows, and who may see what."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import Story
from articles.photos.renditions import supported_formats
from articles.reader.listings import MAX_PAGE_WITHOUT_CURSOR, PAGE_SIZE
from articles.reader.section_front import FRONT_PLACES
from tests.builders import make_author, make_photo, make_section, make_story
from tests.pages import meta, page_tree

pytestmark = pytest.mark.django_db


# Home ---------------------------------------------------------------------------------------------


def test_home_has_lead_top_stories_section_blocks_and_latest(client, world):
    sport = make_section("Sport", slug="sport")
    lead = make_story(
        section=world, headline="Talks resume in Geneva", priority=9, lead_photo=make_photo(size=(1600, 900))
    )
    second = make_story(section=sport, headline="Spinners win the series", priority=5)
    old_priority = make_story(
        section=world,
        headline="Old front-page story",
        priority=10,
        publish_at=timezone.now() - timedelta(days=9),
    )
    make_story(section=world, headline="Draft about nothing", status=Story.Status.DRAFT)
    for hours in range(2, 14):
        make_story(
            section=world, headline=f"World brief {hours}", publish_at=timezone.now() - timedelta(hours=hours)
        )

    response = client.get("/")

    assert response.status_code == 200
    tree = page_tree(response)
    # Priority only counts for recent stories: the week-old priority 10 does not lead the paper.
    assert tree.xpath('string(//article[@class="lead-story"]//h3)').strip() == lead.headline
    assert tree.xpath('//article[@class="lead-story"]//picture//source[@type="image/webp"]')
    # Under the lead, the next stories by priority as headlines; the pictured ones beside it.
    secondary = [h.text_content().strip() for h in tree.xpath('//ul[@class="secondary-stories"]//h3')]
    assert secondary == [second.headline, "World brief 2", "World brief 3"]
    top = [h.strip() for h in tree.xpath('//div[@class="top-stories"]//h3//text()') if h.strip()]
    assert top == ["World brief 4", "World brief 5", "World brief 6"]
    blocks = {h.text_content().strip() for h in tree.xpath('//section[@class="section-block"]/h2')}
    assert blocks == {"World"}  # Sport's only story is already among the top stories
    assert "World brief 9" in tree.xpath('string(//section[@class="section-block"])')
    assert "World brief 12" in tree.xpath('string(//aside[@class="front__latest"])')
    assert old_priority.headline not in tree.xpath('string(//section[@class="front__top"])')
    assert "Draft about nothing" not in response.text


# Sections and pagination --------------------------------------------------------------------------


def test_section_page_includes_subsections_and_404s_for_unknown(client):
    nation = make_section("Nation", slug="nation")
    kerala = make_section("Kerala", slug="kerala", parent=nation)
    make_story(section=kerala, headline="Backwaters tourism recovers")
    make_story(section=make_section("Sport", slug="sport"), headline="A match report")

    nation_page = client.get("/nation/")
    assert "Backwaters tourism recovers" in nation_page.text
    assert "A match report" not in nation_page.text
    assert 'href="/nation/kerala/"' in nation_page.text
    assert "Backwaters tourism recovers" in client.get("/nation/kerala/").text
    missing = client.get("/nowhere/")
    assert missing.status_code == 404
    assert "We could not find that page" in missing.text and 'href="/nation/"' in missing.text
    assert client.get("/nation/nowhere/").status_code == 404


def test_section_pages_follow_cursors_to_the_end_then_404(client, world):
    now = timezone.now()
    stories = [
        make_story(section=world, headline=f"World story {n:02d}", publish_at=now - timedelta(hours=n))
        # The first page shows the section's front (a lead and top stories) above a page of the list.
        for n in range(1, PAGE_SIZE * 2 + FRONT_PLACES + 6)
    ]
    seen, address, pages = [], "/world/", 0
    while address:
        response = client.get(address)
        assert response.status_code == 200
        pages += 1
        seen += re.findall(r"World story \d\d", response.text)
        older = page_tree(response).xpath('//nav[@class="pagination"]/a[@rel="next"]/@href')
        address = f"/world/{older[0]}" if older else None
    assert pages == 3
    assert seen == [story.headline for story in stories]  # every story once, newest first

    assert client.get("/world/?page=2").status_code == 200  # typed page numbers work near the top
    assert client.get("/world/?page=4").status_code == 404  # beyond the end
    assert client.get(f"/world/?page={MAX_PAGE_WITHOUT_CURSOR + 1}").status_code == 404
    assert client.get("/world/?page=abc").status_code == 404
    assert client.get("/world/?page=0").status_code == 404
    assert client.get(f"/world/?page=9&before={stories[-1].pk}").status_code == 404  # nothing older


def test_a_cursor_anchored_on_a_story_readers_cannot_see_is_a_404(client, world):
    # A page placed at an unpublished story's time told a reader it existed, and when it comes out.
    now = timezone.now()
    for n in range(PAGE_SIZE + FRONT_PLACES + 3):
        make_story(
            section=world,
            headline=f"World story {n:02d}",
            publish_at=now - timedelta(hours=n + 1),
            tags=["Harbour"],
        )
    scheduled = make_story(
        section=world, status=Story.Status.SCHEDULED, publish_at=now + timedelta(days=1), tags=["Harbour"]
    )
    embargoed = make_story(section=world, embargo_until=now + timedelta(days=1), tags=["Harbour"])
    published = Story.objects.published().filter(section=world).order_by("-publish_at")[3]

    for hidden in (scheduled, embargoed):
        for cursor in ("before", "after"):
            for listing in ("/world/", "/tag/harbour/"):
                assert client.get(f"{listing}?page=2&{cursor}={hidden.pk}").status_code == 404, (
                    listing,
                    cursor,
                )
    assert client.get(f"/world/?page=2&before={published.pk}").status_code == 200
    assert client.get(f"/tag/harbour/?page=2&before={published.pk}").status_code == 200


def test_newer_link_walks_back_up(client, world):
    now = timezone.now()
    for n in range(PAGE_SIZE * 3):
        make_story(section=world, headline=f"Story {n:02d}", publish_at=now - timedelta(hours=n + 1))
    first = client.get("/world/")
    second = client.get("/world/" + page_tree(first).xpath('//a[@rel="next"]/@href')[0])
    third = client.get("/world/" + page_tree(second).xpath('//a[@rel="next"]/@href')[0])
    back = client.get("/world/" + page_tree(third).xpath('//a[@rel="prev"]/@href')[0])
    assert re.findall(r"Story \d\d", back.text) == re.findall(r"Story \d\d", second.text)
    assert "Page 2" in back.text


# Tag and author pages ---------------------------------------------------------------------------


def test_tag_page_lists_published_stories_with_the_tag(client, world):
    make_story(section=world, headline="Grain deal signed", tags=["Black Sea"])
    make_story(section=world, headline="Grain draft", tags=["Black Sea"], status=Story.Status.DRAFT)
    make_story(section=world, headline="Unrelated", tags=["Other"])

    response = client.get("/tag/black-sea/")

    assert response.status_code == 200
    assert "Grain deal signed" in response.text
    assert "Grain draft" not in response.text and "Unrelated" not in response.text
    assert client.get("/tag/no-such-tag/").status_code == 404


def tag_page_headlines(client, address):
    from django.core.cache import cache

    cache.clear()  # the changes below bypass the services that purge the page cache
    tree = page_tree(client.get(address))
    return [h.text_content().strip() for h in tree.xpath('//div[@class="listing"]//h3')]


def test_tag_pages_go_newest_first_through_every_page(client, world):
    now = timezone.now()
    for number in range(PAGE_SIZE + 5):
        make_story(
            section=world,
            headline=f"Harbour note {number}",
            tags=["Harbour"],
            publish_at=now - timedelta(hours=number + 1),
        )

    first = client.get("/tag/harbour/")
    older = page_tree(first).xpath('//a[@rel="next"]/@href')[0]
    second = tag_page_headlines(client, "/tag/harbour/" + older)

    assert tag_page_headlines(client, "/tag/harbour/") == [f"Harbour note {n}" for n in range(PAGE_SIZE)]
    assert second == [f"Harbour note {n}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]
    newer = page_tree(client.get("/tag/harbour/" + older)).xpath('//a[@rel="prev"]/@href')[0]
    assert tag_page_headlines(client, "/tag/harbour/" + newer)[0] == "Harbour note 0"


def test_author_page_has_bio_photo_and_stories(client, world):
    author = make_author(
        "Asha Rao",
        title="Diplomatic Editor",
        bio="Asha covers diplomacy.",
        photo=make_photo(size=(600, 600), alt_text="Asha Rao"),
    )
    make_story(section=world, headline="Summit ends", authors=[author])
    make_story(section=world, headline="Someone else's story")

    response = client.get(author.get_absolute_url())

    tree = page_tree(response)
    assert tree.xpath("string(//h1)") == "Asha Rao"
    assert "Asha covers diplomacy." in response.text and "Diplomatic Editor" in response.text
    assert tree.xpath('//header[@class="author-header"]//img/@src')[0].endswith(".jpg")
    assert "1x1" in tree.xpath('//header[@class="author-header"]//img/@src')[0]
    assert "Summit ends" in response.text and "Someone else" not in response.text
    assert client.get("/author/nobody/").status_code == 404


# Photos on pages ---------------------------------------------------------------------------------


def test_pictures_are_responsive_with_webp_jpeg_sizes_and_lazy_loading(client, world):
    photo = make_photo(size=(2400, 1600))
    story = make_story(section=world, lead_photo=photo, photos=[make_photo(size=(1200, 800))])
    make_story(section=world, lead_photo=make_photo(size=(1000, 700)), headline="A listed story")

    article = page_tree(client.get(story.get_absolute_url()))
    lead = article.xpath('//figure[@class="story__lead"]/picture')[0]
    # (libxml2's HTML parser nests <source> elements, hence the descendant axis.)
    webp = lead.xpath('.//source[@type="image/webp"]/@srcset')[0].split(", ")
    jpeg = lead.xpath(".//img/@srcset")[0].split(", ")
    assert len(webp) >= 4 and all(".webp " in candidate for candidate in webp)
    if "avif" in supported_formats():
        avif = lead.xpath('.//source[@type="image/avif"]/@srcset')[0].split(", ")
        assert len(avif) == len(webp) and all(".avif " in candidate for candidate in avif)
        first_source = lead.xpath(".//source")[0]
        assert first_source.get("type") == "image/avif"  # browsers take the first format they know
    assert all(".jpg " in candidate for candidate in jpeg)
    img = lead.xpath(".//img")[0]
    assert (img.get("width"), img.get("height")) == ("2048", "1365")
    assert img.get("loading") is None and img.get("fetchpriority") == "high"  # above the fold
    further = article.xpath('//figure[@class="story__figure"]//img')[0]
    assert further.get("loading") == "lazy"

    listing = page_tree(client.get("/world/"))
    thumb = listing.xpath('//a[@class="card__picture"]//img')[0]
    assert "-c16x9-f500x500" in thumb.get("src")
    assert int(thumb.get("width")) * 9 == int(thumb.get("height")) * 16


def test_expired_photos_are_not_shown(client, world):
    photo = make_photo(
        size=(800, 600), caption="Rights ran out", expires_at=timezone.now() - timedelta(days=1)
    )
    story = make_story(section=world, lead_photo=photo)
    tree = page_tree(client.get(story.get_absolute_url()))
    assert not tree.xpath("//picture")
    assert not tree.xpath("//figure")  # no caption or credit left without its picture
    assert meta(tree, "og:image") is None


def test_the_navigation_prints_section_names_as_text(client):
    make_section('<i>Arts</i> & "Culture"', slug="arts")
    page = client.get("/")
    assert b"&lt;i&gt;Arts&lt;/i&gt; &amp; &quot;Culture&quot;" in page.content
    tree = lxml_html.fromstring(page.content)
    for nav in ("//nav[@class='sections-nav']", "//footer//nav"):
        assert [link.text for link in tree.xpath(f"{nav}//a[@href='/arts/']")] == ['<i>Arts</i> & "Culture"']
        assert not tree.xpath(f"{nav}//i")


def test_the_navigation_marks_the_current_section_in_the_masthead_only(client):
    nation = make_section("Nation", slug="nation")
    make_section("Sport & Games", slug="sport")
    story = make_story(section=make_section("Kerala", slug="kerala", parent=nation))

    for address in ("/nation/", "/nation/kerala/", story.get_absolute_url()):
        page = lxml_html.fromstring(client.get(address).content)
        masthead = page.xpath("//nav[@class='sections-nav']//a[@aria-current]")
        assert [(link.text, link.get("href")) for link in masthead] == [("Nation", "/nation/")], address
        footer = page.xpath("//footer//nav//a")
        assert [link.text for link in footer][:2] == ["Nation", "Sport & Games"]
        assert not page.xpath("//footer//a[@aria-current]")
    home = lxml_html.fromstring(client.get("/").content)
    assert [link.text for link in home.xpath("//nav[@class='sections-nav']//a[@aria-current]")] == ["Home"]
