"""The admin log-in, its lock and staff sessions with the cache server stopped or stalled.

A real redis-server of our own (never the shared one on 6379) is configured through the project's own
``cache_from_url``, then stopped or paused: the log-in page answers, a right password logs in, the
sixth wrong one is refused with 429, and nothing waits on the stalled server for more than a moment.
"""

import time

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings

from tests.redis_server import RedisServer, redis_installed

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-desk-password"


@pytest.fixture
def redis_cache(tmp_path):
    """The default cache on a redis-server of our own, configured as production configures CACHE_URL;
    stopped at the end whatever happened."""
    if not redis_installed():
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path).start()
    try:
        with override_settings(CACHES=server.cache_settings()):
            cache.set("probe", "up")
            assert cache.get("probe") == "up"  # really on Redis until we stop it
            yield server
    finally:
        server.stop()


@pytest.fixture
def desk(django_user_model):
    return django_user_model.objects.create_user("desk", password=PASSWORD, is_staff=True)


def log_in(client, password, username="desk"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def assert_login_works_and_locks(client):
    assert client.get("/admin/login/").status_code == 200

    assert log_in(client, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200  # the session outlives the cache
    client.logout()

    answers = [log_in(client, "wrong").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    assert log_in(client, PASSWORD).status_code == 429


def test_admin_log_in_and_lock_work_with_the_cache_server_stopped(client, desk, redis_cache):
    redis_cache.stop()

    assert_login_works_and_locks(client)


def pause(server):
    """Stall every client for 10 s. Redis 7.0 holds CLIENT UNPAUSE too, so nothing undoes it: the
    fixture stops the server at the end (SIGTERM is answered at once, paused or not)."""
    server.pause(10)


def test_admin_log_in_does_not_wait_on_a_paused_cache_server(client, desk, redis_cache):
    pause(redis_cache)

    started = time.monotonic()
    assert log_in(client, PASSWORD).status_code == 302
    assert time.monotonic() - started < 1.0
    client.logout()

    started = time.monotonic()
    assert_login_works_and_locks(client)
    assert time.monotonic() - started < 5.0  # ten requests; one waiting out the pause takes 10 s


def test_a_stalled_cache_server_costs_a_request_a_moment_not_a_hang(redis_cache):
    """The OPTIONS that cache_from_url gives redis-py: a paused server is an error within ~1 s."""
    pause(redis_cache)

    started = time.monotonic()
    with pytest.raises(redis.exceptions.TimeoutError):
        cache.get("probe")
    assert time.monotonic() - started < 1.0
