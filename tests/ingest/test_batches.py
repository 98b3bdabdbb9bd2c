"""New agency items are created a chunk at a time, in a few statements, exactly as one at a time would
create them; a chunk that fails is written again item by item, so a bad item costs only itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.ingest.importer import Importer
from articles.ingest.runs import import_source
from articles.ingest.shaping import ItemFailed
from articles.ingest.tally import CollectingReporter
from articles.models import AgencyCopy, Author, Revision, Story, StoryAuthor
from tests.ingest.builders import newsml_text, run_import, write_document

pytestmark = pytest.mark.django_db
WRITERS = ["Mira Stone", "Tomas Lund", "Aiko Brandt"]


def write_items(folder, count, *, start=0):
    for number in range(start, start + count):
        write_document(
            folder,
            f"item-{number:04d}.xml",
            newsml_text(
                guid=f"urn:test:batch:{number}",
                headline=f"Harbour ferry timetable changes, part {number}",
                creators=(WRITERS[number % 3],),
                keywords=("ferries", f"route {number % 4}"),
            ),
        )
    return folder


def import_with(importer_class, folder, **options):
    reporter = CollectingReporter(limit=1000)
    importer = importer_class(reporter=reporter, **options)
    import_source(importer, folder)
    return importer.finish(), reporter


def queries_to_import(folder, wire, world):
    with CaptureQueriesContext(connection) as queries:
        tally, _ = run_import(folder, agency=wire, section=world)
    return tally, len(queries)


def test_a_chunk_of_new_items_costs_the_same_statements_for_20_items_as_for_60(tmp_path, wire, world):
    # Warm-up: the writers and tags exist, so both runs below only create stories.
    write_items(tmp_path / "warm", 6)
    run_import(tmp_path / "warm", agency=wire, section=world)

    few_tally, few = queries_to_import(write_items(tmp_path / "few", 20, start=100), wire, world)
    many_tally, many = queries_to_import(write_items(tmp_path / "many", 60, start=200), wire, world)

    assert (few_tally.created, many_tally.created) == (20, 60)
    # SQLite caps a statement's parameters, so its inserts of 60 rows may take a second statement.
    assert many - few <= 3
    assert many < 30  # one at a time this was about ten statements per item


def test_stories_made_in_a_chunk_carry_everything_one_at_a_time_gives_them(tmp_path, wire, world):
    write_items(tmp_path, 5)
    tally, _ = run_import(tmp_path, agency=wire, section=world)

    assert tally.summary_line() == "created 5, updated 0, unchanged 0, withdrawn 0, failed 0"
    for story in Story.objects.filter(source_guid__startswith="urn:test:batch:"):
        number = int(story.source_guid.rsplit(":", 1)[-1])
        assert story.slug == f"harbour-ferry-timetable-changes-part-{number}"
        assert story.status == Story.Status.DRAFT and story.section == world and story.agency == wire
        assert story.dateline == "Harbourtown" and story.source_version == 1
        assert [byline.author.name for byline in story.bylines.all()] == [WRITERS[number % 3]]
        assert sorted(story.tags.names()) == sorted(["ferries", f"route {number % 4}"])
        copy = story.agency_copy
        assert copy.agency_status == AgencyCopy.AgencyStatus.USABLE and len(copy.item_fingerprint) == 64
        # The revision written without reading back is the one record_revision would have kept.
        [revision] = Revision.objects.filter(story=story)
        assert revision.snapshot == Revision.snapshot_of(story)
        assert revision.note == "Agency copy from Test Wire, version 1."
    # And the importer recognises what it wrote as its own (no staff edit): a new version applies.
    write_document(
        tmp_path,
        "item-0001.xml",
        newsml_text(guid="urn:test:batch:1", version=2, headline="Ferry timetable fixed", creators=()),
    )
    again, _ = run_import(tmp_path, agency=wire, section=world)
    assert (again.updated, again.unchanged) == (1, 4)
    assert Story.objects.get(source_guid="urn:test:batch:1").headline == "Ferry timetable fixed"


class OneBadItem(Importer):
    """An importer for which one item cannot be turned into a story (whichever path it takes)."""

    def new_story(self, entry, *args, **kwargs):
        if entry.item.guid == "urn:test:batch:3":
            raise ItemFailed("the agency's text could not be read")
        return super().new_story(entry, *args, **kwargs)


def test_a_bad_item_in_a_chunk_costs_only_itself(tmp_path, wire, world):
    write_items(tmp_path, 8)

    tally, reporter = import_with(OneBadItem, tmp_path, agency=wire, section=world)

    assert tally.summary_line() == "created 7, updated 0, unchanged 0, withdrawn 0, failed 1"
    [failure] = reporter.failures
    assert failure.endswith("item-0003.xml [urn:test:batch:3]: the agency's text could not be read")
    assert not Story.objects.filter(source_guid="urn:test:batch:3").exists()
    assert Story.objects.filter(source_guid__startswith="urn:test:batch:").count() == 7
    assert Revision.objects.count() == AgencyCopy.objects.count() == 7


class BlindToOthers(Importer):
    """Misses the existing stories in its read for a whole chunk, as when another import created them
    between that read and our write (a single item's read after a conflict sees them)."""

    def read_known(self, entries):
        return {} if len(entries) > 1 else super().read_known(entries)


def test_a_chunk_racing_another_import_falls_back_and_creates_nothing_twice(tmp_path, wire, world):
    write_items(tmp_path / "first", 2)
    run_import(tmp_path / "first", agency=wire, section=world)
    # The same two items again among new ones, with writers and tags nobody has created yet.
    write_items(tmp_path / "second", 6)
    for number in range(6):
        path = tmp_path / "second" / f"item-{number:04d}.xml"
        renamed = path.read_bytes().replace(b"Mira Stone", b"Nadia Berg").replace(b"ferries", b"ports")
        path.write_bytes(renamed)

    tally, reporter = import_with(BlindToOthers, tmp_path / "second", agency=wire, section=world)

    # The chunk's insert hit the unique (agency, guid) constraint and was rolled back whole; one at
    # a time, the two known items were found already there and the four new ones created.
    assert tally.summary_line() == "created 4, updated 0, unchanged 2, withdrawn 0, failed 0"
    assert Story.objects.filter(source_guid__startswith="urn:test:batch:").count() == 6
    assert Story.objects.filter(source_guid="urn:test:batch:0").count() == 1
    # Writers and tags created in the rolled-back chunk were not remembered: they exist once each.
    assert Author.objects.filter(name="Nadia Berg").count() == 1
    assert Tag.objects.filter(name="ports").count() == 1
    assert StoryAuthor.objects.filter(author__name="Nadia Berg").count() == 1  # item 3; item 0 was there
