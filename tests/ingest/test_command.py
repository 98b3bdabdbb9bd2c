"""``manage.py ingest``: through call_command, and as a real process with its own database."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Agency, Photo, Story
from tests.builders import make_agency, make_section
from tests.ingest.builders import FIXTURES, copy_fixture, ingest, newsml_text, write_document

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = "created {}, updated {}, unchanged {}, withdrawn {}, failed {}"

pytestmark = pytest.mark.django_db


def test_a_clean_import_exits_0_and_ends_with_the_counts(tmp_path, wire, world):
    write_document(tmp_path, "a.xml", newsml_text(guid="urn:test:a"))
    write_document(tmp_path, "b.xml", newsml_text(guid="urn:test:b", headline="Library hours extended"))
    status, lines = ingest(tmp_path, "--agency", wire.slug, "--section", world.slug)
    assert status == 0
    assert lines[-1] == LAST_LINE.format(2, 0, 0, 0, 0)
    status, lines = ingest(tmp_path, "--agency", wire.slug, "--section", world.slug)
    assert (status, lines[-1]) == (0, LAST_LINE.format(0, 0, 2, 0, 0))
    assert Story.objects.count() == 2


def test_failures_are_listed_with_source_guid_and_reason_and_exit_1(tmp_path, world):
    copy_fixture("newsml/message-package.xml", tmp_path, pictures=["market 1.jpg", "market-2.jpg"])
    copy_fixture("broken/truncated.json", tmp_path)
    write_document(tmp_path, "long.xml", newsml_text(guid="urn:test:" + "y" * 600))
    status, lines = ingest(tmp_path, "--section", "world")
    assert status == 1
    assert lines[-1] == LAST_LINE.format(1, 0, 0, 0, 2)
    failed = [line for line in lines if line.startswith("FAILED")]
    assert any("truncated.json" in line and "not valid JSON" in line for line in failed)
    assert any(f"long.xml [urn:test:{'y' * 600}]" in line and "longer than 500" in line for line in failed)
    # The lone picture's file is missing: it fails on its own line, reported before the last line.
    assert any(
        "message-package.xml [pic:alone]" in line and "picture not imported" in line for line in failed
    )
    assert lines[-2] == "photo library: 0 pictures added, 0 already there, 1 failed"
    # Without --agency the command says which agency it chose.
    assert any(line.startswith("agency: created Acme") for line in lines)
    assert Story.objects.get().agency.name.startswith("Acme")


def test_lone_pictures_are_reported_on_their_own_line(tmp_path):
    copy_fixture(
        "newsml/message-package.xml", tmp_path, pictures=["market 1.jpg", "market-2.jpg", "sunset.jpg"]
    )
    status, lines = ingest(tmp_path)
    assert status == 0
    assert lines[-2] == "photo library: 1 pictures added, 0 already there, 0 failed"
    assert Photo.objects.count() == 3


def test_unknown_agency_or_section_lists_the_known_ones():
    make_agency("Coast Wire")
    make_section("Sport", slug="sport")
    with pytest.raises(CommandError, match=r"Unknown agency 'nope'\. Known agency slugs: agency-\d+"):
        call_command("ingest", "x.xml", "--agency", "nope")
    with pytest.raises(CommandError, match=r"Unknown section 'nope'\. Known sections: .*sport"):
        call_command("ingest", "x.xml", "--section", "nope")


def test_a_section_can_be_named_by_its_path():
    nation = make_section("Nation", slug="nation")
    kerala = make_section("Kerala", slug="kerala", parent=nation)
    out = io.StringIO()
    path = ROOT / "tests/fixtures/feeds/nitf/namespaced-with-media.xml"
    call_command("ingest", str(path), "--section", "nation/kerala", stdout=out)
    assert Story.objects.get().section == kerala


def test_dry_run_reports_and_writes_nothing(tmp_path):
    write_document(tmp_path, "a.xml", newsml_text())
    status, lines = ingest(tmp_path, "--dry-run")
    assert status == 0
    assert lines[-2:] == ["dry run: nothing was saved", LAST_LINE.format(1, 0, 0, 0, 0)]
    assert not Story.objects.exists() and not Agency.objects.exists()


def test_publish_publishes(tmp_path, world):
    write_document(tmp_path, "a.xml", newsml_text())
    ingest(tmp_path, "--publish", "--format", "newsml", "--section", world.slug)
    assert Story.objects.published().count() == 1


def test_publish_leaves_copy_no_section_places_as_a_draft_in_the_switched_off_wire_section(tmp_path):
    # Published there, the story's section label would link to a page that answers 404.
    write_document(tmp_path, "a.xml", newsml_text())
    status, lines = ingest(tmp_path, "--publish", "--format", "newsml")
    story = Story.objects.get()
    assert (story.status, story.section.slug, story.section.is_active) == (Story.Status.DRAFT, "wire", False)
    assert any(
        "left as a draft, not published" in line and "“Wire” is switched off" in line for line in lines
    )


def test_a_missing_source_is_a_failure_with_its_reason(tmp_path):
    status, lines = ingest(tmp_path / "nothing-here")
    assert status == 1
    assert "no such file or folder" in lines[-2]
    assert lines[-1] == LAST_LINE.format(0, 0, 0, 0, 1)


def test_the_real_command_in_its_own_process(tmp_path):
    """``python manage.py ingest`` as cron would run it, against a database of its own."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'own.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    folder = tmp_path / "drop"
    write_document(folder, "a.xml", newsml_text(guid="urn:test:a"))
    write_document(folder, "not-a-feed.xml", (FIXTURES / "broken/not-a-feed.html").read_bytes())

    def run():
        return subprocess.run(
            [sys.executable, "manage.py", "ingest", str(folder)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    first = run()
    assert first.returncode == 1, first.stderr
    lines = first.stdout.splitlines()
    assert lines[-1] == LAST_LINE.format(1, 0, 0, 0, 1)
    assert any("not-a-feed.xml" in line and "not a feed: it is a web page" in line for line in lines)
    (folder / "not-a-feed.xml").unlink()
    second = run()
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[-1] == LAST_LINE.format(0, 0, 1, 0, 0)
    # No progress bar noise when stderr is not a terminal.
    assert "documents" not in second.stderr
