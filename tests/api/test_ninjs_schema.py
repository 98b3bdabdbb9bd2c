"""Every item the API sends, alone or in a list, in 2.1 and 3.0, is valid against our checks of the
IPTC ninjs schema for its version (tests/api/schemas, written from the published specifications);
and those checks do refuse what the specifications refuse."""

import copy
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Story
from articles.services import withdraw_story
from tests.api.builders import ITEMS, full_story, item_path, keyed, make_api_key
from tests.builders import make_agency, make_photo, make_section, make_story

pytestmark = pytest.mark.django_db

VERSIONS = {"2": "2.1", "3": "3.0"}


@pytest.fixture
def every_kind_of_story(media_root):
    """Stories with everything, with nothing, agency copy with a genre, an embargo past, a photo whose
    rights ran out, and a withdrawn story."""
    world = make_section("World", slug="world")
    full = full_story(section=world)
    bare = make_story(section=world, headline="Bare", body="<p>One line.</p>", language="en-GB")
    agency = make_agency("Northern Agency", credit="NA")
    wire = make_story(
        section=world,
        agency=agency,
        genre=Story.Genre.ANALYSIS,
        embargo_until=timezone.now() - timedelta(minutes=5),
        lead_photo=make_photo(agency=agency, credit="", expires_at=timezone.now() - timedelta(days=1)),
        tags=["★★★", "Київ"],
    )
    gone = make_story(section=world, headline="Withdrawn")
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        withdraw_story(gone, by=None, reason="Wrong.")
    return [full, bare, wire, gone]


def errors(validator, item):
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(item)]


@pytest.mark.parametrize("asked", ["2", "3"])
def test_every_item_is_valid_alone_and_in_lists(client, ninjs_schemas, every_kind_of_story, asked):
    validator = ninjs_schemas[VERSIONS[asked]]
    _key, token = make_api_key()
    since = (timezone.now() - timedelta(days=1)).isoformat()
    listed = []
    for params in ({"version": asked}, {"version": asked, "updated_since": since}):
        response = client.get(ITEMS, params, **keyed(token))
        assert response.status_code == 200
        listed += response.json()["items"]
    assert len(listed) == 3 + 4
    assert {item.get("pubstatus") or item.get("pubStatus") for item in listed} == {"usable", "canceled"}
    alone = [
        client.get(item_path(story), {"version": asked}, **keyed(token)).json()
        for story in every_kind_of_story
    ]
    for item in listed + alone:
        assert item["standard"]["version"] == VERSIONS[asked]
        assert errors(validator, item) == []


def test_the_checks_refuse_what_the_specification_refuses(client, ninjs_schemas, media_root):
    story = full_story()
    _key, token = make_api_key()
    two = client.get(item_path(story), **keyed(token)).json()
    three = client.get(item_path(story), {"version": "3"}, **keyed(token)).json()
    assert errors(ninjs_schemas["2.1"], two) == [] and errors(ninjs_schemas["3.0"], three) == []

    def broken(item, change):
        item = copy.deepcopy(item)
        change(item)
        return item

    refused = {
        "2.1": [
            broken(two, lambda item: item.update(keywords=["Ferries"])),  # not a 2.x property
            broken(two, lambda item: item.update(pubstatus="killed")),
            broken(two, lambda item: item.update(versioncreated="yesterday")),
            broken(two, lambda item: item.update(uri="not a uri")),
            broken(two, lambda item: item.pop("uri")),
            broken(two, lambda item: item["associations"][0].pop("name")),
            broken(two, lambda item: item["associations"][0].update(caption="x")),
            broken(two, lambda item: item["associations"][0]["renditions"][0].pop("name")),
            broken(two, lambda item: item["bodies"][0].update(wordcount="many")),
            broken(two, lambda item: item.update(pubStatus="usable")),  # a 3.0 name
        ],
        "3.0": [
            broken(three, lambda item: item.update(pubstatus="usable")),  # a 2.1 name
            broken(three, lambda item: item.update(embargoed=three["versionCreated"])),  # 3.0: embargoedUntil
            broken(three, lambda item: item["associations"][0]["renditions"][0].update(width=640.5)),
            broken(three, lambda item: item.update(urgency=10)),
            broken(three, lambda item: item["subjects"][0].update(relevance=101)),
        ],
    }
    for version, items in refused.items():
        for item in items:
            assert errors(ninjs_schemas[version], item), item
