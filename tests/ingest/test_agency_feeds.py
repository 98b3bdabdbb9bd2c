"""Configured agency feeds: due runs, claiming, mappings, conditional requests, the admin desk."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.ingest.runs import claim_due_feeds, run_feed
from articles.models import AgencyFeed, FeedMapping, Story
from tests.builders import make_section
from tests.ingest.builders import newsml_text, write_document
from tests.servers import LocalServer

pytestmark = pytest.mark.django_db


def make_feed(source, agency, **fields):
    return AgencyFeed.objects.create(
        name=fields.pop("name", f"Feed {source}"), agency=agency, source=str(source), **fields
    )


def test_due_feeds_are_the_active_ones_whose_time_has_come(wire):
    now = timezone.now()
    never_run = make_feed("a", wire)
    overdue = make_feed("b", wire, next_due_at=now - timedelta(minutes=1))
    make_feed("c", wire, next_due_at=now + timedelta(minutes=5))
    make_feed("d", wire, is_active=False)
    assert set(AgencyFeed.objects.due(now)) == {never_run, overdue}


def test_a_claimed_feed_is_not_claimed_again_until_its_interval_has_passed(wire):
    now = timezone.now()
    feed = make_feed("a", wire, poll_interval=10)
    assert claim_due_feeds(now) == [feed]
    assert claim_due_feeds(now) == []
    feed.refresh_from_db()
    assert feed.next_due_at == now + timedelta(minutes=10)
    assert claim_due_feeds(now + timedelta(minutes=10)) == [feed]


def test_a_feed_imports_with_its_agency_section_zone_and_publishing(tmp_path, wire, frozen_now):
    sport = make_section("Sport", slug="sport")
    write_document(tmp_path, "a.xml", newsml_text(embargo="2030-01-02T08:00:00"))
    feed = make_feed(tmp_path, wire, section=sport, publish_automatically=True, time_zone="Asia/Kolkata")
    tally = run_feed(feed)
    story = Story.objects.get()
    assert (story.agency, story.section) == (wire, sport)
    assert story.embargo_until == datetime(2030, 1, 2, 8, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert story.status == Story.Status.SCHEDULED  # published automatically, at its embargo
    assert story.agency_copy.feed == feed
    feed.refresh_from_db()
    assert feed.last_run_at is not None and feed.last_error == ""
    assert (
        feed.last_result == tally.summary_line() == "created 1, updated 0, unchanged 0, withdrawn 0, failed 0"
    )


def test_feed_mappings_come_before_agency_mappings(tmp_path, wire):
    world, business, markets = (make_section(name) for name in ("World", "Business", "Markets"))
    feed = make_feed(tmp_path, wire, section=world)
    FeedMapping.objects.create(agency=wire, kind="subject", value="04000000", section=business, position=0)
    FeedMapping.objects.create(feed=feed, kind="subject", value="economy", section=markets, position=5)
    FeedMapping.objects.create(feed=feed, kind="category", value="04000000", tag="Not a category here")
    write_document(tmp_path, "a.xml", newsml_text(subjects=[("subj:04000000", "economy")]))
    run_feed(feed)
    story = Story.objects.get()
    assert story.section == markets
    assert list(story.tags.names()) == []


def test_a_mapping_needs_a_target_and_an_owner(wire):
    with pytest.raises(ValidationError):
        FeedMapping(agency=wire, kind="keyword", value="x").full_clean()
    with pytest.raises(ValidationError):
        FeedMapping(kind="keyword", value="x", tag="y").full_clean()
    with pytest.raises(ValidationError):
        AgencyFeed(name="x", agency=wire, source="x", time_zone="Mars/Olympus").full_clean()


def test_a_feed_that_cannot_be_fetched_records_the_error(wire, settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = False
    feed = make_feed("http://127.0.0.1:9/feed.xml", wire)
    tally = run_feed(feed)
    feed.refresh_from_db()
    assert tally.failed == 1
    assert "loopback" in feed.last_error and "INGEST_ALLOW_PRIVATE_URLS" in feed.last_error


@pytest.fixture
def feed_server():
    body = newsml_text(guid="urn:test:remote")
    routes = {}

    def answer(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return (
            200,
            {
                "Content-Type": "application/xml",
                "ETag": '"v1"',
                "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT",
            },
            body,
        )

    routes["/feed.xml"] = (200, {}, answer)
    server = LocalServer(routes)
    yield server
    server.close()


def test_conditional_requests_skip_an_unchanged_feed(feed_server, wire, settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    feed = make_feed(feed_server.url("/feed.xml"), wire)
    first = run_feed(feed)
    feed.refresh_from_db()
    assert first.created == 1
    assert (feed.etag, feed.last_modified) == ('"v1"', "Wed, 01 May 2024 10:00:00 GMT")
    second = run_feed(feed)
    feed.refresh_from_db()
    assert second.not_modified == 1 and second.stories == 0
    assert feed_server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert feed_server.requests[-1][1].get("If-Modified-Since") == "Wed, 01 May 2024 10:00:00 GMT"
    assert feed.last_result.startswith("not modified since the last fetch")
    assert Story.objects.count() == 1


def test_ingest_feeds_runs_the_due_feeds_only(tmp_path, wire):
    due_folder, later_folder = tmp_path / "due", tmp_path / "later"
    write_document(due_folder, "a.xml", newsml_text(guid="urn:test:due"))
    write_document(later_folder, "b.xml", newsml_text(guid="urn:test:later"))
    make_feed(due_folder, wire, name="Due feed")
    make_feed(later_folder, wire, name="Later feed", next_due_at=timezone.now() + timedelta(hours=1))
    out = io.StringIO()
    call_command("ingest", "--feeds", stdout=out)
    lines = out.getvalue().splitlines()
    assert "feed Due feed: created 1, updated 0, unchanged 0, withdrawn 0, failed 0" in lines
    assert not any("Later feed" in line for line in lines)
    assert lines[-1] == "created 1, updated 0, unchanged 0, withdrawn 0, failed 0"
    assert list(Story.objects.values_list("source_guid", flat=True)) == ["urn:test:due"]
    # Run again at once: nothing is due any more.
    out = io.StringIO()
    call_command("ingest", "--feeds", stdout=out)
    assert out.getvalue().splitlines() == [
        "no feed is due",
        "created 0, updated 0, unchanged 0, withdrawn 0, failed 0",
    ]


# The admin ---------------------------------------------------------------------------------------------


def test_fetch_now_runs_the_feed_and_shows_its_result(admin_client, tmp_path, wire):
    write_document(tmp_path, "a.xml", newsml_text())
    feed = make_feed(tmp_path, wire, next_due_at=timezone.now() + timedelta(hours=1))
    response = admin_client.post(
        reverse("admin:articles_agencyfeed_changelist"),
        {"action": "fetch_now", "_selected_action": [feed.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "created 1, updated 0, unchanged 0, withdrawn 0, failed 0" in response.content.decode()
    assert Story.objects.count() == 1
    listing = admin_client.get(reverse("admin:articles_agencyfeed_changelist")).content.decode()
    assert "created 1, updated 0" in listing
    change = admin_client.get(reverse("admin:articles_agencyfeed_change", args=[feed.pk]))
    assert change.status_code == 200 and "Feed mappings" in change.content.decode()


def test_an_editor_compares_and_applies_a_waiting_agency_update(admin_client, tmp_path, wire, world):
    feed = make_feed(tmp_path, wire, section=world)
    write_document(tmp_path, "a.xml", newsml_text(version=1, body="<p>First words.</p>"))
    run_feed(feed)
    story = Story.objects.get()
    story.headline = "Our own headline"
    story.save()
    write_document(tmp_path, "a.xml", newsml_text(version=2, body="<p>Second words.</p>"))
    run_feed(feed)
    story.refresh_from_db()
    assert story.agency_update_available

    listing = admin_client.get(
        reverse("admin:articles_agencycopy_changelist") + "?pending_version__isempty=0"
    )
    assert "version 2: compare and apply" in listing.content.decode()
    page = admin_client.get(reverse("admin:articles_agencycopy_update", args=[story.pk])).content.decode()
    assert "<del" in page and "Our own headline" in page and "Second" in page
    response = admin_client.post(reverse("admin:articles_agencycopy_update", args=[story.pk]))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Ferry timetable changes for the winter"
    assert story.body == "<p>Second words.</p>" and not story.agency_update_available


def test_the_list_action_applies_waiting_updates(admin_client, tmp_path, wire):
    feed = make_feed(tmp_path, wire, section=make_section())
    write_document(tmp_path, "a.xml", newsml_text(version=1))
    run_feed(feed)
    Story.objects.update(body="<p>Edited by the desk.</p>")
    write_document(tmp_path, "a.xml", newsml_text(version=2, body="<p>Agency again.</p>"))
    run_feed(feed)
    copy_pk = Story.objects.get().pk
    admin_client.post(
        reverse("admin:articles_agencycopy_changelist"),
        {"action": "apply_updates", "_selected_action": [copy_pk]},
    )
    assert Story.objects.get().body == "<p>Agency again.</p>"


def test_the_story_list_offers_apply_agency_update(admin_client, tmp_path, wire):
    feed = make_feed(tmp_path, wire, section=make_section())
    write_document(tmp_path, "a.xml", newsml_text(version=1))
    run_feed(feed)
    Story.objects.update(body="<p>Edited by the desk.</p>")
    write_document(tmp_path, "a.xml", newsml_text(version=2, body="<p>Agency once more.</p>"))
    run_feed(feed)
    story = Story.objects.get()
    response = admin_client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "apply_agency_updates", "_selected_action": [story.pk]},
        follow=True,
    )
    assert "Agency update applied to 1 stories." in response.content.decode()
    story.refresh_from_db()
    assert story.body == "<p>Agency once more.</p>" and not story.agency_update_available


def test_fetch_now_moves_the_next_scheduled_fetch_one_interval_on(admin_client, tmp_path, wire):
    # Otherwise the next `ingest --feeds` fetches it again at once, and a rate-limited agency counts both.
    write_document(tmp_path, "a.xml", newsml_text())
    feed = make_feed(tmp_path, wire, next_due_at=None, poll_interval=15)
    before = timezone.now()

    admin_client.post(
        reverse("admin:articles_agencyfeed_changelist"),
        {"action": "fetch_now", "_selected_action": [feed.pk]},
    )

    feed.refresh_from_db()
    assert before + timedelta(minutes=15) <= feed.next_due_at <= timezone.now() + timedelta(minutes=15)
    assert claim_due_feeds() == []
