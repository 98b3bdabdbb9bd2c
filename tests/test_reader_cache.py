"""Reader pages come from the page cache, answer conditional requests with 304, and the cache is
retired the moment readers can see a change: a publish, an edit of a live story, a correction, a
withdrawal; never for a draft. The generation lives in the database, so a purge made by another
process, or while the cache server was down, is never lost."""

import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from articles import services
from articles.models import ReaderPagesGeneration, Story
from articles.reader.cache import CachedPage, LocalPages, purge_reader_pages
from articles.reader.listings import PAGE_SIZE
from articles.reader.section_front import FRONT_PLACES
from tests.builders import make_section, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what would run after the transaction commits (the cache purge)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def edit(story, **changes):
    """What the desk's Save does: the service, with the fields the editor changed."""
    for name, value in changes.items():
        setattr(story, name, value)
    return services.save_story(story, fields=changes)


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

    with on_commit():
        edit(story, headline="Sharper headline")
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
    """What production serves through whitenoise: collectstatic with the manifest storage, and the
    templates' addresses of the hashed files (remembered per name: the manifest does not change)."""
    from django.template import engines

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "newsroom.static_storage.StaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        address = engines["django"].from_string("{% load static %}{% static 'css/site.css' %}")
        hashed = address.render()
        with override_settings(DEBUG=True):
            assert address.render() == "/static/css/site.css"  # Django's rule with DEBUG on
    css = [path.name for path in (tmp_path / "css").iterdir()]
    assert hashed.startswith("/static/css/site.") and hashed.removeprefix("/static/css/") in css
    assert hashed != "/static/css/site.css"
    assert any(name.endswith(".css.gz") for name in css)
    assert any(path.name.startswith("next-story.") for path in (tmp_path / "js").iterdir())


# What purges, and how often -------------------------------------------------------------------------


def generation():
    """The listings' generation: every change readers see moves it on."""
    return ReaderPagesGeneration.objects.current_generations().listings


def test_a_draft_save_does_not_purge(world):
    draft = make_story(section=world, status=Story.Status.DRAFT)
    before = generation()
    edit(draft, headline="Still a draft")
    services.submit_for_review(draft)
    assert generation() == before


def test_one_publish_is_one_purge(world):
    draft = make_story(section=world, status=Story.Status.DRAFT)
    before = generation()
    services.publish_story(draft)
    assert generation() == before + 1


def test_an_edit_of_what_no_published_story_shows_does_not_purge(world):
    from tests.builders import make_photo

    unused = make_photo(caption="A picture nobody uses yet")
    before = generation()
    unused.caption = "Still unused"
    unused.save()
    assert generation() == before


def test_an_edit_of_a_live_story_photo_purges(client, world, on_commit):
    from tests.builders import make_photo

    photo = make_photo(caption="Harbour at dawn", credit="Staff")
    story = make_story(section=world, lead_photo=photo)
    assert "Harbour at dawn" in client.get(story.get_absolute_url()).text
    photo.caption = "Harbour at dusk"
    with on_commit():
        photo.save()
    page = client.get(story.get_absolute_url()).text
    assert "Harbour at dusk" in page


@pytest.mark.parametrize("model", ["Section", "Author", "Photo"])
def test_bulk_updates_show_once_the_page_cache_is_cleared(client, world, model):
    """Bulk updates send no signal: nothing kept outlives the cache (no stored rendering)."""
    from django.core.cache import cache

    from articles.models import Author, Photo, Section
    from tests.builders import make_author, make_photo

    story = make_story(
        section=world,
        headline="Grain prices",
        authors=[make_author(name="Ravi Nair")],
        lead_photo=make_photo(caption="Sacks at the depot", credit="Staff"),
    )
    before = client.get(story.get_absolute_url()).text
    assert "World" in before and "Ravi Nair" in before and "Sacks at the depot" in before
    if model == "Section":
        Section.objects.filter(pk=world.pk).update(name="Planet")
        shown, gone = "Planet", ">World<"
    elif model == "Author":
        Author.objects.update(name="Ravi K. Nair")
        shown, gone = "Ravi K. Nair", "Ravi Nair<"
    else:
        Photo.objects.update(caption="Sacks at the old depot")
        shown, gone = "Sacks at the old depot", "Sacks at the depot"
    cache.clear()
    page = client.get(story.get_absolute_url()).text
    assert shown in page and gone not in page


def test_another_process_purge_is_seen_within_a_second(client, world, monkeypatch):
    import articles.reader.cache

    monkeypatch.setattr(articles.reader.cache, "GENERATION_RECHECK_SECONDS", 0.3)
    story = make_story(section=world, headline="Ferry timetable")
    assert "Ferry timetable" in client.get("/").text
    Story.objects.filter(pk=story.pk).update(headline="Ferry timetable changes")
    ReaderPagesGeneration.objects.advance()  # what a purge in the scheduler or another server does

    assert "Ferry timetable changes" not in client.get("/").text  # within the bound: old page
    time.sleep(0.35)
    assert "Ferry timetable changes" in client.get("/").text


# Keys: only the parameters a page reads ----------------------------------------------------------------


def test_junk_parameters_are_answered_from_the_normalised_page(client, world):
    from django.core.cache import cache

    make_story(section=world)
    first = client.get("/?cb=1")
    keys_after_first = len(cache._cache)
    with CaptureQueriesContext(connection) as queries:
        for n in range(2, 30):
            assert client.get(f"/?cb={n}&utm_source=x{n}").content == first.content
    assert len(queries) == 0
    assert len(cache._cache) == keys_after_first  # the cache did not grow


def test_a_view_never_sees_parameters_it_does_not_read(client, world):
    for n in range(PAGE_SIZE + FRONT_PLACES + 5):  # past the first page: the section's front and a page
        make_story(section=world, headline=f"Story {n}")
    first = client.get("/world/")
    older = first.context["page"].older_query
    page_two = client.get(f"/world/{older}&evil=%22%3E%3Cscript%3E")
    assert page_two.status_code == 200
    assert b"evil" not in page_two.content and b"<script>" not in page_two.content.split(b"</head>")[0]


# The cache server unreachable ----------------------------------------------------------------------------

CLOSED_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_pages_are_served_when_the_cache_is_unreachable(client, world, caplog):
    story = make_story(section=world, headline="Power cut in the old town")
    with override_settings(CACHES=CLOSED_REDIS):
        for address in ["/", "/world/", story.get_absolute_url(), "/feeds/latest/", "/sitemap.xml"]:
            response = client.get(address)
            assert response.status_code == 200, address
        assert "Power cut in the old town" in client.get("/").text
    warnings = [record for record in caplog.records if "cannot be reached" in record.getMessage()]
    assert len(warnings) == 1  # logged once, not once a request


def test_a_withdrawal_while_the_cache_is_unreachable_is_never_served_after(client, world, on_commit):
    story = make_story(section=world, headline="Unverified claim")
    assert client.get(story.get_absolute_url()).status_code == 200  # cached, in the working cache
    with override_settings(CACHES=CLOSED_REDIS), on_commit():
        services.withdraw_story(story, reason="Could not be verified.")
    # The cache is back, still holding the old page under the old generation.
    assert client.get(story.get_absolute_url()).status_code == 410
    assert "Unverified claim" not in client.get("/world/").text


def test_with_the_cache_switched_off_every_request_renders(client, world):
    story = make_story(section=world)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        client.get(story.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(story.get_absolute_url()).status_code == 200
    assert len(queries) > 0


# In front of a shared cache: hot pages kept in process memory -----------------------------------------


@pytest.fixture
def shared_cache(monkeypatch):
    """Treat the test cache as a shared server's (what Redis is in production), so each process
    keeps the pages it served in its own memory."""
    import articles.reader.cache

    monkeypatch.setattr(articles.reader.cache, "cache_is_shared", lambda: True)
    return articles.reader.cache.local_pages


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
    with on_commit():
        edit(story, headline="Council approves the budget")
    assert "Council approves the budget" in client.get("/").text


def page(size, made=None):
    return CachedPage(
        status=200, content=b"x" * size, headers=(), etag='"e"', last_modified=made or time.time()
    )


def test_process_memory_is_bounded_and_least_recently_used_goes_first():
    memory = LocalPages(max_bytes=16 * 1600)  # room for 16 of these pages
    for name in "abcdefghijklmnop":
        memory.put((1, name), page(1000), {})
    assert memory.get((1, "a")) is not None  # "a" is now the most recently used
    for name in "qrstuvwxyz":
        memory.put((1, name), page(1000), {})

    assert len(memory) <= 16
    assert memory.get((1, "a")) is not None and memory.get((1, "b")) is None
    memory.put((1, "huge"), page(memory.max_bytes), {})  # larger than a sixteenth: not kept at all
    assert memory.get((1, "huge")) is None


def test_a_remembered_page_expires_with_the_shared_one(settings):
    memory = LocalPages(max_bytes=1_000_000)
    memory.put((1, "old"), page(3, made=time.time() - settings.NEWSROOM_PAGE_CACHE_SECONDS - 1), {})
    assert memory.get((1, "old")) is None and len(memory) == 0


def test_a_story_whose_embargo_runs_out_reaches_readers_with_the_next_scheduler_round(client, world):
    from datetime import timedelta

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    start = timezone.now()
    make_story(section=world, headline="Quiet until noon", embargo_until=start + timedelta(minutes=2))
    with time_machine.travel(start, tick=False):
        call_command("publish_scheduled")  # nothing has appeared yet: no purge
        assert "Quiet until noon" not in client.get("/").text
        before = generation()
    with time_machine.travel(start + timedelta(minutes=3), tick=False):  # within the cache timeout
        assert "Quiet until noon" not in client.get("/").text  # the cached page, until a purge
        call_command("publish_scheduled")
        assert generation() == before + 1
        assert "Quiet until noon" in client.get("/").text
        call_command("publish_scheduled")  # once: nothing new has appeared since
        assert generation() == before + 1


def test_the_story_part_follows_edits_of_what_it_shows(client, world, on_commit):
    """The story's own part outlives other stories' publishes, never a change of its own: an author
    renamed, a tag renamed, a photo recaptioned, a correction, a save of the story."""
    from tests.builders import make_author, make_photo

    author = make_author(name="Asha Menon")
    photo = make_photo(caption="Boats at the quay", credit="Staff")
    story = make_story(section=world, lead_photo=photo, authors=[author], tags=["Harbours"])
    url = story.get_absolute_url()
    assert "Asha Menon" in client.get(url).text
    with on_commit():
        services.publish_story(make_story(section=world, status=Story.Status.DRAFT))
    assert "Boats at the quay" in client.get(url).text

    author.name = "Asha M. Menon"
    photo.caption = "Boats at the old quay"
    with on_commit():
        author.save()
        photo.save()
    page = client.get(url).text
    assert "Asha M. Menon" in page and "Boats at the old quay" in page

    from taggit.models import Tag

    tag = Tag.objects.get(name="Harbours")
    tag.name = "Ports"
    with on_commit():
        tag.save()
    assert ">Ports<" in client.get(url).text

    with on_commit():
        services.correct_story(story, note="The quay is on the east bank.")
    assert "east bank" in client.get(url).text


def test_a_photo_whose_rights_run_out_leaves_the_story_part(client, world, settings):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from tests.builders import make_photo

    settings.NEWSROOM_PAGE_CACHE_SECONDS = 24 * 3600  # only the photo's rights may end the part
    start = timezone.now()
    photo = make_photo(caption="Licensed for a day", credit="Agency", expires_at=start + timedelta(hours=1))
    story = make_story(section=world, photos=[photo])
    with time_machine.travel(start, tick=False):
        assert "Licensed for a day" in client.get(story.get_absolute_url()).text
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        purge_reader_pages()  # another story published: pages are made again
        assert "Licensed for a day" not in client.get(story.get_absolute_url()).text


# Two speeds: listings at once, other stories' pages within a bounded time -----------------------------


def more_headlines(page):
    return page.split('class="more-headlines"')[1].split("</section>")[0] if "more-headlines" in page else ""


def test_a_new_story_is_on_the_listings_at_once_and_around_other_stories_within_the_refresh(
    client, world, settings
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from articles.reader.cache import forget_generation

    settings.NEWSROOM_STORY_PAGES_REFRESH_SECONDS = 60
    sport = make_section("Sport", slug="sport")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        reading = make_story(section=sport, headline="Regatta postponed")
        assert "Monsoon arrives early" not in client.get(reading.get_absolute_url()).text
        draft = make_story(section=world, headline="Monsoon arrives early", status=Story.Status.DRAFT)
        services.publish_story(draft)
        assert "Monsoon arrives early" in client.get("/").text
        assert "Monsoon arrives early" in client.get("/world/").text
        assert "Monsoon arrives early" in client.get("/feeds/latest/").text
        assert client.get(draft.get_absolute_url()).status_code == 200
        # The story already being read keeps its cached page: its "More headlines" may lag.
        assert "Monsoon arrives early" not in more_headlines(client.get(reading.get_absolute_url()).text)
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        forget_generation()
        assert "Monsoon arrives early" in more_headlines(client.get(reading.get_absolute_url()).text)


def test_a_withdrawal_leaves_every_story_page_at_once(client, world):
    sport = make_section("Sport", slug="sport")
    gone = make_story(section=world, headline="Claim that did not hold")
    reading = make_story(section=sport, headline="Regatta postponed")
    assert "Claim that did not hold" in more_headlines(client.get(reading.get_absolute_url()).text)
    services.withdraw_story(gone, reason="Not verified.")
    assert "Claim that did not hold" not in client.get(reading.get_absolute_url()).text
    assert client.get(gone.get_absolute_url()).status_code == 410


def test_a_withdrawn_story_published_again_replaces_its_410_at_once(client, world):
    story = make_story(section=world, headline="Back after review")
    services.withdraw_story(story, reason="Checking a figure.")
    assert client.get(story.get_absolute_url()).status_code == 410  # cached
    services.back_to_draft(story)
    services.publish_story(story)
    assert client.get(story.get_absolute_url()).status_code == 200


def test_a_cached_page_keeps_its_security_headers(client, world):
    story = make_story(section=world)
    first = client.get(story.get_absolute_url())
    again = client.get(story.get_absolute_url())
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert first.has_header(header), header
        assert again[header] == first[header], header
    assert not again.has_header("Set-Cookie") and not again.has_header("Vary")


def test_search_takes_a_new_story_within_the_refresh_and_loses_a_withdrawn_one_at_once(
    client, world, settings
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from articles.reader.cache import forget_generation

    settings.NEWSROOM_STORY_PAGES_REFRESH_SECONDS = 60
    start = timezone.now()
    make_story(section=world, headline="Harbour dredging resumes")
    with time_machine.travel(start, tick=False):
        assert "Harbour dredging resumes" in client.get("/search/", {"q": "harbour"}).text
        draft = make_story(section=world, headline="Harbour pilots strike", status=Story.Status.DRAFT)
        services.publish_story(draft)
        assert "Harbour pilots strike" in client.get("/").text  # the listings at once
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        forget_generation()
        assert "Harbour pilots strike" in client.get("/search/", {"q": "harbour"}).text
        services.withdraw_story(draft, reason="Wrong port.")
        assert "Harbour pilots strike" not in client.get("/search/", {"q": "harbour"}).text


def test_a_cached_page_is_refused_to_a_host_the_site_does_not_serve(client, world):
    story = make_story(section=world)
    assert client.get(story.get_absolute_url()).status_code == 200  # now in the cache

    assert client.get(story.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert client.get(story.get_absolute_url()).status_code == 200
