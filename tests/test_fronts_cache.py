"""Fronts and the page cache: changing a front retires that front's pages only; drafts retire nothing;
scheduled versions, expired pins and pinned stories coming out by the clock reach readers through the
scheduler (``publish_scheduled``), each front's pages retired once; the breaking-news banner shows on
every page, costs no query, and its start and end retire every page."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Author, BreakingNewsBanner, Front, FrontVersion, Story
from articles.models.reader_pages import HOME_FRONT_SCOPE, listing_bucket
from articles.services import fronts
from tests.builders import make_photo, make_section, make_story
from tests.front_builders import LEAD, TOP, arrange

pytestmark = pytest.mark.django_db


def cached(client, address):
    """Whether ``address`` is answered from the page cache: no query but the generation's read."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200, address
    return not [query for query in queries if "readerpagesgeneration" not in query["sql"]]


@pytest.fixture
def site(world):
    sport = make_section("Sport", slug="sport")
    writer = Author.objects.create(name="Mira Joseph", slug="mira-joseph")
    stories = {
        "ferry": make_story(
            section=world, headline="Ferry timetable changes for winter", tags=["harbours"], authors=[writer]
        ),
        "rowing": make_story(section=sport, headline="Rowing club wins regatta", lead_photo=make_photo()),
        "old": make_story(
            section=world,
            headline="Lighthouse reopens to visitors",
            publish_at=timezone.now() - timedelta(days=4),
        ),
    }
    scopes = [HOME_FRONT_SCOPE, ("section", "world"), ("section", "sport"), ("tag", "harbours")]
    scopes += [("story", story.slug) for story in stories.values()] + [("author", writer.slug)]
    assert len({listing_bucket(scope) for scope in scopes}) == len(scopes)  # no shared counters
    home = ["/"]
    world_pages = ["/world/", "/feeds/section/world/"]
    others = [
        "/sport/",
        "/feeds/latest/",
        "/tag/harbours/",
        stories["ferry"].get_absolute_url(),
        stories["rowing"].get_absolute_url(),
        writer.get_absolute_url(),
        "/sitemap.xml",
    ]
    return {
        "world": world,
        "sport": sport,
        "home": home,
        "world_pages": world_pages,
        "others": others,
        **stories,
    }


def visit(client, addresses):
    for address in addresses:
        assert client.get(address).status_code == 200, address


def test_publishing_the_home_front_retires_the_home_page_alone(client, site):
    visit(client, site["home"] + site["world_pages"] + site["others"])

    arrange(pins=[(LEAD, site["old"])])

    assert not cached(client, "/")
    assert "Lighthouse reopens" in client.get("/").text.split('class="front__latest"')[0]
    for address in site["world_pages"] + site["others"]:
        assert cached(client, address), address


def test_publishing_a_section_front_retires_that_sections_pages_alone(client, site):
    visit(client, site["home"] + site["world_pages"] + site["others"])

    arrange(site["world"], pins=[(LEAD, site["old"])])

    for address in site["world_pages"]:
        assert not cached(client, address), address
    for address in site["home"] + site["others"]:
        assert cached(client, address), address


def test_draft_changes_and_scheduling_retire_nothing(client, site):
    visit(client, site["home"] + site["world_pages"] + site["others"])

    front = arrange(pins=[(LEAD, site["old"]), (TOP, site["rowing"])], publish=False)
    fronts.move_pin(front, front.versions.get().pins.get(story=site["rowing"]).pk, by=None, step=-1)
    fronts.schedule_draft(front, timezone.now() + timedelta(hours=1), by=None)

    for address in site["home"] + site["world_pages"] + site["others"]:
        assert cached(client, address), address


def run_scheduler():
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_scheduler_puts_a_scheduled_version_live_at_its_time(client, site):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        front = arrange(pins=[(LEAD, site["rowing"])])
        first = front.versions.get()
        fronts.unpin(front, first.pins.get().pk, by=None)
        arrange(pins=[(LEAD, site["old"])], publish=False)
        fronts.schedule_draft(front, timezone.now() + timedelta(minutes=2), by=None)
        assert "Rowing club wins regatta" in client.get("/").text.split("lead-story__headline")[1][:300]
        assert run_scheduler() == ""  # not yet
        visit(client, site["home"] + site["others"])

        traveller.shift(timedelta(minutes=3))
        out = run_scheduler()

        assert "Front “Home page”: version 2 is live." in out
        assert list(front.versions.order_by("number").values_list("status", flat=True)) == ["past", "live"]
        assert not cached(client, "/")
        assert "Lighthouse reopens" in client.get("/").text.split("lead-story__headline")[1][:300]
        for address in site["others"]:
            assert cached(client, address), address
        assert "version" not in run_scheduler()  # each version goes live once
        assert cached(client, "/")


def test_a_version_published_by_hand_after_a_scheduled_ones_time_stays_live(site):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        front = arrange(pins=[(LEAD, site["rowing"])], publish=False)
        scheduled = fronts.schedule_draft(front, timezone.now() + timedelta(minutes=1), by=None)
        traveller.shift(timedelta(minutes=5))
        # Readers have seen the scheduled version since its time; an editor now publishes another.
        by_hand = arrange(pins=[(TOP, site["old"])]).versions.get(status="live")

        assert fronts.publish_due_versions() == []
        scheduled.refresh_from_db()
        assert scheduled.status == "past"
        assert FrontVersion.objects.get(status="live") == by_hand


def test_an_expired_pin_retires_its_fronts_pages_once(client, site):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        arrange(site["world"], pins=[(LEAD, site["old"], timezone.now() + timedelta(minutes=2))])
        assert "Lighthouse reopens" in client.get("/world/").text.split('class="listing"')[0]
        visit(client, site["home"] + site["others"])

        traveller.shift(timedelta(minutes=3))
        run_scheduler()

        assert not cached(client, "/world/")
        lead = client.get("/world/").text.split('class="section-front__top"')[0]
        assert "Ferry timetable changes" in lead and "Lighthouse reopens" not in lead
        for address in site["home"] + site["others"]:
            assert cached(client, address), address
        run_scheduler()
        assert cached(client, "/world/")


def test_a_pinned_story_that_comes_out_by_the_clock_reaches_the_front_it_is_pinned_to(client, site):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        embargoed = make_story(
            section=site["sport"],
            headline="Stadium plans unveiled",
            embargo_until=timezone.now() + timedelta(minutes=2),
        )
        arrange(site["world"], pins=[(LEAD, embargoed)])
        assert "Stadium plans unveiled" not in client.get("/world/").text

        traveller.shift(timedelta(minutes=3))
        run_scheduler()

        assert "Stadium plans unveiled" in client.get("/world/").text.split('class="listing"')[0]


# The breaking-news banner -------------------------------------------------------------------------


def test_the_banner_shows_on_every_page_while_it_runs(client, site):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        pages = (
            site["home"]
            + site["world_pages"][:1]
            + [site["others"][i] for i in (0, 2, 3)]
            + ["/search/?q=ferry"]
        )
        visit(client, pages)
        fronts.save_banner(
            BreakingNewsBanner(
                text="Cyclone warning issued for the coast",
                link=site["world"].get_absolute_url(),
                expires_at=timezone.now() + timedelta(minutes=2),
            ),
            by=None,
        )
        for address in pages:
            text = client.get(address).text
            assert '<aside class="breaking-news" aria-label="Breaking news">' in text, address
            assert 'href="/world/">Cyclone warning issued for the coast</a>' in text, address

        traveller.shift(timedelta(minutes=3))
        # A story published after the banner's time and before the scheduler comes round: its purge
        # leaves other story pages cached (they take new stories within the refresh time).
        services.publish_story(make_story(section=site["world"], status=Story.Status.DRAFT))
        run_scheduler()

        for address in pages:
            assert "Cyclone warning" not in client.get(address).text, address
        assert not BreakingNewsBanner.objects.get().is_active  # switched off as its time came
        visit(client, pages)
        run_scheduler()  # its end retired the pages once
        for address in pages:
            assert cached(client, address), address


def test_the_banner_costs_a_page_no_query(client, site):
    story_page = site["ferry"].get_absolute_url()

    def queries():
        counts = []
        for address in ("/", "/world/", story_page):
            from django.core.cache import cache

            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                client.get(address)
            counts.append(len([q for q in captured if "readerpagesgeneration" not in q["sql"]]))
        return counts

    without = queries()
    fronts.save_banner(BreakingNewsBanner(text="Polls close at eight"), by=None)
    assert "Polls close at eight" in client.get(story_page).text
    assert queries() == without


def test_a_banner_switched_off_or_deleted_leaves_every_page(client, site):
    banner = fronts.save_banner(BreakingNewsBanner(text="Bridge closed after crash"), by=None)
    assert "Bridge closed" in client.get("/sport/").text
    banner.is_active = False
    fronts.save_banner(banner, by=None)
    assert "Bridge closed" not in client.get("/sport/").text

    banner.is_active = True
    fronts.save_banner(banner, by=None)
    assert "Bridge closed" in client.get("/sport/").text
    fronts.delete_banner(banner, by=None)
    assert "Bridge closed" not in client.get("/sport/").text
    assert not Front.objects.exists()  # the banner is no front's business
