"""With NEWSROOM_PAGE_CACHE off (a CDN in front keeps the pages) every reader request reaches its
view, while what a story page is made of (the sections, the story's row, its own part, the blocks
around it) is still kept in the cache, and the answers carry the same validators as cached ones."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_off(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def test_every_request_reaches_the_view_and_the_story_part_is_reused(client, world, page_cache_off):
    story = make_story(section=world, tags=["ports"])
    first = client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        again = client.get(story.get_absolute_url())

    assert again.status_code == 200 and again.content == first.content
    # No query: the sections, the story's row, its own part and the blocks around it are kept.
    assert len(queries) == 0


def test_the_answers_keep_their_validators(client, world, page_cache_off):
    story = make_story(section=world)
    for address in ["/", story.get_absolute_url()]:
        first = client.get(address)
        assert "public" in first["Cache-Control"]
        assert client.get(address, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_change_shows_at_once(client, world, page_cache_off):
    make_story(section=world, headline="Harbour reopens")
    assert b"Harbour reopens" in client.get("/").content
    make_story(section=world, headline="Ferry timetable changes")
    assert b"Ferry timetable changes" in client.get("/").content


def test_a_kept_story_page_follows_every_change_of_a_section(client, world, page_cache_off):
    from tests.builders import make_section

    story = make_story(section=world)
    assert ">World<" in client.get(story.get_absolute_url()).text  # its parts are kept now

    world.name = "Planet"
    world.save()
    make_section("Science", slug="science")

    page = client.get(story.get_absolute_url()).text
    assert ">Planet<" in page and ">World<" not in page
    assert 'href="/science/">Science<' in page


def test_a_kept_story_leaves_at_once_and_a_missing_one_is_never_kept(client, world, page_cache_off):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from articles import services

    gone = make_story(section=world, headline="Claim that did not hold")
    assert client.get(gone.get_absolute_url()).status_code == 200  # its row is kept now
    services.withdraw_story(gone, reason="Not verified.")
    assert client.get(gone.get_absolute_url()).status_code == 410

    start = timezone.now()
    later = make_story(section=world, headline="Quiet until noon", publish_at=start + timedelta(minutes=5))
    with time_machine.travel(start, tick=False):
        assert client.get(later.get_absolute_url()).status_code == 404
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        # Out by the clock alone, with no purge yet: nothing said it was missing.
        assert "Quiet until noon" in client.get(later.get_absolute_url()).text


def test_a_story_moved_to_another_section_is_sent_on_and_shown_there(client, world, page_cache_off):
    from articles import services
    from tests.builders import make_section

    sport = make_section("Sport", slug="sport")
    story = make_story(section=world, headline="Regatta called off")
    old_address = story.get_absolute_url()
    assert client.get(old_address).status_code == 200

    story.section = sport
    services.save_story(story, fields={"section": sport})

    moved = client.get(old_address)
    assert moved.status_code == 301 and moved["Location"] == story.get_absolute_url()
    page = client.get(story.get_absolute_url()).text
    assert 'class="label story__section"><a href="/sport/">Sport<' in page


def test_a_long_address_makes_no_long_cache_key(client, world, page_cache_off):
    """The words of a story's address are the reader's, of any length: what its page keeps is named
    by a digest of them (a key past 250 characters is refused by memcached)."""
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    long_slug = "a" * 300
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert client.get(f"/{'w' * 300}/2026/01/01/{long_slug}/").status_code == 404
        story = make_story(section=world, slug="b" * 120, headline="A long address")
        assert client.get(story.get_absolute_url()).status_code == 200


def test_a_story_in_a_section_newer_than_the_kept_sections_is_shown(client, world, page_cache_off):
    """Another process made a section and published a story in it; this one has not read the
    generations again yet (bulk_create sends no signal here, as the other process's purge would not
    reach this one's memory): the kept list of sections lacks it, and is read again."""
    from articles import services
    from articles.models import Section

    reading = make_story(section=world, headline="Harbour reopens")
    assert client.get(reading.get_absolute_url()).status_code == 200  # the sections are kept now
    Section.objects.bulk_create([Section(name="Science", slug="science", path="science")])
    comet = make_story(section=Section.objects.get(slug="science"), headline="Comet seen", status="draft")
    services.publish_story(comet)

    page = client.get(comet.get_absolute_url())
    assert page.status_code == 200 and 'href="/science/">Science<' in page.text
    assert "Comet seen" in client.get(reading.get_absolute_url()).text  # a card in the new section
