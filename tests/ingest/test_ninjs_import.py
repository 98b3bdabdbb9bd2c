"""ninjs 1.x, 2.x and 3.x through the importer and ``manage.py ingest``: a kill in any version
withdraws the published story from readers, a held version takes it off, a guessed body is
reported in the run's output and an item without a body fails with the reason."""

import json

import pytest

from articles import services
from articles.models import AgencyCopy, Story
from tests.ingest.builders import FIXTURES, copy_fixture, ingest, run_import, write_document

pytestmark = pytest.mark.django_db

# (published version, kill, the story's guid, its picture files, the kill's editorial note)
VERSIONS = {
    "1.x": (
        "ninjs/v1-lighthouse.json",
        "ninjs/v1-lighthouse-kill.json",
        "urn:example:ninjs1:lighthouse",
        ["lighthouse.jpg", "lighthouse-small.jpg"],
        "KILL: the opening has been postponed; do not use.",
    ),
    "2.x": (
        "ninjs/v2-allotments.json",
        "ninjs/v2-allotments-kill.json",
        "urn:example:ninjs2:allotments",
        ["allotments.jpg", "allotments-preview.jpg"],
        "Withdrawn: the council figures were provisional.",
    ),
    "3.x": (
        "ninjs/v3-night-train.json",
        "ninjs/v3-night-train-kill.json",
        "urn:example:ninjs3:night-train",
        ["night-train.jpg", "night-train-thumb.jpg"],
        "KILL: the operator has not confirmed the timetable.",
    ),
}


def byline_of(story):
    return [byline.author.name for byline in story.bylines.order_by("position")]


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_a_kill_in_every_ninjs_version_withdraws_the_published_story_from_readers(
    version, tmp_path, wire, world, media_root, client
):
    published, kill, guid, pictures, note = VERSIONS[version]
    path = copy_fixture(published, tmp_path / "v1", pictures=pictures)
    tally, reporter = run_import(path, agency=wire, section=world)
    assert tally.created == 1, reporter.failures
    story = Story.objects.get(source_guid=guid)
    assert story.body.startswith("<p>") and story.standfirst not in story.body
    assert story.lead_photo is not None
    services.publish_story(story)
    address = story.get_absolute_url()
    assert client.get(address).status_code == 200

    tally, reporter = run_import(copy_fixture(kill, tmp_path / "v2"), agency=wire, section=world)

    assert tally.summary_line() == "created 0, updated 0, unchanged 0, withdrawn 1, failed 0"
    story.refresh_from_db()
    assert story.status == Story.Status.WITHDRAWN
    assert story.withdrawal_reason == note
    assert story.source_version == 2
    assert story.agency_copy.agency_status == AgencyCopy.AgencyStatus.CANCELED
    assert not Story.objects.published().filter(pk=story.pk).exists()
    assert client.get(address).status_code == 410
    assert any("killed by the agency" in line for line in reporter.notes)


def test_ninjs3_story_lands_with_every_person_its_dateline_picture_and_copy(
    tmp_path, wire, world, media_root
):
    published, _kill, guid, pictures, _note = VERSIONS["3.x"]
    run_import(copy_fixture(published, tmp_path, pictures=pictures), agency=wire, section=world)
    story = Story.objects.get(source_guid=guid)
    assert story.headline == "Night trains return to the valley line"
    assert byline_of(story) == ["Sofia Marin", "Jonas Eklund"]
    assert story.dateline == "Millford"
    assert story.standfirst == "The sleeper service runs three nights a week from March."
    assert (
        story.body == "<p>The first sleeper leaves Millford at 22:10 on 3 March.</p><p>Cabins sleep two.</p>"
    )
    assert story.lead_photo.caption == "A sleeper carriage at Millford depot."
    assert story.lead_photo.credit == "Lukas Brandt/Valley Wire"
    assert story.source_version == 1 and story.status == Story.Status.DRAFT


def test_a_ninjs3_hold_takes_the_story_off_and_a_usable_version_brings_it_back(tmp_path, wire, world, client):
    document = json.loads((FIXTURES / "ninjs/v3-night-train.json").read_bytes())
    del document["associations"]
    write_document(tmp_path, "v1.json", json.dumps(document).encode())
    run_import(tmp_path / "v1.json", agency=wire, section=world)
    story = Story.objects.get(source_guid="urn:example:ninjs3:night-train")
    services.publish_story(story)

    held = dict(document, version="2", pubStatus="withheld", edNote="HOLD: timetable under review.")
    write_document(tmp_path, "v2.json", json.dumps(held).encode())
    tally, _ = run_import(tmp_path / "v2.json", agency=wire, section=world)
    story.refresh_from_db()
    assert tally.withdrawn == 1
    assert (
        story.status == Story.Status.WITHDRAWN and story.withdrawal_reason == "HOLD: timetable under review."
    )
    assert client.get(story.get_absolute_url()).status_code == 410

    released = dict(document, version="3", pubStatus="usable")
    write_document(tmp_path, "v3.json", json.dumps(released).encode())
    run_import(tmp_path / "v3.json", agency=wire, section=world)
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT  # back to the desk, not to readers


def test_a_guessed_body_is_a_warning_and_no_body_a_failure_in_the_reporter(tmp_path, wire, world):
    path = copy_fixture("ninjs/v2-body-roles.json", tmp_path)
    tally, reporter = run_import(path, agency=wire, section=world)
    assert tally.summary_line() == "created 2, updated 0, unchanged 0, withdrawn 0, failed 2"
    assert [note for note in reporter.notes if note.startswith("WARNING")] == [
        f"WARNING {path} [urn:example:ninjs2:roles-guessed]: body chosen by guess: no body has a known "
        "role for the story's text, so the body with role “nordwire-web” (HTML) was taken"
    ]
    assert any(
        "[urn:example:ninjs2:roles-teaser-only]: the text item has no body: the body with role “teaser”"
        in line
        for line in reporter.failures
    )
    guessed = Story.objects.get(source_guid="urn:example:ninjs2:roles-guessed")
    assert guessed.body.startswith("<p>The ferry company will not raise fares before April.</p>")


@pytest.mark.parametrize("verbosity", ["0", "1"])
def test_the_ingest_command_prints_the_guess_and_the_missing_body(tmp_path, wire, world, verbosity):
    path = copy_fixture("ninjs/v3-body-roles.json", tmp_path)
    status, lines = ingest(path, "--agency", wire.slug, "--section", world.slug, "--verbosity", verbosity)
    assert status == 1
    assert lines[-1] == "created 4, updated 0, unchanged 0, withdrawn 0, failed 1"
    warnings = [line for line in lines if line.startswith("WARNING")]
    assert [line.split("]: ", 1)[0] for line in warnings] == [
        f"WARNING {path} [urn:example:ninjs3:roles-agency-words",
        f"WARNING {path} [urn:example:ninjs3:roles-odd-status",
    ]
    assert "“web-edition” (HTML) was taken" in warnings[0]
    assert (
        f"FAILED {path} [urn:example:ninjs3:roles-summary-only]: the text item has no body; its summary"
        in ("\n".join(lines))
    )


def test_a_separately_served_body_is_fetched_even_when_a_summary_is_there(tmp_path, wire, world):
    write_document(
        tmp_path,
        "feed.json",
        json.dumps(
            {
                "data": {
                    "item": {
                        "altids": {"itemid": "ap-2"},
                        "type": "text",
                        "version": 1,
                        "headline": "Harbour council meets",
                        "description_text": "The council met to discuss moorings.",
                        "renditions": {"nitf": {"href": "story.nitf", "mimetype": "text/xml"}},
                    }
                }
            }
        ).encode(),
    )
    write_document(
        tmp_path,
        "story.nitf",
        b"<nitf><body><body.head><hedline><hl1>Harbour council meets</hl1></hedline></body.head>"
        b"<body.content><p>The council met on Tuesday about the moorings.</p></body.content></body></nitf>",
    )
    tally, reporter = run_import(tmp_path / "feed.json", agency=wire, section=world)
    assert tally.created == 1, reporter.failures
    story = Story.objects.get(source_guid="ap-2")
    assert story.body == "<p>The council met on Tuesday about the moorings.</p>"
    assert story.standfirst == "The council met to discuss moorings."


def test_a_control_character_in_one_item_costs_that_character_not_the_document(tmp_path, wire, world):
    # JSON carries them as \u escapes (an ESC from a terminal, a NUL, a lone surrogate); lxml refuses
    # any of them, and one item's body used to fail the whole document.
    items = [
        {"uri": "urn:example:ctl:1", "headline": "Quay wall repaired", "body_html": "<p>Work ended.</p>"},
        {
            "uri": "urn:example:ctl:2",
            "headline": "Ferry\u0000 timetable\u001b[0m changes",
            "body_html": "<p>From Monday\u001b the first ferry leaves at six.\ud800</p>",
        },
        {"uri": "urn:example:ctl:3", "headline": "Lighthouse open", "body_text": "Visitors\u000c return."},
    ]
    path = write_document(tmp_path, "wire.json", json.dumps(items).encode())

    tally, reporter = run_import(path, agency=wire, section=world)

    assert (tally.created, tally.failed) == (3, 0), reporter.failures
    second = Story.objects.get(source_guid="urn:example:ctl:2")
    assert second.headline == "Ferry timetable[0m changes"
    assert second.body == "<p>From Monday the first ferry leaves at six.</p>"
    assert Story.objects.get(source_guid="urn:example:ctl:3").body == "<p>Visitors return.</p>"
