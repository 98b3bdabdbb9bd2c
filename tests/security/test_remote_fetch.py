"""Remote fetching under attack, through ``articles.ingest.transports``: other schemes, internal
addresses in every spelling, redirects into the network, loops, drip-feeding, gzip bombs and lying
Content-Length headers. Every server here is our own, on 127.0.0.1, in a thread.

Already proven in tests/ingest/test_transports.py and not repeated: ftp:/file:/javascript: refused
by ``check_url``, credentials in URLs, the declared/streamed/decompressed size limits with a gzip
bomb, a redirect to ftp:, a redirect loop on one path, per-read timeouts, HTTP errors.
"""

import gzip
import socket
import threading
import time
import zlib

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.items import ParseError
from articles.ingest.transports import TransportError, documents_from, fetch_document, read_reference
from tests.servers import LocalServer

FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
    b"<item><title>Harbour reopens</title><guid>sec-remote-1</guid>"
    b"<description>Boats are back.</description></item></channel></rss>"
)


@pytest.fixture
def server():
    running = LocalServer({"/feed.xml": (200, {}, FEED)})
    yield running
    running.close()


@pytest.fixture
def second_server():
    running = LocalServer({"/feed.xml": (200, {}, b"<internal>secret</internal>")})
    yield running
    running.close()


@pytest.fixture
def connect_attempts(monkeypatch):
    """Every outgoing TCP connection attempted during the test (the socket module, observed)."""
    attempts = []
    real_connect = socket.socket.connect

    def observed(sock, address):
        attempts.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", observed)
    return attempts


def port_of(running):
    return running.server.server_address[1]


class RawServer:
    """A one-purpose TCP server on 127.0.0.1: ``answer(connection)`` writes whatever it likes."""

    def __init__(self, answer):
        self.answer = answer
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.running = True
        self.connections = 0
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while self.running:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self.talk, args=(connection,), daemon=True).start()

    def talk(self, connection):
        with connection:
            try:
                connection.recv(65536)  # the request
                self.answer(connection)
            except OSError:
                pass  # the client hung up, as it should

    def url(self, path="/feed.xml"):
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def raw_server():
    servers = []

    def start(answer):
        servers.append(RawServer(answer))
        return servers[-1]

    yield start
    for running in servers:
        running.close()


@pytest.fixture
def private_allowed(settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = True


# Schemes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://127.0.0.1/feed.xml",
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "dict://127.0.0.1:11211/stats",
        "ldap://127.0.0.1/",
        "jar:http://127.0.0.1/a.jar!/x",
        "data:text/xml,<rss/>",
    ],
)
def test_other_schemes_are_refused_without_a_connection(settings, connect_attempts, url):
    settings.INGEST_ALLOW_PRIVATE_URLS = True  # even when internal hosts are allowed
    with pytest.raises(TransportError, match="only http and https URLs can be fetched"):
        fetch_document(url)
    assert connect_attempts == []


def test_a_file_url_given_as_a_source_is_not_read_as_a_local_path(connect_attempts):
    # "file:" sources are not URLs to fetch; as a path the name simply does not exist.
    with pytest.raises(TransportError, match="no such file or folder"):
        list(documents_from("file:///etc/passwd"))


@pytest.mark.parametrize("scheme", ["gopher", "ftp", "file"])
def test_redirects_to_other_schemes_are_refused(server, private_allowed, connect_attempts, scheme):
    server.server.routes["/hop"] = (302, {"Location": f"{scheme}://127.0.0.1:{port_of(server)}/x"}, b"")
    with pytest.raises(TransportError, match="only http and https"):
        fetch_document(server.url("/hop"))
    assert [path for path, _ in server.requests] == ["/hop"]
    assert len(connect_attempts) == 1


# Internal addresses ------------------------------------------------------------------------------

LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "127.1",
    "0x7f000001",
    "0x7f.1",
    "2130706433",
    "017700000001",
    "0177.0.0.1",
    "127.000.000.001",
    "localhost",
    "LOCALHOST",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[0:0:0:0:0:ffff:7f00:1]",
    "0.0.0.0",
    "0",
    "[::]",
]
OTHER_INTERNAL = [
    ("169.254.169.254", "link-local"),
    ("[::ffff:a9fe:a9fe]", "link-local"),
    ("[fe80::1]", "link-local"),
    ("10.0.0.1", "private network"),
    ("192.168.1.1", "private network"),
    ("172.16.0.1", "private network"),
    ("[fd00::1]", "private network"),
    ("[fec0::1]", "private network"),
    ("100.64.0.1", "not a public internet address"),
    ("224.0.0.1", "not a public internet address"),
    ("[64:ff9b::7f00:1]", "not a public internet address"),
    ("[2002:7f00:1::]", "IPv6 tunnel address wrapping a non-public IPv4 address"),
    ("[2001:0:4136:e378:8000:63bf:80ff:fffe]", "private network|IPv6 tunnel"),  # Teredo
]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_loopback_in_every_spelling_is_refused_without_a_connection(server, connect_attempts, host):
    with pytest.raises(TransportError, match="loopback|not a public internet address") as caught:
        fetch_document(f"http://{host}:{port_of(server)}/feed.xml")
    assert "INGEST_ALLOW_PRIVATE_URLS" in str(caught.value)
    assert connect_attempts == [] and server.requests == []


@pytest.mark.parametrize(("host", "reason"), OTHER_INTERNAL)
def test_private_link_local_and_metadata_addresses_are_refused_without_a_connection(
    connect_attempts, host, reason
):
    with pytest.raises(TransportError, match=reason):
        fetch_document(f"http://{host}/latest/meta-data/iam/security-credentials/")
    assert connect_attempts == []


def test_photos_referenced_by_a_feed_get_the_same_address_check(connect_attempts):
    with pytest.raises(TransportError, match="link-local"):
        read_reference("https://wire.example.org/feeds/today.xml", "http://169.254.169.254/latest/")
    assert connect_attempts == []


def test_an_internal_name_that_does_not_resolve_is_a_clear_error(connect_attempts):
    with pytest.raises(TransportError, match="cannot be resolved"):
        fetch_document("http://metadata.google.internal./computeMetadata/v1/")
    assert connect_attempts == []


def test_the_address_actually_connected_to_is_checked_before_anything_is_sent(
    server, connect_attempts, monkeypatch
):
    # DNS rebinding: the name looked public when checked, and answers with loopback a moment later.
    from articles.ingest import transports

    monkeypatch.setattr(transports, "check_url", lambda url: None)
    with pytest.raises(TransportError, match="answered from 127.0.0.1, a loopback address; nothing was sent"):
        fetch_document(server.url("/feed.xml"))
    time.sleep(0.1)
    assert server.requests == []


# Redirects into the network ----------------------------------------------------------------------


def allow_only(settings, running):
    settings.INGEST_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{port_of(running)}"]


def test_an_allowed_host_is_fetched_and_other_internal_hosts_stay_refused(server, second_server, settings):
    allow_only(settings, server)
    assert fetch_document(server.url("/feed.xml")).content == FEED
    with pytest.raises(TransportError, match="loopback"):
        fetch_document(second_server.url("/feed.xml"))
    assert second_server.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{other}/feed.xml",  # another internal service
        "http://localhost:{own}/feed.xml",  # the same server under a name that is not allowed
        "http://2130706433:{other}/feed.xml",
        "http://[::ffff:127.0.0.1]:{other}/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
    ],
)
def test_an_allowed_host_redirecting_to_a_private_address_is_refused_at_that_hop(
    server, second_server, settings, connect_attempts, target
):
    allow_only(settings, server)
    location = target.format(own=port_of(server), other=port_of(second_server))
    server.server.routes["/moved"] = (302, {"Location": location}, b"")
    with pytest.raises(TransportError, match="loopback|link-local|private network") as caught:
        fetch_document(server.url("/moved"))
    assert caught.value.source == location
    assert [path for path, _ in server.requests] == ["/moved"]
    assert second_server.requests == []
    assert len(connect_attempts) == 1  # only the allowed first hop


def test_a_redirect_to_the_allowed_host_itself_is_followed(server, settings):
    allow_only(settings, server)
    server.server.routes["/moved"] = (301, {"Location": "/feed.xml"}, b"")
    document = fetch_document(server.url("/moved"))
    assert document.content == FEED and document.base == server.url("/feed.xml")


def test_redirect_loops_between_two_addresses_end_with_a_clear_error(server, second_server, private_allowed):
    server.server.routes["/ping"] = (302, {"Location": second_server.url("/pong")}, b"")
    second_server.server.routes["/pong"] = (307, {"Location": server.url("/ping")}, b"")
    started = time.monotonic()
    with pytest.raises(TransportError, match="more than 5 redirects"):
        fetch_document(server.url("/ping"))
    assert time.monotonic() - started < 5
    assert len(server.requests) + len(second_server.requests) == 6


# Slow, huge and lying servers --------------------------------------------------------------------


def drip(connection, *, header_bytes=False):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n"
    if header_bytes:
        for byte in head:
            connection.sendall(bytes([byte]))
            time.sleep(0.3)
    connection.sendall(head)
    for byte in FEED * 100:
        connection.sendall(bytes([byte]))
        time.sleep(0.3)


@pytest.mark.parametrize("where", ["body", "headers"])
def test_a_server_dripping_a_byte_at_a_time_is_cut_off_at_the_total_deadline(
    raw_server, private_allowed, settings, where
):
    # Every read gets a byte well within the per-read timeout; only a total deadline ends it.
    settings.INGEST_HTTP_TIMEOUT = 2
    settings.INGEST_HTTP_DEADLINE = 1.5
    slow = raw_server(lambda connection: drip(connection, header_bytes=where == "headers"))
    started = time.monotonic()
    with pytest.raises(TransportError, match="longer than 1.5 seconds in all \\(INGEST_HTTP_DEADLINE\\)"):
        fetch_document(slow.url())
    assert time.monotonic() - started < 3


def test_the_deadline_covers_the_whole_redirect_chain(server, private_allowed, settings):
    settings.INGEST_HTTP_DEADLINE = 1.0

    def slow_hop(handler):
        time.sleep(0.4)
        return 302, {"Location": "/slow"}, b""

    server.server.routes["/slow"] = (200, {}, slow_hop)
    started = time.monotonic()
    with pytest.raises(TransportError, match="longer than 1 seconds in all"):
        fetch_document(server.url("/slow"))
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compression_bomb_is_stopped_at_the_limit_in_bounded_memory(
    server, private_allowed, settings, encoding
):
    import tracemalloc

    settings.INGEST_MAX_DOCUMENT_BYTES = 1_000_000
    inflated = b"<rss>" + b" " * 200_000_000
    bomb = gzip.compress(inflated, 9) if encoding == "gzip" else zlib.compress(inflated, 9)
    assert len(bomb) < 1_000_000
    server.server.routes["/bomb"] = (200, {"Content-Encoding": encoding}, bomb)
    tracemalloc.start()
    try:
        with pytest.raises(
            TransportError, match="larger than the 1,000,000-byte limit \\(after decompression\\)"
        ):
            fetch_document(server.url("/bomb"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_corrupt_compressed_content_is_a_clear_error(server, private_allowed):
    server.server.routes["/corrupt"] = (200, {"Content-Encoding": "gzip"}, b"\x1f\x8b\x08\x00garbage-bytes")
    with pytest.raises(TransportError, match="compressed content is corrupt"):
        fetch_document(server.url("/corrupt"))


def respond(body, content_length):
    def answer(connection):
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
            + f"Content-Length: {content_length}\r\nConnection: close\r\n\r\n".encode()
            + body
        )

    return answer


def test_a_content_length_longer_than_the_body_is_a_failed_transfer_not_a_short_document(
    raw_server, private_allowed
):
    lying = raw_server(respond(FEED, len(FEED) + 500))
    with pytest.raises(TransportError, match="the request failed: .*(incomplete|peer closed)"):
        fetch_document(lying.url())


def test_a_content_length_shorter_than_the_body_yields_only_what_was_announced(raw_server, private_allowed):
    # HTTP says the body ends where Content-Length says; the rest is never taken as content.
    lying = raw_server(respond(FEED + b"<script>alert(1)</script>" * 100, len(FEED)))
    document = fetch_document(lying.url())
    assert document.content == FEED
    assert parse_document(document.content, name=document.name)[0].guid == "sec-remote-1"

    cut = raw_server(respond(FEED, len(FEED) - 40))
    truncated = fetch_document(cut.url())
    assert truncated.content == FEED[:-40]
    with pytest.raises(ParseError, match="not well-formed XML"):
        parse_document(truncated.content, name=truncated.name)


def test_a_negative_or_absurd_content_length_is_refused(raw_server, private_allowed, settings):
    settings.INGEST_MAX_DOCUMENT_BYTES = 10_000
    for declared in ("-1", "99999999999999999999", "12, 13"):
        lying = raw_server(respond(FEED, declared))
        with pytest.raises(TransportError):
            fetch_document(lying.url())


def test_a_server_that_resets_the_connection_is_a_clear_error(raw_server, private_allowed):
    def reset(connection):
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 9999\r\n\r\n<rss>")

    rude = raw_server(reset)
    with pytest.raises(TransportError, match="the request failed"):
        fetch_document(rude.url())
