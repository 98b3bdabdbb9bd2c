"""The blocks around a story ("More headlines", "Related", the next story) are kept in the cache in
two parts (``articles.reader.story_around``): a story's own blocks outlive publishes elsewhere, "More
headlines" is made once per section after each change, and neither ever shows what readers may no
longer see. The page cache is off here, so every request makes its page from those parts."""

import dataclasses
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from articles import services
from articles.models import Story
from articles.reader.kept_story import read_kept_story
from articles.reader.story_page import render_version
from tests.builders import make_photo, make_section, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.NEWSROOM_PAGE_CACHE = False


@pytest.fixture
def sport():
    return make_section("Sport", slug="sport")


def blocks(client, story):
    """(more headlines, related, next story) as readers see them: lists of headlines."""
    tree = html.fromstring(client.get(story.get_absolute_url()).content)

    def texts(path):
        return [" ".join(node.text_content().split()) for node in tree.xpath(path)]

    return (
        texts('//section[@class="more-headlines"]//li/a'),
        texts('//section[@class="related"]//h3/a'),
        texts('//nav[@class="next-story"]//strong'),
    )


def read_first(client, story):
    """Read ``story``'s page, so "More headlines" of its section is made again before the page the
    test looks at is: what that page shows then comes from its own blocks' key alone."""
    assert client.get(story.get_absolute_url()).status_code == 200


def publish(section, headline, **fields):
    story = make_story(section=section, headline=headline, status=Story.Status.DRAFT, **fields)
    services.publish_story(story)
    return story


def queries_for(client, story):
    """The page's queries, but for the read of the generations (at most twice a second a process)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
    return len([query for query in queries if "readerpagesgeneration" not in query["sql"]])


def test_after_a_publish_elsewhere_the_section_makes_its_headlines_once_and_keeps_its_own_blocks(
    client, world, sport
):
    first = make_story(section=world, headline="Dockers vote to strike")
    second = make_story(section=world, headline="Port traffic slows")
    for story in (first, second):
        client.get(story.get_absolute_url())
    assert queries_for(client, second) == 0  # all it shows is kept

    publish(sport, "Regatta called off")

    assert queries_for(client, first) == 1  # "More headlines" made again, for the whole section
    assert queries_for(client, second) == 0
    assert "Regatta called off" in blocks(client, second)[0]


MARKUP = {  # a block as its template writes it, as blocks() reads it
    "more_headlines": '<section class="more-headlines"><ul><li><a href="/">{}</a></li></ul></section>',
    "related": '<section class="related"><h3><a href="/">{}</a></h3></section>',
}


def mark_kept(story, part, field, headline):
    """Put a headline of the test's own into ``story``'s kept ``part`` (``own_blocks`` or
    ``headlines``), so a page showing it shows that the kept part was used, not made again."""
    key = read_kept_story(story.slug, story.section.path, render_version()).keys[part]
    cache.set(key, dataclasses.replace(cache.get(key), **{field: MARKUP[field].format(headline)}))


def test_a_first_visit_to_a_story_uses_its_sections_kept_headlines(client, world, sport):
    make_story(section=sport, headline="Regatta called off")
    first = make_story(section=world, headline="Dockers vote to strike")
    second = make_story(
        section=world, headline="Port traffic slows", publish_at=timezone.now() - timedelta(days=1)
    )
    assert blocks(client, first)[0] == ["Regatta called off"]
    mark_kept(first, "headlines", "more_headlines", "Kept for the section")

    headlines, related, _next = blocks(client, second)

    assert headlines == ["Kept for the section"]
    assert related == ["Dockers vote to strike"]  # its own blocks, made on this first visit


def test_after_a_publish_elsewhere_a_page_keeps_its_own_blocks_and_makes_the_headlines(client, world, sport):
    reading = make_story(section=world, headline="Port traffic slows", tags=["tides"])
    make_story(
        section=world, headline="Dockers vote to strike", publish_at=timezone.now() - timedelta(days=1)
    )
    blocks(client, reading)
    mark_kept(reading, "own_blocks", "related", "Kept for the story")

    publish(sport, "Regatta called off")

    headlines, related, _next = blocks(client, reading)
    assert related == ["Kept for the story"]
    assert headlines == ["Regatta called off"]


def test_a_new_story_in_the_section_joins_the_related_stories_and_leads_on_from_the_newest(
    client, world, sport
):
    make_story(section=world, headline="Ferry timetable changes")
    reading = make_story(section=world, headline="Harbour reopens")
    assert blocks(client, reading)[1] == ["Ferry timetable changes"]

    neighbour = make_story(
        section=world, headline="Dockers vote to strike", publish_at=timezone.now() - timedelta(days=3)
    )
    blocks(client, neighbour)

    newest = publish(world, "Cranes back at work")

    read_first(client, neighbour)
    _headlines, related, _next = blocks(client, reading)
    assert "Cranes back at work" in related
    assert blocks(client, newest)[2] == ["Harbour reopens"]  # its next story: the one before it


def test_a_story_sharing_a_tag_joins_the_related_stories_of_another_section(client, world, sport):
    reading = make_story(section=world, headline="Tide tables revised", tags=["tides"])
    elsewhere = make_story(
        section=world, headline="Dockers vote to strike", publish_at=timezone.now() - timedelta(days=3)
    )
    assert "Rowers wait for the tide" not in blocks(client, reading)[1]

    publish(sport, "Rowers wait for the tide", tags=["tides"])

    read_first(client, elsewhere)
    assert "Rowers wait for the tide" in blocks(client, reading)[1]


def test_a_withdrawn_story_leaves_every_block_at_once(client, world, sport):
    gone = make_story(section=world, headline="Claim that did not hold", tags=["tides"])
    reading = make_story(section=world, headline="Tide tables revised", tags=["tides"])
    other = make_story(section=sport, headline="Regatta called off")
    older = make_story(
        section=world, headline="Ferry timetable changes", publish_at=gone.publish_at - timedelta(hours=1)
    )
    assert "Claim that did not hold" in blocks(client, reading)[1]
    assert "Claim that did not hold" in blocks(client, other)[0]
    assert blocks(client, reading)[2] == ["Claim that did not hold"]

    services.withdraw_story(gone, reason="Not verified.")

    read_first(client, older)
    for story in (reading, other, older):
        assert not any("Claim that did not hold" in block for block in blocks(client, story)), story
    assert blocks(client, reading)[2] == ["Ferry timetable changes"]


def test_the_oldest_story_of_a_section_leads_on_to_the_newest_elsewhere_as_it_changes(client, world, sport):
    only = make_story(section=world, headline="Dockers vote to strike")
    make_story(section=sport, headline="Regatta called off")
    assert blocks(client, only)[2] == ["Regatta called off"]

    publish(sport, "Rowers wait for the tide")

    assert blocks(client, only)[2] == ["Rowers wait for the tide"]


def test_a_related_story_whose_picture_runs_out_loses_it_from_the_block(client, world, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 24 * 3600  # only the picture's rights may end what is kept
    start = timezone.now()
    photo = make_photo(caption="Licensed for a day", credit="Agency", expires_at=start + timedelta(hours=1))
    make_story(section=world, headline="Cranes back at work", lead_photo=photo)
    reading = make_story(section=world, headline="Harbour reopens")

    def related_pictures():
        page = html.fromstring(client.get(reading.get_absolute_url()).content)
        return page.xpath('//section[@class="related"]//picture')

    with time_machine.travel(start, tick=False):
        assert len(related_pictures()) == 1
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        assert related_pictures() == []


def test_the_blocks_are_made_afresh_when_the_cache_cannot_be_reached(client, world, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    make_story(section=world, headline="Cranes back at work")
    reading = make_story(section=world, headline="Harbour reopens")

    assert blocks(client, reading)[1] == ["Cranes back at work"]
