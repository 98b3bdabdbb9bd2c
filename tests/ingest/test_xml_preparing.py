"""Preparing XML for the parser: UTF-8 documents are prepared in their own bytes (a large feed is not
copied three or four times over), and the result parses exactly as the decoding path's does."""

import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings, strategies
from lxml import etree

from articles.ingest.items import ParseError
from articles.ingest.xml import prepared_by_decoding, prepared_utf8, safe_parser

PARAGRAPH = "<p>The night ferry\u2019s crew counted 212 crossings — a record for the Öresund run.</p>"


def large_document(declaration='<?xml version="1.0" encoding="UTF-8"?>', extra=""):
    body = PARAGRAPH * 40_000  # about 3.5 MB, non-ASCII throughout (two bytes a character as text)
    return f"{declaration}\n<story>{extra}{body}</story>\n".encode()


def allocation_peak(raw):
    tracemalloc.start()
    try:
        prepared = prepared_utf8(raw, "big.xml")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return prepared, peak


def parsed(prepared):
    try:
        return etree.tostring(etree.fromstring(prepared, parser=safe_parser()))
    except etree.XMLSyntaxError:
        # Broken either way; the reason may differ (a kept XML declaration moves columns to where
        # they are in the agency's file, or meets a second declaration first).
        return "not well-formed"


@pytest.mark.slow
def test_a_utf8_document_is_prepared_in_its_own_bytes():
    raw = large_document()
    prepared, peak = allocation_peak(raw)
    assert prepared is raw
    assert peak < len(raw) // 10  # was about five times the document (text, copies, encoding)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("declaration", "extra"),
    [
        ('<?xml version="1.0" encoding="ISO-8859-1"?>', ""),  # the common lie over UTF-8 bytes
        ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE story SYSTEM "story.dtd">', ""),
        ('  <?xml version="1.0"?>', ""),
    ],
)
def test_a_document_that_needs_changing_is_copied_once(declaration, extra):
    raw = large_document(declaration, extra)
    prepared, peak = allocation_peak(raw)
    assert prepared is not raw and parsed(prepared) == parsed(prepared_by_decoding(raw))
    assert len(raw) - 200 < peak < len(raw) * 1.3


@pytest.mark.slow
def test_html_entity_names_cost_at_most_two_copies():
    raw = large_document(extra="&nbsp;&eacute;")
    prepared, peak = allocation_peak(raw)
    assert b"&#160;&#233;" in prepared[:200]
    assert peak < len(raw) * 2.3


def test_entity_declarations_are_refused_on_the_in_place_path_too():
    raw = b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    with pytest.raises(ParseError, match="declares its own entities"):
        prepared_utf8(raw)


PIECES = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<?xml version='1.0'?>",
    '<?xml version="1.0" encoding="ISO-8859-1"?>',
    '<?xml version="1.0" encoding="utf-16"?>',
    '<?xml encoding="utf-8" version="1.0"?>',
    '<?xml version="1.1" encoding="UTF-8"?>',
    " ",
    "\n",
    "\t",
    "\u00a0",
    "<!-- wire -->",
    '<!DOCTYPE nitf SYSTEM "nitf.dtd">',
    "<!DOCTYPE html>",
    "<a>",
    "</a>",
    "<b x='1'>",
    "</b>",
    "&nbsp;",
    "&amp;",
    "&eacute;",
    "&unknown;",
    "&#233;",
    "text",
    "\u00e9",
    "\u2019",
    "\U0001f30a",
    "<![CDATA[<p>&nbsp;</p>]]>",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.lists(strategies.sampled_from(PIECES), max_size=12))
def test_both_paths_prepare_documents_that_parse_the_same(pieces):
    raw = "".join(pieces).encode("utf-8")
    try:
        expected = parsed(prepared_by_decoding(raw))
    except ParseError as error:
        with pytest.raises(ParseError) as caught:
            prepared_utf8(raw)
        assert caught.value.reason == error.reason
        return
    assert parsed(prepared_utf8(raw)) == expected
