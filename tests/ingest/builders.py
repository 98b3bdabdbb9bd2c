"""Builders for ingest tests: our fixture documents, small generated NewsML items, an import run."""

import io
import shutil
from pathlib import Path

from django.core.management import call_command

from articles.ingest.importer import Importer
from articles.ingest.runs import import_source
from articles.ingest.tally import CollectingReporter
from tests.images import jpeg_bytes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


def fixture_bytes(relative):
    return (FIXTURES / relative).read_bytes()


def copy_fixture(relative, folder, *, pictures=()):
    """Copy one fixture document into ``folder`` with generated JPEGs named ``pictures``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(relative).name
    shutil.copyfile(FIXTURES / relative, target)
    for number, name in enumerate(pictures):
        (folder / name).write_bytes(jpeg_bytes(size=(96, 64), color=(40 * number % 256, 120, 200 - number)))
    return target


def run_import(source, **options):
    """Import ``source`` (file, folder or URL) with a collecting reporter; returns (tally, reporter)."""
    reporter = CollectingReporter(limit=1000)
    importer = Importer(reporter=reporter, **options)
    import_source(importer, source)
    return importer.finish(), reporter


NEWSML_TEXT = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="{version}" standard="NewsML-G2">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="Test Wire"/>
    <versionCreated>2024-05-01T10:00:00Z</versionCreated>
    <pubStatus qcode="stat:{status}"/>
    {signals}
    {ednote}
    {embargo}
  </itemMeta>
  <contentMeta>
    <located><name>{city}</name></located>
    {creators}
    {subjects}
    {keywords}
    {genre}
    <headline>{headline}</headline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def newsml_text(
    *,
    guid="urn:test:story",
    version=1,
    headline="Ferry timetable changes for the winter",
    body="<p>The first ferry will leave at seven.</p>",
    status="usable",
    city="Harbourtown",
    creators=("Mira Stone",),
    subjects=(),
    keywords=(),
    correction=False,
    ednote="",
    embargo="",
    genre="",
):
    """One original NewsML-G2 text item as bytes, with what a test cares about overridden (``genre``:
    a qcode such as ``genre:Opinion``)."""
    return NEWSML_TEXT.format(
        guid=guid,
        version=version,
        headline=headline,
        body=body,
        status=status,
        city=city,
        creators="".join(f"<creator><name>{name}</name></creator>" for name in creators),
        subjects="".join(f'<subject qcode="{code}"><name>{name}</name></subject>' for code, name in subjects),
        keywords="".join(f"<keyword>{word}</keyword>" for word in keywords),
        signals='<signal qcode="sig:correction"/>' if correction else "",
        ednote=f"<edNote>{ednote}</edNote>" if ednote else "",
        embargo=f"<embargoed>{embargo}</embargoed>" if embargo else "",
        genre=f'<genre qcode="{genre}"/>' if genre else "",
    ).encode()


def write_document(folder, name, content):
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def ingest(*args):
    """``manage.py ingest`` with ``args``: (exit status, its output's lines)."""
    out = io.StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return exit_.code, out.getvalue().splitlines()
    return 0, out.getvalue().splitlines()
