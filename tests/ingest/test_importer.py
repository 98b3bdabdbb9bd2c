"""The importer: agency items onto stories and photos, versions, kills, holds, embargoes and photos."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles import services
from articles.ingest.formats import parse_document
from articles.ingest.importer import Entry, Importer
from articles.ingest.tally import UNCHANGED
from articles.ingest.transports import Document
from articles.ingest.updates import NoAgencyUpdate, StoryContent, differences
from articles.models import (
    AgencyCopy,
    Author,
    Correction,
    FeedMapping,
    IngestedDocument,
    Photo,
    Revision,
    Story,
    StoryPhoto,
)
from tests.builders import make_section
from tests.images import jpeg_bytes, with_iim
from tests.ingest.builders import copy_fixture, newsml_text, run_import, write_document

pytestmark = pytest.mark.django_db


def import_item(folder, wire, world, name="story.xml", **item):
    path = write_document(folder, name, newsml_text(**item))
    tally, reporter = run_import(path, agency=wire, section=world)
    return tally, reporter


def story_of(guid="urn:test:story"):
    return Story.objects.get(source_guid=guid)


# New items -------------------------------------------------------------------------------------------


def test_a_new_item_becomes_a_draft_in_the_incoming_wire_with_byline_dateline_and_tags(tmp_path, world):
    path = copy_fixture("newsml/text-embargoed-update.xml", tmp_path)
    tally, _reporter = run_import(path, section=world)

    assert tally.summary_line() == "created 1, updated 0, unchanged 0, withdrawn 0, failed 0"
    story = story_of("urn:newsml:example.org:20240310:bridge")
    assert story.headline == "Riverford footbridge to reopen after a year of repairs"
    assert story.status == Story.Status.DRAFT and story.first_published_at is None
    assert story.agency.name == "Example Press"  # chosen from the provider, created as none matched
    assert story.source_version == 3
    assert story.dateline == "RIVERFORD"  # the dateline element's place, before ``located``
    assert "<p>Engineers widened the deck by half a metre" in story.body
    assert story.standfirst.startswith("The old iron footbridge reopens on Monday")
    assert [byline.author.name for byline in story.bylines.order_by("position")] == [
        "Clara Wren",
        "Osman Patel",
    ]
    assert sorted(story.tags.names()) == ["bridge", "roadworks"]
    assert story.embargo_until == datetime(2024, 3, 11, 5, 0, tzinfo=ZoneInfo("UTC"))
    assert story.section == world
    assert story.agency_copy.agency_status == AgencyCopy.AgencyStatus.USABLE
    [revision] = Revision.objects.filter(story=story)
    assert revision.created_by is None and "version 3" in revision.note


def test_without_a_person_named_the_agency_is_the_byline(tmp_path, wire, world):
    import_item(tmp_path, wire, world, creators=())
    story = story_of()
    assert story.agency == wire
    assert not story.bylines.exists()


def test_named_people_become_one_author_each_across_stories(tmp_path, wire, world):
    import_item(tmp_path, wire, world, guid="urn:test:one", creators=("Mira Stone", "Jon Park"))
    import_item(tmp_path, wire, world, name="b.xml", guid="urn:test:two", creators=("Mira Stone",))
    assert Author.objects.filter(name="Mira Stone").count() == 1
    assert [b.author.name for b in story_of("urn:test:one").bylines.order_by("position")] == [
        "Mira Stone",
        "Jon Park",
    ]
    assert story_of("urn:test:two").bylines.get().author.slug == "mira-stone"


def test_publish_publishes_new_items_at_once(tmp_path, wire, world):
    path = write_document(tmp_path, "story.xml", newsml_text())
    run_import(path, agency=wire, section=world, publish=True)
    story = story_of()
    assert story.status == Story.Status.PUBLISHED
    assert Story.objects.published().filter(pk=story.pk).exists()


def test_an_embargoed_item_is_never_published_before_its_embargo(tmp_path, wire, world, frozen_now):
    embargo = (timezone.now() + timedelta(hours=6)).replace(microsecond=0)
    path = write_document(tmp_path, "story.xml", newsml_text(embargo=embargo.isoformat()))
    run_import(path, agency=wire, section=world, publish=True)
    story = story_of()
    assert story.status == Story.Status.SCHEDULED
    assert story.publish_at == embargo == story.embargo_until
    assert not Story.objects.published().filter(pk=story.pk).exists()
    # The scheduler publishes it once the embargo has lifted, not a minute before.
    assert (
        not Story.objects.due_for_publishing(at=embargo - timedelta(minutes=1)).filter(pk=story.pk).exists()
    )
    assert Story.objects.due_for_publishing(at=embargo + timedelta(minutes=1)).filter(pk=story.pk).exists()


def test_times_without_a_zone_are_taken_in_the_configured_zone(tmp_path, wire, world):
    path = copy_fixture("nitf/embargoed-no-namespace.xml", tmp_path)
    run_import(path, agency=wire, section=world, default_timezone=ZoneInfo("Europe/Zurich"))
    story = story_of("EX-NITF-0043")
    assert story.embargo_until == datetime(2024, 8, 3, 0, 1, tzinfo=ZoneInfo("Europe/Zurich"))
    assert story.dateline == "Zürich"


def test_withheld_items_are_held_back_even_when_publishing(tmp_path, wire, world):
    path = copy_fixture("ninjs/v2-picture-and-kill.json", tmp_path)
    tally, reporter = run_import(path, agency=wire, section=world, publish=True)
    story = story_of("urn:example:ninjs2:bees")
    assert story.status == Story.Status.DRAFT
    assert story.agency_copy.agency_status == AgencyCopy.AgencyStatus.WITHHELD
    assert any("withheld" in note for note in reporter.notes)
    # The kill in the same document names a story we never had: nothing to withdraw.
    assert not Story.objects.filter(source_guid="urn:example:ninjs2:ferry-strike").exists()


# Identity and versions -----------------------------------------------------------------------------------


def test_the_same_import_twice_creates_nothing_new(tmp_path, wire, world):
    copy_fixture(
        "newsml/message-package.xml", tmp_path, pictures=["market 1.jpg", "market-2.jpg", "sunset.jpg"]
    )
    first, _ = run_import(tmp_path, agency=wire, section=world)
    counts = (Story.objects.count(), Photo.objects.count(), AgencyCopy.objects.count())
    second, _ = run_import(tmp_path, agency=wire, section=world)
    assert first.summary_line() == "created 1, updated 0, unchanged 0, withdrawn 0, failed 0"
    assert second.summary_line() == "created 0, updated 0, unchanged 1, withdrawn 0, failed 0"
    assert (Story.objects.count(), Photo.objects.count(), AgencyCopy.objects.count()) == counts
    assert second.pictures_existing == 1


def test_documents_seen_in_the_same_bytes_are_not_parsed_again_but_changed_ones_are(tmp_path, wire, world):
    path = write_document(tmp_path, "story.xml", newsml_text(version=1))
    run_import(path, agency=wire, section=world)
    assert IngestedDocument.objects.get(name=str(path)).stories == 1
    again, _ = run_import(path, agency=wire, section=world)
    assert again.unchanged == 1
    write_document(tmp_path, "story.xml", newsml_text(version=2, body="<p>Now at eight.</p>"))
    changed, _ = run_import(path, agency=wire, section=world)
    assert changed.updated == 1
    assert "eight" in story_of().body


def test_a_newer_version_updates_an_unedited_story_in_place_as_a_new_revision(tmp_path, wire, world):
    import_item(tmp_path, wire, world, version=1)
    story = story_of()
    services.publish_story(story)  # publishing is not an edit
    tally, _ = import_item(
        tmp_path, wire, world, version=2, body="<p>The first ferry now leaves at eight.</p>"
    )
    story.refresh_from_db()
    assert tally.updated == 1
    assert story.source_version == 2
    assert "eight" in story.body
    assert story.status == Story.Status.PUBLISHED
    assert not story.agency_update_available
    assert Revision.objects.filter(story=story).count() == 2
    assert Story.objects.filter(source_guid="urn:test:story").count() == 1


def test_an_older_version_arriving_late_is_ignored(tmp_path, wire, world):
    import_item(tmp_path, wire, world, version=5, body="<p>Version five.</p>")
    tally, _ = import_item(tmp_path, wire, world, name="old.xml", version=4, body="<p>Version four.</p>")
    assert tally.summary_line() == "created 0, updated 0, unchanged 1, withdrawn 0, failed 0"
    assert "Version five" in story_of().body


def test_staff_edits_are_kept_and_the_agency_update_waits_for_an_editor(
    tmp_path, wire, world, django_user_model
):
    import_item(tmp_path, wire, world, version=1)
    story = story_of()
    story.body = "<p>Our own rewrite of the ferry story.</p>"
    story.save()
    tally, reporter = import_item(
        tmp_path, wire, world, version=2, body="<p>Agency: first ferry at eight.</p>"
    )

    story.refresh_from_db()
    # The story did not change, so the run does not count it as updated: its version waits.
    assert (tally.updated, tally.held) == (0, 1)
    assert (
        tally.summary_line()
        == "created 0, updated 0, unchanged 0, withdrawn 0, failed 0, waiting for an editor 1"
    )
    assert story.body == "<p>Our own rewrite of the ferry story.</p>"
    assert story.agency_update_available
    assert story.source_version == 1
    assert story.agency_copy.pending_version == 2
    assert any("waits for an editor" in note for note in reporter.notes)
    # The same waiting version again changes nothing.
    again, _ = import_item(
        tmp_path, wire, world, name="again.xml", version=2, body="<p>Agency: first ferry at eight.</p>"
    )
    assert again.unchanged == 1

    content = StoryContent.from_json(story.agency_copy.pending)
    changed = {difference.label: difference for difference in differences(story, content)}
    assert set(changed) == {"body"}
    assert changed["body"].changes == [
        ("removed", "Our own rewrite of the"),
        ("added", "Agency: first"),
        ("same", "ferry"),
        ("removed", "story."),
        ("added", "at eight."),
    ]

    editor = django_user_model.objects.create_superuser("desk", "desk@example.org", "pw")
    services.apply_agency_update(story, by=editor)
    story.refresh_from_db()
    assert story.body == "<p>Agency: first ferry at eight.</p>"
    assert not story.agency_update_available and story.source_version == 2
    assert Revision.objects.filter(story=story, created_by=editor).exists()
    with pytest.raises(NoAgencyUpdate):
        services.apply_agency_update(story, by=editor)
    # After applying, the next agency version updates in place again.
    import_item(tmp_path, wire, world, name="v3.xml", version=3, body="<p>Version three.</p>")
    assert "Version three" in story_of().body


def test_a_correction_to_a_published_story_is_printed_with_a_note(tmp_path, wire, world):
    import_item(tmp_path, wire, world, version=1, body="<p>Founded in 1925.</p>")
    services.publish_story(story_of())
    import_item(
        tmp_path,
        wire,
        world,
        version=2,
        body="<p>Founded in 1952.</p>",
        correction=True,
        ednote="Corrects the founding year to 1952.",
    )
    story = story_of()
    assert "1952" in story.body
    assert Correction.objects.get(story=story).note == "Corrects the founding year to 1952."


# Kills and holds ---------------------------------------------------------------------------------------


def test_a_kill_withdraws_a_published_story_keeps_its_text_and_says_why(tmp_path, wire, world):
    import_item(tmp_path, wire, world, version=1)
    services.publish_story(story_of())
    tally, _ = import_item(
        tmp_path,
        wire,
        world,
        name="kill.xml",
        version=2,
        status="canceled",
        ednote="KILL: the timetable was never confirmed.",
    )
    story = story_of()
    assert tally.summary_line() == "created 0, updated 0, unchanged 0, withdrawn 1, failed 0"
    assert story.status == Story.Status.WITHDRAWN
    assert story.withdrawal_reason == "KILL: the timetable was never confirmed."
    assert story.transitions.filter(note__contains="never confirmed").exists()
    assert "first ferry" in story.body
    assert story.agency_copy.agency_status == AgencyCopy.AgencyStatus.CANCELED
    # The kill again is not counted twice.
    again, _ = import_item(tmp_path, wire, world, name="kill2.xml", version=2, status="canceled")
    assert again.unchanged == 1


def test_a_withheld_version_takes_a_published_story_off_and_a_release_brings_it_back(tmp_path, wire, world):
    import_item(tmp_path, wire, world, version=1)
    services.publish_story(story_of())
    tally, _ = import_item(
        tmp_path, wire, world, name="hold.xml", version=2, status="withheld", ednote="Hold for legal."
    )
    story = story_of()
    assert tally.withdrawn == 1
    assert story.status == Story.Status.WITHDRAWN and story.withdrawal_reason == "Hold for legal."
    import_item(tmp_path, wire, world, name="release.xml", version=3)
    assert story_of().status == Story.Status.DRAFT


# Photos ------------------------------------------------------------------------------------------------


def test_pictures_in_a_package_become_lead_and_further_photos_with_feed_words(tmp_path, wire, world):
    copy_fixture(
        "newsml/message-package.xml", tmp_path, pictures=["market 1.jpg", "market-2.jpg", "sunset.jpg"]
    )
    tally, _ = run_import(tmp_path, agency=wire, section=world)
    story = story_of("txt:market")
    lead = story.lead_photo
    assert lead.caption == "Shoppers walk between vegetable stalls in the rebuilt hall."
    assert lead.credit == "Acme News/Ravi Sandoval" and lead.photographer == "Ravi Sandoval"
    assert lead.agency == wire and len(lead.file_hash) == 64 and lead.width == 96
    [further] = StoryPhoto.objects.filter(story=story)
    assert further.photo.caption == "The restored clock above the market entrance."
    # The lone picture went to the photo library, reported on its own.
    assert tally.pictures_added == 1
    assert Photo.objects.get(source_identifier="pic:alone").headline == "Sunset over the mere"
    assert tally.pictures_line() == "photo library: 1 pictures added, 0 already there, 0 failed"


def test_the_same_file_is_stored_once(tmp_path, wire, world):
    first = tmp_path / "one"
    second = tmp_path / "two"
    for folder in (first, second):
        copy_fixture("nitf/namespaced-with-media.xml", folder, pictures=["cottage.jpg"])
    run_import(first, agency=wire, section=world)
    # The same picture with another story (a different agency copy of it).
    (second / "namespaced-with-media.xml").write_text(
        (second / "namespaced-with-media.xml").read_text().replace("EX-NITF-0042", "EX-NITF-0099")
    )
    run_import(second, agency=wire, section=world)
    assert Photo.objects.count() == 1
    assert story_of("EX-NITF-0042").lead_photo == story_of("EX-NITF-0099").lead_photo


def test_embedded_iptc_fills_what_the_feed_leaves_out(tmp_path, wire, world):
    copy_fixture("nitf/namespaced-with-media.xml", tmp_path)
    text = (tmp_path / "namespaced-with-media.xml").read_text()
    text = text.replace("<media-caption>The restored cottage at Skerry Point.</media-caption>", "")
    text = text.replace("<media-producer>Henrik Dahl/Coastline Agency</media-producer>", "")
    (tmp_path / "namespaced-with-media.xml").write_text(text)
    (tmp_path / "cottage.jpg").write_bytes(
        with_iim(
            jpeg_bytes(),
            [
                ((2, 120), b"Whitewashed walls of the keeper's cottage."),
                ((2, 110), b"Coastline Agency"),
                ((2, 80), b"Henrik Dahl"),
            ],
        )
    )
    run_import(tmp_path, agency=wire, section=world)
    photo = story_of("EX-NITF-0042").lead_photo
    assert photo.caption == "Whitewashed walls of the keeper's cottage."
    assert photo.credit == "Coastline Agency" and photo.photographer == "Henrik Dahl"
    assert photo.alt_text == "A white cottage below a lighthouse"  # the feed's own words still win


def test_a_missing_or_broken_picture_fails_alone_and_the_story_imports(tmp_path, wire, world):
    copy_fixture("nitf/namespaced-with-media.xml", tmp_path)
    (tmp_path / "cottage.jpg").write_bytes(b"<html><script>alert(1)</script></html>")
    tally, reporter = run_import(tmp_path, agency=wire, section=world)
    assert tally.created == 1 and tally.failed == 0 and tally.photos_skipped == 1
    assert story_of("EX-NITF-0042").lead_photo is None
    assert any("cottage.jpg" in note and "markup" in note for note in reporter.notes)


# Mapping, sections and failures --------------------------------------------------------------------------


def test_mappings_place_items_in_sections_and_add_tags(tmp_path, wire, world):
    transport = make_section("Transport", slug="transport")
    FeedMapping.objects.create(
        agency=wire, kind="subject", value="20000306", section=transport, tag="Getting around"
    )
    FeedMapping.objects.create(agency=wire, kind="keyword", value="FERRY", tag="Ferries")
    import_item(
        tmp_path, wire, world, subjects=[("medtop:20000306", "transport infrastructure")], keywords=["ferry"]
    )
    story = story_of()
    assert story.section == transport
    assert sorted(story.tags.names()) == ["Ferries", "Getting around", "ferry"]


def test_without_any_section_copy_goes_to_an_inactive_wire_section(tmp_path, wire):
    path = write_document(tmp_path, "story.xml", newsml_text())
    run_import(path, agency=wire)
    section = story_of().section
    assert section.slug == "wire" and not section.is_active


def test_a_bad_item_is_reported_and_skipped_while_the_rest_import(tmp_path, wire, world):
    write_document(tmp_path, "a-good.xml", newsml_text(guid="urn:test:good"))
    write_document(tmp_path, "b-long-id.xml", newsml_text(guid="urn:test:" + "x" * 600))
    copy_fixture("broken/truncated-newsml.xml", tmp_path)
    tally, reporter = run_import(tmp_path, agency=wire, section=world)
    assert tally.summary_line() == "created 1, updated 0, unchanged 0, withdrawn 0, failed 2"
    assert any("b-long-id.xml" in line and "longer than 500" in line for line in reporter.failures)
    assert any("truncated-newsml.xml" in line and "not well-formed" in line for line in reporter.failures)
    assert not IngestedDocument.objects.filter(name__endswith="b-long-id.xml").exists()


def test_a_separately_served_body_is_fetched_relative_to_the_document(tmp_path, wire, world):
    write_document(
        tmp_path,
        "feed.json",
        b'{"data": {"item": {"altids": {"itemid": "ap-1"}, "type": "text", "version": 2,'
        b' "headline": "Harbour council meets", "renditions": {"nitf": {"href": "story.nitf",'
        b' "mimetype": "text/xml", "rel": "Story"}}}}}',
    )
    write_document(
        tmp_path,
        "story.nitf",
        b"<nitf><body><body.head><hedline><hl1>Harbour council meets</hl1></hedline>"
        b"<byline>By Ada Brook</byline></body.head><body.content><p>The council met on Tuesday.</p>"
        b"</body.content></body></nitf>",
    )
    tally, reporter = run_import(tmp_path / "feed.json", agency=wire, section=world)
    assert tally.created == 1, reporter.failures
    story = story_of("ap-1")
    assert story.body == "<p>The council met on Tuesday.</p>"
    assert story.bylines.get().author.name == "Ada Brook"


def test_an_item_imported_meanwhile_by_another_process_is_re_read_not_duplicated(tmp_path, wire, world):
    import_item(tmp_path, wire, world)
    [item] = parse_document(newsml_text())
    importer = Importer(agency=wire, section=world)
    entry = Entry(Document(name="late.xml", content=b"", base=str(tmp_path)), item, agency=wire)
    # As if the chunk's look-up ran before the other process committed: the insert hits the constraint.
    assert importer.import_entry(entry, None) == UNCHANGED
    assert Story.objects.filter(source_guid="urn:test:story").count() == 1


def test_a_dry_run_writes_nothing(tmp_path, world):
    copy_fixture("newsml/message-package.xml", tmp_path)
    tally, _ = run_import(tmp_path, section=world, dry_run=True)
    assert tally.created == 1 and tally.pictures_added == 1
    assert not Story.objects.exists() and not Photo.objects.exists() and not IngestedDocument.objects.exists()


@pytest.mark.slow
def test_a_large_folder_is_imported_in_bounded_memory(tmp_path, world):
    """Documents and items are held a batch at a time: three times the documents, about the same peak."""
    import tracemalloc

    def peak_for(count):
        folder = tmp_path / f"drop-{count}"
        for number in range(count):
            write_document(folder, f"{number:05d}.xml", newsml_text(guid=f"urn:test:{count}:{number}"))
        tracemalloc.start()
        tally, _ = run_import(folder, section=world, dry_run=True)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert tally.created == count
        return peak

    small, large = peak_for(600), peak_for(1800)
    assert large < small * 1.5, (small, large)


def test_a_headline_longer_than_the_column_is_cut_and_the_run_says_so(tmp_path, wire, world):
    path = write_document(tmp_path, "a.xml", newsml_text(headline="Ferry " * 400))

    tally, reporter = run_import(path, agency=wire, section=world)

    assert tally.created == 1
    assert len(Story.objects.get().headline) == 300
    [note] = [note for note in reporter.notes if "headline was cut" in note]
    assert "cut to 300 characters (the agency sent 2,399)" in note
