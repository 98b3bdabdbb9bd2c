"""Reader pages come from the page cache, answer conditional requests with 304, and the cache is
emptied the moment a story is published, updated, corrected or withdrawn."""

import time

import pytest
from builders import make_section, make_story
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from articles import services
from articles.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_section("World", slug="world")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what would run after the transaction commits (the cache purge)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_pages_carry_validators_and_answer_304(client, world):
    story = make_story(section=world)
    for address in ["/", "/world/", story.get_absolute_url(), "/feeds/latest/", "/sitemap.xml"]:
        first = client.get(address)
        assert first.status_code == 200, address
        etag, last_modified = first["ETag"], first["Last-Modified"]
        assert etag.startswith('"') and last_modified.endswith("GMT")
        assert "public" in first["Cache-Control"]

        by_etag = client.get(address, headers={"If-None-Match": etag})
        assert by_etag.status_code == 304, address
        assert by_etag.content == b""
        by_date = client.get(address, headers={"If-Modified-Since": last_modified})
        assert by_date.status_code == 304, address
        changed = client.get(address, headers={"If-None-Match": '"something-else"'})
        assert changed.status_code == 200 and changed.content == first.content


def test_a_cached_page_costs_no_query(client, world):
    story = make_story(section=world)
    client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        again = client.get(story.get_absolute_url())
    assert again.status_code == 200
    assert len(queries) == 0


def test_publishing_purges_the_cache_at_once(client, world, on_commit):
    draft = make_story(section=world, headline="Breaking: bridge reopens", status=Story.Status.DRAFT)
    before = client.get("/")
    assert "Breaking: bridge reopens" not in before.text

    with on_commit():
        services.publish_story(draft)

    after = client.get("/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert "Breaking: bridge reopens" in after.text
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_updates_and_corrections_purge_the_cache(client, world, on_commit):
    story = make_story(section=world, headline="Original headline")
    assert "Original headline" in client.get(story.get_absolute_url()).text

    story.headline = "Sharper headline"
    with on_commit():
        story.save()
    assert "Sharper headline" in client.get(story.get_absolute_url()).text

    with on_commit():
        services.correct_story(story, note="The bridge is 40 metres long, not 400.")
    assert "not 400" in client.get(story.get_absolute_url()).text


def test_withdrawing_purges_the_cache(client, world, on_commit):
    story = make_story(section=world, headline="Disputed report")
    assert client.get(story.get_absolute_url()).status_code == 200
    assert "Disputed report" in client.get("/world/").text

    with on_commit():
        services.withdraw_story(story, reason="Could not be verified.")

    assert client.get(story.get_absolute_url()).status_code == 410
    assert "Disputed report" not in client.get("/world/").text


def test_static_files_are_compressed_with_hashed_names(tmp_path):
    """What production serves through whitenoise: collectstatic with the manifest storage."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    css = [path.name for path in (tmp_path / "css").iterdir()]
    assert any(name.startswith("site.") and name.endswith(".css") and name != "site.css" for name in css)
    assert any(name.endswith(".css.gz") for name in css)
    assert any(path.name.startswith("next-story.") for path in (tmp_path / "js").iterdir())


# In front of a shared cache: the generation remembered for a second, hot pages kept in memory -----


@pytest.fixture
def shared_cache(monkeypatch):
    """Treat the test cache as a shared server's (what Redis is in production), so each process
    remembers the generation and keeps the pages it served in its own memory."""
    import articles.reader.cache
    from articles.reader.page_cache import local_pages

    monkeypatch.setattr(articles.cache, "_shared_cache", True)
    articles.reader.cache.forget_generation()
    local_pages.clear()
    yield local_pages
    articles.reader.cache.forget_generation()
    local_pages.clear()


def test_a_hot_page_is_answered_from_process_memory(client, world, shared_cache):
    from django.core.cache import cache

    story = make_story(section=world, headline="Tram line opens")
    first = client.get(story.get_absolute_url())
    assert len(shared_cache) == 1
    cache.clear()  # the shared cache forgets everything; this process still has the page

    with CaptureQueriesContext(connection) as queries:
        again = client.get(story.get_absolute_url(), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and len(queries) == 0
    assert client.get(story.get_absolute_url()).content == first.content


def test_a_purge_in_this_process_is_seen_at_once(client, world, on_commit, shared_cache):
    story = make_story(section=world, headline="Council votes today")
    assert "Council votes today" in client.get("/").text

    story.headline = "Council approves the budget"
    with on_commit():
        story.save()

    assert "Council approves the budget" in client.get("/").text


def test_another_process_purge_is_seen_within_the_recheck_interval(client, world, monkeypatch, shared_cache):
    import time

    from django.core.cache import cache

    import articles.reader.cache

    monkeypatch.setattr(articles.cache, "GENERATION_RECHECK_SECONDS", 0.3)
    story = make_story(section=world, headline="Ferry timetable")
    assert "Ferry timetable" in client.get("/").text
    Story.objects.filter(pk=story.pk).update(headline="Ferry timetable changes")
    cache.incr(articles.reader.cache.GENERATION_KEY)  # what a purge in another web process does

    assert "Ferry timetable changes" not in client.get("/").text  # within the bound: old page
    time.sleep(0.35)
    assert "Ferry timetable changes" in client.get("/").text


def test_process_memory_is_bounded_and_least_recently_used_goes_first():
    from articles.reader.page_cache import CachedPage, LocalPages

    def page(size):
        return CachedPage(status=200, content=b"x" * size, headers=(), etag='"e"', last_modified=time.time())

    memory = LocalPages(max_bytes=16 * 1600)  # room for 16 of these pages
    for name in "abcdefghijklmnop":
        memory.put((1, name), page(1000))
    assert memory.get((1, "a")) is not None  # "a" is now the most recently used
    for name in "qrstuvwxyz":
        memory.put((1, name), page(1000))

    assert memory._size <= memory.max_bytes
    assert memory.get((1, "a")) is not None and memory.get((1, "b")) is None
    memory.put((1, "huge"), page(memory.max_bytes))  # larger than a sixteenth: not kept at all
    assert memory.get((1, "huge")) is None


def test_a_remembered_page_expires_with_the_shared_one():
    from articles.reader.page_cache import CACHE_SECONDS, CachedPage, LocalPages

    memory = LocalPages(max_bytes=1_000_000)
    made_long_ago = time.time() - CACHE_SECONDS - 1
    memory.put(
        (1, "old"),
        CachedPage(status=200, content=b"old", headers=(), etag='"o"', last_modified=made_long_ago),
    )
    assert memory.get((1, "old")) is None and len(memory) == 0


def test_with_the_cache_switched_off_every_request_renders(client, world):
    story = make_story(section=world)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        client.get(story.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(story.get_absolute_url()).status_code == 200
    assert len(queries) > 0
