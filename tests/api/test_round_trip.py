"""The round trip: what our API sends, our own ``manage.py ingest`` imports into another site's
database unchanged (headline, standfirst, body, byline, dateline, tags, pictures with their captions,
credits and photographers), in ninjs 2.1 and 3.0; and a story we withdraw, the other site takes down.

The other site is another process with a database of its own (an SQLite file): it runs the real
command on the API's answers, saved to a folder as a partner's job would save them, and fetches the
pictures from this site's live server, as it would from ours.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from articles.api.ninjs import story_guid
from articles.ingest.formats import parse_ninjs
from articles.services import withdraw_story
from tests.api.builders import ITEMS, full_story, keyed, make_api_key
from tests.api.shown_story import shown_story
from tests.builders import make_agency, make_author, make_photo, make_section, make_story

ROOT = Path(__file__).resolve().parents[2]
TEXT_BODY = (
    "<p>The harbour board voted on <strong>Tuesday</strong> to cut the winter timetable.</p>"
    "<h2>What changes</h2><ul><li>Four crossings a day</li><li>No <em>night</em> ferry</li></ul>"
    "<blockquote><p>We had no choice.</p></blockquote>"
    '<p>Read the <a href="https://example.org/timetable">full timetable</a>.</p>'
)
# What the other site holds, read in its own process.
DUMP = """
import json
from articles.models import Story
from tests.api.shown_story import shown_story
print(json.dumps([
    {"guid": story.source_guid, "agency": story.agency.slug, "status": story.status, **shown_story(story)}
    for story in Story.objects.select_related("agency").order_by("source_guid", "agency__slug")
]))
"""


class OtherSite:
    """Another installation of this project: its own database and media, the real commands."""

    def __init__(self, folder):
        self.folder = folder
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
            "DATABASE_URL": f"sqlite:///{folder / 'other-site.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            # Our live server is on this machine's loopback address.
            "INGEST_ALLOW_PRIVATE_URLS": "true",
            "PYTHONPATH": str(ROOT),
        }
        self.manage("migrate", "--noinput", "-v", "0")

    def manage(self, *arguments):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def ingest(self, documents, *options):
        drop = self.folder / f"drop-{len(list(self.folder.glob('drop-*')))}"
        drop.mkdir()
        for name, document in documents.items():
            (drop / name).write_text(json.dumps(document), encoding="utf-8")
        return self.manage("ingest", str(drop), *options)

    def stories(self):
        return json.loads(self.manage("shell", "-c", DUMP).strip().splitlines()[-1])


def api_page(client, token, **params):
    response = client.get(ITEMS, params, **keyed(token))
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db(transaction=True)
def test_what_the_api_sends_our_ingest_imports_unchanged(client, live_server, settings, media_root, tmp_path):
    settings.NEWSROOM_SITE_URL = live_server.url  # picture addresses the other site can fetch
    world = make_section("World", slug="world")
    full = full_story(section=world, body=TEXT_BODY)
    agency = make_agency("Northern Wire Service", credit="NWS")
    wire = make_story(
        section=world,
        headline="Storm closes the northern pier",
        standfirst="Gusts of 90 km/h were measured overnight.",
        body="<p>The pier will stay shut until Friday.</p><p>Ferries leave from the south quay.</p>",
        agency=agency,
        dateline="Northport",
        lead_photo=make_photo(size=(900, 600), caption="Waves over the pier.", credit="", agency=agency),
        tags=["Weather"],
    )
    plain = make_story(
        section=world,
        headline="Library opens on Sundays",
        body="<p>From next month the library opens on Sundays.</p>",
        authors=[make_author("Ana Lima")],
    )
    _key, token = make_api_key()
    two, three = api_page(client, token), api_page(client, token, version="3")
    assert len(two["items"]) == len(three["items"]) == 3

    other = OtherSite(tmp_path)
    # Filed in a section of its own: copy nothing places goes to the switched-off "Wire", unpublished.
    make_ledger = "from articles.models import Section; Section.objects.create(name='Ledger', slug='ledger')"
    other.manage("shell", "-c", make_ledger)
    first = other.ingest({"page-1.json": two}, "--publish", "--section", "ledger")
    assert first.splitlines()[-1] == "created 3, updated 0, unchanged 0, withdrawn 0, failed 0", first
    other.manage(
        "shell", "-c", "from articles.models import Agency; Agency.objects.create(name='L3', slug='ledger-3')"
    )
    other.ingest({"page-1.json": three}, "--publish", "--agency", "ledger-3", "--section", "ledger")

    held = other.stories()
    assert len(held) == 6
    ours = {story.pk: shown_story(story) for story in (full, wire, plain)}
    for story in held:
        story_id = int(story["guid"].rsplit(":", 1)[1])
        expected = ours[story_id]
        assert {name: story[name] for name in expected} == expected, story["guid"]
        assert story["status"] == "published"
    # Each item's holder picks its agency there (the agency's own copy stays the agency's); the 3.0
    # run was told to file everything under one.
    guids = {story.pk: story_guid(story.pk) for story in (full, wire, plain)}
    assert sorted((story["agency"], story["guid"]) for story in held) == sorted(
        [("ledger-3", guid) for guid in guids.values()]
        + [("the-daily-ledger", guids[full.pk]), ("northern-wire-service", guids[wire.pk])]
        + [("the-daily-ledger", guids[plain.pk])]
    )

    # Asked again, nothing has changed; once we withdraw a story, the other site takes it down.
    since = timezone.now()
    assert other.ingest({"page-1.json": two}).splitlines()[-1].startswith("created 0, updated 0, unchanged 3")
    with time_machine.travel(since + timedelta(seconds=2)):
        withdraw_story(plain, by=None, reason="Wrong day.")
    with time_machine.travel(since + timedelta(seconds=3)):
        changes = api_page(client, token, updated_since=since.isoformat())
    assert [item["pubstatus"] for item in changes["items"]] == ["canceled"]
    taken_down = other.ingest({"changes.json": changes})
    assert taken_down.splitlines()[-1] == "created 0, updated 0, unchanged 0, withdrawn 1, failed 0", (
        taken_down
    )
    withdrawn = [
        (story["agency"], story["guid"]) for story in other.stories() if story["status"] != "published"
    ]
    assert withdrawn == [("the-daily-ledger", guids[plain.pk])]


def test_a_subject_marked_as_keyword_is_a_keyword():
    document = {
        "uri": "urn:newsroom:example.org:story:7",
        "headlines": [{"role": "main", "value": "Ferries"}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Text.</p>"}],
        "subjects": [
            {"name": "World", "rel": "section", "literal": "section:world"},
            {"name": "Ferries", "rel": "keyword", "literal": "tag:ferries"},
            {"name": "Harbours", "rel": "about"},
        ],
    }
    [item] = parse_ninjs(json.dumps(document).encode())
    assert item.keywords == ["Ferries"]
    assert [subject.name for subject in item.subjects] == ["World", "Ferries", "Harbours"]
