"""Slow patterns in datelines, bylines and body blocks (issue 13): each pass costs time linear in
its input, however hostile (the method is test_slow_patterns.py's: inputs double from 4 KB to 1 MB,
CPU time may not grow faster than about linearly)."""

import pytest

from articles.ingest.body_blocks import SetAside
from articles.ingest.bylines import byline_people, is_person_name, person_names
from articles.ingest.datelines import opening_dateline, place_of_dateline, without_opening_dateline
from articles.ingest.formats.newsml import parse_newsml
from articles.ingest.items import ParseError
from articles.ingest.text import body_from_markup
from tests.growth import SHAPES, assert_linear

pytestmark = pytest.mark.slow


def body_with_set_aside(markup):
    return body_from_markup(markup, set_aside=SetAside())


def newsml_with_body(body):
    raw = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="slow-1" version="1">'
        '<itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>Slow</headline>'
        f"<dateline>{escape(body[:5000])}</dateline></contentMeta><contentSet>"
        '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<body><p>{escape(body)}</p></body></html></inlineXML></contentSet></newsItem>"
    ).encode()
    try:
        return parse_newsml(raw, name="slow.xml")
    except ParseError:
        return None


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PASSES = {
    "place_of_dateline": place_of_dateline,
    "opening_dateline": opening_dateline,
    "without_opening_dateline": without_opening_dateline,
    "without_opening_dateline (one paragraph)": lambda text: without_opening_dateline(f"<p>{text}</p>"),
    "person_names": person_names,
    "person_names (Swedish)": lambda text: person_names(text, "sv"),
    "byline_people": byline_people,
    "is_person_name": is_person_name,
    "body_from_markup with set-aside": body_with_set_aside,
    "NewsML-G2 item end to end": newsml_with_body,
}
TEXT_SHAPES = {
    **SHAPES,
    "indented wire lines": lambda size: "<p>" + "\n    word\nwrap" * (size // 15) + "</p>",
    "end markers": lambda size: "<p>x</p>" + "<p>ends</p>" * (size // 11),
    "by lines": lambda size: "<p>By Jane Roe</p>" * (size // 17) + "<p>Story.</p>",
    "asides": lambda size: "<aside>" * (size // 7),
    "furniture classes": lambda size: '<div class="dat">' * (size // 17) + "x",
    "embed markers": lambda size: "<p>EMBED START</p>" * (size // 18),
    "whitespace inside blocks": lambda size: "<div>" + "<b> </b>" * (size // 8) + "</div>",
    "dateline words": lambda size: "KESTREL BAY, " * (size // 13) + "(AW) - x",
    "brackets": lambda size: "(" * size,
    "closed brackets": lambda size: "(a) " * (size // 4),
    "spaced dashes": lambda size: " - " * (size // 3),
    "colons": lambda size: "A: " * (size // 3),
    "slashes": lambda size: "/a/" * (size // 3),
    "place words": lambda size: "Jane Roe in " * (size // 12),
    "month words": lambda size: "March " * (size // 6),
    "byline conjunctions": lambda size: "Jane and och og & with " * (size // 23),
}


@pytest.mark.parametrize("shape_name", TEXT_SHAPES)
@pytest.mark.parametrize("pass_name", PASSES)
def test_every_shaping_pass_grows_linearly(pass_name, shape_name):
    assert_linear(PASSES[pass_name], TEXT_SHAPES[shape_name], f"{pass_name} on {shape_name}")
