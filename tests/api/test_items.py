"""What an item says of a story: its words, people, places, subjects, pictures with their sizes and
corrections; a story readers can no longer see as a canceled item; the list's filters and pages; the
ninjs version asked for."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from PIL import Image

from articles.api.ninjs import rfc3339, story_guid
from articles.models import Story, StorySection
from articles.services import save_story, withdraw_story
from tests.api.builders import ITEMS, full_story, item_path, keyed, make_api_key
from tests.builders import make_agency, make_section, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    return make_api_key()[1]


def get_item(client, story, token, **params):
    response = client.get(item_path(story), params, **keyed(token))
    assert response.status_code == 200, response.content
    return response.json()


def values(entries, role):
    return [entry["value"] for entry in entries if entry.get("role") == role]


def test_an_item_carries_the_story(client, token, media_root):
    story = full_story()
    item = get_item(client, story, token)
    assert item["uri"] == story_guid(story.pk)
    assert item["type"] == "text"
    assert item["pubstatus"] == "usable"
    assert values(item["headlines"], "main") == ["Harbour ferries cut winter crossings"]
    assert values(item["headlines"], "kicker") == ["Transport"]
    assert values(item["descriptions"], "summary") == [
        "The port will run four crossings a day from December."
    ]
    assert item["by"] == "By Mira Stone and Tomas Berg"
    assert [(person["name"], person["rel"]) for person in item["people"]] == [
        ("Mira Stone", "author"),
        ("Tomas Berg", "author"),
    ]
    assert item["located"] == "Harbourtown"
    assert [(subject["name"], subject["rel"]) for subject in item["subjects"]] == [
        ("World", "section"),
        ("Ferries", "keyword"),
        ("Winter", "keyword"),
    ]
    assert item["altids"] == [{"role": "url", "value": "http://127.0.0.1:8000" + story.get_absolute_url()}]
    assert item["copyrightholder"] == "The Daily Ledger"
    [body] = item["bodies"]
    assert body["contenttype"] == "text/html"
    assert body["value"].startswith("<p>The harbour board voted on Tuesday to cut the winter timetable.</p>")
    assert "<li>No night ferry</li>" in body["value"]
    assert body["wordcount"] == 29  # the words readers read, the picture's caption and credit among them


def test_corrections_are_descriptions_and_the_latest_the_ednote(client, token, media_root):
    story = full_story()
    item = get_item(client, story, token)
    [correction] = values(item["descriptions"], "correction")
    assert correction.endswith(": An earlier version gave the wrong number of crossings.")
    assert item["ednote"] == "Corrected: An earlier version gave the wrong number of crossings."


def test_pictures_come_with_captions_credits_and_sizes(client, token, media_root):
    story = full_story()
    item = get_item(client, story, token)
    lead, second, third = item["associations"]
    assert [picture["name"] for picture in item["associations"]] == ["lead-photo", "photo-1", "photo-2"]
    assert all(picture["type"] == "picture" for picture in item["associations"])
    assert values(lead["descriptions"], "caption") == ["Ferries wait at the northern pier."]
    assert values(lead["descriptions"], "creditline") == ["Staff"]
    assert values(lead["descriptions"], "alt") == ["Three ferries moored side by side."]
    assert lead["by"] == "Ines Albrecht"
    # The agency's credit where the photo has none of its own.
    assert values(second["descriptions"], "creditline") == ["CW"]
    assert values(third["descriptions"], "creditline") == ["Port Authority"]
    widths = [(rendition["width"], rendition["height"]) for rendition in lead["renditions"]]
    assert widths == [(320, 206), (640, 411), (960, 617), (1280, 823), (1400, 900)]
    for rendition in lead["renditions"]:
        assert rendition["contenttype"] == "image/jpeg"
        assert rendition["href"].startswith("http://127.0.0.1:8000/media/renditions/")
    # Each address is one the site makes, at the size the item says.
    served = client.get(lead["renditions"][1]["href"].removeprefix("http://127.0.0.1:8000"))
    assert served.status_code == 200
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (640, 411)


def test_a_picture_in_the_body_is_a_plain_figure(client, token, media_root):
    story = full_story()
    body = get_item(client, story, token)["bodies"][0]["value"]
    assert "data-photo" not in body and "data-embed" not in body
    assert '<figure><img src="http://127.0.0.1:8000/media/renditions/' in body
    assert "<figcaption>Passengers queue. <cite>Port Authority</cite></figcaption></figure>" in body


def test_videos_and_posts_in_the_body_are_links(client, token, world):
    story = make_story(
        section=world,
        body='<p>Watch it.</p><figure data-embed="video" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
        "</figure>",
    )
    body = get_item(client, story, token)["bodies"][0]["value"]
    assert body == (
        '<p>Watch it.</p><p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
        "YouTube: https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></p>"
    )


def test_agency_copy_names_the_agency_and_a_genre_its_newscode(client, token, world):
    agency = make_agency("Coastal Wire", credit="CW")
    story = make_story(section=world, agency=agency, genre=Story.Genre.OPINION)
    item = get_item(client, story, token)
    assert item["by"] == "Coastal Wire"
    assert item["copyrightholder"] == "Coastal Wire"
    assert item["genres"] == [
        {"name": "Opinion", "uri": "http://cv.iptc.org/newscodes/genre/Opinion", "literal": "Opinion"}
    ]


def test_the_guid_stays_through_edits_and_the_version_grows(client, token):
    world, sport = make_section("World", slug="world"), make_section("Sport", slug="sport")
    story = make_story(section=world, headline="First headline")
    first = get_item(client, story, token)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        story.headline, story.slug, story.section = "Second headline", "second-headline", sport
        save_story(story, fields={"headline", "slug", "section"}, by=None)
    second = get_item(client, story, token)
    assert second["uri"] == first["uri"]
    assert int(second["version"]) > int(first["version"])
    assert second["versioncreated"] > first["versioncreated"]
    assert second["altids"][0]["value"].endswith("/sport/" + second["altids"][0]["value"].split("/sport/")[1])


def test_a_withdrawn_story_is_a_canceled_item_and_says_nothing_more(client, token, world, media_root):
    story = full_story(section=world)
    usable = get_item(client, story, token)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        withdraw_story(story, by=None, reason="Legal: the council's lawyers wrote to us.")
    item = get_item(client, story, token)
    assert item["uri"] == usable["uri"]
    assert item["pubstatus"] == "canceled"
    assert int(item["version"]) > int(usable["version"])
    assert set(item) == {
        "uri", "type", "representationtype", "version", "firstcreated", "versioncreated", "pubstatus",
        "copyrightholder", "language", "ednote", "standard",
    }  # fmt: skip
    assert "lawyers" not in json.dumps(item)


def test_canceled_items_are_listed_only_with_updated_since(client, token, world):
    kept = make_story(section=world, headline="Still out")
    gone = make_story(section=world, headline="Taken down")
    since = timezone.now()
    with time_machine.travel(since + timedelta(minutes=1)):
        withdraw_story(gone, by=None, reason="Wrong.")
        kept.standfirst = "Edited after."
        save_story(kept, fields={"standfirst"}, by=None)
    plain = client.get(ITEMS, **keyed(token)).json()["items"]
    assert [item["uri"] for item in plain] == [story_guid(kept.pk)]
    changed = client.get(ITEMS, {"updated_since": since.isoformat()}, **keyed(token)).json()["items"]
    statuses = {item["uri"]: item["pubstatus"] for item in changed}
    assert statuses == {story_guid(kept.pk): "usable", story_guid(gone.pk): "canceled"}
    later = client.get(ITEMS, {"updated_since": (since + timedelta(hours=1)).isoformat()}, **keyed(token))
    assert later.json()["items"] == []


def test_a_corrected_caption_or_credit_is_a_change_of_the_stories_showing_the_photo(
    client, token, world, media_root
):
    story = full_story(section=world)
    other = make_story(section=world, headline="No pictures here")
    before = get_item(client, story, token)
    since = timezone.now()
    with time_machine.travel(since + timedelta(minutes=1)):
        story.lead_photo.caption = "Ferries wait at the southern pier."
        story.lead_photo.save()
    after = get_item(client, story, token)
    assert int(after["version"]) > int(before["version"])
    lead_descriptions = after["associations"][0]["descriptions"]
    assert values(lead_descriptions, "caption") == ["Ferries wait at the southern pier."]
    changed = client.get(ITEMS, {"updated_since": since.isoformat()}, **keyed(token)).json()["items"]
    assert [item["uri"] for item in changed] == [story_guid(story.pk)]

    # A further photo's credit, later.
    since = since + timedelta(minutes=2)
    with time_machine.travel(since + timedelta(minutes=1)):
        further = story.story_photos.order_by("position").first().photo
        further.credit = "Harbour Office"
        further.save()
    changed = client.get(ITEMS, {"updated_since": since.isoformat()}, **keyed(token)).json()["items"]
    assert [item["uri"] for item in changed] == [story_guid(story.pk)]
    assert story_guid(other.pk) not in {item["uri"] for item in changed}
    assert int(changed[0]["version"]) > int(after["version"])


def test_a_story_never_out_is_never_named(client, token, world):
    draft = make_story(section=world, status=Story.Status.DRAFT)
    scheduled = make_story(section=world, status=Story.Status.SCHEDULED)
    embargoed = make_story(section=world, embargo_until=timezone.now() + timedelta(hours=2))
    Story.objects.filter(pk=embargoed.pk).update(first_published_at=None)
    for story in (draft, scheduled, embargoed):
        assert client.get(item_path(story), **keyed(token)).status_code == 404
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert client.get(ITEMS, {"updated_since": since}, **keyed(token)).json()["items"] == []


def test_an_embargo_lifting_by_the_clock_is_a_change(client, token, world):
    lifts = timezone.now() + timedelta(hours=1)
    # Out once, then held again: a canceled item until the embargo lifts by the clock alone.
    story = make_story(section=world, embargo_until=lifts)
    since = timezone.now() + timedelta(seconds=1)
    with time_machine.travel(since + timedelta(seconds=1)):
        assert client.get(ITEMS, {"updated_since": since.isoformat()}, **keyed(token)).json()["items"] == []
        assert get_item(client, story, token)["pubstatus"] == "canceled"
    with time_machine.travel(lifts + timedelta(minutes=1)):
        [item] = client.get(ITEMS, {"updated_since": since.isoformat()}, **keyed(token)).json()["items"]
        assert item["uri"] == story_guid(story.pk)
        assert item["pubstatus"] == "usable"
        assert item["embargoed"] == rfc3339(lifts)
        assert item["versioncreated"] == item["embargoed"]


def test_filters_by_section_tag_and_words(client, token):
    world = make_section("World", slug="world")
    europe = make_section("Europe", slug="europe", parent=world)
    sport = make_section("Sport", slug="sport")
    make_story(section=world, headline="Ferries in the north", tags=["Ferries"])
    make_story(section=europe, headline="Rail strike in the south", tags=["Rail"])
    listed = make_story(section=sport, headline="Ferry race", tags=["Ferries"])
    StorySection.objects.create(story=listed, section=world, publish_at=listed.publish_at)
    make_story(section=sport, headline="Cup final")

    def listed_headlines(**params):
        response = client.get(ITEMS, params, **keyed(token))
        assert response.status_code == 200, response.content
        return sorted(item["headlines"][0]["value"] for item in response.json()["items"])

    assert listed_headlines(section="world") == [
        "Ferries in the north",
        "Ferry race",
        "Rail strike in the south",
    ]
    assert listed_headlines(section="world/europe") == ["Rail strike in the south"]
    assert listed_headlines(tag="ferries") == ["Ferries in the north", "Ferry race"]
    assert listed_headlines(tag="ferries", section="sport") == ["Ferry race"]
    assert listed_headlines(q="strike") == ["Rail strike in the south"]
    assert listed_headlines(tag="no-such-tag") == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"section": "nowhere"}, "unknown_section"),
        ({"limit": "0"}, "bad_limit"),
        ({"limit": "101"}, "bad_limit"),
        ({"updated_since": "yesterday"}, "bad_time"),
        ({"updated_since": "2026-03-31T10:00:00"}, "bad_time"),
        ({"updated_since": "0001-01-01T00:00:00+14:00"}, "bad_time"),  # no UTC time: was a 500
        ({"updated_since": "9999-12-31T23:59:59-14:00"}, "bad_time"),
        ({"cursor": "not-ours"}, "bad_cursor"),
        ({"version": "4"}, "bad_version"),
        ({"page": "2"}, "unknown_parameter"),
    ],
)
def test_parameters_that_cannot_be_used_are_400(client, token, world, params, code):
    response = client.get(ITEMS, params, **keyed(token))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_pages_follow_the_cursor_newest_first(client, token, world):
    now = timezone.now()
    stories = [
        make_story(section=world, headline=f"Story {n}", publish_at=now - timedelta(hours=n))
        for n in range(5)
    ]
    # Two with the same time: the id decides, and neither is lost between pages.
    stories.append(make_story(section=world, headline="Story 2b", publish_at=stories[2].publish_at))
    seen, address, params = [], ITEMS, {"limit": "2"}
    for _page in range(5):
        response = client.get(address, params, **keyed(token))
        body = response.json()
        seen += [item["headlines"][0]["value"] for item in body["items"]]
        if "next" not in body:
            assert "Link" not in response
            break
        assert response["Link"] == f'<{body["next"]}>; rel="next"'
        assert "limit=2" in body["next"]
        address, params = body["next"].removeprefix("http://127.0.0.1:8000"), {}
    assert seen == ["Story 0", "Story 1", "Story 2b", "Story 2", "Story 3", "Story 4"]


def test_version_3_is_camel_case(client, token, world, media_root):
    story = full_story(section=world)
    three = get_item(client, story, token, version="3")
    assert three["standard"]["version"] == "3.0"
    assert three["pubStatus"] == "usable"
    assert "pubstatus" not in three and "versioncreated" not in three
    assert three["bodies"][0]["contentType"] == "text/html"
    assert "wordCount" in three["bodies"][0]
    assert three["associations"][0]["renditions"][0]["contentType"] == "image/jpeg"
    two = get_item(client, story, token)
    assert two["standard"]["version"] == "2.1"
    assert two["versioncreated"] == three["versionCreated"]


def test_an_accept_profile_chooses_the_version(client, token, world):
    story = make_story(section=world)
    profile = 'application/json; profile="http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json#"'
    response = client.get(item_path(story), HTTP_ACCEPT=profile, **keyed(token))
    assert response.json()["standard"]["version"] == "3.0"
    assert 'profile="http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json#"' in response["Content-Type"]
    # The parameter wins over the header.
    response = client.get(item_path(story), {"version": "2"}, HTTP_ACCEPT=profile, **keyed(token))
    assert response.json()["standard"]["version"] == "2.1"


def test_a_guid_that_is_not_ours_is_404(client, token, world):
    story = make_story(section=world)
    for guid in (f"urn:newsroom:elsewhere.example:story:{story.pk}", "urn:x", f"{story_guid(story.pk)}0x"):
        assert client.get(f"{ITEMS}/{guid}", **keyed(token)).status_code == 404
