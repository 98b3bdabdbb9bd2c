"""Requests the desk's buttons would never send, posted by hand: a reporter's status, an editor's
button or list action, someone else's story. Each gets 403 (or is ignored) and changes nothing."""

import pytest
from django.urls import reverse

from articles.models import Revision, Story, StoryTransition
from tests.builders import make_agency, make_story
from tests.desk_builders import ADD, CHANGELIST, change_url, logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter, make_wire_desk

pytestmark = pytest.mark.django_db
S = Story.Status


# Forbidden requests, by hand -----------------------------------------------------------------------


def test_a_reporter_posting_a_status_changes_nothing(client):
    reporter = make_reporter()
    story = make_story(status=S.DRAFT, created_by=reporter)
    logged_in(client, reporter)

    client.post(
        change_url(story),
        payload(story, status="published", publish_at_0="2020-01-01", publish_at_1="10:00:00"),
    )

    story.refresh_from_db()
    assert story.status == S.DRAFT
    assert story.publish_at is None
    assert not Story.objects.published().exists()


@pytest.mark.parametrize(
    "button",
    ["_publish", "_schedule", "_return_to_draft", "_withdraw", "_correct", "_major_update", "_back_to_draft"],
)
def test_a_reporter_posting_an_editors_button_gets_403_and_nothing_changes(client, button):
    reporter = make_reporter()
    story = make_story(status=S.DRAFT, created_by=reporter, headline="Original headline")
    logged_in(client, reporter)

    response = client.post(
        change_url(story),
        payload(story, headline="Sneaky new headline", transition_note="note", **{button: "x"}),
    )

    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.status, story.headline) == (S.DRAFT, "Original headline")
    assert not StoryTransition.objects.exists() and not Revision.objects.exists()


def test_a_reporter_posting_publish_on_a_new_story_creates_nothing(client):
    logged_in(client, make_reporter())
    response = client.post(ADD, payload(_publish="Publish"))
    assert response.status_code == 403
    assert not Story.objects.exists()


def test_a_reporter_posting_to_someone_elses_story_gets_403(client):
    story = make_story(status=S.DRAFT, created_by=make_reporter(), headline="Theirs")
    logged_in(client, make_reporter())

    for extra in ({}, {"_submit_for_review": "x"}):
        response = client.post(change_url(story), payload(story, headline="Mine now", **extra))
        assert response.status_code == 403
    story.refresh_from_db()
    assert (story.headline, story.status) == ("Theirs", S.DRAFT)


def test_a_reporter_cannot_edit_their_own_story_once_published(client):
    reporter = make_reporter()
    story = make_story(status=S.PUBLISHED, created_by=reporter, headline="As published")
    response = logged_in(client, reporter).post(change_url(story), payload(story, headline="Quietly changed"))
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == "As published"


@pytest.mark.parametrize("action", ["publish", "schedule", "withdraw", "return_to_draft", "back_to_draft"])
def test_a_reporter_posting_an_editors_list_action_changes_nothing(client, action):
    reporter = make_reporter()
    stories = [make_story(status=S.IN_REVIEW, created_by=reporter), make_story(status=S.PUBLISHED)]
    logged_in(client, reporter)
    before = list(Story.objects.order_by("pk").values_list("status", "publish_at"))

    response = client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [s.pk for s in stories],
            "confirm": "yes",
            "note": "x",
            "publish_at_0": "2031-01-01",
            "publish_at_1": "10:00",
        },
        follow=True,
    )

    assert response.status_code in (200, 403)
    assert list(Story.objects.order_by("pk").values_list("status", "publish_at")) == before
    assert not StoryTransition.objects.exists()


def test_a_reporter_submitting_someone_elses_story_from_the_list_gets_403(client):
    reporter = make_reporter()
    own = make_story(status=S.DRAFT, created_by=reporter)
    theirs = make_story(status=S.DRAFT, created_by=make_reporter())
    logged_in(client, reporter)

    response = client.post(
        CHANGELIST, {"action": "submit_for_review", "_selected_action": [own.pk, theirs.pk]}
    )

    assert response.status_code == 403
    assert set(Story.objects.values_list("status", flat=True)) == {S.DRAFT}


def test_wire_desk_may_read_but_not_change_stories(client):
    story = make_story(status=S.DRAFT, agency=make_agency(), source_guid="urn:x:1", headline="Wire copy")
    logged_in(client, make_wire_desk())

    assert client.get(CHANGELIST + "?wire=incoming").status_code == 200
    assert client.post(change_url(story), payload(story, headline="Edited")).status_code == 403
    assert client.post(change_url(story), payload(story, _publish="x")).status_code == 403
    story.refresh_from_db()
    assert (story.headline, story.status) == ("Wire copy", S.DRAFT)


def test_only_superusers_delete_stories(client):
    story = make_story(status=S.DRAFT)
    delete = reverse("admin:articles_story_delete", args=[story.pk])
    assert logged_in(client, make_editor()).post(delete, {"post": "yes"}).status_code == 403
    assert Story.objects.filter(pk=story.pk).exists()
