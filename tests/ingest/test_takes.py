"""Takes of one story join into one story (``manage.py ingest`` of IPTC 7901 / ANPA 1312 folders).

Take 1 ... MORE, take 2 ... MORE, take 3 ... ENDS become one story with the takes in order, whether
they come in one folder, in reverse order or one run at a time; a take sent again changes nothing;
a kill withdraws the story; staff edits make a later take wait for an editor.
"""

import io
import shutil
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.ingest.takes import forget_old_takes
from articles.models import AgencyCopy, Story, WireTake
from tests.ingest.builders import FIXTURES

pytestmark = pytest.mark.django_db

LAST_LINE = "created {}, updated {}, unchanged {}, withdrawn {}, failed {}"
BUDGET = ["mep-budget-1.txt", "mep-budget-2.txt", "mep-budget-3.txt"]
BUDGET_OPENINGS = [
    "<p>The regional parliament approved",
    "<p>The vote was 31 to 24.",
    "<p>Finance councillor Ilse Brandner",
    "<p>The budget now goes to the governor",
]


def ingest(folder, *args):
    out = io.StringIO()
    try:
        call_command("ingest", str(folder), *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        assert exit_.code == 0, out.getvalue()
    return out.getvalue().splitlines()


def drop(folder, *names):
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copyfile(FIXTURES / "iptc7901" / name, folder / name)


def in_order(body, openings):
    positions = [body.find(opening) for opening in openings]
    return -1 not in positions and positions == sorted(positions)


def test_a_folder_of_split_takes_gives_one_story_per_story_with_the_takes_in_order(tmp_path, wire, world):
    drop(tmp_path / "in", *BUDGET, "cw-storm-1.txt", "cw-storm-2.txt", "dws-rain-1.txt", "dws-rain-2.txt")
    drop(tmp_path / "in", "mep-two-briefs.txt")
    lines = ingest(tmp_path / "in", "--agency", wire.slug, "--section", world.slug)
    assert lines[-1] == LAST_LINE.format(5, 4, 0, 0, 0)  # each later take updates its story
    assert Story.objects.count() == 5
    budget = Story.objects.get(source_guid="mep/2025-07-14/parliament-budget")
    assert budget.headline == "Regional parliament passes budget after all-night sitting"
    assert budget.dateline == "Linz"
    assert in_order(budget.body, BUDGET_OPENINGS)
    assert budget.body.count("<p>") == 4
    storm = Story.objects.get(source_guid__endswith="/storm-coast")
    assert storm.headline == "Storm surge floods coastal highway, thousands without power"
    assert in_order(storm.body, ["<p>A late-season storm", "<p>County officials", "<p>The ferry between"])
    rain = Story.objects.get(source_guid__endswith="/mh-rain-flood")
    assert in_order(
        rain.body, ["<p>Torrential overnight rain", "<p>Schools in the city", "<p>The weather office"]
    )
    copy = AgencyCopy.objects.get(story=budget)
    assert copy.slugline == "Parliament/Budget"
    assert copy.urgency == 3


def test_takes_arriving_in_reverse_order_in_separate_runs_join_in_order(tmp_path, wire, world):
    for run, name in enumerate(reversed(BUDGET)):
        drop(tmp_path / f"run{run}", name)
        ingest(tmp_path / f"run{run}", "--agency", wire.slug, "--section", world.slug)
        assert Story.objects.count() == 1
    story = Story.objects.get()
    assert in_order(story.body, BUDGET_OPENINGS)
    # The first take, arriving last, gives the story its headline and dateline.
    assert story.headline == "Regional parliament passes budget after all-night sitting"
    assert story.dateline == "Linz"
    assert list(WireTake.objects.values_list("number", flat=True)) == [1, 2, 3]


def test_a_take_sent_again_changes_nothing(tmp_path, wire, world):
    drop(tmp_path / "first", *BUDGET[:2])
    ingest(tmp_path / "first", "--agency", wire.slug, "--section", world.slug)
    story = Story.objects.get()
    version, revisions = story.source_version, story.revisions.count()
    drop(tmp_path / "again", "mep-budget-2.txt")  # another folder: not passed over as a known file
    lines = ingest(tmp_path / "again", "--agency", wire.slug, "--section", world.slug)
    assert lines[-1] == LAST_LINE.format(0, 0, 1, 0, 0)
    story.refresh_from_db()
    assert (story.source_version, story.revisions.count()) == (version, revisions)


def test_a_gap_is_reported_and_filled_when_the_missing_take_comes(tmp_path, wire, world):
    drop(tmp_path / "first", "mep-budget-1.txt", "mep-budget-3.txt")
    lines = ingest(tmp_path / "first", "--agency", wire.slug, "--section", world.slug, "--verbosity", "2")
    assert any("still to come: 2" in line for line in lines), lines
    drop(tmp_path / "later", "mep-budget-2.txt")
    ingest(tmp_path / "later", "--agency", wire.slug, "--section", world.slug)
    assert in_order(Story.objects.get().body, BUDGET_OPENINGS)


def test_a_kill_withdraws_the_joined_story(tmp_path, wire, world):
    drop(tmp_path / "takes", "cw-storm-1.txt", "cw-storm-2.txt")
    ingest(tmp_path / "takes", "--agency", wire.slug, "--section", world.slug, "--publish")
    story = Story.objects.get()
    assert story.status == Story.Status.PUBLISHED
    drop(tmp_path / "kill", "cw-storm-kill.txt")
    lines = ingest(tmp_path / "kill", "--agency", wire.slug, "--section", world.slug)
    assert lines[-1] == LAST_LINE.format(0, 0, 0, 1, 0)
    story.refresh_from_db()
    assert story.status == Story.Status.WITHDRAWN
    assert story.agency_copy.agency_status == AgencyCopy.AgencyStatus.CANCELED


def test_a_take_for_a_story_the_desk_edited_waits_for_an_editor(tmp_path, wire, world):
    drop(tmp_path / "first", "cw-storm-1.txt")
    ingest(tmp_path / "first", "--agency", wire.slug, "--section", world.slug)
    story = Story.objects.get()
    story.headline = "Storm floods the coast road"
    story.save()
    drop(tmp_path / "add", "cw-storm-2.txt")
    ingest(tmp_path / "add", "--agency", wire.slug, "--section", world.slug)
    story.refresh_from_db()
    assert story.headline == "Storm floods the coast road"
    assert "The ferry between" not in story.body
    assert story.agency_update_available
    assert "The ferry between" in story.agency_copy.pending["body"]


def test_a_dry_run_keeps_no_takes(tmp_path, wire, world):
    drop(tmp_path / "in", *BUDGET)
    lines = ingest(tmp_path / "in", "--agency", wire.slug, "--section", world.slug, "--dry-run")
    assert not Story.objects.exists() and not WireTake.objects.exists()
    # Without kept takes each take reads as new: a dry run counts what it reads, not the joining.
    assert lines[-1].startswith("created 3,")


def test_a_storys_takes_are_forgotten_together_a_month_after_its_last_take(tmp_path, wire, world):
    drop(tmp_path / "first", *BUDGET, "cw-storm-1.txt", "cw-storm-2.txt")
    ingest(tmp_path / "first", "--agency", wire.slug, "--section", world.slug)
    budget = Story.objects.get(source_guid="mep/2025-07-14/parliament-budget")
    body = budget.body
    now = timezone.now()
    WireTake.objects.filter(guid=budget.source_guid).update(received_at=now - timedelta(days=31))
    # The storm's first take is as old, but its second came within the month: both stay.
    storm_takes = WireTake.objects.filter(guid__endswith="/storm-coast")
    storm_takes.filter(number=1).update(received_at=now - timedelta(days=40))
    storm_takes.filter(number=2).update(received_at=now - timedelta(days=29))

    drop(tmp_path / "later", "dws-rain-1.txt")
    lines = ingest(tmp_path / "later", "--agency", wire.slug, "--section", world.slug)

    assert "3 wire takes forgotten: their stories' last take came over 30 days ago" in lines
    assert lines[-1] == LAST_LINE.format(1, 0, 0, 0, 0)
    assert not WireTake.objects.filter(guid=budget.source_guid).exists()
    assert sorted(storm_takes.values_list("number", flat=True)) == [1, 2]
    budget.refresh_from_db()
    assert budget.body == body  # the story keeps the takes' text


def test_a_take_repeated_after_its_storys_takes_were_forgotten_leaves_the_story_as_it_is(
    tmp_path, wire, world
):
    drop(tmp_path / "first", *BUDGET)
    ingest(tmp_path / "first", "--agency", wire.slug, "--section", world.slug)
    story = Story.objects.get()
    body, version = story.body, story.source_version
    WireTake.objects.update(received_at=timezone.now() - timedelta(days=31))
    assert forget_old_takes() == 3

    drop(tmp_path / "repeat", "mep-budget-2.txt")
    lines = ingest(tmp_path / "repeat", "--agency", wire.slug, "--section", world.slug, "--verbosity", "2")

    assert lines[-1] == LAST_LINE.format(0, 0, 1, 0, 0)
    assert any(
        "whose takes were forgotten 30 days after the last came; passed over" in line for line in lines
    )
    story.refresh_from_db()
    assert (story.body, story.source_version) == (body, version)
    assert not WireTake.objects.exists()
