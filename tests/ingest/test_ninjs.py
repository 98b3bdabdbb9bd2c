import json
from datetime import UTC, datetime

import pytest

from articles.ingest.formats.ninjs import parse_ninjs
from articles.ingest.items import (
    CANCELED,
    CORRECTION,
    PICTURE,
    PLACE,
    SUBJECT,
    TEXT,
    UPDATE,
    WITHHELD,
    Location,
    ParseError,
    Subject,
)
from tests.ingest.builders import fixture_bytes


def test_ninjs1_text_with_associated_picture_embargo_and_signals():
    [item] = parse_ninjs(fixture_bytes("ninjs/v1-text-with-picture.json"), name="orchestra.json")
    assert item.guid == "urn:example:ninjs:orchestra"
    assert item.version == 2
    assert item.headline == "Youth orchestra wins place at national final"
    assert item.standfirst == "Forty teenagers from Millbrook will play in the capital in May."
    assert item.bylines == ["Hanna Kowal"]
    assert item.dateline == "Millbrook, Canada"
    assert item.location == Location(city="Millbrook", country="Canada")
    assert item.embargo == datetime(2024, 2, 12, 5, 0, tzinfo=UTC)
    assert item.signals == {UPDATE}
    assert item.credit == "Northern Wire"
    assert item.keywords == ["orchestra", "youth"]
    assert Subject("01011000", "music", SUBJECT) in item.subjects
    assert Subject("MB", "Millbrook", PLACE) in item.subjects
    assert item.body_html == (
        "<p>The Millbrook youth orchestra won its regional round on Saturday.</p>"
        "<p>The players rehearse twice a week.</p>"
    )
    [photo] = item.photos
    assert photo.href == "orchestra.jpg"
    assert photo.caption == "Violinists tune up before the regional round."
    assert photo.photographer == "Pavel Ruiz"
    assert photo.copyright == "Northern Wire 2024"
    assert len(photo.renditions) == 2


def test_ninjs2_list_with_picture_kill_and_withheld():
    picture, kill, bees = parse_ninjs(fixture_bytes("ninjs/v2-picture-and-kill.json"))
    assert picture.kind == PICTURE
    assert picture.headline == "Glacier tongue at dawn"
    [photo] = picture.photos
    assert photo.href == "https://photos.example.org/glacier.jpg"
    assert photo.caption == "Morning light on the glacier tongue above Vik valley."
    assert photo.credit == "Fjell Foto/Eira Lund"
    assert photo.photographer == "Eira Lund"
    assert kill.status == CANCELED and kill.guid == "urn:example:ninjs2:ferry-strike"
    assert bees.status == WITHHELD
    assert bees.bylines == ["Jakob Stein"]
    assert bees.body_html == (
        "<p>Three hives on the roof produced forty jars of honey.</p>"
        "<p>The honey will be sold at the winter fair.</p>"
    )
    assert Subject("Nordby", "Nordby", PLACE) in bees.subjects


def test_ninjs3_bodies_headlines_correction_and_figure_not_duplicated():
    [item] = parse_ninjs(fixture_bytes("ninjs/v3-text.json"))
    assert item.kind == TEXT
    assert item.headline == "Neue Straßenbahnlinie fährt ab Dezember"
    assert item.standfirst == "Die Linie 9 verbindet den Bahnhof mit dem Messegelände."
    assert item.body_html == (
        "<p>Die Stadtwerke haben den Fahrplan vorgestellt.</p><p>Tickets gelten im ganzen Netz.</p>"
    )
    assert item.signals == {CORRECTION}
    assert item.correction_note == "Korrigiert die Linie von 8 auf 9."
    assert item.genre == "Nachricht"
    [photo] = item.photos
    assert photo.caption == "Die neue Bahn bei der Probefahrt."
    assert photo.photographer == "Max Roth"


def test_ap_media_api_feed_page_uses_stable_itemid_and_points_at_separate_body():
    picture, text = parse_ninjs(fixture_bytes("ninjs/ap-wrapper-feed.json"))
    assert picture.guid == "aaa111"
    assert picture.location == Location(city="Sandhaven", country="Netherlands", country_code="NLD")
    assert picture.dateline == "Sandhaven"
    [photo] = picture.photos
    assert photo.href == "https://api.example.org/content/aaa111/download"
    assert photo.photographer == "Noor Haddad"
    assert photo.credit == "Noor Haddad/Example Wire"
    assert [r.name for r in photo.renditions] == ["main", "caption_nitf"]
    assert text.guid == "bbb222"
    assert text.body_html == ""
    assert text.body_href == "https://api.example.org/content/bbb222/nitf"


def test_ap_single_item_wrapper():
    document = {
        "data": {
            "item": {"altids": {"itemid": "one"}, "type": "text", "headline": "H", "body_html": "<p>B</p>"}
        }
    }
    [item] = parse_ninjs(json.dumps(document).encode())
    assert (item.guid, item.headline, item.body_html) == ("one", "H", "<p>B</p>")


def test_wrong_shapes_are_skipped_not_crashing():
    document = [
        "not an object",
        {"uri": "u1", "headline": ["a", "list"], "body_html": 42, "renditions": "nope", "subject": {"x": 1}},
        {"uri": "u2", "headline": "Good", "body_text": "Fine body.", "urgency": "high", "version": {"x": 1}},
    ]
    items = parse_ninjs(json.dumps(document).encode(), name="odd.json")
    assert [item.guid for item in items] == ["u2"]
    assert items[0].urgency is None and items[0].version is None
    reasons = {entry.guid: entry.reason for entry in items.rejected}
    assert reasons["u1"] == "the text item has no headline"
    assert "must be a JSON object" in reasons[""]


def test_broken_json_and_deep_nesting():
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_ninjs(fixture_bytes("broken/truncated.json"))
    with pytest.raises(ParseError, match="nested too deeply"):
        parse_ninjs(b"[" * 100000 + b"]" * 100000)
    with pytest.raises(ParseError, match="no ninjs item"):
        parse_ninjs(b'{"total": 0}')
