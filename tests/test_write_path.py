"""One write path per story: a Publish click locks the row once, writes it once, records one revision and
one step; the reader pages are purged once, and only when readers can see the change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Revision, Story, StoryTransition
from articles.reader import cache as reader_cache
from articles.workflow import Action
from tests.builders import make_agency, make_author, make_story
from tests.desk_builders import change_url, logged_in, payload
from tests.ingest.builders import newsml_text, run_import, write_document
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status


def story_updates(captured, story):
    """The UPDATE statements that wrote ``story``'s row (the services' or anyone else's)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('UPDATE "articles_story" ') and str(story.pk) in query["sql"]
    ]


def lock_statements(captured):
    return [query["sql"] for query in captured.captured_queries if "FOR UPDATE" in query["sql"]]


def test_a_publish_click_is_one_lock_one_story_update_one_revision_and_one_step(client):
    editor = make_editor()
    story = make_story(status=S.IN_REVIEW, headline="Ferry timetable changes", authors=[make_author()])
    logged_in(client, editor)

    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            change_url(story), payload(story, headline="Ferry timetable changes today", _publish="x")
        )

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.headline) == (S.PUBLISHED, "Ferry timetable changes today")
    assert len(story_updates(captured, story)) == 1, story_updates(captured, story)
    # SQLite has no row locks (its single writer serialises saves); PostgreSQL takes exactly one.
    assert len(lock_statements(captured)) == (1 if connection.features.has_select_for_update else 0)
    assert Revision.objects.filter(story=story).count() == 1
    assert list(StoryTransition.objects.filter(story=story).values_list("action", flat=True)) == ["publish"]


def test_a_stale_save_is_refused_by_the_service_and_writes_nothing():
    editor = make_editor()
    story = make_story(status=S.DRAFT, headline="Original")
    Story.objects.filter(pk=story.pk).update(edit_version=3)
    story.headline = "Based on version 2"

    with pytest.raises(services.EditConflict):
        services.save_story(story, fields=["headline"], by=editor, expected_version=2)

    assert Story.objects.get(pk=story.pk).headline == "Original"
    assert not Revision.objects.filter(story=story).exists()


def test_a_save_writes_only_its_fields_over_the_row_as_it_is_now():
    """The editor's copy of the story was read before a step was taken elsewhere: the save keeps the
    step (status, publication time) and writes only the fields the editor set."""
    editor = make_editor()
    story = make_story(status=S.IN_REVIEW, headline="Before")
    opened = Story.objects.get(pk=story.pk)
    services.publish_story(Story.objects.get(pk=story.pk), by=editor)

    opened.headline = "After"
    services.save_story(opened, fields=["headline"], by=editor)

    story.refresh_from_db()
    assert (story.headline, story.status) == ("After", S.PUBLISHED)
    assert story.first_published_at is not None


@pytest.fixture
def purges(monkeypatch):
    """How many times the services asked for the reader pages to be purged."""
    calls = []
    original = reader_cache.purge_reader_pages

    def counting(**kwargs):
        calls.append(1)
        original(**kwargs)

    monkeypatch.setattr(reader_cache, "purge_reader_pages", counting)
    return calls


def in_an_hour():
    return timezone.now() + timedelta(hours=1)


@pytest.mark.parametrize(
    "status, change, expected",
    [
        (S.IN_REVIEW, lambda story, by: services.publish_story(story, by=by), 1),
        (S.PUBLISHED, lambda story, by: services.withdraw_story(story, by=by, reason="Legal"), 1),
        (S.PUBLISHED, lambda story, by: services.correct_story(story, by=by, note="A figure"), 1),
        (S.IN_REVIEW, lambda story, by: services.schedule_story(story, by=by, at=in_an_hour()), 0),
        (S.IN_REVIEW, lambda story, by: services.return_to_draft(story, by=by, note="More"), 0),
        (S.DRAFT, lambda story, by: services.save_story(story, fields=["headline"], by=by), 0),
        (S.IN_REVIEW, lambda story, by: services.save_story(story, fields=["headline"], by=by), 0),
        (S.PUBLISHED, lambda story, by: services.save_story(story, fields=["headline"], by=by), 1),
        (S.DRAFT, lambda story, by: services.record_revision(story, by=by), 0),
        (
            S.IN_REVIEW,
            lambda story, by: services.save_story(story, fields=["headline"], by=by, step=Action.PUBLISH),
            1,
        ),
    ],
)
def test_reader_pages_are_purged_once_and_only_for_what_readers_see(purges, status, change, expected):
    story = make_story(status=status)
    story.headline = "A new headline"

    change(story, make_editor())

    assert len(purges) == expected


def test_a_publish_click_purges_once_and_a_draft_save_not_at_all(client, purges):
    reporter = make_reporter()
    draft = make_story(status=S.DRAFT, created_by=reporter)
    logged_in(client, reporter).post(change_url(draft), payload(draft, headline="Still a draft"))
    assert purges == []

    story = make_story(status=S.IN_REVIEW)
    logged_in(client, make_editor()).post(change_url(story), payload(story, _publish="x"))
    assert len(purges) == 1


def test_new_wire_drafts_are_written_like_save_does_and_not_purged(purges, tmp_path, world):
    """The importer's batched inserts fill a story's derived fields as save() does (the body through
    the one HTML policy, a slug) and record the revision record_revision would keep."""
    wire = make_agency("Test Wire", credit="TW")
    for number in range(3):
        write_document(
            tmp_path,
            f"item-{number}.xml",
            newsml_text(guid=f"urn:test:draft:{number}", body='<p onclick="steal()">Quiet night.</p>'),
        )

    tally, _reporter = run_import(tmp_path, agency=wire, section=world)

    assert tally.created == 3
    assert purges == []
    for story in Story.objects.all():
        assert story.status == S.DRAFT and story.slug
        assert story.body == "<p>Quiet night.</p>"
        [revision] = Revision.objects.filter(story=story)
        assert revision.snapshot == Revision.snapshot_of(story)
