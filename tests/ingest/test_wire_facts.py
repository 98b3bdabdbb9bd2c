"""What the agency said about its copy (urgency, slugline, filing time, words, subjects) on AgencyCopy."""

from datetime import UTC, datetime

import pytest

from articles.ingest.items import AgencyItem, Subject
from articles.ingest.wire_facts import copy_facts, word_count
from articles.models import AgencyCopy, Story
from tests.ingest.builders import newsml_text, run_import, write_document

pytestmark = pytest.mark.django_db


def with_wire_words(document, *, urgency="2", slugline="HARBOUR-FERRY", filed="2024-05-01T10:00:00Z"):
    """A generated NewsML-G2 item with the agency's urgency, slugline and filing time added."""
    text = document.decode()
    text = text.replace("<versionCreated>2024-05-01T10:00:00Z", f"<versionCreated>{filed}")
    return text.replace(
        "<headline>", f"<urgency>{urgency}</urgency><slugline>{slugline}</slugline><headline>", 1
    ).encode()


def test_a_new_story_keeps_what_the_agency_said_about_its_copy(tmp_path, wire):
    document = newsml_text(
        body="<p>The first ferry &amp; the last bus</p><p>leave at seven.</p>",
        subjects=[("medtop:20000763", "Ferry routes"), ("subj:15000000", "")],
    )
    write_document(tmp_path, "ferry.xml", with_wire_words(document))
    run_import(tmp_path, agency=wire)
    copy = AgencyCopy.objects.get()
    assert copy.urgency == 2
    assert copy.slugline == "HARBOUR-FERRY"
    assert copy.filed_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert copy.word_count == 10  # "&amp;" is a word; the paragraph break separates "bus" and "leave"
    assert [(subject["code"], subject["kind"]) for subject in copy.subjects] == [
        ("medtop:20000763", "subject"),
        ("subj:15000000", "subject"),
    ]
    assert copy.subjects[0]["name"] == "Ferry routes"  # the agency's own name is kept
    assert copy.subjects[1]["name"] == "sport"  # a code without one gets its official IPTC name


def test_a_newer_version_brings_its_own_facts_even_when_it_waits_for_an_editor(tmp_path, wire):
    write_document(tmp_path, "v1.xml", with_wire_words(newsml_text(version=1)))
    run_import(tmp_path, agency=wire)
    story = Story.objects.get()
    story.standfirst = "An editor's standfirst."
    story.save()  # staff edited: the next version waits

    later = newsml_text(version=2, body="<p>Ferries stop for the storm tonight, the harbour says.</p>")
    write_document(
        tmp_path,
        "v2.xml",
        with_wire_words(later, urgency="1", slugline="FERRY-STORM", filed="2024-05-01T11:30:00Z"),
    )
    run_import(tmp_path / "v2.xml", agency=wire)
    copy = AgencyCopy.objects.get()
    assert copy.pending_version == 2
    assert (copy.urgency, copy.slugline, copy.word_count) == (1, "FERRY-STORM", 9)
    assert copy.filed_at == datetime(2024, 5, 1, 11, 30, tzinfo=UTC)


def test_an_urgency_outside_the_scale_is_not_kept():
    for urgency, kept in ((0, None), (1, 1), (9, 9), (10, None), (None, None)):
        item = AgencyItem(guid="g", urgency=urgency)
        assert copy_facts(item)["urgency"] == kept


def test_subjects_are_kept_once_and_the_filing_time_falls_back_to_first_created():
    created = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)
    item = AgencyItem(
        guid="g",
        first_created=created,
        subjects=[
            Subject("medtop:04000000", "Economy"),
            Subject("medtop:04000000", "Economy"),
            Subject("", ""),
        ],
    )
    facts = copy_facts(item)
    assert facts["filed_at"] == created
    assert facts["subjects"] == [{"code": "medtop:04000000", "name": "Economy", "kind": "subject"}]


def test_words_are_counted_in_the_text_not_the_markup():
    assert word_count("") == 0
    assert word_count("<p>one<br>two</p><ul><li>three</li></ul>") == 3
    assert word_count('<p><a href="https://example.test/a b c">four</a> five&nbsp;six</p>') == 3
