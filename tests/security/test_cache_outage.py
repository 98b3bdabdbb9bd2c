"""The reader site with its cache server stopped, paused and restarted during requests: no 500s,
no request held up for the cache's timeout, and a withdrawal made during the outage is never served
once the cache is back (the generation lives in the database)."""

import time

import pytest
from django.test import override_settings

from articles import services
from tests.builders import make_story
from tests.redis_server import RedisServer, redis_installed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_installed(), reason="needs redis-server (apt-get install redis-server)"),
]

PAGES = ["/", "/world/", "/feeds/latest/", "/sitemap.xml", "/search/?q=harbour", "/robots.txt"]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    with override_settings(CACHES=server.cache_settings()):
        yield server
    server.stop()


def timed_get(client, address):
    started = time.monotonic()
    response = client.get(address)
    return response, time.monotonic() - started


def test_stopped_paused_and_restarted_cache(client, world, redis_server, django_capture_on_commit_callbacks):
    story = make_story(section=world, headline="Harbour crane collapses")
    addresses = [*PAGES, story.get_absolute_url()]
    for address in addresses:  # all cached now
        assert client.get(address).status_code == 200, address

    # Paused: every command would hang. Pages are made afresh, and only the first request waits
    # for the short timeout before the cache is left alone for a while.
    redis_server.pause(4)
    slowest = max(timed_get(client, address)[1] for address in addresses)
    for address in addresses:
        response, _ = timed_get(client, address)
        assert response.status_code == 200, address
    assert slowest < 1.5

    # A withdrawal while the cache cannot be reached succeeds; the database is the truth.
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_story(story, reason="The crane was not there.")
    redis_server.unpause()
    time.sleep(5.2)  # past the rest period: the cache is used again, old pages still in it

    assert client.get(story.get_absolute_url()).status_code == 410
    assert "Harbour crane collapses" not in client.get("/").text
    assert "Harbour crane collapses" not in client.get("/feeds/latest/").text

    # Stopped, then started again empty: pages all along.
    redis_server.stop()
    for address in addresses:
        response, took = timed_get(client, address)
        assert response.status_code in (200, 410), address
        assert took < 1.5, address
    redis_server.start()
    time.sleep(5.2)
    for address in PAGES:
        assert client.get(address).status_code == 200, address
