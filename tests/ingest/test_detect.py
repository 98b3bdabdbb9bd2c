import codecs

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.formats.detect import ATOM, JSONFEED, NEWSML, NINJS, NITF, RSS, detect_format
from articles.ingest.items import ParseError
from tests.ingest.builders import fixture_bytes


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("rss/rss2-wire.xml", RSS),
        ("rss/rss1-rdf.xml", RSS),
        ("rss/atom-figure.xml", ATOM),
        ("rss/utf16-bom.xml", RSS),
        ("newsml/text-embargoed-update.xml", NEWSML),
        ("newsml/message-package.xml", NEWSML),
        ("newsml/kill-withheld-correction-no-namespace.xml", NEWSML),
        ("nitf/namespaced-with-media.xml", NITF),
        ("nitf/canceled.xml", NITF),
        ("ninjs/v1-text-with-picture.json", NINJS),
        ("ninjs/v2-picture-and-kill.json", NINJS),
        ("ninjs/ap-wrapper-feed.json", NINJS),
        ("jsonfeed/harbour-bulletin.json", JSONFEED),
        ("atom/media-georss.xml", ATOM),
        ("rss/greek-iso-8859-7.xml", RSS),
        ("rss/windows-1252-undeclared.xml", RSS),
    ],
)
def test_format_detected_from_content(relative, expected):
    assert detect_format(fixture_bytes(relative)) == expected


def test_detection_skips_comments_doctype_and_bom():
    document = (
        codecs.BOM_UTF8 + b'<?xml version="1.0"?>\n<!-- wire --><!DOCTYPE nitf SYSTEM "nitf.dtd">\n<nitf/>'
    )
    assert detect_format(document) == NITF


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"plain words", "neither XML nor JSON"),
        (b"<html><body/></html>", "not a feed: it is a web page"),
    ],
)
def test_unrecognised_documents(content, reason):
    with pytest.raises(ParseError, match=reason):
        detect_format(content, name="x")


def test_parse_document_dispatches_and_accepts_explicit_format():
    assert parse_document(fixture_bytes("nitf/canceled.xml"))[0].guid == "EX-NITF-0040"
    assert parse_document(fixture_bytes("rss/atom-figure.xml"), format="atom")[0].bylines
    with pytest.raises(ParseError, match="unknown format 'csv'"):
        parse_document(b"<rss/>", format="csv")
    with pytest.raises(ParseError, match="not an NITF document"):
        parse_document(fixture_bytes("rss/rss2-wire.xml"), format="nitf")


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><body><form><input name=user></form></body></html>",
        b"\n<!-- portal -->\n<HTML><HEAD><TITLE>Sign in</TITLE></HEAD></HTML>",
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        b"<!doctype html>\n<title>Maintenance</title><p>Back soon",
    ],
)
@pytest.mark.parametrize("format", ["auto", "rss", "atom", "newsml", "nitf", "ninjs", "jsonfeed"])
def test_a_web_page_is_not_a_feed_whatever_format_is_expected(page, format):
    with pytest.raises(ParseError, match="not a feed: it is a web page"):
        parse_document(page, name="login", format=format)
