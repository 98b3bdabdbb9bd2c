"""Faults while importing: a killed database connection, and feed servers that misbehave.

Issue 8's other faults are proven elsewhere: two importers at once in
tests/test_ingest_concurrency.py, two schedulers at once in tests/test_publish_scheduled.py.
"""

import contextlib
import io
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.ingest import importer as importer_module
from articles.ingest.database_lost import DatabaseLost
from articles.models import (
    Agency,
    AgencyCopy,
    AgencyFeed,
    IngestedDocument,
    Revision,
    Section,
    Story,
    StoryAuthor,
)
from tests.ingest.builders import newsml_text, run_import, write_document

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 500
IMPORTER_NAME = "ingest-fault-test"  # the importer's application_name, to find its backend
WRITERS = ["Tova Brandt", "Kofi Mensah", "Ana Ribeiro", "Priya Raman"]
# Headlines repeat (as wire headlines do: "Tide tables for ..."): the first of each goes in with its
# chunk in one transaction, the others one at a time, so a kill can land in either.
HEADLINES = 25


def url_of_the_test_database():
    database = settings.DATABASES["default"]
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{database['NAME']}"


def importer_environment(tmp_path, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": url_of_the_test_database(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
        # libpq reads the application name from here: the test finds the importer's backend by it.
        "PGAPPNAME": IMPORTER_NAME,
        **extra,
    }


def write_wire_folder(folder):
    for number in range(ITEMS):
        write_document(
            folder,
            f"fault-{number:04d}.xml",
            newsml_text(
                guid=f"urn:fault:{number:04d}",
                headline=f"Tide tables for the northern moorings, week {number % HEADLINES}",
                body=(
                    f"<p>Harbour master's note {number}: the spring tides arrive early this week.</p>"
                    "<p>Moorings on the north wall are to be checked twice a day.</p>"
                ),
                creators=(WRITERS[number % len(WRITERS)],),
                keywords=(f"moorings {number % 3}",),
            ),
        )


def start_import(folder, env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(folder), "--agency", "fault-wire"]
        + ["--section", "harbour"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stories_committed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_story")
        return cursor.fetchone()[0]


def terminate_importer():
    """Kill the importer's database session as an operator (or a failover) would; True if one was."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = %s AND pid <> pg_backend_pid()",
            [settings.DATABASES["default"]["NAME"], IMPORTER_NAME],
        )
        return any(killed for (killed,) in cursor.fetchall())


def assert_every_story_whole(expected):
    """``expected`` stories, one per guid, each with its body, byline, agency copy and revision."""
    assert Story.objects.count() == expected
    assert Story.objects.values("source_guid").distinct().count() == expected
    assert Story.objects.values("slug").distinct().count() == expected
    assert not Story.objects.filter(body="").exists()
    assert StoryAuthor.objects.values("story").distinct().count() == expected
    assert AgencyCopy.objects.count() == expected
    assert Revision.objects.values("story").distinct().count() == expected


def assert_remembered_documents_are_whole():
    """An "already imported" record only for a document whose story committed."""
    committed = set(AgencyCopy.objects.values_list("source_name", flat=True))
    remembered = set(IngestedDocument.objects.values_list("name", flat=True))
    assert remembered <= committed, sorted(remembered - committed)[:5]


def finish_with_a_second_run(folder, env, committed_before):
    second = start_import(folder, env)
    stdout, stderr = second.communicate(timeout=300)
    assert second.returncode == 0, stdout[-2000:] + stderr[-2000:]
    counts = dict(part.split(" ") for part in stdout.strip().splitlines()[-1].split(", "))
    assert int(counts["created"]) == ITEMS - committed_before, stdout[-500:]
    assert int(counts["unchanged"]) == committed_before
    assert int(counts["failed"]) == 0
    assert_every_story_whole(ITEMS)
    assert IngestedDocument.objects.count() == ITEMS


@pytest.fixture
def wire_desk():
    Agency.objects.create(name="Fault Wire", slug="fault-wire", credit="FW")
    Section.objects.create(name="Harbour", slug="harbour")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_killed_database_connection_stops_the_import_and_a_rerun_finishes_it(tmp_path, wire_desk):
    folder = tmp_path / "drop"
    write_wire_folder(folder)
    env = importer_environment(tmp_path)

    first = start_import(folder, env)
    killed_at = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first.poll() is None:
        committed = stories_committed()
        # Past the chunk's first transaction and well short of the end: halfway through.
        if HEADLINES < committed < ITEMS - 100 and terminate_importer():
            killed_at = committed
            break
        time.sleep(0.01)
    stdout, stderr = first.communicate(timeout=120)
    assert killed_at is not None, "the import ended before its connection could be killed: " + stdout[-500:]

    assert first.returncode == 1, stdout[-2000:] + stderr[-2000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    lines = stdout.strip().splitlines()
    assert lines[-2].startswith("STOPPED: the database connection was lost"), lines[-3:]
    assert "run the same import again" in lines[-2]
    assert lines[-1].startswith("created "), lines[-1]
    # The run stopped: it did not go on with a new connection and finish quietly.
    committed_before = Story.objects.count()
    assert killed_at <= committed_before < ITEMS
    assert_every_story_whole(committed_before)
    assert_remembered_documents_are_whole()

    finish_with_a_second_run(folder, env, committed_before)


KILL_ONCE_AT = """
CREATE SEQUENCE fault_kill_once;
CREATE FUNCTION fault_kill_mid_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- nextval is not rolled back with the transaction: the kill happens once.
    IF NEW.source_guid = %s AND nextval('fault_kill_once') = 1 THEN
        PERFORM pg_terminate_backend(pg_backend_pid());
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER fault_kill_mid_chunk BEFORE INSERT ON articles_story
    FOR EACH ROW EXECUTE FUNCTION fault_kill_mid_chunk();
"""
REMOVE_KILL = """
DROP TRIGGER IF EXISTS fault_kill_mid_chunk ON articles_story;
DROP FUNCTION IF EXISTS fault_kill_mid_chunk();
DROP SEQUENCE IF EXISTS fault_kill_once;
"""


@pytest.fixture
def kill_at():
    """``kill_at(guid)``: the session writing that item's story is terminated (once) as it does."""

    def arm(guid):
        with connection.cursor() as cursor:
            cursor.execute(KILL_ONCE_AT.replace("%s", "'" + guid.replace("'", "''") + "'"))

    yield arm
    with connection.cursor() as cursor:
        cursor.execute(REMOVE_KILL)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_while_a_chunk_is_written_leaves_none_of_it(tmp_path, wire_desk, kill_at):
    folder = tmp_path / "drop"
    write_wire_folder(folder)
    env = importer_environment(tmp_path)
    # Item 12 is written together with the 24 other first-of-their-headline items of the chunk.
    kill_at("urn:fault:0012")

    first = start_import(folder, env)
    stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 1, stdout[-2000:] + stderr[-2000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    assert stdout.strip().splitlines()[-2].startswith("STOPPED: the database connection was lost")
    # The chunk was one transaction: not one of its stories, bylines or records stays.
    assert Story.objects.count() == 0
    assert StoryAuthor.objects.count() == AgencyCopy.objects.count() == Revision.objects.count() == 0
    assert IngestedDocument.objects.count() == 0

    finish_with_a_second_run(folder, env, 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_documents_of_earlier_chunks_are_remembered_and_the_killed_chunks_are_not(
    tmp_path, wire_desk, kill_at, monkeypatch
):
    """Chunks of 100: two commit whole, the third dies at its 51st item. The rerun passes over the
    remembered documents by their bytes, finds the other committed stories, and creates the rest."""
    monkeypatch.setattr(importer_module, "CHUNK_ITEMS", 100)
    folder = tmp_path / "drop"
    write_wire_folder(folder)
    kill_at("urn:fault:0250")
    agency, section = Agency.objects.get(), Section.objects.get()

    with pytest.raises(DatabaseLost) as stopped:
        run_import(folder, agency=agency, section=section)

    assert "terminating connection due to administrator command" in stopped.value.message()
    assert stopped.value.tally.created == 250
    assert_every_story_whole(250)
    # Documents 0-198 are remembered. The 200th filled the second chunk before it was read to its
    # end, so it is remembered with the third chunk's documents, which died: none of those.
    assert IngestedDocument.objects.count() == 199
    assert_remembered_documents_are_whole()

    tally, reporter = run_import(folder, agency=agency, section=section)
    assert reporter.failures == []
    assert (tally.created, tally.unchanged, tally.failed) == (250, 250, 0)
    assert_every_story_whole(ITEMS)
    assert IngestedDocument.objects.count() == ITEMS


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
    env = importer_environment(tmp_path, INGEST_ALLOW_PRIVATE_URLS="true")

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
