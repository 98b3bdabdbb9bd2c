"""With NEWSROOM_PAGE_CACHE off (a CDN in front keeps the pages) every reader request reaches its
view, while the story's own part of its page and the blocks around it are still kept in the cache,
and the answers carry the same validators as cached ones."""

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
    # The sections and the story row; its own part and the blocks around it come from the cache.
    assert len(queries) == 2


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
