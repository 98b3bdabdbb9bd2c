"""A page of items and a single item each cost a fixed number of SQL queries, whatever the stories
hold (authors, tags, photos, corrections) and however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Correction
from tests.api.builders import ITEMS, item_path, keyed, make_api_key
from tests.builders import make_agency, make_author, make_photo, make_section, make_story

pytestmark = pytest.mark.django_db

# The key; the stories with section, agency and lead photo; bylines; tags; further photos; corrections.
KEYED_QUERIES = 6
# A key limited to some sections reads them too.
LIMITED_KEY_QUERIES = KEYED_QUERIES + 1


def queries(client, address, token, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, params, **keyed(token))
    assert response.status_code == 200, response.content
    return len(captured)


def small_and_large(section):
    agency = make_agency("Queries Wire", credit="QW")
    small = make_story(section=section, headline="Small")
    large = make_story(
        section=section,
        agency=agency,
        lead_photo=make_photo(agency=agency, credit=""),
        photos=[make_photo() for _ in range(6)],
        tags=[f"tag-{n}" for n in range(12)],
        authors=[make_author() for _ in range(4)],
    )
    for note in ("First.", "Second."):
        Correction.objects.create(story=large, note=note)
    return small, large


def test_an_item_costs_the_same_whatever_it_holds(client, media_root):
    world = make_section("World", slug="world")
    small, large = small_and_large(world)
    _key, token = make_api_key()
    _limited, limited_token = make_api_key(sections=[world])
    assert [queries(client, item_path(story), token) for story in (small, large)] == [KEYED_QUERIES] * 2
    assert [queries(client, item_path(story), limited_token) for story in (small, large)] == [
        LIMITED_KEY_QUERIES
    ] * 2


def test_a_page_costs_the_same_whatever_it_holds(client, media_root):
    world = make_section("World", slug="world")
    _key, token = make_api_key()
    make_story(section=world)
    one = queries(client, ITEMS, token)
    small_and_large(world)
    for _ in range(20):
        make_story(section=world, tags=["common"], authors=[make_author()], lead_photo=make_photo())
    many = queries(client, ITEMS, token)
    filtered = queries(client, ITEMS, token, tag="common", q="headline", limit="50")
    assert [one, many, filtered] == [KEYED_QUERIES] * 3
    since = (timezone.now().replace(year=2000)).isoformat()
    assert queries(client, ITEMS, token, updated_since=since, version="3") == KEYED_QUERIES
    # A section filter finds the section and its subsections first.
    assert queries(client, ITEMS, token, section="world") == KEYED_QUERIES + 1
