"""The optional read replica (DATABASE_REPLICA_URL, newsroom/db_router.py): reader pages read it, every
write, the admin and everything else use the primary. tests/test_app_servers.py runs two servers with
a replica alias on the test database whose connections refuse writes, and checks PostgreSQL saw the
reader pages' reads on it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import ReaderPagesGeneration, Story
from newsroom.db_router import ReaderPagesOnReplica, ReaderPagesOnReplicaMiddleware, replica_database

PRIMARY = {
    "ENGINE": "newsroom.db.postgresql",
    "NAME": "newsroom",
    "USER": "app",
    "PASSWORD": "",
    "HOST": "primary.db",
    "PORT": 5432,
    "CONN_MAX_AGE": 60,
    "OPTIONS": {"options": "-c jit=off", "prepare_threshold": 2},
}


def test_the_replica_is_the_primarys_settings_at_its_own_address():
    replica = replica_database(
        PRIMARY, "postgres://reader@replica.db:6432/newsroom?options=-c%20default_transaction_read_only%3Don"
    )

    assert replica["ENGINE"] == "newsroom.db.postgresql" and replica["CONN_MAX_AGE"] == 60
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == ("replica.db", 6432, "reader")
    assert replica["OPTIONS"] == {
        "options": "-c jit=off -c default_transaction_read_only=on",
        "prepare_threshold": 2,
    }
    assert replica["TEST"] == {"MIRROR": "default"}  # tests read the test database through it


def test_a_replica_is_a_postgresql_replica_of_a_postgresql_primary():
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL replica"):
        replica_database(PRIMARY, "sqlite:///replica.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL primary"):
        replica_database({**PRIMARY, "ENGINE": "django.db.backends.sqlite3"}, "postgres://r@replica.db/n")


def alias_for_reads_during(method, path):
    """Which alias the router gives a story query made while the request is answered."""
    seen = []

    def view(request):
        seen.append(ReaderPagesOnReplica().db_for_read(Story))
        return HttpResponse()

    request = RequestFactory().generic(method, path)
    ReaderPagesOnReplicaMiddleware(view)(request)
    return seen[0]


@pytest.mark.parametrize(
    ("method", "path", "alias"),
    [
        ("GET", "/", "replica"),  # the home page
        ("HEAD", "/feeds/latest/", "replica"),
        ("GET", "/admin/", None),  # None: Django's default, the primary
        ("GET", "/api/ninjs/items", None),
        ("POST", "/", None),
        ("GET", "/media/renditions/1/0123abcd/w640.jpg", None),
    ],
)
def test_reads_of_reader_pages_go_to_the_replica_and_all_else_to_the_primary(method, path, alias):
    assert alias_for_reads_during(method, path) == alias


def test_outside_a_request_and_for_every_write_the_primary_the_generations_always_the_replica():
    router = ReaderPagesOnReplica()

    assert router.db_for_read(Story) is None and router.db_for_write(Story) is None
    # Pages are cached under the generation their content was read with.
    assert router.db_for_read(ReaderPagesGeneration) == "replica"
    assert router.db_for_write(ReaderPagesGeneration) is None
    assert router.allow_migrate("default", "articles") and not router.allow_migrate("replica", "articles")
