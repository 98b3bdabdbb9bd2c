from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.ingest.formats.nitf import parse_nitf
from articles.ingest.items import (
    CANCELED,
    CORRECTION,
    SUBJECT,
    UPDATE,
    USABLE,
    WITHHELD,
    Location,
    ParseError,
    Subject,
)
from tests.ingest.builders import fixture_bytes


def test_namespaced_nitf_with_byline_dateline_media_and_docdata():
    [item] = parse_nitf(fixture_bytes("nitf/namespaced-with-media.xml"), name="cottage.xml")
    assert item.guid == "EX-NITF-0042"
    assert item.version == 1
    assert item.headline == "Lighthouse keeper's cottage becomes museum"
    assert item.slugline == "LIGHTHOUSE-MUSEUM"
    assert item.byline == "By SIGRID AALTO"
    assert item.bylines == ["Sigrid Aalto"]
    assert item.credit == "Coastline Agency"
    assert item.copyright == "Coastline Agency 2024"
    assert item.dateline == "Skerry Point, Norway"
    assert item.location == Location(city="Skerry Point", country="Norway")
    assert item.standfirst == "The restored cottage opens to visitors this weekend."
    assert item.first_created == datetime(2024, 7, 2, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert item.urgency == 4
    assert item.status == USABLE and item.embargo is None
    assert item.keywords == ["museums", "heritage"]
    assert item.genre == ""
    assert item.language == "en-US"
    assert Subject("01000000", "museum", SUBJECT) in item.subjects
    [photo] = item.photos
    assert photo.href == "cottage.jpg"
    assert photo.caption == "The restored cottage at Skerry Point."
    assert photo.credit == "Henrik Dahl/Coastline Agency"
    assert photo.photographer == "Henrik Dahl"
    assert photo.alt_text == "A white cottage below a lighthouse"
    assert "<media" not in item.body_html and "restored cottage at Skerry" not in item.body_html
    assert "<em>for children</em>" in item.body_html
    assert "onmouseover" not in item.body_html


def test_embargoed_latin1_without_namespace_uses_release_date_and_default_zone():
    [item] = parse_nitf(fixture_bytes("nitf/embargoed-no-namespace.xml"))
    assert item.status == USABLE
    assert item.embargo == datetime(2024, 8, 3, 0, 1, tzinfo=UTC)
    assert item.dateline == "Zürich"
    assert item.body_html.startswith("<p>Grüße aus Zürich")
    assert item.byline == "Staff" and item.bylines == []


def test_canceled_nitf_is_a_kill_without_body():
    [item] = parse_nitf(fixture_bytes("nitf/canceled.xml"))
    assert item.status == CANCELED
    assert item.guid == "EX-NITF-0040"
    assert item.editorial_note == "Withdrawn: wrong council named."


def test_withheld_correction_with_version():
    [item] = parse_nitf(fixture_bytes("nitf/withheld-correction.xml"))
    assert item.status == WITHHELD
    assert item.signals == {CORRECTION, UPDATE}
    assert item.correction_note == "Corrects spelling of the mayor's name."
    assert item.version == 3
    assert item.bylines == ["Anneli Varga"]
    assert item.version_created == datetime(2024, 7, 6, 9, 0, tzinfo=UTC)


def test_nitf_without_doc_id_gets_a_stable_derived_guid():
    document = (
        b"<nitf><body><body.head><hedline><hl1>Same story</hl1></hedline></body.head>"
        b"<body.content><p>Text.</p></body.content></body></nitf>"
    )
    first, second = parse_nitf(document)[0], parse_nitf(document)[0]
    assert first.guid.startswith("nitf:") and first.guid == second.guid


def test_html_entities_without_dtd_are_read_as_characters():
    document = (
        b"<nitf><head><docdata><doc-id id-string='e1'/></docdata></head><body><body.head><hedline>"
        b"<hl1>Caf&eacute; opens&nbsp;today</hl1></hedline></body.head><body.content><p>Caf&eacute; &amp; bar"
        b" &unknownthing;</p></body.content></body></nitf>"
    )
    [item] = parse_nitf(document)
    assert item.headline == "Café opens today"
    assert item.body_html == "<p>Café &amp; bar &amp;unknownthing;</p>"


def test_not_nitf_and_missing_headline():
    with pytest.raises(ParseError, match="not an NITF document"):
        parse_nitf(b"<rss/>")
    with pytest.raises(ParseError, match="has no headline"):
        parse_nitf(fixture_bytes("broken/nitf-without-headline.xml"))
