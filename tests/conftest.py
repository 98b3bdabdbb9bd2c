"""Shared fixtures. Builders live in modules beside this one (builders.py, desk_builders.py,
newsroom_staff.py, images.py, servers.py, ingest/builders.py), imported as ``tests.<module>``."""

import os
from pathlib import Path

import pytest
import time_machine

from tests.builders import FROZEN_NOW, make_section
from tests.server_gate import answering, gate_of
from tests.varnish import varnish, varnish_in_front  # noqa: F401 (varnishd in front of the live server)


@pytest.fixture
def world():
    """The World section, at /world/."""
    return make_section("World", slug="world")


@pytest.fixture
def frozen_now():
    """The clock stopped at FROZEN_NOW (00:15 on 1 April in Kolkata, still 31 March in UTC) for tests
    whose expectations are worked out from the current time."""
    with time_machine.travel(FROZEN_NOW, tick=False):
        yield FROZEN_NOW


@pytest.fixture
def media_root(settings, tmp_path):
    """An empty MEDIA_ROOT for this test, so what it stores (and leaves behind) can be listed."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def sample_feeds():
    """The real agency documents in ../shared/feeds (CI sets NEWSROOM_SAMPLE_FEEDS)."""
    folder = os.environ.get("NEWSROOM_SAMPLE_FEEDS")
    if not folder:
        pytest.skip("NEWSROOM_SAMPLE_FEEDS is not set (CI sets it to ../shared/feeds)")
    path = Path(folder)
    if not path.is_dir():
        pytest.fail(f"NEWSROOM_SAMPLE_FEEDS={folder} is not a folder")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache and reads the reader pages' generation afresh, so
    cached pages never leak between tests."""
    from django.core.cache import cache

    from articles.reader.cache import forget_generation, guarded_cache, local_pages

    for clear in (cache.clear, forget_generation, local_pages.clear, guarded_cache.reset):
        clear()
    yield
    for clear in (cache.clear, forget_generation, local_pages.clear, guarded_cache.reset):
        clear()


@pytest.fixture(autouse=True)
def live_server_answers_only_during_the_test(request):
    """A test that uses the live server finds it answering; when the test ends, the server turns new
    requests away and answers those inside before the database is emptied (see ``server_gate``).

    Asking for ``transactional_db`` here makes its flush come after this fixture's end.
    """
    if "live_server" not in request.fixturenames:
        yield None
        return
    request.getfixturevalue("transactional_db")
    with answering(gate_of(request.getfixturevalue("live_server"))) as gate:
        yield gate


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL; CI runs the suite there too"))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server on a free port, one for the whole session (tests/s3_server.py), with boto3's
    credentials in the environment as production has them."""
    from tests.s3_server import CREDENTIALS, S3Server

    with pytest.MonkeyPatch.context() as patch:
        for name, value in CREDENTIALS.items():
            patch.setenv(name, value)
        with S3Server(log_path=tmp_path_factory.mktemp("s3") / "moto.log") as server:
            yield server


@pytest.fixture
def s3_bucket(s3_server, settings):
    """A new bucket on the S3 server as the default storage, configured the way production reads
    MEDIA_STORAGE_URL (newsroom/media_storage.py)."""
    from newsroom.media_storage import media_storage_from_url

    bucket = s3_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_url(bucket.media_storage_url())}
    return bucket


@pytest.fixture(params=["local", "s3"])
def photo_storage(request, settings, tmp_path):
    """The test runs twice: photos in an empty local folder (MEDIA_ROOT), then in an empty bucket on
    the S3 server. Returns "local" or "s3"."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    if request.param == "s3":
        request.getfixturevalue("s3_bucket")
    return request.param
