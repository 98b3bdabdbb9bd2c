"""Hostile sizes in web feeds cost time linear in their size: JSON Feed detection and reading,
GeoRSS places, Media RSS pictures and the once-only unescaping of HTML without tags.

Each input grows by doubling from 4 KB to 1 MB; CPU time may at most about triple with each
doubling (and grow about eightfold over the last three), so a quadratic pass fails at a few
kilobytes instead of running for hours.
"""

import json

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.formats.detect import detect_format
from articles.ingest.formats.georss import point_from
from articles.ingest.formats.jsonfeed import parse_json_feed
from articles.ingest.formats.web_text import markup_body, standfirst_of, text_of
from articles.ingest.items import ParseError
from tests import growth

pytestmark = pytest.mark.slow

VERSION = '"version": "https://jsonfeed.org/version/1.1"'
ALMOST_VERSION = '"version": "https://jsonfeed.org/version/'
ITEMS_HEAD = '{"version": "https://jsonfeed.org/version/1.1", "items": '


def assert_linear(function, shape, label):
    growth.assert_linear(function, shape, label, refusals=(ParseError,))  # refusing fast is an answer


def surname(number):
    """A different surname of letters for every number ("Aab", "Aac"...)."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not number:
            return "A" + letters


def json_feed_of(items, **feed):
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", **feed, "items": items}).encode()


def one_item(**fields):
    return {"id": "q-1", "title": "Tide tables", "content_text": "High water at noon.", **fields}


DETECTION_SHAPES = {
    "blanks after the version key": lambda size: ('{"version"' + " " * size).encode(),
    "version keys without values": lambda size: ("{" + '"version":' * (size // 10)).encode(),
    "escaped slashes": lambda size: ('{"version": "https:' + "\\/" * (size // 2)).encode(),
    "an almost-version repeated": lambda size: (
        "[" + '"version": "https://jsonfeed.org/version/' * (size // 44)
    ).encode(),
    "a long feed with its version at the end": lambda size: (
        '{"items": [' + '{"id": "x"},' * (size // 12) + "{}], " + VERSION + "}"
    ).encode(),
}
JSON_FEED_SHAPES = {
    "many items": lambda size: json_feed_of([one_item(id=f"q-{n}") for n in range(size // 80)]),
    "a long title": lambda size: json_feed_of([one_item(title="Tide " * (size // 5))]),
    "entities in HTML without tags": lambda size: json_feed_of([one_item(content_html="&amp" * (size // 4))]),
    "ampersands in HTML": lambda size: json_feed_of([one_item(content_html="&" * size)]),
    "nested tags in HTML": lambda size: json_feed_of([one_item(content_html="<b><i>" * (size // 6))]),
    "many tags": lambda size: json_feed_of([one_item(tags=[f"tag {n % 50}" for n in range(size // 10)])]),
    "many authors": lambda size: json_feed_of([one_item(authors=[{"name": "Ann Lee"}] * (size // 20))]),
    "many different authors": lambda size: json_feed_of(
        [one_item(authors=[{"name": f"Ann {surname(n)}"} for n in range(size // 24)])]
    ),
    "many attachments": lambda size: json_feed_of(
        [one_item(attachments=[{"url": f"p{n}.jpg", "mime_type": "image/jpeg"} for n in range(size // 50)])]
    ),
    "the same attachment again and again": lambda size: json_feed_of(
        [one_item(attachments=[{"url": "p.jpg", "mime_type": "image/jpeg", "title": "x"}] * (size // 50))]
    ),
    "a long version": lambda size: json.dumps({"version": "x" * size, "items": []}).encode(),
    "deep nesting": lambda size: (
        '{"version": "https://jsonfeed.org/version/1.1", "items": ' + "[" * size
    ).encode(),
}
TEXT_SHAPES = {
    "ampersands": lambda size: "&" * size,
    "entity names without semicolons": lambda size: "&amp" * (size // 4),
    "numeric entities": lambda size: "&#8217;" * (size // 7),
    "blank lines": lambda size: "a\n\n" * (size // 3),
}


@pytest.mark.parametrize("shape", DETECTION_SHAPES)
def test_json_feed_detection_is_linear(shape):
    assert_linear(detect_format, DETECTION_SHAPES[shape], f"detect_format on {shape}")


@pytest.mark.parametrize("shape", JSON_FEED_SHAPES)
def test_json_feed_reading_is_linear(shape):
    assert_linear(parse_json_feed, JSON_FEED_SHAPES[shape], f"parse_json_feed on {shape}")


@pytest.mark.parametrize("shape", TEXT_SHAPES)
def test_web_feed_text_is_linear(shape):
    make = TEXT_SHAPES[shape]
    assert_linear(lambda text: markup_body(text, "text/html"), make, f"markup_body (html) on {shape}")
    assert_linear(lambda text: markup_body(text, "text/plain"), make, f"markup_body (plain) on {shape}")
    assert_linear(lambda text: text_of(text, "text/plain"), make, f"text_of on {shape}")
    assert_linear(lambda text: standfirst_of(text[:500], f"<p>{text}</p>"), make, f"standfirst_of on {shape}")


def atom_with(extra):
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss" '
        'xmlns:media="http://search.yahoo.com/mrss/"><title>Coast</title><entry><id>c-1</id>'
        "<title>Tide tables</title><updated>2024-05-01T10:00:00Z</updated>"
        '<content type="html">Noon.</content>'
        f"{extra}</entry></feed>"
    ).encode()


ATOM_SHAPES = {
    "a long point": lambda size: atom_with(f"<georss:point>{'1' * size} 5</georss:point>"),
    "a long feature name": lambda size: atom_with(
        f"<georss:featurename>{'Bergen ' * (size // 7)}</georss:featurename>"
    ),
    "many categories": lambda size: atom_with("".join(f'<category term="t{n}"/>' for n in range(size // 22))),
    "many keywords": lambda size: atom_with(f"<media:keywords>{'harbour, ' * (size // 9)}</media:keywords>"),
    "many keyword lists": lambda size: atom_with("<media:keywords>a, b, c</media:keywords>" * (size // 40)),
    "many different authors": lambda size: atom_with(
        "".join(f"<author><name>Ann {surname(n)}</name></author>" for n in range(size // 36))
    ),
    "many points": lambda size: atom_with("<georss:point>60 5</georss:point>" * (size // 34)),
    "many thumbnails": lambda size: atom_with(
        '<media:content url="a.jpg" medium="image">'
        + "".join(f'<media:thumbnail url="t{n}.jpg"/>' for n in range(size // 32))
        + "</media:content>"
    ),
    "many pictures": lambda size: atom_with(
        "".join(
            f'<media:content url="p{n}.jpg" medium="image"><media:description>Gulls {n}</media:description>'
            "</media:content>"
            for n in range(size // 100)
        )
    ),
    "many enclosures": lambda size: atom_with(
        "".join(f'<link rel="enclosure" type="image/jpeg" href="e{n}.jpg"/>' for n in range(size // 56))
    ),
    "many credits": lambda size: atom_with(
        '<media:content url="a.jpg" medium="image">'
        + "<media:credit>Ann</media:credit>" * (size // 32)
        + "</media:content>"
    ),
}


@pytest.mark.parametrize("shape", ATOM_SHAPES)
def test_atom_media_and_georss_are_read_linearly(shape):
    assert_linear(lambda raw: parse_document(raw, format="atom"), ATOM_SHAPES[shape], f"Atom with {shape}")


def test_a_point_longer_than_any_coordinate_is_refused_without_reading_it():
    assert point_from("1" * growth.LARGEST + " 5") == (None, None)
    assert point_from(" 60.39 5.32 ") == (60.39, 5.32)
