"""The story page: what it shows (photo, caption, credit, byline, dateline, body, corrections, tags,
related stories, the next story), its head for search engines and sharing, and the answers of its
address when the story is not there for readers (404, 410, 301)."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from articles import services
from articles.models import Correction, Story, StoryRedirect
from tests.builders import make_agency, make_author, make_photo, make_section, make_story
from tests.pages import json_ld, meta, page_tree

pytestmark = pytest.mark.django_db

# The story page ----------------------------------------------------------------------------------


@pytest.fixture
def full_story(world):
    agency = make_agency("Associated Press", credit="AP", website="https://apnews.example")
    photo = make_photo(
        size=(1600, 900),
        caption="Minister A (L) meets Minister B",
        credit="",
        agency=agency,
        alt_text="Two ministers shake hands",
    )
    author = make_author("Asha Rao", bio="Covers diplomacy.")
    story = make_story(
        section=world,
        headline="Ceasefire holds along the river",
        standfirst="Both sides report a quiet night.",
        dateline="Kyiv",
        body="<p>The line was quiet overnight.</p><p>“We hope it lasts,” a resident said.</p>",
        lead_photo=photo,
        agency=agency,
        authors=[author],
        tags=["Ukraine", "Diplomacy"],
    )
    story.major_update_at = story.publish_at + timedelta(minutes=30)
    story.save()
    Correction.objects.create(story=story, note="An earlier version misspelt the river's name.")
    return story


def test_article_page_shows_the_anatomy_of_a_news_page(client, full_story):
    response = client.get(full_story.get_absolute_url())

    assert response.status_code == 200
    tree = page_tree(response)
    article = tree.xpath('//article[@class="story"]')[0]
    caption = article.xpath("string(.//figure[@class='story__lead']/figcaption)")
    assert " ".join(caption.split()) == "Minister A (L) meets Minister B (Photo | AP)"
    assert article.xpath(".//figure[@class='story__lead']//img/@alt") == ["Two ministers shake hands"]
    label = article.xpath(".//p[contains(@class,'story__section')]/a")[0]
    assert (label.text, label.get("href")) == ("World", "/world/")
    assert article.xpath("string(.//h1)") == "Ceasefire holds along the river"
    assert article.xpath("string(.//p[@class='story__standfirst'])") == "Both sides report a quiet night."
    byline = article.xpath(".//p[@class='story__byline']")[0]
    assert " ".join(byline.text_content().split()) == "By Asha Rao with Associated Press inputs"
    assert byline.xpath(".//a/@href")[0].startswith("/author/")
    first_paragraph = article.xpath(".//div[@class='story__body']/p[1]")[0]
    assert first_paragraph.xpath("strong[@class='story__dateline']/text()") == ["KYIV:"]
    assert first_paragraph.text_content().startswith("KYIV: The line was quiet overnight.")
    times = article.xpath(".//p[@class='story__times']//time/@datetime")
    local = timezone.localtime(full_story.publish_at, ZoneInfo(settings.TIME_ZONE))
    assert times[0] == local.isoformat(timespec="seconds")
    assert "Updated" in article.xpath("string(.//p[@class='story__times'])")
    assert "IST" in article.xpath("string(.//p[@class='story__times'])")
    assert "misspelt the river" in article.xpath("string(.//section[@class='story__corrections'])")
    assert article.xpath(".//*[@class='story__tags']//a/@href") == ["/tag/diplomacy/", "/tag/ukraine/"]


def test_byline_for_agency_copy_and_for_several_authors(client, world):
    agency = make_agency("Associated Press", credit="AP")
    wire = make_story(section=world, agency=agency)
    staff = make_story(
        section=world, authors=[make_author("A. Writer"), make_author("B. Writer"), make_author("C. Writer")]
    )

    wire_byline = page_tree(client.get(wire.get_absolute_url())).xpath("string(//p[@class='story__byline'])")
    staff_byline = page_tree(client.get(staff.get_absolute_url())).xpath(
        "string(//p[@class='story__byline'])"
    )

    assert wire_byline.strip() == "Associated Press"
    assert " ".join(staff_byline.split()) == "By A. Writer, B. Writer and C. Writer"


def test_related_stories_prefer_shared_tags_then_same_section(client, world):
    sport = make_section("Sport", slug="sport")
    story = make_story(section=world, tags=["ukraine", "diplomacy", "energy"])
    two_tags = make_story(
        section=sport,
        headline="Shares two tags",
        tags=["ukraine", "energy"],
        publish_at=timezone.now() - timedelta(days=3),
    )
    one_tag = make_story(section=sport, headline="Shares one tag", tags=["diplomacy"])
    same_section = make_story(section=world, headline="Same section only")
    unrelated = make_story(section=sport, headline="Unrelated sport story")

    tree = page_tree(client.get(story.get_absolute_url()))

    related = [h.strip() for h in tree.xpath('//section[@class="related"]//h3//text()') if h.strip()]
    assert related[:3] == [two_tags.headline, one_tag.headline, same_section.headline]
    more = tree.xpath('string(//section[@class="more-headlines"])')
    assert unrelated.headline in more and same_section.headline not in more


def test_next_story_is_the_next_older_in_the_section(client, world):
    now = timezone.now()
    newer = make_story(section=world, headline="Newer", publish_at=now - timedelta(hours=1))
    current = make_story(section=world, headline="Current", publish_at=now - timedelta(hours=2))
    older = make_story(section=world, headline="Older", publish_at=now - timedelta(hours=3))
    make_story(section=world, headline="Older draft", status=Story.Status.DRAFT)

    tree = page_tree(client.get(current.get_absolute_url()))
    assert tree.xpath('//nav[@class="next-story"]/a/@href') == [older.get_absolute_url()]
    last = page_tree(client.get(older.get_absolute_url()))
    assert not last.xpath('//nav[@class="next-story"]')
    assert newer.get_absolute_url() not in tree.xpath('//nav[@class="next-story"]/a/@href')


def test_article_head_has_seo_open_graph_twitter_and_json_ld(client, full_story):
    response = client.get(full_story.get_absolute_url())
    tree = page_tree(response)

    canonical = settings.NEWSROOM_SITE_URL + full_story.get_absolute_url()
    assert tree.xpath("string(//title)") == f"Ceasefire holds along the river | {settings.NEWSROOM_SITE_NAME}"
    assert meta(tree, "description") == "Both sides report a quiet night."
    assert tree.xpath('//link[@rel="canonical"]/@href') == [canonical]
    assert meta(tree, "og:type") == "article"
    assert meta(tree, "og:url") == canonical
    assert int(meta(tree, "og:image:width")) >= 1200
    assert meta(tree, "og:image").startswith(settings.NEWSROOM_SITE_URL + "/media/renditions/")
    assert meta(tree, "twitter:card") == "summary_large_image"
    assert meta(tree, "article:section") == "World"

    data = json_ld(response)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == full_story.headline
    assert data["image"][0]["width"] >= 1200
    ratios = [round(image["width"] / image["height"], 2) for image in data["image"]]
    assert ratios == [1.78, 1.33, 1.0]  # the lead photo in 16:9, 4:3 and 1:1
    assert data["datePublished"].startswith(str(timezone.localtime(full_story.publish_at).date()))
    assert data["dateModified"] > data["datePublished"]
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Asha Rao",
        "url": settings.NEWSROOM_SITE_URL + full_story.authors.get().get_absolute_url(),
    }
    assert data["sourceOrganization"]["name"] == "Associated Press"
    assert data["publisher"]["name"] == settings.NEWSROOM_SITE_NAME
    assert data["articleSection"] == "World"
    assert sorted(data["keywords"]) == ["Diplomacy", "Ukraine"]
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert "misspelt" in data["correction"][0]["text"]


def test_agency_copy_names_the_agency_as_author_in_json_ld(client, world):
    story = make_story(section=world, agency=make_agency("Associated Press", credit="AP"))
    data = json_ld(client.get(story.get_absolute_url()))
    assert data["author"] == [{"@type": "Organization", "name": "Associated Press"}]
    assert "correction" not in data


def test_story_text_cannot_break_out_of_the_json_ld_script(client, world):
    hostile = "</script><script>alert('x')</script> & <!-- "
    story = make_story(section=world, headline=hostile, standfirst=hostile, tags=[hostile[:40]])

    response = client.get(story.get_absolute_url())

    tree = page_tree(response)
    assert len(tree.xpath("//script[not(@src)]")) == 1  # only the JSON-LD; nothing injected
    assert json_ld(response)["headline"] == hostile
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw


# Who may see what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Story.Status.DRAFT},
        {"status": Story.Status.IN_REVIEW},
        {"status": Story.Status.SCHEDULED},
        {"status": Story.Status.PUBLISHED, "embargo_until_hours": 2},
        {"status": Story.Status.PUBLISHED, "publish_in_hours": 2},
    ],
)
def test_unpublished_stories_are_not_found(client, world, fields):
    extra = {}
    if "embargo_until_hours" in fields:
        extra["embargo_until"] = timezone.now() + timedelta(hours=fields["embargo_until_hours"])
    if "publish_in_hours" in fields:
        extra["publish_at"] = timezone.now() + timedelta(hours=fields["publish_in_hours"])
    story = make_story(section=world, status=fields["status"], headline="Not for readers yet", **extra)

    assert client.get(story.get_absolute_url()).status_code == 404
    for address in [
        "/",
        "/world/",
        "/search/?q=readers",
        "/feeds/latest/",
        "/feeds/section/world/",
        "/sitemap-stories.xml",
        "/sitemap-news.xml",
    ]:
        assert "Not for readers yet" not in client.get(address).text, address


def test_withdrawn_story_is_gone_with_a_notice(client, world):
    story = make_story(
        section=world, status=Story.Status.WITHDRAWN, headline="Withdrawn claim", tags=["claims"]
    )

    response = client.get(story.get_absolute_url())

    assert response.status_code == 410
    assert "withdrawn" in response.text.lower()
    assert "Withdrawn claim" not in response.text
    assert "Withdrawn claim" not in client.get("/").text
    assert "Withdrawn claim" not in client.get("/tag/claims/").text


def test_renamed_or_moved_story_answers_301_from_every_old_address(
    client, world, django_capture_on_commit_callbacks
):
    story = make_story(section=world, headline="First headline", slug="first-headline")
    first_address = story.get_absolute_url()

    story.slug = "better-headline"
    story.save()
    second_address = story.get_absolute_url()
    story.section = make_section("Business", slug="business")
    story.save()

    for old in (first_address, second_address):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == story.get_absolute_url()
    assert client.get(story.get_absolute_url()).status_code == 200

    story.slug = "first-headline"  # moved back: the old address is its own again, not a redirect
    story.section = world
    with django_capture_on_commit_callbacks(execute=True):
        services.save_story(story, fields={"slug", "section"})
    assert client.get(first_address).status_code == 200
    assert not StoryRedirect.objects.filter(old_path=first_address).exists()


def test_addresses_with_non_ascii_slugs_work_and_redirect(client, world, django_capture_on_commit_callbacks):
    story = make_story(section=world, headline="São Paulo café reopens")
    assert story.slug == "são-paulo-café-reopens"
    assert client.get(story.get_absolute_url()).status_code == 200

    old = story.get_absolute_url()
    story.slug = "são-paulo-café-closes"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_story(story, fields={"slug"})
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()


def test_old_address_of_an_unpublished_story_is_not_found(client, world):
    story = make_story(section=world, slug="to-be-renamed")
    old = story.get_absolute_url()
    story.slug = "renamed"
    story.status = Story.Status.DRAFT
    story.save()
    assert client.get(old).status_code == 404


def test_wrong_section_or_date_in_address_redirects(client, world):
    story = make_story(section=world, slug="some-story")
    right = story.get_absolute_url()
    response = client.get(right.replace("/world/", "/business/"))
    assert response.status_code == 301 and response["Location"] == right


# Pages set no cookies and carry no CSRF token -------------------------------------------------------


def test_reader_pages_set_no_cookies_and_no_csrf_token(client, full_story):
    addresses = [
        "/",
        "/world/",
        full_story.get_absolute_url(),
        "/tag/ukraine/",
        "/search/?q=river",
        f"/author/{full_story.authors.get().slug}/",
        "/feeds/latest/",
        "/sitemap.xml",
        "/robots.txt",
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        assert not response.cookies, address
        assert "csrfmiddlewaretoken" not in response.text, address
        assert "Cookie" not in response.get("Vary", ""), address
