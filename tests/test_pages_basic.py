"""The minimal reader pages that the foundation serves."""

import pytest
from builders import make_photo, make_section, make_story

from articles.models import Story

pytestmark = pytest.mark.django_db


def test_home_shows_published_stories_only(client):
    section = make_section("World", slug="world")
    make_story(section=section, headline="Talks resume in Geneva", lead_photo=make_photo())
    make_story(section=section, headline="Draft about nothing", status=Story.Status.DRAFT)

    response = client.get("/")

    assert response.status_code == 200
    assert "Talks resume in Geneva" in response.text
    assert "Draft about nothing" not in response.text


def test_article_page_at_its_address(client):
    story = make_story(section=make_section("World", slug="world"), headline="Ceasefire holds",
                       dateline="Kyiv", body="<p>The line was quiet overnight.</p>")

    response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert "Ceasefire holds" in response.text
    assert "KYIV:" in response.text


def test_unpublished_story_is_not_found(client):
    story = make_story(section=make_section(slug="world"), status=Story.Status.DRAFT)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_section_page_lists_its_subsections_stories(client):
    nation = make_section("Nation", slug="nation")
    kerala = make_section("Kerala", slug="kerala", parent=nation)
    make_story(section=kerala, headline="Backwaters tourism recovers")

    assert "Backwaters tourism recovers" in client.get("/nation/").text
    assert client.get("/nation/kerala/").status_code == 200
    assert client.get("/nowhere/").status_code == 404
