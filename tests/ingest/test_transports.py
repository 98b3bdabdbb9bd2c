import gzip
import time
import types
from datetime import UTC, datetime

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.transports import (
    Document,
    TransportError,
    check_url,
    documents_from,
    fetch_document,
    folder_documents,
    read_reference,
    resolve_reference,
    retry_after_seconds,
)
from tests.ingest.builders import fixture_bytes
from tests.servers import LocalServer

FEED = fixture_bytes("rss/rss2-wire.xml")


@pytest.fixture
def server():
    running = LocalServer({})
    yield running
    running.close()


@pytest.fixture
def private_allowed(settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = True


def test_a_file_is_one_document_with_its_folder_as_base(tmp_path):
    path = tmp_path / "story.xml"
    path.write_bytes(FEED)
    [document] = documents_from(path)
    assert document.content == FEED
    assert document.base == str(tmp_path)
    assert document.name == str(path)


def test_a_folder_yields_every_document_lazily_and_skips_photos_and_hidden_files(tmp_path):
    for name in ("b.xml", "a.json", "c.nitf"):
        (tmp_path / name).write_bytes(b"<first/>")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / ".partial.xml").write_bytes(b"<half")
    (tmp_path / "sub").mkdir()
    documents = documents_from(tmp_path)
    assert isinstance(documents, types.GeneratorType)
    first = next(documents)
    assert first.name.endswith("a.json")
    # later files are read only when their turn comes
    (tmp_path / "b.xml").write_bytes(b"<changed/>")
    rest = list(documents)
    assert [document.name.rsplit("/", 1)[-1] for document in rest] == ["b.xml", "c.nitf"]
    assert rest[0].content == b"<changed/>"


def test_folder_of_many_documents_streams_one_at_a_time(tmp_path):
    for number in range(300):
        (tmp_path / f"{number:05}.xml").write_bytes(b"<nitf/>")
    seen = 0
    for document in folder_documents(tmp_path):
        seen += 1
        assert document.content == b"<nitf/>"
    assert seen == 300


def test_missing_source_and_oversized_file(tmp_path, settings):
    with pytest.raises(TransportError, match="no such file or folder"):
        list(documents_from(tmp_path / "nothing-here"))
    settings.INGEST_MAX_DOCUMENT_BYTES = 10
    (tmp_path / "big.xml").write_bytes(b"x" * 11)
    with pytest.raises(TransportError, match="more than the 10-byte limit"):
        list(documents_from(tmp_path / "big.xml"))


def test_loopback_url_is_refused_by_default_and_never_contacted(server):
    server.server.routes["/feed.xml"] = (200, {}, FEED)
    with pytest.raises(TransportError, match="loopback address.*INGEST_ALLOW_PRIVATE_URLS"):
        list(documents_from(server.url("/feed.xml")))
    assert server.requests == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/feed", "private network"),
        ("http://[::1]/feed", "loopback"),
        ("http://0.0.0.0/feed", "not a public internet address"),
        ("ftp://example.org/feed.xml", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http://user:pw@example.org/", "credentials"),
    ],
)
def test_refused_urls(url, reason):
    with pytest.raises(TransportError, match=reason):
        check_url(url)


def test_fetch_with_conditional_get(server, private_allowed):
    def answer(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"', "Last-Modified": "Tue, 05 Mar 2024 09:00:00 GMT"}, FEED

    server.server.routes["/feed.xml"] = (200, {}, answer)
    first = fetch_document(server.url("/feed.xml"))
    assert first.content == FEED and not first.not_modified
    assert (first.etag, first.last_modified) == ('"v1"', "Tue, 05 Mar 2024 09:00:00 GMT")
    assert parse_document(first.content, name=first.name)[0].guid == "hw-2024-0001"
    again = fetch_document(server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.content == b""
    assert server.requests[1][1]["If-Modified-Since"] == "Tue, 05 Mar 2024 09:00:00 GMT"


def test_redirects_are_followed_one_checked_hop_at_a_time(server, private_allowed):
    server.server.routes.update(
        {
            "/old": (301, {"Location": "/newer"}, b""),
            "/newer": (302, {"Location": server.url("/feed.xml")}, b""),
            "/feed.xml": (200, {}, FEED),
            "/to-ftp": (302, {"Location": "ftp://example.org/x"}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
        }
    )
    document = fetch_document(server.url("/old"))
    assert document.content == FEED and document.base == server.url("/feed.xml")
    with pytest.raises(TransportError, match="only http and https"):
        fetch_document(server.url("/to-ftp"))
    with pytest.raises(TransportError, match="more than 5 redirects"):
        fetch_document(server.url("/loop"))


def test_each_redirect_hop_gets_the_address_check(server, settings):
    # The first host is allowed by name; the hop it redirects to must still be checked on its own.
    port = server.server.server_address[1]
    settings.INGEST_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{port}"]
    server.server.routes["/start"] = (302, {"Location": f"http://localhost:{port}/internal"}, b"")
    server.server.routes["/internal"] = (200, {}, b"secret")
    with pytest.raises(TransportError, match="loopback"):
        fetch_document(server.url("/start"))
    assert [path for path, _headers in server.requests] == ["/start"]


def test_size_limits_declared_streamed_and_after_decompression(server, private_allowed, settings):
    settings.INGEST_MAX_DOCUMENT_BYTES = 1000
    bomb = gzip.compress(b"\0" * 5_000_000)
    assert len(bomb) < 10_000
    server.server.routes.update(
        {
            "/declared": (200, {}, b"x" * 2000),
            "/undeclared": (200, {"X-Close-Delimited": "1"}, b"x" * 2000),
            "/bomb": (200, {"Content-Encoding": "gzip"}, bomb),
            "/small-gzip": (200, {"Content-Encoding": "gzip"}, gzip.compress(b"<rss/>")),
        }
    )
    with pytest.raises(TransportError, match="announces 2,000 bytes"):
        fetch_document(server.url("/declared"))
    with pytest.raises(TransportError, match="larger than the 1,000-byte limit"):
        fetch_document(server.url("/undeclared"))
    settings.INGEST_MAX_DOCUMENT_BYTES = 100_000  # the compressed bomb itself fits easily
    with pytest.raises(TransportError, match="larger than the 100,000-byte limit \\(after decompression\\)"):
        fetch_document(server.url("/bomb"))
    assert fetch_document(server.url("/small-gzip")).content == b"<rss/>"


def test_http_errors_and_timeouts(server, private_allowed, settings):
    settings.INGEST_HTTP_TIMEOUT = 0.3

    def slow(handler):
        time.sleep(1.0)
        return 200, {}, FEED

    server.server.routes["/slow"] = (200, {}, slow)
    with pytest.raises(TransportError, match="HTTP 404"):
        fetch_document(server.url("/missing"))
    with pytest.raises(TransportError, match="no answer within 0.3 seconds"):
        fetch_document(server.url("/slow"))


def test_photo_references_resolve_inside_the_documents_folder(tmp_path):
    base = str(tmp_path)
    assert resolve_reference(base, "market 1.jpg") == str(tmp_path / "market 1.jpg")
    assert resolve_reference(base, "file:///./ GYI-web.jpg") == str(tmp_path / "GYI-web.jpg")
    assert resolve_reference(base, "pics/a%20b.jpg") == str(tmp_path / "pics" / "a b.jpg")
    assert resolve_reference(base, "https://cdn.example.org/a.jpg") == "https://cdn.example.org/a.jpg"
    assert resolve_reference("https://wire.example.org/feeds/today.xml", "img/a.jpg") == (
        "https://wire.example.org/feeds/img/a.jpg"
    )
    for hostile, reason in [
        ("../../etc/passwd", "outside the document's folder"),
        ("/etc/passwd", "outside the document's folder"),
        ("file:///etc/passwd", "absolute file: references are refused"),
        ("tag:ansa.it,2017:abc.jpg", "'tag' reference names no file"),
        ("data:image/png;base64,AAAA", "'data' reference"),
        ("", "empty"),
    ]:
        with pytest.raises(TransportError, match=reason):
            resolve_reference(base, hostile)


def test_read_reference_local_and_remote_with_photo_limit(tmp_path, server, settings):
    (tmp_path / "market 1.jpg").write_bytes(b"JPEGDATA")
    document = Document(name=str(tmp_path / "m.xml"), content=b"", base=str(tmp_path))
    assert read_reference(document, "market 1.jpg") == b"JPEGDATA"
    settings.INGEST_MAX_PHOTO_BYTES = 4
    with pytest.raises(TransportError, match="more than the 4-byte limit"):
        read_reference(document, "market 1.jpg")
    settings.INGEST_MAX_PHOTO_BYTES = 1000
    server.server.routes["/img/a.jpg"] = (200, {}, b"REMOTEJPEG")
    remote = Document(name=server.url("/feeds/x.xml"), content=b"", base=server.url("/feeds/x.xml"))
    with pytest.raises(TransportError, match="loopback"):
        read_reference(remote, "/img/a.jpg")
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    assert read_reference(remote, "/img/a.jpg") == b"REMOTEJPEG"


def test_retry_after_is_read_as_seconds_or_a_date_and_capped_at_a_day():
    now = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 01 May 2024 10:05:00 GMT", now=now) == 300
    assert retry_after_seconds("Wed, 01 May 2024 09:00:00 GMT", now=now) is None  # already past
    assert retry_after_seconds("99999999999999999999") == 24 * 3600
    assert retry_after_seconds("0") is None
    assert retry_after_seconds("soon, please") is None
    assert retry_after_seconds("") is None


def test_a_503_carries_its_retry_after_and_a_404_none(settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    server = LocalServer(
        {
            "/busy": (503, {"Retry-After": "45"}, b"maintenance"),
            "/gone": (404, {"Retry-After": "45"}, b"no"),
        }
    )
    try:
        with pytest.raises(TransportError) as busy:
            fetch_document(server.url("/busy"))
        with pytest.raises(TransportError) as gone:
            fetch_document(server.url("/gone"))
    finally:
        server.close()
    assert busy.value.retry_after == 45
    assert "HTTP 503 (Service Unavailable); it asks us to retry after 45 seconds" in busy.value.reason
    assert gone.value.retry_after is None and gone.value.reason == "the server answered HTTP 404 (Not Found)"
