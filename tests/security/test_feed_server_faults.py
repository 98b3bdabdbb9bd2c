"""Faults while importing, part two: feed servers that misbehave (resets, stalls, garbage after good
items) fail their own feeds only, and a document that crashes its parser costs only itself."""

import contextlib
import io
import socket
import struct
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.ingest import importer as importer_module
from articles.models import (
    Agency,
    AgencyCopy,
    AgencyFeed,
    IngestedDocument,
    Revision,
    Section,
    Story,
)
from tests.ingest.builders import newsml_text, write_document
from tests.servers import command_environment

ROOT = Path(__file__).resolve().parents[2]


# Feed servers that misbehave -------------------------------------------------------------------------

RSS_ITEM = """<item><guid isPermaLink="false">urn:faulty-feeds:{number}</guid>
<title>Lighthouse keeper's log, entry {number}</title>
<description>&lt;p&gt;The lamp was lit at dusk on day {number}; the fog signal sounded twice.&lt;/p&gt;
</description>
<pubDate>Wed, 01 May 2024 0{number}:00:00 +0000</pubDate></item>"""


def rss_feed(numbers):
    items = "".join(RSS_ITEM.format(number=number) for number in numbers)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Coast Wire</title>'
        f"<link>https://coast.example/</link><description>Coastal notes</description>{items}"
        "</channel></rss>"
    ).encode()


LOGIN_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><title>Sign in - Coast Wire</title></head>
<body><form method="post" action="/login"><label>User <input name="user"></label>
<label>Password <input type="password" name="password"></label><button>Sign in</button>
</form></body></html>"""
# Complete items first, then bytes that are no XML at all: nothing of the document may be imported.
GARBAGE = rss_feed([7, 8])[:-30] + bytes(range(256)) * 4


def reset(handler):
    """Drop the connection with a TCP reset (RST), not an orderly end (FIN)."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.wfile.flush()
    handler.rfile.close()
    handler.wfile.close()
    handler.connection.close()  # the last reference: closed at once, with the linger of 0
    handler.close_connection = True


class MisbehavingFeeds(BaseHTTPRequestHandler):
    """One path per misbehaviour of a real agency server, and one healthy feed."""

    def handle_one_request(self):
        with contextlib.suppress(ValueError):  # a connection reset on purpose has no file to flush
            super().handle_one_request()

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.requests.append((self.path, dict(self.headers)))
        if self.path == "/healthy.rss":
            self.answer(200, rss_feed([1, 2, 3]), {"Content-Type": "application/rss+xml"})
        elif self.path == "/error.rss":
            self.answer(500, b"<h1>Internal Server Error</h1>", {"Content-Type": "text/html"})
        elif self.path == "/busy.rss":
            self.answer(503, b"Down for maintenance", {"Retry-After": "900"})
        elif self.path == "/login.rss":
            self.answer(200, LOGIN_PAGE, {"Content-Type": "text/html; charset=utf-8"})
        elif self.path == "/garbage.rss":
            self.answer(200, GARBAGE, {"Content-Type": "application/rss+xml"})
        elif self.path == "/reset-at-once.rss":
            reset(self)
        elif self.path == "/reset-midway.rss":
            whole = rss_feed([4, 5, 6])
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(whole)))
            self.end_headers()
            self.wfile.write(whole[: len(whole) * 2 // 3])  # two whole items, then the line drops
            self.wfile.flush()
            reset(self)
        elif self.path == "/unchanged.rss":
            if self.headers.get("If-None-Match") == '"v7"':
                self.answer(304, b"", {"ETag": '"v7"'})
            else:
                self.answer(200, rss_feed([9]), {"ETag": '"v7"'})
        else:
            self.answer(404, b"missing", {})

    def answer(self, status, body, headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def misbehaving_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), MisbehavingFeeds)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


FEEDS = ["healthy", "error", "busy", "login", "garbage", "reset-at-once", "reset-midway", "unchanged"]


def coast_feeds(server):
    agency = Agency.objects.create(name="Coast Wire", slug="coast-wire", credit="CW")
    section = Section.objects.create(name="Coast", slug="coast")
    port = server.server_address[1]
    for name in FEEDS:
        AgencyFeed.objects.create(
            name=name,
            agency=agency,
            section=section,
            source=f"http://127.0.0.1:{port}/{name}.rss",
            poll_interval=1,
            **(
                {"etag": '"v7"', "last_modified": "Wed, 01 May 2024 10:00:00 GMT"}
                if name == "unchanged"
                else {}
            ),
        )


def assert_feed_outcomes(started, output_lines):
    feeds = {feed.name: feed for feed in AgencyFeed.objects.all()}
    # The healthy feed imported, whatever the others did.
    assert feeds["healthy"].last_error == ""
    assert feeds["healthy"].last_result == "created 3, updated 0, unchanged 0, withdrawn 0, failed 0"
    assert sorted(Story.objects.values_list("source_guid", flat=True)) == [
        "urn:faulty-feeds:1",
        "urn:faulty-feeds:2",
        "urn:faulty-feeds:3",
    ]
    assert AgencyCopy.objects.count() == Revision.objects.values("story").distinct().count() == 3
    # Each failing feed is marked failing, with a reason someone can act on.
    reasons = {
        "error": "the server answered HTTP 500",
        "busy": "the server answered HTTP 503",
        "login": "not a feed: it is a web page (HTML)",
        "garbage": "not well-formed XML",
        "reset-at-once": "the request failed: the connection was reset",
        "reset-midway": "the request failed: the connection was reset",
    }
    for name, reason in reasons.items():
        feed = feeds[name]
        assert feed.last_run_failed, name
        assert reason in feed.last_error, (name, feed.last_error)
        assert feed.last_result.endswith("failed 1"), (name, feed.last_result)
        assert f"feed {name}: created 0, updated 0, unchanged 0, withdrawn 0, failed 1" in output_lines
    # 503 with Retry-After: 900 is asked again no sooner than that (the poll interval is a minute).
    assert "retry after 900 seconds" in feeds["busy"].last_error
    assert feeds["busy"].next_due_at >= started + timedelta(seconds=900)
    assert feeds["error"].next_due_at < started + timedelta(minutes=2)
    # 304 is no failure: nothing changed, and the validators stay for the next request.
    unchanged = feeds["unchanged"]
    assert unchanged.last_error == ""
    assert unchanged.last_result.startswith("not modified since the last fetch")
    assert (unchanged.etag, unchanged.last_modified) == ('"v7"', "Wed, 01 May 2024 10:00:00 GMT")
    assert output_lines[-1] == "created 3, updated 0, unchanged 0, withdrawn 0, failed 6"


@pytest.mark.django_db
def test_misbehaving_feed_servers_fail_their_own_feeds_only(misbehaving_server, settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    coast_feeds(misbehaving_server)
    started = timezone.now()
    out = io.StringIO()

    with pytest.raises(SystemExit) as exit_status:
        call_command("ingest", "--feeds", stdout=out)

    assert exit_status.value.code == 1
    assert_feed_outcomes(started, out.getvalue().splitlines())
    conditional = [headers for path, headers in misbehaving_server.requests if path == "/unchanged.rss"]
    assert conditional[-1].get("If-None-Match") == '"v7"'


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_misbehaving_feed_servers_through_the_real_command(misbehaving_server, tmp_path):
    coast_feeds(misbehaving_server)
    started = timezone.now()
    env = command_environment(tmp_path, INGEST_ALLOW_PRIVATE_URLS="true")

    run = subprocess.run(
        [sys.executable, "manage.py", "ingest", "--feeds"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert_feed_outcomes(started, run.stdout.splitlines())


@pytest.mark.django_db
def test_a_document_that_crashes_its_parser_costs_only_itself(tmp_path, monkeypatch):
    """A parser's own bug (not a refusal with a reason) on one document: that document fails with
    what happened, the rest of its folder and every other feed still import, the exit status is 1."""
    real_parse = importer_module.parse_document

    def parse_with_a_bug(raw, *, name="", **options):
        if "poisoned" in name:
            raise KeyError("channel")
        return real_parse(raw, name=name, **options)

    monkeypatch.setattr(importer_module, "parse_document", parse_with_a_bug)
    agency = Agency.objects.create(name="Coast Wire", slug="coast-wire", credit="CW")
    for folder, names in {"mixed": ["a.xml", "poisoned.xml", "z.xml"], "clean": ["b.xml"]}.items():
        for name in names:
            write_document(tmp_path / folder, name, newsml_text(guid=f"urn:coast:{folder}:{name}"))
        AgencyFeed.objects.create(name=folder, agency=agency, source=str(tmp_path / folder))
    out = io.StringIO()

    with pytest.raises(SystemExit) as exit_status:
        call_command("ingest", "--feeds", stdout=out)

    assert exit_status.value.code == 1
    assert sorted(Story.objects.values_list("source_guid", flat=True)) == [
        "urn:coast:clean:b.xml",
        "urn:coast:mixed:a.xml",
        "urn:coast:mixed:z.xml",
    ]
    mixed = AgencyFeed.objects.get(name="mixed")
    assert "poisoned.xml: the document could not be read: unexpected error (KeyError: 'channel')" in (
        mixed.last_error
    )
    assert AgencyFeed.objects.get(name="clean").last_error == ""
    assert not IngestedDocument.objects.filter(name__endswith="poisoned.xml").exists()
    assert out.getvalue().splitlines()[-1] == "created 3, updated 0, unchanged 0, withdrawn 0, failed 1"
