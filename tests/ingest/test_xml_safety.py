import time

import pytest
from lxml import etree

from articles.ingest.formats import parse_document
from articles.ingest.items import ParseError
from articles.ingest.xml import decode_markup, parse_xml, safe_parser
from tests.ingest.builders import fixture_bytes
from tests.servers import ConnectionCounter


@pytest.fixture
def listener():
    counter = ConnectionCounter()
    yield counter
    counter.close()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["rss", "newsml", "nitf", "auto"])
def test_billion_laughs_is_refused_quickly_in_every_xml_format(fmt):
    started = time.monotonic()
    with pytest.raises(ParseError, match="declares its own entities"):
        parse_document(fixture_bytes("hostile/billion-laughs.xml"), name="bomb.xml", format=fmt)
    assert time.monotonic() - started < 1


def test_external_entity_declaration_is_refused_and_nothing_leaks():
    with pytest.raises(ParseError, match="external-entity attack") as caught:
        parse_document(fixture_bytes("hostile/external-entity-file.xml"))
    assert "root:" not in str(caught.value)


def test_the_parser_itself_never_expands_entities_even_if_the_check_were_skipped(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    document = f'<!DOCTYPE a [<!ENTITY s SYSTEM "file://{secret}">]><a>&s;</a>'.encode()
    root = etree.fromstring(document, parser=safe_parser())
    assert "TOP-SECRET" not in etree.tostring(root, encoding="unicode")


@pytest.mark.parametrize(
    "template",
    [
        '<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://127.0.0.1:{port}/nitf.dtd"><nitf><head><docdata>'
        '<doc-id id-string="d"/></docdata></head><body><body.head><hedline><hl1>H</hl1></hedline></body.head>'
        "<body.content><p>B</p></body.content></body></nitf>",
        '<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/rss.dtd">'
        '<rss version="2.0"><channel>'
        "<title>T</title><item><title>H</title><guid>g</guid><description>B</description></item></channel></rss>",
        '<?xml version="1.0"?><!DOCTYPE newsItem PUBLIC "-//X//EN" "http://127.0.0.1:{port}/g2.dtd">'
        '<newsItem guid="g"><contentMeta><headline>H</headline></contentMeta><contentSet>'
        '<inlineData contenttype="text/plain">B</inlineData></contentSet></newsItem>',
    ],
)
def test_an_external_dtd_is_never_fetched(listener, template):
    items = parse_document(template.format(port=listener.port).encode())
    assert items[0].headline == "H"
    time.sleep(0.2)
    assert listener.connections == 0


def test_parameter_entity_pointing_at_a_listener_gets_no_connection(listener):
    document = fixture_bytes("hostile/parameter-entity.xml").replace(
        b"127.0.0.1:9", f"127.0.0.1:{listener.port}".encode()
    )
    with pytest.raises(ParseError):
        parse_document(document)
    with pytest.raises(etree.XMLSyntaxError, match="Attempt to load network entity"):
        etree.fromstring(document, parser=safe_parser())  # even the bare parser refuses to fetch
    time.sleep(0.2)
    assert listener.connections == 0


def test_scripts_handlers_and_javascript_links_are_removed_from_bodies():
    [item] = parse_document(fixture_bytes("hostile/scripts-in-body.xml"))
    body = item.body_html
    assert "<p>Stalls open at nine.</p>" in body
    assert '<a href="https://fair.example.org/" rel="noopener noreferrer">adults</a>' in body
    assert "Parking is free." in body
    for banned in ("script", "fetch(", "onclick", "javascript:", "<style", "display:none", "iframe", "t.gif"):
        assert banned not in body
    assert item.headline == "Town fair returns"


def test_size_limit_comes_from_settings(settings):
    settings.INGEST_MAX_DOCUMENT_BYTES = 200
    with pytest.raises(ParseError, match="more than the 200-byte limit"):
        parse_xml(b"<nitf>" + b" " * 300 + b"</nitf>", source="big.xml")


def test_latin1_declared_over_utf8_bytes_is_read_as_utf8():
    raw = '<?xml version="1.0" encoding="iso-8859-1"?><a>København</a>'.encode()
    assert "København" in decode_markup(raw)
    assert parse_xml(raw).text == "København"


def test_real_latin1_is_kept_latin1():
    raw = '<?xml version="1.0" encoding="ISO-8859-1"?><a>Zürich</a>'.encode("latin-1")
    assert parse_xml(raw).text == "Zürich"


def test_unknown_encoding_and_broken_documents_have_reasons():
    with pytest.raises(ParseError, match="unknown encoding 'klingon-8'"):
        parse_xml(b'<?xml version="1.0" encoding="klingon-8"?><a/>')
    with pytest.raises(ParseError, match="not well-formed XML"):
        parse_document(fixture_bytes("broken/truncated-newsml.xml"))
    with pytest.raises(ParseError, match="empty"):
        parse_document(fixture_bytes("broken/empty.xml"))
    with pytest.raises(ParseError, match="not a feed: it is a web page"):
        parse_document(fixture_bytes("broken/not-a-feed.html"))
