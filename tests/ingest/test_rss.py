from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articles.ingest.formats.rss import parse_rss
from articles.ingest.items import CATEGORY, PICTURE, PLACE, USABLE, ParseError, Subject
from tests.ingest.builders import fixture_bytes


def test_rss2_item_with_media_content_dc_creator_categories_and_content_encoded():
    items = parse_rss(fixture_bytes("rss/rss2-wire.xml"), name="rss2-wire.xml")
    ferry = items[0]
    assert ferry.guid == "hw-2024-0001"
    assert ferry.headline == "Ferry timetable changes after harbour wall repairs"
    assert ferry.byline == "Morag Lindqvist"
    assert ferry.bylines == ["Morag Lindqvist"]
    # "Harbourtown Wire" is the channel's title: it names the feed, not an agency.
    assert ferry.provider == ferry.credit == ""
    assert ferry.standfirst == "Morning sailings move by twenty minutes while the east wall is rebuilt."
    assert ferry.version_created == datetime(2024, 3, 5, 9, 15, tzinfo=UTC)
    assert ferry.status == USABLE
    assert ferry.language == "en-gb"
    assert ferry.source_name == "rss2-wire.xml"
    assert Subject("Transport", "Transport", CATEGORY) in ferry.subjects
    assert Subject("Harbourtown", "Harbourtown", PLACE) in ferry.subjects
    [photo] = ferry.photos
    assert photo.href == "https://wire.example.org/img/harbour-wall.jpg"
    assert photo.caption == "Crews lift a concrete block onto the east harbour wall."
    assert photo.photographer == "Ines Okafor"
    assert photo.credit == "Ines Okafor"
    assert photo.copyright == "Harbourtown Wire 2024"
    assert (photo.renditions[0].width, photo.renditions[0].height) == (1600, 1067)


def test_rss_body_is_sanitized_and_keeps_structure():
    body = parse_rss(fixture_bytes("rss/rss2-wire.xml"))[0].body_html
    assert "<p>Morning sailings from the north quay" in body
    assert "<em>early summer</em>" in body
    assert "<blockquote>We would rather be late than unsafe" in body
    for banned in ("<script", "document.cookie", "onclick", "javascript:", "pixel.gif", "<img"):
        assert banned not in body


def test_rss_enclosure_becomes_a_photo_and_description_the_body():
    library = parse_rss(fixture_bytes("rss/rss2-wire.xml"))[1]
    assert library.body_html == (
        "<p>The central library will stay open until ten in the evening throughout April.</p>"
    )
    assert [photo.href for photo in library.photos] == ["https://wire.example.org/img/library.jpg"]
    assert library.first_created == datetime(2024, 3, 6, 13, 0, tzinfo=UTC)


def test_atom_figure_becomes_photo_with_credit_and_leaves_the_body():
    [entry] = parse_rss(fixture_bytes("rss/atom-figure.xml"))
    assert entry.byline == "Tomasz Brenner, Aiko Marsh"
    assert entry.bylines == ["Tomasz Brenner", "Aiko Marsh"]
    assert entry.version_created == datetime(2024, 4, 2, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    [photo] = entry.photos
    assert photo.href == "https://courier.example.org/orchard.jpg"
    assert photo.credit == "Lena Ortiz / Valley Courier"
    assert photo.alt_text == "Volunteers carry saplings up the hill"
    assert "<figure" not in entry.body_html and "Lena Ortiz" not in entry.body_html
    assert entry.body_html.startswith("<p>Around sixty volunteers")


def test_rss1_rdf_with_dc_date():
    [entry] = parse_rss(fixture_bytes("rss/rss1-rdf.xml"))
    assert entry.guid == "https://bulletin.example.org/snow"
    assert entry.bylines == ["Jonas Feld"]
    assert entry.version_created == datetime(2024, 1, 15, 5, 45, tzinfo=UTC)
    assert entry.body_html.startswith("<p>Ploughs worked through the night")


def test_undeclared_latin1_and_utf16_with_bom_are_decoded():
    [cafe] = parse_rss(fixture_bytes("rss/latin1-undeclared.xml"))
    assert cafe.headline == "Café du port: la fête d'été aura lieu samedi"
    [bakery] = parse_rss(fixture_bytes("rss/utf16-bom.xml"))
    assert bakery.headline == "Skåne bakery wins regional prize"


def test_time_without_zone_uses_the_feed_default_timezone():
    feed = (
        b'<rss version="2.0"><channel><title>T</title><item><title>Local time</title><guid>t1</guid>'
        b"<description>Body.</description><pubDate>2024-05-01 10:00:00</pubDate></item></channel></rss>"
    )
    [item] = parse_rss(feed, default_timezone=ZoneInfo("Europe/Oslo"))
    assert item.first_created == datetime(2024, 5, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    assert item.first_created.utcoffset() == timedelta(hours=2)


def test_media_group_gives_one_photo_with_renditions_and_largest_as_href():
    feed = b"""<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
    <item><title>Picture only</title><guid>p1</guid>
      <media:group>
        <media:content url="https://x.example/small.jpg" medium="image" width="300" height="200"/>
        <media:content url="https://x.example/large.jpg" medium="image" width="3000" height="2000"/>
        <media:description>Two swans on the lake.</media:description>
        <media:credit>Lake Press</media:credit>
      </media:group>
    </item></channel></rss>"""
    [item] = parse_rss(feed)
    assert item.kind == PICTURE
    [photo] = item.photos
    assert photo.href == "https://x.example/large.jpg"
    assert photo.caption == "Two swans on the lake."
    assert photo.credit == "Lake Press"
    assert len(photo.renditions) == 2
    assert item.body_html == ""


def test_entry_without_title_is_rejected_but_others_import():
    feed = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><guid>a</guid><description>No title here.</description></item>"
        b"<item><title>Has a title</title><guid>b</guid><description>Body.</description></item>"
        b"</channel></rss>"
    )
    items = parse_rss(feed, name="mixed.xml")
    assert [item.guid for item in items] == ["b"]
    assert [(entry.guid, entry.reason) for entry in items.rejected] == [
        ("a", "the text item has no headline")
    ]


def test_not_a_feed_is_a_parse_error():
    with pytest.raises(ParseError, match="not an RSS or Atom feed"):
        parse_rss(b"<nitf><head/></nitf>", name="x.xml")


def test_text_that_is_a_filename_is_never_opened(tmp_path):
    # feedparser opens a path given as bytes; we hand it a stream, so this stays a parse error.
    secret = tmp_path / "secret.xml"
    secret.write_bytes(b'<rss version="2.0"><channel><item><title>Leaked</title></item></channel></rss>')
    with pytest.raises(ParseError):
        parse_rss(str(secret).encode())


def test_an_entry_keeps_its_first_two_hundred_categories():
    # feedparser compares each category with every one before it: their number is bounded first.
    categories = "".join(f"<category>Topic {number}</category>" for number in range(250))
    feed = (
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>'
        f"<item><title>Many topics</title><guid>m1</guid><description>Body.</description>{categories}"
        "<media:keywords>late, later</media:keywords></item></channel></rss>"
    ).encode()
    [item] = parse_rss(feed)
    assert [subject.code for subject in item.subjects] == [f"Topic {number}" for number in range(200)]


def test_a_byline_is_split_in_the_feeds_language():
    feed = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Puerto</title>'
        "<language>es</language><item><title>Nuevo muelle</title><guid>es-1</guid>"
        "<dc:creator>Ana García y Luis Pérez</dc:creator><description>Texto.</description></item>"
        "</channel></rss>"
    ).encode()
    [item] = parse_rss(feed)
    assert item.byline == "Ana García y Luis Pérez"
    assert item.bylines == ["Ana García", "Luis Pérez"]
