"""Two application servers, as a newsroom past one machine runs them: two gunicorns on two ports with
production settings, sharing the test's PostgreSQL database, a Redis of their own (the page cache),
an S3 bucket on moto's server (the photos) and Varnish in front of both, which they purge. Their
reader pages read a replica (``DATABASE_REPLICA_URL``): the test database again, through read-only
connections of its own.

One set of servers for the module (a few seconds to start); each test commits its data
(``transaction=True``) so that the servers, other processes, see it. Only the first test uses the
admin: the flush after each transactional test makes content types anew under new ids, which the
servers, started before it, would still have cached (the admin's log entry names one).
"""

import json
import os
import re
import time
from datetime import timedelta

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Agency, AgencyFeed, Photo, Story, StoryTransition
from tests.app_servers import AppServer
from tests.builders import make_section, make_story
from tests.desk_builders import change_url, payload
from tests.images import jpeg_bytes
from tests.newsroom_staff import PASSWORD, make_editor
from tests.redis_server import RedisServer
from tests.servers import LocalServer, url_of_the_test_database
from tests.varnish import NOT_INSTALLED, Varnish, varnishd_installed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

S = Story.Status
# The promise: a change made through one server is what readers get from every server, and from
# Varnish in front of them, within this long.
VISIBLE_WITHIN_SECONDS = 1.0
REPLICA_NAME = "newsroom-replica"
REPLICA_PARAMETERS = f"?application_name={REPLICA_NAME}&options=-c%20default_transaction_read_only%3Don"


class Site:
    def __init__(self, servers, varnish, bucket):
        self.servers = servers
        self.varnish = varnish
        self.bucket = bucket

    @property
    def a(self):
        return self.servers[0]

    @property
    def b(self):
        return self.servers[1]

    @property
    def readers_ways_in(self):
        """Every way readers reach the site: each server, and Varnish in front of them."""
        return [*self.servers, self.varnish]


@pytest.fixture(scope="module")
def site(django_db_setup, s3_server, tmp_path_factory):
    """Redis, a bucket, Varnish and two gunicorns purging it, for the module."""
    if not varnishd_installed():
        pytest.skip(NOT_INSTALLED)
    folder = tmp_path_factory.mktemp("app-servers")
    (folder / "static").mkdir()
    redis = RedisServer(folder).start()
    bucket = s3_server.new_bucket("site")
    servers = [AppServer("app-a", folder), AppServer("app-b", folder)]
    env = {
        **os.environ,
        "SECRET_KEY": "two-servers-" + "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "DATABASE_URL": url_of_the_test_database(),
        # Reader pages read "a replica": the same database through connections of their own that
        # PostgreSQL names, and that refuse to write (a write routed there would fail its request).
        "DATABASE_REPLICA_URL": url_of_the_test_database() + REPLICA_PARAMETERS,
        "CACHE_URL": redis.url,
        "MEDIA_STORAGE_URL": bucket.media_storage_url(),
        "FRONTEND_CACHE_REPURGE_SECONDS": "0.3",
    }
    try:
        # Varnish first, naming the servers' ports: the servers purge it from their first request on.
        with Varnish([server.address for server in servers]) as varnish:
            env["FRONTEND_CACHE_URLS"] = varnish.base_url
            for server in servers:
                server.launch(env)
            for server in servers:
                server.wait_until_ready()
            yield Site(servers, varnish, bucket)
    finally:
        for server in servers:
            server.stop()
        redis.stop()


def get(url):
    return httpx.get(url, timeout=10, follow_redirects=False)


def seconds_until(condition, timeout=10.0):
    """How long ``condition()`` took to become true, polled every 20 ms; fails after ``timeout``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"not true after {timeout} s")
        time.sleep(0.02)
    return time.monotonic() - started


def logged_in(server, user):
    """An HTTP client with the desk session of ``user``, logged in through ``server``'s admin form."""
    client = httpx.Client(base_url=server.url(""), timeout=10, follow_redirects=False)
    client.get("/admin/login/")
    answer = client.post(
        "/admin/login/",
        data={
            "username": user.username,
            "password": PASSWORD,
            "next": "/admin/",
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    assert answer.status_code == 302, re.findall(r'class="errornote".*?</p>', answer.text, re.S)
    return client


def shows(way_in, path, text):
    answer = get(way_in.url(path))
    return answer.status_code == 200 and text in answer.text


def test_a_publish_through_one_server_is_seen_through_the_other_and_through_varnish_within_a_second(site):
    section = make_section("Harbour", slug="harbour")
    story = make_story(section=section, status=S.IN_REVIEW, headline="Night ferry returns to the island")
    editor = make_editor()
    # Server B (in its own memory and in Redis) and Varnish have the home and section pages without it.
    for way_in in (site.b, site.varnish):
        for _ in range(2):
            assert not shows(way_in, "/", story.headline) and not shows(way_in, "/harbour/", story.headline)
    assert get(site.varnish.url("/harbour/")).headers["X-Cache"] == "HIT"

    desk = logged_in(site.a, editor)
    answer = desk.post(
        change_url(story),
        data={**payload(story, _publish="x"), "csrfmiddlewaretoken": desk.cookies["csrftoken"]},
    )
    assert answer.status_code == 302, site.a.log_tail()
    published = time.monotonic()
    story.refresh_from_db()
    assert story.status == S.PUBLISHED

    for way_in in (site.b, site.varnish):
        for path in ("/", "/harbour/", story.get_absolute_url()):
            seconds_until(lambda way_in=way_in, path=path: shows(way_in, path, story.headline))
    assert time.monotonic() - published <= VISIBLE_WITHIN_SECONDS
    # ...and kept again once made (after the purge sent again a moment later, FRONTEND_CACHE_REPURGE_SECONDS).
    seconds_until(lambda: get(site.varnish.url("/harbour/")).headers["X-Cache"] == "HIT")


def test_publish_scheduled_on_both_servers_publishes_each_story_exactly_once(site):
    section = make_section("Tides", slug="tides")
    for way_in in site.readers_ways_in:
        assert get(way_in.url("/tides/")).status_code == 200  # cached without the stories
    # Both schedulers are looking for due stories before any is due.
    schedulers = [server.manage("publish_scheduled", "--loop", "0.05", "-v", "2") for server in site.servers]
    try:
        for scheduler in schedulers:
            assert "published 0 stories" in scheduler.stdout.readline()
        due = timezone.now() + timedelta(seconds=0.5)
        stories = [
            make_story(section=section, status=S.SCHEDULED, publish_at=due, headline=f"Tide table {number}")
            for number in range(12)
        ]
        seconds_until(lambda: not Story.objects.filter(status=S.SCHEDULED).exists())
        published = time.monotonic()
        # Readers of either server, and of Varnish, see them all within the second (the scheduler
        # that published the last one purged Varnish).
        for way_in in site.readers_ways_in:
            seconds_until(lambda way_in=way_in: shows(way_in, "/tides/", "Tide table 11"))
        assert time.monotonic() - published <= VISIBLE_WITHIN_SECONDS
    finally:
        for scheduler in schedulers:
            scheduler.terminate()
    outputs = [scheduler.communicate(timeout=30)[0] for scheduler in schedulers]

    published_lines = [
        line for output in outputs for line in output.splitlines() if line.startswith("Published #")
    ]
    assert len(published_lines) == 12
    for story in stories:
        assert StoryTransition.objects.filter(story=story, to_status=S.PUBLISHED).count() == 1


def json_feed(base, numbers):
    """A JSON Feed of items ``numbers``: each a short story with its own picture at ``base``."""
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Estuary Wire",
            "items": [
                {
                    "id": f"estuary-{number}",
                    "title": f"Estuary report {number}",
                    "content_text": f"The tide gauge at mark {number} read high this morning.",
                    "date_published": "2026-12-01T08:00:00Z",
                    "image": f"{base}/pictures/{number}.jpg",
                    "attachments": [
                        {
                            "url": f"{base}/pictures/{number}.jpg",
                            "mime_type": "image/jpeg",
                            "title": f"The gauge at mark {number}.",
                        }
                    ],
                }
                for number in numbers
            ],
        }
    ).encode()


def test_ingest_feeds_on_both_servers_imports_each_item_once(site):
    feed_server = LocalServer({})
    try:
        base = feed_server.url("")
        feeds = {"/north.json": range(0, 6), "/middle.json": range(3, 9), "/south.json": range(6, 12)}
        for path, numbers in feeds.items():
            feed_server.server.routes[path] = (
                200,
                {"Content-Type": "application/feed+json"},
                json_feed(base, numbers),
            )
        for number in range(12):
            feed_server.server.routes[f"/pictures/{number}.jpg"] = (
                200,
                {"Content-Type": "image/jpeg"},
                jpeg_bytes((96, 64), color=(number * 20, 110, 180)),
            )
        agency = Agency.objects.create(name="Estuary Wire", slug="estuary-wire", credit="EW")
        section = make_section("Estuary", slug="estuary")
        for path in feeds:
            AgencyFeed.objects.create(
                name=f"Estuary {path}",
                agency=agency,
                source=feed_server.url(path),
                format=AgencyFeed.Format.JSONFEED,
                section=section,
            )

        allowed = {"INGEST_ALLOWED_PRIVATE_HOSTS": f"127.0.0.1:{feed_server.port}"}
        runs = [server.manage("ingest", "--feeds", env=allowed) for server in site.servers]
        results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    finally:
        feed_server.close()

    for status, out, err in results:
        assert status == 0, out[-2000:] + err[-2000:]
    last_lines = [out.strip().splitlines()[-1] for _status, out, _err in results]
    assert sum(int(re.match(r"created (\d+),", line).group(1)) for line in last_lines) == 12, last_lines
    ran = [line for _status, out, _err in results for line in out.splitlines() if line.startswith("feed ")]
    assert len(ran) == 3  # each feed run once, by one server or the other
    stories = Story.objects.filter(agency__slug="estuary-wire")
    assert stories.count() == 12 and stories.values("source_guid").distinct().count() == 12
    assert all(story.lead_photo_id for story in stories)
    photos = Photo.objects.filter(agency__slug="estuary-wire")
    assert photos.count() == 12
    assert {photo.image.name for photo in photos} <= site.bucket.object_keys()
    assert AgencyFeed.objects.filter(last_run_at__isnull=False).count() == 3


def test_reader_pages_read_the_replica_and_writes_never_reach_it(site):
    story = make_story(headline="Harbour lights switched on")

    assert shows(site.b, story.get_absolute_url(), story.headline)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
            [REPLICA_NAME],
        )
        replica_queries = [query for (query,) in cursor.fetchall()]
    # The servers keep their connections (CONN_MAX_AGE): the replica's show what they read last.
    assert any('"articles_' in query for query in replica_queries), replica_queries
    # Every write of the tests before (a publish in the admin, the schedulers', the importers') went
    # to the primary: on these read-only connections it would have failed.
