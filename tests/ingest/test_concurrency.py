"""Two real ``manage.py ingest`` processes importing the same folder at once create nothing twice.

They share the test database (committed data: ``transactional_db``), race for the same stories,
authors, tags and picture, and must end with exactly one of each.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from taggit.models import Tag

from articles.models import Agency, AgencyCopy, Author, Photo, Section, Story
from tests.images import jpeg_bytes
from tests.ingest.builders import newsml_text, write_document
from tests.servers import url_of_the_test_database

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 240
WRITERS = ["Asha Menon", "Ravi Natarajan", "Leela Thomas", "Omar Haddad", "Ines Duarte"]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


NITF_WITH_PICTURE = """<nitf><head><docdata management-status="usable"><doc-id id-string="{guid}"/>
<du-key key="RACE" version="1"/><key-list><keyword key="{keyword}"/></key-list></docdata></head>
<body><body.head><hedline><hl1>{headline}</hl1></hedline><byline>By {writer}</byline></body.head>
<body.content><p>The council met again.</p><media media-type="image">
<media-reference mime-type="image/jpeg" source="shared.jpg"/>
<media-caption>The council chamber.</media-caption>
<media-producer>Race Wire</media-producer></media></body.content></body></nitf>"""


def write_folder(folder):
    for number in range(ITEMS):
        fields = {
            "guid": f"urn:race:{number}",
            "headline": f"Council budget vote {number % 7}",  # repeated headlines: slugs are raced for too
            "writer": WRITERS[number % len(WRITERS)],
            "keyword": f"topic {number % 3}",
        }
        if number % 10 == 0:
            # Every tenth story carries the same picture: one Photo must come out of it.
            body = NITF_WITH_PICTURE.format(**fields).encode()
        else:
            body = newsml_text(
                guid=fields["guid"],
                headline=fields["headline"],
                creators=(fields["writer"],),
                keywords=(fields["keyword"],),
            )
        write_document(folder, f"item-{number:04d}.xml", body)
    (folder / "shared.jpg").write_bytes(jpeg_bytes())


def start(folder, env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(folder), "--agency", "race-wire", "--section", "race"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_imports_at_once_create_every_story_once(tmp_path):
    Agency.objects.create(name="Race Wire", slug="race-wire", credit="RW")
    Section.objects.create(name="Race", slug="race")
    folder = tmp_path / "drop"
    folder.mkdir()
    write_folder(folder)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": url_of_the_test_database(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }

    for round_number in (1, 2):
        processes = [start(folder, env), start(folder, env)]
        results = [(process.wait(timeout=300), *process.communicate()) for process in processes]
        for status, stdout, stderr in results:
            assert status == 0, stdout[-2000:] + stderr[-2000:]
        last_lines = [stdout.strip().splitlines()[-1] for _status, stdout, _stderr in results]
        counts = [dict(part.split(" ") for part in line.split(", ")) for line in last_lines]
        created = sum(int(count["created"]) for count in counts)
        unchanged = sum(int(count["unchanged"]) for count in counts)
        if round_number == 1:
            assert created == ITEMS and created + unchanged == 2 * ITEMS, last_lines
        else:
            assert created == 0 and unchanged == 2 * ITEMS, last_lines

    assert Story.objects.count() == ITEMS
    assert Story.objects.values("source_guid").distinct().count() == ITEMS
    assert Story.objects.values("slug").distinct().count() == ITEMS
    assert AgencyCopy.objects.count() == ITEMS
    assert sorted(Author.objects.values_list("name", flat=True)) == sorted(WRITERS)
    assert sorted(Tag.objects.values_list("name", flat=True)) == [f"topic {n}" for n in range(3)]
    assert Photo.objects.count() == 1
    assert Story.objects.filter(lead_photo__isnull=False).count() == ITEMS // 10
