import json
from datetime import UTC, datetime

import pytest

from articles.ingest.formats.ninjs import parse_ninjs
from articles.ingest.items import (
    CANCELED,
    CORRECTION,
    PERSON,
    PICTURE,
    PLACE,
    SUBJECT,
    TEXT,
    UPDATE,
    USABLE,
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


# One story in each ninjs version: what the desk sees ------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "ninjs/v1-lighthouse.json",
            {
                "guid": "urn:example:ninjs1:lighthouse",
                "headline": "Lighthouse keeper's cottage opens as a museum",
                "bylines": ["Anna Berg", "Tomas Lind"],
                "dateline": "Port Alder",
                # body_html wins over the shorter body_text the same item carries
                "body_start": "<p>Volunteers spent three winters repairing the slate roof",
                "standfirst": "The cottage at Gull Point has been restored with its original lamp room.",
                "caption": "The lamp room at Gull Point after its restoration.",
                "photo_credit": "Ines Duarte/Coastline Press",
                "photographer": "Ines Duarte",
                "credit": "Coastline Press",
                "copyright": "(c) 2024 Coastline Press",
                "editorial_note": "Pictures available.",
                "version_created": datetime(2024, 10, 2, 6, 45, tzinfo=UTC),
            },
        ),
        (
            "ninjs/v2-allotments.json",
            {
                "guid": "urn:example:ninjs2:allotments",
                "headline": "Allotment waiting list closes after record demand",
                "bylines": ["Marta Lindqvist", "Piet Omondi"],
                "dateline": "Eastbrook",
                # role "article" in HTML, not the same role in plain text, nor the "teaser"
                "body_start": "<p>The council received <strong>412</strong> applications",
                "standfirst": "Eastbrook has more applicants than plots for the first time.",
                "caption": "Bean poles on a plot by the Eastbrook railway line.",
                "photo_credit": "Nordwire/Oskar Velde",
                "photographer": "Oskar Velde",
                "credit": "Nordwire",
                "copyright": "",
                "editorial_note": "",
                "version_created": datetime(2024, 11, 5, 7, 20, tzinfo=UTC),
            },
        ),
        (
            "ninjs/v3-night-train.json",
            {
                "guid": "urn:example:ninjs3:night-train",
                "headline": "Night trains return to the valley line",
                "bylines": ["Sofia Marin", "Jonas Eklund"],
                "dateline": "Millford",
                # two "main" bodies: the HTML one, though the plain-text one comes first
                "body_start": "<p>The first sleeper leaves Millford at 22:10 on 3 March.</p><p>Cabins",
                "standfirst": "The sleeper service runs three nights a week from March.",
                "caption": "A sleeper carriage at Millford depot.",
                "photo_credit": "Lukas Brandt/Valley Wire",
                "photographer": "Lukas Brandt",
                "credit": "Valley Wire",
                "copyright": "Copyright 2025 Valley Wire",
                "editorial_note": "Timetable attached for editors.",
                "version_created": datetime(2025, 1, 14, 4, 50, tzinfo=UTC),
            },
        ),
    ],
)
def test_each_version_gives_headline_byline_dateline_body_caption_credit_and_status(fixture, expected):
    [item] = parse_ninjs(fixture_bytes(fixture), name=fixture)
    assert item.kind == TEXT and item.status == USABLE and item.version == 1
    assert item.warnings == []
    assert item.guid == expected["guid"]
    assert item.headline == expected["headline"]
    assert item.bylines == expected["bylines"]
    assert item.dateline == expected["dateline"]
    assert item.body_html.startswith(expected["body_start"])
    assert item.standfirst == expected["standfirst"]
    assert item.standfirst not in item.body_html
    assert item.credit == item.provider == expected["credit"]
    assert item.copyright == expected["copyright"]
    assert item.editorial_note == expected["editorial_note"]
    assert item.version_created == expected["version_created"]
    [photo] = item.photos
    assert photo.caption == expected["caption"]
    assert photo.credit == expected["photo_credit"]
    assert photo.photographer == expected["photographer"]
    assert photo.href.endswith(".jpg") and "thumb" not in photo.href and "preview" not in photo.href


def test_ninjs3_camel_case_names_are_read():
    [item] = parse_ninjs(fixture_bytes("ninjs/v3-night-train.json"))
    assert item.first_created == datetime(2025, 1, 14, 4, 30, tzinfo=UTC)
    assert item.urgency == 3
    assert item.slugline == "rail-night-train"
    assert item.genre == "News"
    assert Subject("Rosa Calder", "Rosa Calder", PERSON) in item.subjects
    assert Subject("Millford", "Millford", PLACE) in item.subjects
    [photo] = item.photos
    assert photo.copyright == "Valley Wire 2025"
    assert [(r.name, r.content_type, r.size) for r in photo.renditions] == [
        ("thumbnail", "image/jpeg", 6200),
        ("original", "image/jpeg", 4_100_000),
    ]


@pytest.mark.parametrize(
    ("fixture", "guid", "note"),
    [
        (
            "ninjs/v1-lighthouse-kill.json",
            "urn:example:ninjs1:lighthouse",
            "KILL: the opening has been postponed",
        ),
        ("ninjs/v2-allotments-kill.json", "urn:example:ninjs2:allotments", "Withdrawn: the council figures"),
        ("ninjs/v3-night-train-kill.json", "urn:example:ninjs3:night-train", "KILL: the operator has not"),
    ],
)
def test_a_kill_in_every_version_is_canceled_with_its_note(fixture, guid, note):
    [item] = parse_ninjs(fixture_bytes(fixture))
    assert (item.guid, item.status, item.version) == (guid, CANCELED, 2)
    assert item.is_canceled and item.editorial_note.startswith(note)


def test_a_3x_document_mixing_spellings_reads_the_first_and_altids_as_a_list():
    document = {
        "uri": "urn:example:mixed",
        "altIds": [{"role": "itemId", "value": "stable-7"}],
        "pubStatus": "withheld",
        "pubstatus": "usable",
        "headlines": [{"value": "Mixed"}],
        "bodies": [{"contentType": "text/plain", "value": "Words."}],
        "embargoedUntil": "2025-02-01T06:00:00Z",
    }
    [item] = parse_ninjs(json.dumps(document).encode())
    assert item.guid == "stable-7"  # an AP-style stable id wins over the uri, in either altids shape
    assert item.status == WITHHELD
    assert item.embargo == datetime(2025, 2, 1, 6, 0, tzinfo=UTC)
    assert item.body_html == "<p>Words.</p>"


# Which body is the story's text -------------------------------------------------------------------


def test_ninjs2_free_roles_a_guess_is_warned_and_no_body_is_refused_with_the_reason():
    batch = parse_ninjs(fixture_bytes("ninjs/v2-body-roles.json"), name="roles.json")
    guessed, simple = batch
    assert guessed.guid == "urn:example:ninjs2:roles-guessed"
    assert guessed.body_html.startswith("<p>The ferry company will not raise fares")
    assert guessed.standfirst == "Fares stay at last year's level until April."
    assert guessed.warnings == [
        "body chosen by guess: no body has a known role for the story's text, "
        "so the body with role “nordwire-web” (HTML) was taken"
    ]
    # A body with neither role nor content type is the schema's "simple body": no guess.
    assert simple.guid == "urn:example:ninjs2:roles-simple"
    assert simple.body_html == (
        "<p>The choir recorded twelve songs in the church hall.</p><p>The album is sold at the school.</p>"
    )
    assert simple.warnings == []
    reasons = {rejected.guid: rejected.reason for rejected in batch.rejected}
    assert reasons == {
        "urn:example:ninjs2:roles-xml-only": "the text item has no body: the body with role “nwml” is "
        "application/xml, neither text nor HTML; its summary is not used in the body's place",
        "urn:example:ninjs2:roles-teaser-only": "the text item has no body: the body with role “teaser” "
        "is not the story's text",
    }


def test_ninjs3_bodies_by_role_and_content_type():
    batch = parse_ninjs(fixture_bytes("ninjs/v3-body-roles.json"), name="roles3.json")
    by_guid = {item.guid.rsplit(":", 1)[-1]: item for item in batch}
    assert set(by_guid) == {"roles-full-plain", "roles-agency-words", "roles-rich", "roles-odd-status"}
    full = by_guid["roles-full-plain"]
    assert full.body_html == "<p>The pass closed at noon.</p><p>It reopens when the ploughs have passed.</p>"
    assert full.warnings == [] and full.bylines == ["Greta Holm"]
    # Two agency words: the HTML one, and the run is told it was a guess.
    words = by_guid["roles-agency-words"]
    assert words.body_html == "<p>Roofers start in April and finish by June.</p>"
    assert len(words.warnings) == 1 and "“web-edition” (HTML)" in words.warnings[0]
    # TT-style richhtml5 next to the agency's own XML: the HTML, no guess.
    rich = by_guid["roles-rich"]
    assert rich.body_html == "<p>The library stays open until nine on weekdays.</p>" and rich.warnings == []
    # An unknown status is read as usable, and said so; embargoedUntil is the embargo.
    odd = by_guid["roles-odd-status"]
    assert odd.status == USABLE and odd.embargo == datetime(2025, 1, 16, 6, 0, tzinfo=UTC)
    assert odd.warnings == [
        "publication status “embargoed” is not usable, withheld or canceled; read as usable"
    ]
    [rejected] = batch.rejected
    assert rejected.guid == "urn:example:ninjs3:roles-summary-only"
    assert rejected.reason == "the text item has no body; its summary is not used in the body's place"


def test_a_document_whose_only_item_has_no_body_is_refused_with_the_reason():
    document = {"uri": "u-brief", "headline": "Brief", "description_text": "One line only."}
    with pytest.raises(ParseError, match=r"no usable item \(u-brief: the text item has no body; its summary"):
        parse_ninjs(json.dumps(document).encode())


def test_a_kill_or_a_separately_served_body_needs_no_body():
    document = [
        {"uri": "k", "pubstatus": "canceled", "description_text": "Killed."},
        {
            "uri": "ap",
            "headline": "H",
            "description_text": "Summary.",
            "renditions": {"nitf": {"href": "s.xml", "mimetype": "text/xml"}},
        },
    ]
    kill, separate = parse_ninjs(json.dumps(document).encode())
    assert kill.is_canceled
    # The summary does not stand in for the body: the importer fetches the NITF instead.
    assert (separate.body_html, separate.body_href) == ("", "s.xml")


def test_a_reason_quotes_an_agency_word_shortened():
    document = {
        "uri": "u",
        "headline": "H",
        "pubStatus": "x" * 5000,
        "bodies": [{"role": "r" * 5000, "value": "x", "contentType": "y" * 5000}],
    }
    with pytest.raises(ParseError) as refused:
        parse_ninjs(json.dumps(document).encode())
    assert len(refused.value.reason) < 300 and "r" * 60 + "…" in refused.value.reason


def test_a_byline_is_split_in_the_items_language_and_the_bodys_dateline_beats_the_city():
    document = {
        "uri": "urn:example:ninjs3:ferry-strike",
        "headline": "Ferry crews walk out",
        "language": "es",
        "byline": "Lucía Ortega y Mateo Ruiz",
        "datelineLocation": {"city": "Madrid"},
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": "<p>VIGO, Spain (Example Press) - Ferry crews stopped work at dawn.</p>",
            }
        ],
    }

    [item] = parse_ninjs(json.dumps(document).encode())

    assert item.bylines == ["Lucía Ortega", "Mateo Ruiz"]
    assert item.dateline == "VIGO, Spain"
    assert item.body_html.startswith("<p>Ferry crews stopped work at dawn.")
