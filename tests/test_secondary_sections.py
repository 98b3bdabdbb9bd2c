"""Secondary sections: a story filed in one section (its address, its label) is listed on other
sections' pages and feeds too, once each, newest first with the rest; a new story retires those
listings; the pages keep their fixed query counts; the desk edits them like the rest of the story."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Revision, Story, StorySection
from articles.models.reader_pages import listing_bucket
from articles.reader.listings import PAGE_SIZE
from articles.reader.section_front import FRONT_PLACES
from articles.reader.section_listing import SectionListing
from articles.reader.sections import SiteSections, all_sections
from tests.builders import make_photo, make_section, make_story
from tests.desk_builders import change_url, logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter
from tests.pages import page_tree

pytestmark = pytest.mark.django_db
S = Story.Status


def listed_in(story, *sections):
    for section in sections:
        StorySection.objects.create(story=story, section=section, publish_at=story.publish_at)
    return story


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def card_headlines(response):
    """The headlines of a listing page in order: its section's front (on the first page), then the list."""
    cards = page_tree(response).xpath('//*[@class="section-front" or @class="listing"]//h3//a/text()')
    return [text.strip() for text in cards]


def feed_titles(response):
    from lxml import etree

    return [title.text for title in etree.fromstring(response.content).findall("./channel/item/title")]


@pytest.fixture
def sections():
    nation = make_section("Nation", slug="nation")
    return {
        "nation": nation,
        "kerala": make_section("Kerala", slug="kerala", parent=nation),
        "business": make_section("Business", slug="business"),
        "sport": make_section("Sport", slug="sport"),
    }


def test_a_section_lists_its_own_stories_and_those_listed_there_newest_first(client, sections):
    business, sport, kerala = sections["business"], sections["sport"], sections["kerala"]
    make_story(section=business, headline="Rupee slips", publish_at=hours_ago(3))
    fintech = listed_in(
        make_story(section=kerala, headline="Kochi fintech raises funds", publish_at=hours_ago(2)), business
    )
    make_story(section=sport, headline="Derby ends level", publish_at=hours_ago(1))
    draft = make_story(section=sport, headline="Not out yet", status=S.DRAFT)
    listed_in(draft, business)

    page = client.get("/business/")
    assert card_headlines(page) == ["Kochi fintech raises funds", "Rupee slips"]
    # Its card links to its one address, in its own section, and is labelled with it.
    assert fintech.get_absolute_url().startswith("/nation/kerala/")
    assert fintech.get_absolute_url() in page.text
    feed = client.get("/feeds/section/business/")
    assert feed_titles(feed) == ["Kochi fintech raises funds", "Rupee slips"]
    assert client.get("/sport/").status_code == 200
    assert card_headlines(client.get("/sport/")) == ["Derby ends level"]


def test_a_story_met_twice_in_a_family_is_listed_once(client, sections):
    nation, kerala = sections["nation"], sections["kerala"]
    # Filed in Kerala (a subsection of Nation) and listed in Nation and in Kerala itself.
    twice = make_story(section=kerala, headline="Monsoon arrives early", publish_at=hours_ago(2))
    listed_in(twice, nation, kerala)
    make_story(section=nation, headline="Census goes digital", publish_at=hours_ago(1))

    assert card_headlines(client.get("/nation/")) == ["Census goes digital", "Monsoon arrives early"]
    assert card_headlines(client.get("/nation/kerala/")) == ["Monsoon arrives early"]
    assert feed_titles(client.get("/feeds/section/nation/")) == [
        "Census goes digital",
        "Monsoon arrives early",
    ]


def test_paging_through_own_and_listed_stories_keeps_the_order_and_skips_none(client, sections):
    business, sport = sections["business"], sections["sport"]
    expected = []
    for number in range(47):
        own = number % 3 != 0
        story = make_story(
            section=business if own else sport,
            headline=f"Story number {number}",
            publish_at=hours_ago(100 - number),
        )
        if not own:
            listed_in(story, business)
        expected.insert(0, story.headline)
    # Two stories at the same moment: the cursor orders them by id, as the page does.
    tied = hours_ago(0.5)
    for name in ("Tied first", "Tied second"):
        listed_in(make_story(section=sport, headline=name, publish_at=tied), business)
    expected[:0] = ["Tied second", "Tied first"]

    seen, response, older_links = [], client.get("/business/"), []
    while True:
        seen += card_headlines(response)
        older = page_tree(response).xpath('//a[@rel="next"]/@href')
        if not older:
            break
        older_links.append(older[0])
        response = client.get("/business/" + older[0])
    assert seen == expected
    # Back again through "newer" links from the last page.
    back = []
    while True:
        back = card_headlines(response) + back
        newer = page_tree(response).xpath('//a[@rel="prev"]/@href')
        if not newer:
            break
        response = client.get("/business/" + newer[0])
    assert back == expected
    # Page numbers without a cursor give the same pages (the first holds the front's places too).
    second = expected[FRONT_PLACES + PAGE_SIZE : FRONT_PLACES + 2 * PAGE_SIZE]
    assert card_headlines(client.get("/business/?page=2")) == second


def test_the_reader_listing_holds_to_in_section(sections, frozen_now):
    """The listing's plain SQL and ``Story.objects.in_section()`` name the same published stories."""
    nation, kerala, business, sport = (sections[name] for name in ("nation", "kerala", "business", "sport"))
    for index, section in enumerate([nation, kerala, business, sport] * 3):
        story = make_story(section=section, publish_at=hours_ago(index + 1))
        listed_in(story, *[other for other in (nation, business) if other != section][: index % 3])
    listed_in(make_story(section=sport, status=S.SCHEDULED), business)
    listed_in(make_story(section=sport, embargo_until=timezone.now() + timedelta(hours=2)), kerala)
    site = SiteSections(all_sections())

    for section in sections.values():
        listing = SectionListing.of(section, site)
        ids = listing.page_ids(limit=100)
        orm = Story.objects.published().in_section(section).newest_first().values_list("pk", flat=True)
        assert ids == list(orm), section.path
        assert len(ids) == len(set(ids))


def test_the_copied_time_follows_the_story(sections):
    story = make_story(section=sections["sport"], status=S.DRAFT)
    services.store_secondary_sections(story, [sections["business"], sections["sport"]])
    # Its own section is never one of its secondary sections.
    assert list(story.secondary_sections.all()) == [sections["business"]]

    services.publish_story(story)
    story.refresh_from_db()
    assert StorySection.objects.get(story=story).publish_at == story.publish_at
    assert Story.objects.published().in_section(sections["business"]).get() == story


def cached(client, address):
    with CaptureQueriesContext(connection) as queries:
        client.get(address)
    return len(queries) == 0


def test_a_new_story_retires_the_listings_of_its_secondary_sections_too(
    client, sections, django_capture_on_commit_callbacks
):
    business, sport, kerala = sections["business"], sections["sport"], sections["kerala"]
    assert len({listing_bucket(("section", slug)) for slug in ("business", "sport", "nation")}) == 3
    make_story(section=business)
    make_story(section=sport)
    make_story(section=kerala)
    joined = ["/business/", "/feeds/section/business/", "/sport/", "/feeds/section/sport/"]
    kept = ["/nation/", "/nation/kerala/", "/feeds/section/nation/"]
    for address in joined + kept:
        client.get(address)
    draft = make_story(section=sport, status=S.DRAFT, headline="Stadium bonds sell out")
    services.store_secondary_sections(draft, [business])

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_story(draft)

    for address in joined:
        assert "Stadium bonds sell out" in client.get(address).text, address
    for address in kept:
        assert cached(client, address), address


def cold_queries(client, address):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len([query for query in queries if "readerpagesgeneration" not in query["sql"]])


@pytest.mark.parametrize("address", ["/nation/", "/nation/kerala/", "/business/", "/feeds/section/nation/"])
def test_secondary_sections_add_no_query_to_section_pages(client, sections, address):
    nation, kerala, business, sport = (sections[name] for name in ("nation", "kerala", "business", "sport"))
    for index in range(6):
        make_story(section=[nation, kerala, business][index % 3], lead_photo=make_photo())
    without = cold_queries(client, address)
    for index in range(30):
        story = make_story(section=[sport, kerala, business][index % 3], lead_photo=make_photo())
        listed_in(story, *[section for section in (nation, kerala, business) if section != story.section])

    assert cold_queries(client, address) == without
    assert without == (5 if address.startswith("/feeds/") else 3)  # a feed reads its bodies' pictures too


def test_an_editor_lists_a_story_in_other_sections_from_the_form(client, sections):
    business, sport, kerala = sections["business"], sections["sport"], sections["kerala"]
    story = make_story(section=sport, headline="League adds a Kerala team")
    logged_in(client, make_editor())
    form = client.get(change_url(story))
    assert 'name="secondary_sections"' in form.text

    response = client.post(
        change_url(story), payload(story, secondary_sections=[business.pk, kerala.pk, sport.pk])
    )
    assert response.status_code == 302
    assert set(story.secondary_sections.all()) == {business, kerala}
    assert card_headlines(client.get("/nation/kerala/")) == ["League adds a Kerala team"]
    latest = Revision.objects.filter(story=story).latest()
    assert latest.snapshot["secondary_sections"] == sorted([business.pk, kerala.pk])

    # Taking one away is a change readers see at once.
    story.refresh_from_db()
    client.post(change_url(story), payload(story, secondary_sections=[kerala.pk]))
    assert list(story.secondary_sections.all()) == [kerala]
    assert card_headlines(client.get("/business/")) == []


def test_restoring_a_version_brings_back_its_secondary_sections(sections):
    business, kerala, sport = sections["business"], sections["kerala"], sections["sport"]
    story = make_story(section=sport)
    services.save_story(
        story, fields=(), relations=services.StoryRelations(secondary_section_ids=[business.pk])
    )
    first = Revision.objects.filter(story=story).latest()
    services.save_story(
        story, fields=(), relations=services.StoryRelations(secondary_section_ids=[kerala.pk])
    )

    services.restore_revision(first, by=make_editor())
    assert list(story.secondary_sections.all()) == [business]


def test_a_version_saved_before_secondary_sections_leaves_them_alone(sections):
    story = make_story(section=sections["sport"])
    services.store_secondary_sections(story, [sections["business"]])
    old = services.record_revision(story)
    old.snapshot.pop("secondary_sections")
    old.save()

    services.restore_revision(old, by=make_editor())
    assert list(story.secondary_sections.all()) == [sections["business"]]


def test_a_reporter_who_may_not_edit_the_story_cannot_list_it_elsewhere(client, sections):
    reporter = make_reporter()
    story = make_story(section=sections["sport"], created_by=reporter, status=S.PUBLISHED)
    response = logged_in(client, reporter).post(
        change_url(story), payload(story, secondary_sections=[sections["business"].pk])
    )
    assert response.status_code == 403
    assert not StorySection.objects.filter(story=story).exists()
    assert card_headlines(client.get("/business/")) == []
