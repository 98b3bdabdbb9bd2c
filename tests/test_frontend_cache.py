"""The caches in front of the site (articles.frontend_cache): every reader page names what it shows in
its xkey header, cached answers too; a change purges exactly the keys of what it touched, after the
commit, on every cache FRONTEND_CACHE_URLS names (a Varnish, a CDN's purge API), each a local HTTP
server here that records what it is sent; a failing cache is tried again and logged, and never fails
the editor's save. tests/test_varnish.py does the same against a real varnishd."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from articles import frontend_cache, services
from articles.frontend_cache import sender as purge_sender  # the module
from articles.models import ReaderPagesGeneration, Story
from articles.reader.cache import purge_story_page
from tests.builders import make_author, make_photo, make_section, make_story
from tests.servers import free_port

pytestmark = pytest.mark.django_db

PURGE_WAIT = 10


class PurgeEndpoint(BaseHTTPRequestHandler):
    """Records every PURGE and POST (method, path, headers, body) and answers from
    ``server.answers`` in turn ((status, body)), then 200."""

    def do_PURGE(self):  # noqa: N802 (http.server's naming)
        self.record()

    def do_POST(self):  # noqa: N802
        self.record()

    def record(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            headers = {name.lower(): value for name, value in self.headers.items()}
            self.server.received.append((self.command, self.path, headers, body))
            status, answer = self.server.answers.pop(0) if self.server.answers else (200, b"")
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


class CacheStandIn:
    """A cache in front (or a CDN's API) on 127.0.0.1 that records the purges it is sent."""

    def __init__(self, answers=()):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeEndpoint)
        self.server.received, self.server.answers = [], list(answers)
        self.server.lock = threading.Lock()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def received(self):
        return self.server.received

    def purged(self):
        """Every key purged, one set per request received."""
        return [set(headers["xkey-purge"].split()) for _, _, headers, _ in self.received]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cache_in_front(settings):
    stand_in = CacheStandIn()
    settings.FRONTEND_CACHE_URLS = [stand_in.url]
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0
    yield stand_in
    frontend_cache.wait_for_purges(PURGE_WAIT)
    stand_in.close()


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(purge_sender, "RETRY_DELAYS", (0.05, 0.05, 0.05))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what runs after the commit (the purges), then wait until they are sent."""

    class Committed:
        def __enter__(self):
            self.capture = django_capture_on_commit_callbacks(execute=True)
            self.capture.__enter__()

        def __exit__(self, *exc):
            self.capture.__exit__(*exc)
            assert frontend_cache.wait_for_purges(PURGE_WAIT)

    return Committed()


def xkeys(response):
    return set(response["xkey"].split())


def story_keys(keys):
    return {key for key in keys if key.startswith("story:")}


# What each page shows ------------------------------------------------------------------------------------


def test_reader_pages_name_what_they_show_and_cached_answers_say_the_same(client, world):
    pundit = make_author("Ila Pundit")
    older = make_story(section=world, headline="Older harbour story")
    story = make_story(section=world, authors=[pundit], tags=["harbour"], headline="Harbour reopens")
    other = make_story(section=make_section("Sport", slug="sport"), headline="Cup final tonight")

    home = client.get("/")
    assert {"site", "front:home", f"story:{story.pk}", f"story:{older.pk}", f"story:{other.pk}"} <= xkeys(
        home
    )
    section = xkeys(client.get("/world/"))
    assert {"site", "front:section:world", f"story:{story.pk}", f"story:{older.pk}"} <= section
    assert f"story:{other.pk}" not in section and "front:home" not in section
    assert {"site", "front:tag:harbour", f"story:{story.pk}"} == xkeys(client.get("/tag/harbour/"))
    author = xkeys(client.get(pundit.get_absolute_url()))
    assert {"site", f"front:author:{pundit.slug}", f"story:{story.pk}"} == author
    assert {"site", "front:section:world", f"story:{story.pk}", f"story:{older.pk}"} == xkeys(
        client.get("/feeds/section/world/")
    )
    assert {"site", "front:home"} <= xkeys(client.get("/feeds/latest/"))
    assert {"site", "front:home"} == xkeys(client.get("/sitemap-news.xml"))
    search = xkeys(client.get("/search/", {"q": "Harbour"}))
    assert "site" in search and f"story:{story.pk}" in search and "front:home" not in search

    again = client.get("/world/")  # from the page cache
    assert xkeys(again) == section


def test_a_story_page_names_its_story_address_section_tags_byline_and_the_stories_around_it(client, world):
    europe = make_section("Europe", slug="europe", parent=world)
    pundit = make_author("Ila Pundit")
    neighbour = make_story(section=europe, tags=["ports"], headline="Another port story")
    story = make_story(section=europe, authors=[pundit], tags=["ports"], headline="Ferry strike ends")
    tag_id = story.tags.get().pk

    keys = xkeys(client.get(story.get_absolute_url()))
    assert {
        "site",
        f"story-page:{story.slug}",
        f"story:{story.pk}",
        f"section:{europe.pk}",
        f"section:{world.pk}",
        f"tag:{tag_id}",
        f"author:{pundit.pk}",
        f"story:{neighbour.pk}",  # in "Related" or "More headlines"
    } <= keys
    assert not any(key.startswith("front:") for key in keys)  # a new story does not purge it
    assert xkeys(client.get(story.get_absolute_url())) == keys  # from the page cache, its own part too


def test_keys_stay_ascii_whatever_the_script(client, world, cache_in_front, committed):
    story = make_story(section=world, tags=["λιμάνι"])  # "harbour"
    tag = story.tags.get()
    page = client.get(reverse("articles:tag", kwargs={"slug": tag.slug}))
    [tag_key] = [key for key in xkeys(page) if key.startswith("front:tag:")]
    assert tag_key.isascii() and tag_key == "front:tag:%CE%BB%CE%B9%CE%BC%CE%AC%CE%BD%CE%B9"

    with committed:
        services.withdraw_story(story, by=None, reason="Duplicate.")
    assert tag_key in cache_in_front.purged()[0]  # the purge names the page's own key


def test_a_page_naming_hundreds_of_stories_names_the_home_page_key_instead():
    with frontend_cache.collecting(["site"]) as shown:
        frontend_cache.page_shows_stories(range(1, 500))
    assert shown.header_value() == "front:home site"
    with frontend_cache.collecting(["site"]) as shown:
        frontend_cache.page_shows_stories([7, 8])
    assert shown.header_value() == "site story:7 story:8"
    frontend_cache.page_shows_stories([9])  # outside a page being made: nothing, no error


# What a change purges ----------------------------------------------------------------------------------


def test_a_publish_purges_the_story_its_listings_and_the_home_page_only(world, cache_in_front, committed):
    europe = make_section("Europe", slug="europe", parent=world)
    business = make_section("Business", slug="business")
    pundit = make_author("Ila Pundit")
    bystander = make_story(section=world, headline="Already out")
    story = make_story(section=europe, status=Story.Status.DRAFT, authors=[pundit], tags=["ports"])
    story.secondary_sections.add(business)

    with committed:
        services.publish_story(story, by=None)
    [keys] = cache_in_front.purged()
    assert keys == {
        f"story:{story.pk}",
        f"story-page:{story.slug}",
        "front:home",
        "front:section:world",
        "front:section:business",
        "front:tag:ports",
        f"front:author:{pundit.slug}",
    }
    assert f"story:{bystander.pk}" not in keys and "site" not in keys
    method, path, _headers, _body = cache_in_front.received[0]
    assert (method, path) == ("PURGE", "/")


def test_edits_and_withdrawals_purge_the_story_drafts_nothing(world, cache_in_front, committed):
    story = make_story(section=world)
    draft = make_story(section=world, status=Story.Status.DRAFT)
    with committed:
        draft.headline = "Still being written"
        services.save_story(draft, fields={"headline"})
    assert cache_in_front.purged() == []

    with committed:
        story.headline = "A corrected headline"
        services.save_story(story, fields={"headline"})
    with committed:
        services.withdraw_story(story, by=None, reason="Legal advice.")
    edit, withdrawal = cache_in_front.purged()
    for keys in (edit, withdrawal):
        assert {f"story:{story.pk}", f"story-page:{story.slug}", "front:home", "front:section:world"} <= keys
        assert "site" not in keys


def test_a_photo_caption_change_purges_the_stories_that_show_it(world, cache_in_front, committed):
    photo = make_photo(caption="The old quay at dawn")
    leading = make_story(section=world, lead_photo=photo)
    further = make_story(section=world, photos=[photo])
    elsewhere = make_story(section=world, lead_photo=make_photo())

    with committed:
        photo.caption = "The old quay at dawn, before the storm"
        photo.save()
    [keys] = cache_in_front.purged()
    assert keys == {f"story:{leading.pk}", f"story:{further.pk}"}
    assert f"story:{elsewhere.pk}" not in keys


def test_an_author_and_a_section_change(world, cache_in_front, committed):
    pundit = make_author("Ila Pundit")
    story = make_story(section=world, authors=[pundit])
    with committed:
        pundit.name = "Ila Pundit-Rao"
        pundit.save()
    with committed:
        world.name = "The World"
        world.save()
    author, section = cache_in_front.purged()
    assert author == {f"story:{story.pk}", f"author:{pundit.pk}", f"front:author:{pundit.slug}"}
    assert section == {"site"}  # every page's navigation


def test_live_coverage_purges_the_story_address(world, cache_in_front, committed):
    story = make_story(section=world)
    with committed:
        from django.db import transaction

        with transaction.atomic():
            purge_story_page(story)
    assert cache_in_front.purged() == [{f"story-page:{story.slug}"}]


def test_nothing_is_purged_or_worked_out_without_caches_in_front(world, settings, committed):
    settings.FRONTEND_CACHE_URLS = []
    assert frontend_cache.shared_max_age(False, None) is None
    with committed:
        services.publish_story(make_story(section=world, status=Story.Status.DRAFT), by=None)
    assert purge_sender.outbox._waiting == []


# Delivery --------------------------------------------------------------------------------------------------


def test_a_failing_cache_is_tried_again_the_failures_logged_and_the_save_stands(
    world, settings, quick_retries, committed, caplog
):
    flaky = CacheStandIn(answers=[(503, b"busy"), (500, b"oops")])
    settings.FRONTEND_CACHE_URLS = [flaky.url]
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0
    story = make_story(section=world, status=Story.Status.DRAFT)
    with caplog.at_level(logging.WARNING, logger="articles.frontend_cache"), committed:
        services.publish_story(story, by=None)
    assert Story.objects.get(pk=story.pk).status == Story.Status.PUBLISHED
    assert len(flaky.received) == 3
    assert flaky.purged()[0] == flaky.purged()[2]
    failures = [record for record in caplog.records if "trying again" in record.getMessage()]
    assert len(failures) == 2 and "503" in failures[0].getMessage()
    flaky.close()


def test_an_unreachable_cache_is_given_up_on_with_an_error_and_the_save_stands(
    world, settings, quick_retries, committed, caplog
):
    settings.FRONTEND_CACHE_URLS = [f"http://127.0.0.1:{free_port()}"]  # nothing listens there
    settings.FRONTEND_CACHE_TIMEOUT = 1
    story = make_story(section=world, status=Story.Status.DRAFT)
    with caplog.at_level(logging.WARNING, logger="articles.frontend_cache"), committed:
        services.publish_story(story, by=None)
    assert Story.objects.get(pk=story.pk).status == Story.Status.PUBLISHED
    [gave_up] = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert "gave up" in gave_up.getMessage() and "failed 4 times" in gave_up.getMessage()


def test_a_misconfigured_cache_is_logged_and_the_save_stands(world, settings, committed, caplog):
    settings.FRONTEND_CACHE_URLS = ["varnish.internal:6081"]  # no scheme
    story = make_story(section=world, status=Story.Status.DRAFT)
    with caplog.at_level(logging.ERROR, logger="articles.frontend_cache"), committed:
        services.publish_story(story, by=None)
    assert Story.objects.get(pk=story.pk).status == Story.Status.PUBLISHED
    assert "FRONTEND_CACHE_URLS" in caplog.text


def test_every_cache_gets_each_purge_and_a_second_purge_follows(world, settings, committed):
    first, second = CacheStandIn(), CacheStandIn()
    settings.FRONTEND_CACHE_URLS = [first.url, second.url]
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0.2
    story = make_story(section=world)
    with committed:
        services.withdraw_story(story, by=None, reason="Duplicate.")
    for stand_in in (first, second):
        assert len(stand_in.purged()) == 2  # the purge, and the same one again a moment later
        assert stand_in.purged()[0] == stand_in.purged()[1]
        assert f"story:{story.pk}" in stand_in.purged()[0]
        stand_in.close()


def test_a_cdn_purge_api_gets_the_keys_as_tags_with_the_token_in_batches(
    world, settings, quick_retries, committed
):
    api = CacheStandIn(answers=[(200, json.dumps({"success": False, "errors": ["rate limited"]}).encode())])
    settings.FRONTEND_CACHE_URLS = [f"cdn+{api.url}/client/v4/zones/newsroom/purge_cache"]
    settings.FRONTEND_CACHE_CDN_TOKEN = "cdn-test-token"
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0
    author = make_author()
    stories = [make_story(section=world, authors=[author]) for _ in range(35)]
    with committed:
        author.name = "A renamed author"
        author.save()
    # 35 stories and two keys of the author's: 37 tags, 30 a call; the first call said no and was made again.
    calls = [(method, path, headers, json.loads(body)) for method, path, headers, body in api.received]
    assert [len(body["tags"]) for *_, body in calls] == [30, 30, 7]
    assert calls[0][3] == calls[1][3]
    for method, path, headers, body in calls:
        assert (method, path) == ("POST", "/client/v4/zones/newsroom/purge_cache")
        assert headers["authorization"] == "Bearer cdn-test-token"
        assert headers["surrogate-key"] == " ".join(body["tags"])
    tags = {tag for *_, body in calls[1:] for tag in body["tags"]}
    assert tags == {f"story:{story.pk}" for story in stories} | {
        f"author:{author.pk}",
        f"front:author:{author.slug}",
    }
    api.close()


def test_a_cdn_without_a_token_is_refused_at_purge_time(world, settings, committed, caplog):
    settings.FRONTEND_CACHE_URLS = ["cdn+https://api.example.invalid/purge"]
    settings.FRONTEND_CACHE_CDN_TOKEN = ""
    with caplog.at_level(logging.ERROR, logger="articles.frontend_cache"), committed:
        services.publish_story(make_story(section=world, status=Story.Status.DRAFT), by=None)
    assert "FRONTEND_CACHE_CDN_TOKEN" in caplog.text


# What the caches in front are told ------------------------------------------------------------------


def test_shared_caches_keep_pages_as_long_as_the_page_cache_when_purges_reach_them(client, world, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_STORY_PAGES_REFRESH_SECONDS = 60
    story = make_story(section=world)
    assert client.get("/world/")["Cache-Control"] == "public, max-age=0, must-revalidate"

    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:6081"]
    assert client.get("/world/")["Cache-Control"] == "public, max-age=0, s-maxage=300, must-revalidate"
    assert "s-maxage=300" in client.get("/")["Cache-Control"]
    # A new story joins a story page within the refresh time: a cache in front keeps it no longer.
    assert "s-maxage=60," in client.get(story.get_absolute_url())["Cache-Control"]
    assert "s-maxage=60," in client.get("/search/", {"q": "headline"})["Cache-Control"]


def test_behind_a_cache_in_front_the_generation_is_read_for_every_page_it_asks_for(client, world, settings):
    """Another process's change: the generation moves on in the database alone. Varnish asks right
    after the purge; the page must not come from this process's memory of the old generation."""
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:6081"]
    story = make_story(section=world, headline="First version of the headline")
    assert "First version" in client.get("/world/").text
    Story.objects.filter(pk=story.pk).update(headline="Second version of the headline")
    ReaderPagesGeneration.objects.advance()
    assert "Second version" in client.get("/world/").text


def test_a_front_purges_its_own_pages_and_the_banner_every_page(world, cache_in_front, committed):
    from articles.models import BreakingNewsBanner
    from articles.services import fronts

    story = make_story(section=world)
    for section in (None, world):
        front = fronts.front_of(section)
        fronts.pin_story(front, story, slot="lead", by=None)  # a draft: nothing to purge
        with committed:
            fronts.publish_draft(front, by=None)
    with committed:
        fronts.save_banner(BreakingNewsBanner(text="Storm warning for the coast"), by=None)
    assert cache_in_front.purged() == [{"front:home"}, {"front:section:world"}, {"site"}]
