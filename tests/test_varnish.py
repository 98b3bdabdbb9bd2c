"""A real varnishd with deploy/varnish/default.vcl in front of the live test server (tests/varnish.py):
anonymous readers get cached pages, a signed-in editor and the desk go to the application, a publish
purges exactly the pages that list the new story (the hit before, the miss after, the hit again), only
this machine and the application servers may purge, and with the application stopped or failing
readers get the stale page, marked so. Skipped, with the reason, where varnishd is not installed."""

import http.client
import time

import pytest

from articles import frontend_cache, services
from articles.models import Story
from tests.builders import make_section, make_story
from tests.newsroom_staff import make_editor
from tests.varnish import fetch

pytestmark = pytest.mark.django_db(transaction=True)


def settled():
    """Every purge the test's changes so far caused has reached Varnish (creating a section purges
    every page, a moment after its commit)."""
    assert frontend_cache.wait_for_purges(10)


def cached(cache, path):
    """Ask twice: the second answer is Varnish's own copy."""
    settled()
    fetch(cache.url(path))
    answer = fetch(cache.url(path))
    assert answer.status == 200 and answer.cache == "HIT", (path, answer.status, answer.cache)
    return answer


def session_cookie(client, user):
    """The cookies of ``user`` signed in (a session in the database, as the admin's log-in makes)."""
    client.force_login(user)
    return f"csrftoken=abc123; sessionid={client.cookies['sessionid'].value}"


def test_an_anonymous_reader_gets_the_page_from_varnish(varnish_in_front, world):
    make_story(section=world, headline="Harbour reopens after the storm")
    cache = varnish_in_front
    settled()
    first = fetch(cache.url("/world/"))
    assert (first.status, first.cache) == (200, "MISS")
    assert "Harbour reopens after the storm" in first.body
    again = fetch(cache.url("/world/"))
    assert (again.status, again.cache, again.body) == (200, "HIT", first.body)
    assert "front:section:world" in again.headers["xkey"].split()  # shown to this machine only
    # Cookies other than the session's, and campaign parameters, share the one copy.
    assert fetch(cache.url("/world/"), headers={"Cookie": "csrftoken=abc; _ga=GA1.2"}).cache == "HIT"
    assert fetch(cache.url("/world/?utm_source=newsletter&utm_medium=email")).cache == "HIT"


def test_a_signed_in_editor_the_desk_and_keyed_api_requests_go_to_the_application(
    varnish_in_front, world, client
):
    cache = varnish_in_front
    make_story(section=world)
    cached(cache, "/world/")
    signed_in = {"Cookie": session_cookie(client, make_editor())}

    editor = fetch(cache.url("/world/"), headers=signed_in)
    assert (editor.status, editor.cache) == (200, "PASS")
    desk = fetch(cache.url("/admin/"), headers=signed_in)
    assert (desk.status, desk.cache) == (200, "PASS"), desk.headers
    assert "Log out" in desk.body or "logout" in desk.body
    assert fetch(cache.url("/admin/")).cache == "PASS"  # the log-in redirect is not kept either
    partner = fetch(cache.url("/api/ninjs/items"), headers={"X-Api-Key": "a-partner-key"})
    assert partner.cache == "PASS"
    bearer = fetch(cache.url("/api/ninjs/items"), headers={"Authorization": "Bearer a-partner-key"})
    assert bearer.cache == "PASS"


def test_a_publish_purges_the_pages_that_list_the_story_and_no_other(varnish_in_front, world):
    cache = varnish_in_front
    sport = make_section("Sport", slug="sport")
    older = make_story(section=world, headline="Yesterday at the harbour")
    make_story(section=sport, headline="Cup final tonight")
    for path in ("/", "/world/", "/sport/", older.get_absolute_url()):
        cached(cache, path)

    story = make_story(section=world, status=Story.Status.DRAFT, headline="Ferry strike ends at dawn")
    services.publish_story(story, by=make_editor())
    settled()

    for path in ("/", "/world/"):
        after = fetch(cache.url(path))
        assert (after.status, after.cache) == (200, "MISS"), path
        assert "Ferry strike ends at dawn" in after.body
        assert fetch(cache.url(path)).cache == "HIT", path
    # Pages that do not list it keep their copies (a story page takes new stories by its refresh time).
    assert fetch(cache.url("/sport/")).cache == "HIT"
    assert fetch(cache.url(older.get_absolute_url())).cache == "HIT"
    page = fetch(cache.url(story.get_absolute_url()))
    assert (page.status, page.cache) == (200, "MISS") and "Ferry strike ends at dawn" in page.body


def test_a_withdrawal_reaches_readers_through_varnish(varnish_in_front, world):
    cache = varnish_in_front
    story = make_story(section=world, headline="A story the lawyers want down")
    cached(cache, story.get_absolute_url())
    cached(cache, "/world/")
    services.withdraw_story(story, by=make_editor(), reason="Legal advice.")
    settled()
    assert fetch(cache.url(story.get_absolute_url())).status == 410
    assert "A story the lawyers want down" not in fetch(cache.url("/world/")).body


def test_only_this_machine_and_the_application_servers_may_purge(varnish_in_front, world):
    cache = varnish_in_front
    make_story(section=world)
    cached(cache, "/world/")
    # 127.0.0.2 is this machine too, but not in the VCL's purgers.
    stranger = http.client.HTTPConnection("127.0.0.1", cache.port, timeout=5, source_address=("127.0.0.2", 0))
    stranger.request("PURGE", "/", headers={"xkey-purge": "site front:section:world"})
    refused = stranger.getresponse()
    assert refused.status == 403
    stranger.close()
    assert fetch(cache.url("/world/")).cache == "HIT"
    outside = http.client.HTTPConnection("127.0.0.1", cache.port, timeout=5, source_address=("127.0.0.2", 0))
    outside.request("GET", "/world/")
    answer = outside.getresponse()
    assert answer.status == 200 and answer.getheader("xkey") is None  # keys are not shown to readers
    outside.close()

    cache.purge("front:section:world")
    assert fetch(cache.url("/world/")).cache == "MISS"


def test_grace_serves_the_stale_page_while_the_application_is_down_or_failing(
    varnish_in_front, world, settings
):
    cache = varnish_in_front
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 1  # s-maxage=1: the copy expires at once
    make_story(section=world, headline="Harbour reopens after the storm")
    settled()
    first = fetch(cache.url("/world/"))
    assert first.cache == "MISS"

    cache.switch.stop()  # nothing answers where Varnish finds the application
    time.sleep(1.5)
    stale = fetch(cache.url("/world/"))
    assert (stale.status, stale.cache, stale.body) == (200, "HIT-STALE", first.body)
    assert int(stale.headers["Age"]) >= 1
    never_cached = fetch(cache.url("/tag/storm/"))
    assert never_cached.status == 503

    cache.switch.fail()  # the application answers, with 503s
    failing = fetch(cache.url("/world/"))
    assert (failing.status, failing.cache, failing.body) == (200, "HIT-STALE", first.body)

    # Back up: a stale answer fetches a fresh copy in the background, which the next readers get.
    cache.switch.start()
    deadline, answers = time.monotonic() + 10, []
    while time.monotonic() < deadline and not answers or answers[-1].cache != "HIT":
        answers.append(fetch(cache.url("/world/")))
        time.sleep(0.1)
    assert answers[-1].cache == "HIT" and int(answers[-1].headers["Age"]) < 1
    assert "Harbour reopens after the storm" in answers[-1].body
