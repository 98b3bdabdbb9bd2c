"""JSON Feed 1.0 and 1.1: detected from content, read into items, bad input refused with a reason."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.ingest.formats import PARSERS, parse_document, parse_json_feed
from articles.ingest.formats.detect import JSONFEED, NINJS, detect_format
from articles.ingest.items import PICTURE, TEXT, USABLE, ParseError
from tests.ingest.builders import fixture_bytes

FEED = "jsonfeed/harbour-bulletin.json"
IRISH_SUMMER = timezone(timedelta(hours=1))
FEED_HEAD = b'{"version": "https://jsonfeed.org/version/1.1", "items": '


def json_feed(*items, **feed):
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Quay Notes",
        **feed,
        "items": list(items),
    }
    return json.dumps(document).encode()


@pytest.fixture(scope="module")
def bulletin():
    return parse_document(fixture_bytes(FEED), name="feed.json")


def test_detected_from_its_version_and_registered():
    assert detect_format(fixture_bytes(FEED)) == JSONFEED
    assert PARSERS[JSONFEED] is parse_json_feed
    assert [item.guid for item in parse_document(fixture_bytes(FEED), format="jsonfeed")][0] == "hb-2024-0901"


def test_html_item_with_summary_authors_tags_figure_and_attachments(bulletin):
    ferry = bulletin[0]
    assert ferry.guid == "hb-2024-0901"
    assert ferry.kind == TEXT
    assert ferry.status == USABLE
    assert ferry.headline == "Night ferry returns to the island route after four years"
    assert ferry.standfirst == "The late crossing will run on Fridays and Saturdays from October."
    # content_html is preferred to content_text, sanitized, its entities read once.
    assert ferry.body_html == (
        "<p>The island council has agreed to bring back the 23:30 sailing, cancelled when the old vessel "
        "was retired.</p><p>«People can finally stay for the concert,» said the harbour master.</p>"
    )
    assert ferry.byline == "Callum Reid, Orla Byrne"
    assert ferry.bylines == ["Callum Reid", "Orla Byrne"]
    assert ferry.dateline == ""
    assert (ferry.provider, ferry.credit) == ("", "")  # "Harbour Bulletin" is the feed's title
    assert ferry.keywords == ["Transport", "Islands"]
    assert ferry.language == "en-GB"
    assert ferry.first_created == datetime(2024, 9, 1, 8, 15, tzinfo=IRISH_SUMMER)
    assert ferry.version_created == datetime(2024, 9, 1, 10, 40, tzinfo=IRISH_SUMMER)
    figure, timetable = ferry.photos  # the audio attachment is not a picture
    assert figure.href == "https://bulletin.example.org/img/night-ferry.jpg"
    assert figure.caption == figure.alt_text == "The ferry at the quay after dark"
    assert figure.credit == "Priya Nair / Harbour Bulletin"
    assert timetable.href == "https://bulletin.example.org/img/timetable.png"
    assert timetable.caption == "The new winter timetable"
    assert (timetable.renditions[0].content_type, timetable.renditions[0].size) == ("image/png", 48213)


def test_text_item_inherits_the_feeds_authors_as_a_byline_without_people(bulletin):
    rescue = bulletin[1]
    assert rescue.guid == "20240902"  # a number as id is read as its digits
    assert rescue.kind == TEXT
    assert rescue.headline == "Lifeboat crew rescues two kayakers off the point"
    assert rescue.byline == "Harbour Bulletin Newsdesk"
    assert rescue.bylines == []
    assert rescue.body_html == (
        "<p>Two kayakers were brought ashore on Sunday evening after their boat overturned in a squall.</p>"
        "<p>Both were checked by paramedics and sent home.</p>"
    )
    assert rescue.first_created == rescue.version_created == datetime(2024, 9, 2, 19, 5, tzinfo=UTC)
    assert rescue.keywords == ["Rescue"]


def test_item_of_an_image_alone_is_a_picture_captioned_by_its_attachment(bulletin):
    seals = bulletin[2]
    assert seals.kind == PICTURE
    assert seals.status == USABLE
    assert seals.headline == "Seal pups on the south beach"
    assert seals.bylines == ["Priya Nair"]
    [photo] = seals.photos
    assert photo.href == "https://bulletin.example.org/img/seal-pups.jpg"
    assert photo.caption == "Two grey seal pups rest on the sand below the dunes."


def test_json_feed_1_0_author_and_plain_text_taken_as_written():
    raw = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1",
            "title": "Quay Notes",
            "author": {"name": "Fenella Moss"},
            "items": [
                {
                    "id": "q-1",
                    "title": "AT&amp;T <b>kiosk</b> opens",
                    "content_text": "Write &laquo; for «, and <p> for a paragraph.",
                    "summary": "A kiosk.",
                }
            ],
        }
    ).encode()
    [item] = parse_document(raw)
    assert item.headline == "AT&amp;T <b>kiosk</b> opens"  # plain text: shown as written
    assert item.body_html == "<p>Write &amp;laquo; for «, and &lt;p&gt; for a paragraph.</p>"
    assert item.standfirst == "A kiosk."
    assert item.bylines == ["Fenella Moss"]


def test_escaped_slashes_and_http_version_are_still_json_feed():
    raw = b'{"version": "http:\\/\\/jsonfeed.org\\/version\\/1", "items": []}'
    assert detect_format(raw) == JSONFEED


def test_version_written_after_a_long_items_list_is_found_at_the_end():
    items = [
        {"id": f"q-{number}", "title": f"Tide {number}", "content_text": "High water."}
        for number in range(400)
    ]
    raw = json.dumps({"items": items, "title": "Quay Notes", "version": "https://jsonfeed.org/version/1.1"})
    assert len(raw) > 16384
    assert detect_format(raw.encode()) == JSONFEED
    assert len(parse_document(raw.encode())) == 400


@pytest.mark.parametrize(
    "raw",
    [
        b'{"uri": "urn:x", "headline": "A ninjs item", "version": "3"}',
        b'[{"guid": "g", "headline": "A list of ninjs items"}]',
        b'{"headline": "Mentions https://jsonfeed.org/version/1.1 in its body", "guid": "g"}',
    ],
)
def test_other_json_stays_ninjs(raw):
    assert detect_format(raw) == NINJS


def test_html_without_tags_is_unescaped_once_and_hostile_html_sanitized():
    fish, scripted = parse_document(
        json_feed(
            {"id": "q-2", "title": "Fish and chips", "content_html": "Fish &amp; chips &laquo;fresh&raquo;"},
            {
                "id": "q-3",
                "title": "Scripted",
                "content_html": (
                    '<p onclick="x()">Tide <a href="javascript:alert(1)">table</a></p><script>x()</script>'
                ),
            },
        )
    )
    assert fish.body_html == "<p>Fish &amp; chips «fresh»</p>"
    assert scripted.body_html == '<p>Tide <a rel="noopener noreferrer">table</a></p>'


def test_summary_alone_is_the_body_of_a_brief_and_untitled_items_are_rejected():
    batch = parse_document(
        json_feed(
            {"id": "q-4", "title": "Brief", "summary": "The slipway is closed today."},
            {"id": "q-5", "content_text": "A microblog post without a title."},
            "not an object",
            {"title": "No id", "content_text": "Body."},
        ),
        name="quay.json",
    )
    [brief] = batch
    assert brief.body_html == "<p>The slipway is closed today.</p>"
    assert sorted((rejected.guid, rejected.reason) for rejected in batch.rejected) == [
        ("", "an item must be a JSON object, not str"),
        ("", "it has no identifier (guid, uri or id), so later versions could not be matched"),
        ("q-5", "the text item has no headline"),
    ]


def test_wrongly_shaped_members_read_as_empty():
    [item] = parse_document(
        json_feed(
            {
                "id": "q-6",
                "title": "Harbour notes",
                "summary": ["not", "a", "string"],
                "content_text": "Body.",
                "authors": "Jane Roe",
                "tags": {"Transport": 1},
                "attachments": [None, 3, {"url": 7, "mime_type": "image/jpeg"}],
                "image": {"url": "https://x.example/a.jpg"},
                "date_published": "yesterday-ish",
                "language": 12,
            },
            authors=[{"name": None}, "Newsdesk"],
        )
    )
    assert (item.headline, item.body_html) == ("Harbour notes", "<p>Body.</p>")
    assert (item.standfirst, item.byline, item.bylines, item.keywords, item.photos) == ("", "", [], [], [])
    assert item.first_created is None
    assert item.language == "12"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (FEED_HEAD + b"[", "not valid JSON"),
        (b'["https://jsonfeed.org/version/1.1"]', "must be a JSON object"),
        (b'{"version": "https://example.org/version/1", "items": []}', "its version must be a"),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', "has no items list"),
        (FEED_HEAD + b"{}}", "has no items list"),
        (FEED_HEAD + b"[]}", "holds no items: its items list is empty"),
        (FEED_HEAD + b"[1, 2]}", "must be a JSON object, not int"),
        (FEED_HEAD + b"[" * 100_000, "nested too deeply"),
    ],
)
def test_bad_input_is_a_clear_parse_error(raw, reason):
    with pytest.raises(ParseError) as refused:
        parse_json_feed(raw, name="bad.json")
    assert reason in refused.value.reason
