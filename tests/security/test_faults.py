"""Faults while importing: a killed database connection (feed servers that misbehave are in
test_feed_server_faults.py).

Issue 8's other faults are proven elsewhere: two importers at once in
tests/test_ingest_concurrency.py, two schedulers at once in tests/test_publish_scheduled.py.
"""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.ingest import importer as importer_module
from articles.ingest.database_lost import DatabaseLost
from articles.models import (
    Agency,
    AgencyCopy,
    IngestedDocument,
    Revision,
    Section,
    Story,
    StoryAuthor,
)
from tests.ingest.builders import newsml_text, run_import, write_document
from tests.servers import command_environment

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 500
IMPORTER_NAME = "ingest-fault-test"  # the importer's application_name, to find its backend
WRITERS = ["Tova Brandt", "Kofi Mensah", "Ana Ribeiro", "Priya Raman"]
# Headlines repeat (as wire headlines do: "Tide tables for ..."): the first of each goes in with its
# chunk in one transaction, the others one at a time, so a kill can land in either.
HEADLINES = 25


def importer_environment(tmp_path, **extra):
    # libpq reads the application name from PGAPPNAME: the test finds the importer's backend by it.
    return command_environment(tmp_path, PGAPPNAME=IMPORTER_NAME, **extra)


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
