"""Curated fronts on the reader site: pinned stories lead their slots, the rest fills automatically,
no story shows twice, a story readers may not see leaves at once, expired pins and scheduled versions
take effect at their time, the section page's hierarchy, and fixed query counts."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Story
from articles.reader.listings import PAGE_SIZE
from articles.reader.section_front import FRONT_PLACES
from articles.services import fronts
from tests.builders import FROZEN_NOW, make_author, make_photo, make_section, make_story
from tests.front_builders import LEAD, TOP, arrange, block_slot
from tests.pages import page_tree

pytestmark = pytest.mark.django_db


def home(client):
    """The home page's slots as readers see them: lead, top stories (headlines, then cards), blocks."""
    cache.clear()
    tree = page_tree(client.get("/"))

    def texts(path):
        return [node.text_content().strip() for node in tree.xpath(path)]

    return {
        "lead": texts('//article[@class="lead-story"]//h3/a'),
        "top": texts('//ul[@class="secondary-stories"]//h3/a') + texts('//div[@class="top-stories"]//h3/a'),
        "blocks": {
            heading.text_content().strip(): [a.text_content().strip() for a in heading.xpath("..//h3/a")]
            for heading in tree.xpath('//section[@class="section-block"]/h2')
        },
        "latest": texts('//ol[@class="latest-list"]/li/a'),
    }


def live_pin(front, story):
    return front.versions.get(status="live").pins.get(story=story).pk


def in_slots(page):
    """The stories of the front's slots: the lead, the top stories and the section blocks."""
    return page["lead"] + page["top"] + [h for block in page["blocks"].values() for h in block]


def every_story_on(page):
    return in_slots(page) + page["latest"]


def section_page(client, address):
    cache.clear()
    tree = page_tree(client.get(address))
    return {
        "lead": [
            a.text_content().strip() for a in tree.xpath('//article[contains(@class, "lead-story")]//h3/a')
        ],
        "top": [a.text_content().strip() for a in tree.xpath('//div[@class="section-front__top"]//h3/a')],
        "list": [a.text_content().strip() for a in tree.xpath('//div[@class="listing"]//h3/a')],
    }


@pytest.fixture
def news(world):
    """World with eight stories an hour apart, "World 1" the newest; Sport with three."""
    sport = make_section("Sport", slug="sport")
    now = timezone.now()
    stories = {
        f"World {n}": make_story(section=world, headline=f"World {n}", publish_at=now - timedelta(hours=n))
        for n in range(1, 9)
    }
    stories |= {
        f"Sport {n}": make_story(
            section=sport, headline=f"Sport {n}", publish_at=now - timedelta(hours=n, minutes=30)
        )
        for n in range(1, 4)
    }
    return {"world": world, "sport": sport, **stories}


# The home page ------------------------------------------------------------------------------------


def test_without_a_front_the_home_page_is_arranged_automatically(client, news):
    page = home(client)
    assert page["lead"] == ["World 1"]
    assert page["top"] == ["Sport 1", "World 2", "Sport 2", "World 3", "Sport 3", "World 4"]


def test_a_pinned_lead_and_top_stories_come_first_and_the_rest_fills_automatically(client, news):
    arrange(pins=[(LEAD, news["World 8"]), (TOP, news["Sport 3"]), (TOP, news["World 6"])])

    page = home(client)

    assert page["lead"] == ["World 8"]
    assert page["top"] == ["Sport 3", "World 6", "World 1", "Sport 1", "World 2", "Sport 2"]
    slots = in_slots(page)
    assert len(slots) == len(set(slots)), "a front never shows the same story twice"
    assert set(every_story_on(page)) == {key for key in news if key not in ("world", "sport")}
    # The latest column is the running order of the rest: never the lead or a top story.
    assert not set(page["latest"]) & set(page["lead"] + page["top"])


def test_a_story_pinned_to_a_section_block_leads_it_and_is_not_repeated_above(client, news):
    arrange(pins=[(block_slot(news["world"].pk), news["World 1"])])

    page = home(client)

    assert page["blocks"]["World"][0] == "World 1"
    assert "World 1" not in page["lead"] + page["top"]
    slots = in_slots(page)
    assert len(slots) == len(set(slots))


def test_pins_of_a_draft_are_not_for_readers(client, news):
    arrange(pins=[(LEAD, news["World 8"])], publish=False)
    assert home(client)["lead"] == ["World 1"]


@pytest.mark.parametrize("leaves", ["withdrawn", "embargoed", "scheduled", "draft"])
def test_a_pinned_story_readers_may_not_see_leaves_the_front(client, news, leaves):
    story = news["World 8"]
    arrange(pins=[(LEAD, story), (TOP, news["Sport 3"])])
    assert home(client)["lead"] == ["World 8"]

    later = timezone.now() + timedelta(hours=2)
    change = {
        "withdrawn": {"status": Story.Status.WITHDRAWN},
        "embargoed": {"embargo_until": later},
        "scheduled": {"status": Story.Status.SCHEDULED, "publish_at": later},
        "draft": {"status": Story.Status.DRAFT},
    }[leaves]
    Story.objects.filter(pk=story.pk).update(**change)  # the card statement's own condition decides

    page = home(client)
    assert page["lead"] == ["World 1"]
    assert "World 8" not in every_story_on(page)
    assert page["top"][0] == "Sport 3"  # the other pins stay


def test_a_withdrawn_pinned_story_leaves_the_cached_front_at_once(
    client, news, django_capture_on_commit_callbacks
):
    arrange(pins=[(LEAD, news["World 8"])])
    assert "World 8" in client.get("/").text  # now in the page cache

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_story(news["World 8"], reason="Not verified.")

    assert "World 8" not in client.get("/").text


def test_an_expired_pin_drops_out_at_its_time(client, world):
    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        old = make_story(
            section=world, headline="Yesterday's big story", publish_at=timezone.now() - timedelta(hours=20)
        )
        make_story(section=world, headline="The newest story")
        arrange(pins=[(LEAD, old, timezone.now() + timedelta(hours=1))])
        assert home(client)["lead"] == ["Yesterday's big story"]

        traveller.shift(timedelta(hours=1))

        page = home(client)
        assert page["lead"] == ["The newest story"]
        assert "Yesterday's big story" in page["top"]  # back among the automatic stories, once


def test_a_scheduled_version_shows_from_its_time(client, news):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        front = arrange(pins=[(LEAD, news["World 7"])])
        fronts.unpin(front, live_pin(front, news["World 7"]), by=None)  # starts a draft
        arrange(pins=[(LEAD, news["Sport 2"])], publish=False)
        fronts.schedule_draft(front, timezone.now() + timedelta(minutes=30), by=None)
        assert home(client)["lead"] == ["World 7"]

        traveller.shift(timedelta(minutes=30))

        # A page made after its time shows it even before the scheduler has marked it live.
        assert home(client)["lead"] == ["Sport 2"]


def test_a_later_version_replaces_the_pins_of_the_one_before(client, news):
    front = arrange(pins=[(LEAD, news["World 8"]), (TOP, news["World 7"])])
    fronts.unpin(front, live_pin(front, news["World 8"]), by=None)
    fronts.publish_draft(front, by=None)

    page = home(client)
    assert page["lead"] == ["World 1"]
    assert page["top"][0] == "World 7"


# Section pages ------------------------------------------------------------------------------------


def test_a_section_page_has_a_lead_and_top_stories_then_the_rest(client, news):
    page = section_page(client, "/world/")
    assert page["lead"] == ["World 1"]
    assert page["top"] == ["World 2", "World 3", "World 4", "World 5"]
    assert page["list"] == ["World 6", "World 7", "World 8"]


def test_a_section_front_shows_its_pins_first_and_each_story_once(client, news):
    listed_elsewhere = news["Sport 1"]  # an editor may pin any story, from any section
    arrange(news["world"], pins=[(LEAD, news["World 7"]), (TOP, listed_elsewhere), (TOP, news["World 3"])])

    page = section_page(client, "/world/")

    assert page["lead"] == ["World 7"]
    assert page["top"] == ["Sport 1", "World 3", "World 1", "World 2"]
    assert page["list"] == ["World 4", "World 5", "World 6", "World 8"]
    # The home page's front is another front: nothing pinned there.
    assert home(client)["lead"] == ["World 1"]


def test_a_subsection_has_a_front_of_its_own(client):
    nation = make_section("Nation", slug="nation")
    kerala = make_section("Kerala", slug="kerala", parent=nation)
    first = make_story(
        section=kerala, headline="Boat race season opens", publish_at=timezone.now() - timedelta(hours=3)
    )
    make_story(section=kerala, headline="Spice prices steady")
    arrange(kerala, pins=[(LEAD, first)])

    assert section_page(client, "/nation/kerala/")["lead"] == ["Boat race season opens"]
    assert section_page(client, "/nation/")["lead"] == ["Spice prices steady"]


def test_deeper_section_pages_are_the_archive_in_time_order_and_skip_nothing(client, world):
    now = timezone.now()
    stories = [
        make_story(section=world, headline=f"Item {n:02d}", publish_at=now - timedelta(hours=n))
        for n in range(1, PAGE_SIZE + FRONT_PLACES + 8)
    ]
    arrange(world, pins=[(LEAD, stories[-1])])  # the oldest story leads

    first = section_page(client, "/world/")
    tree = page_tree(client.get("/world/"))
    second = page_tree(client.get("/world/" + tree.xpath('//a[@rel="next"]/@href')[0]))
    rest = [a.text_content().strip() for a in second.xpath('//div[@class="listing"]//h3/a')]

    assert first["lead"] == [stories[-1].headline]
    assert not second.xpath('//section[@class="section-front"]')
    front_page = first["lead"] + first["top"] + first["list"]
    assert len(front_page) == len(set(front_page))
    # Older pages are the section's archive in time order: every story is there at its place, the
    # pinned one too (it is older than the first page's list).
    assert set(front_page + rest) == {story.headline for story in stories}
    assert rest[-1] == stories[-1].headline


# Fixed query counts -------------------------------------------------------------------------------


def page_queries(client, address):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len([query for query in queries if "readerpagesgeneration" not in query["sql"]])


# Home: the sections, the stories (pinned ones among them), the lead's byline. A section's first page:
# the sections, the listing's ids, the cards (pinned ones among them).
HOME_QUERIES = 3
SECTION_QUERIES = 3


def test_fronts_cost_the_same_queries_however_many_stories_are_pinned(client, news):
    writer = make_author()
    for story in Story.objects.all():
        story.bylines.create(author=writer)
        Story.objects.filter(pk=story.pk).update(lead_photo=make_photo())
    counts = [page_queries(client, "/"), page_queries(client, "/world/")]

    arrange(pins=[(LEAD, news["World 8"]), *((TOP, news[f"World {n}"]) for n in (5, 6, 7))])
    arrange(
        pins=[
            (block_slot(news["sport"].pk), news["Sport 3"]),
            (block_slot(news["world"].pk), news["World 4"]),
        ]
    )
    arrange(news["world"], pins=[(LEAD, news["World 8"]), (TOP, news["World 7"]), (TOP, news["Sport 2"])])
    fronts.save_banner(fronts.BreakingNewsBanner(text="Polls close at eight"), by=None)

    pinned = [page_queries(client, "/"), page_queries(client, "/world/")]
    assert counts == pinned == [HOME_QUERIES, SECTION_QUERIES]
    assert "Polls close at eight" in client.get("/world/").text
