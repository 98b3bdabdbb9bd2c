from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.ingest.formats.newsml import parse_newsml
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

CET = timezone(timedelta(hours=1))


def test_text_item_with_nitf_body_embargo_update_located_and_by():
    [item] = parse_newsml(fixture_bytes("newsml/text-embargoed-update.xml"), name="bridge.xml")
    assert item.guid == "urn:newsml:example.org:20240310:bridge"
    assert item.version == 3
    assert item.kind == TEXT
    assert item.headline == "Riverford footbridge to reopen after a year of repairs"
    assert item.slugline == "UK-BRIDGE-REOPEN"
    assert item.standfirst.startswith("The old iron footbridge reopens on Monday")
    assert item.byline == "By Clara Wren and Osman Patel"
    assert item.bylines == ["Clara Wren", "Osman Patel"]
    assert item.credit == "Example Press"
    assert item.provider == "Example Press"
    assert item.copyright == "Copyright 2024 Example Press"
    assert item.dateline == "RIVERFORD"  # the place: no date, no agency credit
    assert item.location == Location("Riverford", "Lowland County", "United Kingdom", "GB")
    assert item.embargo == datetime(2024, 3, 11, 6, 0, tzinfo=CET)
    assert item.first_created == datetime(2024, 3, 10, 16, 40, tzinfo=CET)
    assert item.version_created == datetime(2024, 3, 10, 18, 5, tzinfo=CET)
    assert item.urgency == 3
    assert item.signals == {UPDATE}
    assert item.genre == "Current"
    assert item.language == "en-GB"
    assert item.keywords == ["bridge", "roadworks"]
    assert Subject("medtop:20000306", "transport infrastructure", SUBJECT) in item.subjects
    assert Subject("geo:1", "Riverford", PLACE) in item.subjects
    assert item.body_html == (
        "<p>The iron footbridge over the Ford will reopen to walkers and cyclists on Monday morning.</p> "
        "<h2>Wider and brighter</h2> "
        "<p>Engineers widened the deck by half a metre and fitted low lights along both rails.</p> "
        '<p><a href="https://council.example.org/bridge" rel="noopener noreferrer">Details of the works</a>'
        " are on the council website.</p>"
    )


def test_news_message_package_attaches_pictures_to_the_text_and_keeps_lone_picture():
    items = parse_newsml(fixture_bytes("newsml/message-package.xml"), name="market.xml")
    assert [(item.guid, item.kind) for item in items] == [("txt:market", TEXT), ("pic:alone", PICTURE)]
    story, lone = items
    assert story.bylines == ["Petra Holm"]
    assert story.dateline == "Eastmere"
    assert story.body_html == (
        "<p>Forty stalls opened on Saturday in the rebuilt market hall.</p>"
        "<p>Traders said footfall was higher than before the fire.</p>"
    )
    first, second = story.photos
    assert first.href == "market 1.jpg"  # the highRes rendition, not the thumbnail
    assert first.caption == "Shoppers walk between vegetable stalls in the rebuilt hall."
    assert first.credit == "Acme News/Ravi Sandoval"
    assert first.photographer == "Ravi Sandoval"
    assert [(r.name, r.width) for r in first.renditions] == [("highres", 2400), ("thumb", 120)]
    assert second.href == "file:///./market-2.jpg"
    assert second.photographer == "Ravi Sandoval"
    assert lone.photos[0].href == "sunset.jpg"
    assert lone.headline == "Sunset over the mere"
    # the video riding along with the story is not reported as a failure
    assert items.rejected == []


def test_kill_withheld_and_correction_without_namespace():
    kill, court, choir = parse_newsml(fixture_bytes("newsml/kill-withheld-correction-no-namespace.xml"))
    assert kill.status == CANCELED and kill.guid == "urn:example:quarry" and kill.body_html == ""
    assert "misread planning notice" in kill.editorial_note
    assert court.status == WITHHELD
    assert court.body_html == "<p>The hearing continues tomorrow.</p><p>Both bakers declined to comment.</p>"
    assert choir.signals == {CORRECTION}
    assert choir.correction_note == "Corrects the choir's founding year to 1952, not 1925."
    assert choir.dateline == "Ashby"
    assert choir.version_created == datetime(2024, 6, 1, 12, 10, tzinfo=UTC)


def test_time_without_zone_uses_default_timezone():
    from zoneinfo import ZoneInfo

    items = parse_newsml(
        fixture_bytes("newsml/kill-withheld-correction-no-namespace.xml"),
        default_timezone=ZoneInfo("America/New_York"),
    )
    assert items[2].version_created == datetime(2024, 6, 1, 12, 10, tzinfo=ZoneInfo("America/New_York"))


def test_inline_data_html_in_cdata_and_plain_text_wire_paragraphs():
    document = b"""<newsItem guid="g1" xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta>
      <itemClass qcode="icls:text"/></itemMeta><contentMeta><headline>H</headline></contentMeta>
      <contentSet><inlineData contenttype="text/plain"><![CDATA[First line of copy
   continues here.
   Second paragraph starts indented.]]></inlineData></contentSet></newsItem>"""
    [item] = parse_newsml(document)
    assert item.body_html == (
        "<p>First line of copy</p><p>continues here.</p><p>Second paragraph starts indented.</p>"
    )


def test_fragment_and_empty_package_give_clear_reasons():
    with pytest.raises(ParseError, match="fragment"):
        parse_newsml(b"<contentSet><inlineXML/></contentSet>", name="fragment.xml")
    package = b"""<packageItem guid="p" xmlns="http://iptc.org/std/nar/2006-10-01/"><groupSet root="G">
      <group id="G"><itemRef residref="elsewhere"/></group></groupSet></packageItem>"""
    with pytest.raises(ParseError, match="not included in this document"):
        parse_newsml(package)


def test_video_alone_is_refused_with_reason():
    video = b"""<newsItem guid="v" xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta>
      <itemClass qcode="ninat:video"/></itemMeta></newsItem>"""
    with pytest.raises(ParseError, match="video items are not imported"):
        parse_newsml(video)
