"""Atom with Media RSS (``media:content``, ``media:thumbnail``, ``media:credit``,
``media:description``/``media:title``) and GeoRSS (``georss:point``, ``georss:featurename``,
``georss:where``): what each entry gives the story and its pictures."""

from datetime import datetime, timedelta, timezone

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.formats.detect import ATOM, detect_format
from articles.ingest.items import CATEGORY, PICTURE, PLACE, TEXT, USABLE, Subject
from tests.ingest.builders import fixture_bytes

FEED = "atom/media-georss.xml"
OSLO_SUMMER = timezone(timedelta(hours=2))


@pytest.fixture(scope="module")
def entries():
    return parse_document(fixture_bytes(FEED), name="coast.atom")


def test_the_feed_is_detected_as_atom():
    assert detect_format(fixture_bytes(FEED)) == ATOM


def test_text_entry_with_media_content_and_a_georss_place(entries):
    market = entries[0]
    assert market.guid == "urn:example:northsea-wire:2024-0514-fishmarket"
    assert market.kind == TEXT
    assert market.status == USABLE
    assert market.headline == "Bergen fish market moves indoors for the winter season"
    assert market.byline == "Signe Havik, Northsea Newsdesk"
    assert market.bylines == ["Signe Havik"]
    assert market.dateline == "Bergen, Norway"
    assert market.standfirst == "Stallholders get heated halls and a longer lease from October."
    assert market.body_html.startswith("<p>The city council voted on Monday to move the fish market")
    assert "<p>«We will finally feel our fingers,» said one trader.</p>" in market.body_html
    assert market.first_created == datetime(2024, 5, 14, 6, 55, tzinfo=OSLO_SUMMER)
    assert market.version_created == datetime(2024, 5, 14, 7, 40, tzinfo=OSLO_SUMMER)
    assert market.language == "en"
    assert (market.provider, market.credit) == ("", "")  # "Northsea Wire - Coast" is the feed's title
    assert market.subjects == [
        Subject("Business", "Business", CATEGORY),
        Subject("geo:60.3951,5.3256", "Bergen, Norway", PLACE),
    ]
    [photo] = market.photos
    assert photo.href == "https://northsea.example.net/photos/fishmarket-3000.jpg"
    assert photo.caption == "Traders set out crab and prawns under the awnings at first light."
    assert photo.headline == "Fish market at dawn"
    assert photo.photographer == "Jonas Vik"
    assert photo.credit == "Jonas Vik / Northsea Wire"
    assert photo.copyright == "Northsea Wire 2024"
    assert [(rendition.href.rsplit("/", 1)[-1], rendition.width) for rendition in photo.renditions] == [
        ("fishmarket-3000.jpg", 3000),
        ("fishmarket-300.jpg", 300),
    ]
    # feedparser folds media:description into the content; it stays the caption, not the body.
    assert "crab and prawns" not in market.body_html


def test_plain_text_content_thumbnail_titled_picture_and_a_gml_point(entries):
    cottage = entries[1]
    assert cottage.kind == TEXT
    assert cottage.headline == "Lighthouse keeper's cottage opens as a museum"
    assert cottage.byline == "Northsea Wire Culture Desk"
    assert cottage.bylines == []  # a desk, not a person: no Author
    assert cottage.body_html == (
        "<p>The cottage at the end of the breakwater opens to visitors on Saturday.</p>"
        "<p>Its last keeper left in 1987; the logbooks he kept are on show in the front room.</p>"
    )
    assert cottage.standfirst == ""  # feedparser repeats the content as the summary
    # Coordinates alone are no dateline: readers are not shown them; the desk sees the point.
    assert cottage.dateline == ""
    assert cottage.subjects == [Subject("geo:62.4723,6.1549", "geo:62.4723,6.1549", PLACE)]
    [photo] = cottage.photos
    assert photo.href == "https://northsea.example.net/photos/lighthouse-640.jpg"
    assert (
        photo.caption == "The keeper's cottage below the lighthouse"
    )  # media:title, there being no description
    assert photo.credit == "Northsea Wire"
    assert photo.photographer == ""


def test_entry_of_a_media_group_alone_is_a_picture_with_its_place(entries):
    puffins = entries[2]
    assert puffins.kind == PICTURE
    assert puffins.status == USABLE
    assert puffins.headline == "Puffins return to the bird cliff"
    assert puffins.bylines == ["Ragnhild Berge"]
    assert puffins.dateline == "Runde"
    assert puffins.body_html == ""
    [photo] = puffins.photos
    assert photo.href == "https://northsea.example.net/photos/puffins-4000.jpg"
    assert photo.caption == "Puffins gather on the grass ledges of the bird cliff at Runde."
    assert (photo.photographer, photo.credit) == ("Ragnhild Berge", "Ragnhild Berge")
    assert len(photo.renditions) == 2


def atom_entry(extra):
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss" '
        'xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#"><title>Coast</title>'
        "<entry><id>c-1</id><title>Tide tables</title><updated>2024-05-01T10:00:00Z</updated>"
        f'<content type="html">&lt;p&gt;High water at noon.&lt;/p&gt;</content>{extra}</entry></feed>'
    ).encode()


@pytest.mark.parametrize(
    ("extra", "dateline", "codes"),
    [
        ("<georss:point>91 5</georss:point>", "", []),  # no latitude beyond the pole
        ("<georss:point>60.1 5.3 12</georss:point>", "", []),
        ("<georss:point>north west</georss:point>", "", []),
        ("<georss:point>" + "1" * 5000 + " 5</georss:point>", "", []),
        ("<georss:point>-33.86785 151.20732</georss:point>", "", ["geo:-33.86785,151.20732"]),
        ("<geo:lat>59.91</geo:lat><geo:long>10.75</geo:long>", "", ["geo:59.91,10.75"]),
        ("<georss:featurename>  Stavanger  harbour </georss:featurename>", "Stavanger harbour", []),
    ],
)
def test_georss_points_must_be_places_on_earth(extra, dateline, codes):
    [item] = parse_document(atom_entry(extra))
    assert item.dateline == dateline
    assert [subject.code for subject in item.subjects] == codes
