"""Restoring a revision brings back the copy, never the schedule, the embargo or the priority, nor any
field the person restoring may not edit; the compare page lists every field that differs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Revision, Story
from tests.builders import make_author, make_story
from tests.confirming import confirm
from tests.desk_builders import change_url, logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status


def restore_url(story, revision):
    return reverse("admin:articles_story_restore", args=[story.pk, revision.pk])


def compare_url(story, old, new):
    return reverse("admin:articles_story_compare", args=[story.pk]) + f"?old={old.pk}&new={new.pk}"


def as_form_time(name, moment):
    local = timezone.localtime(moment)
    return {f"{name}_0": f"{local:%Y-%m-%d}", f"{name}_1": f"{local:%H:%M:%S}"}


def minutes_from_now(minutes):
    return (timezone.now() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def revisions_of(story):
    return list(Revision.objects.filter(story=story).order_by("created_at", "pk"))


def test_restoring_an_earlier_version_keeps_the_schedule_and_the_embargo(client):
    """An editor schedules a story, sets a two-day embargo, fixes the standfirst, then restores the
    version from before the fix: the embargo stays, so the scheduler does not publish it early."""
    editor = make_editor()
    story = make_story(status=S.IN_REVIEW, standfirst="A standfirst with a typo in it.")
    logged_in(client, editor)
    in_an_hour, in_two_days = minutes_from_now(60), minutes_from_now(2 * 24 * 60)
    client.post(change_url(story), payload(story, **as_form_time("publish_at", in_an_hour), _schedule="x"))
    story.refresh_from_db()
    assert (story.status, story.publish_at) == (S.SCHEDULED, in_an_hour)
    embargoed = as_form_time("embargo_until", in_two_days)
    client.post(change_url(story), payload(story, **embargoed))
    story.refresh_from_db()
    client.post(change_url(story), payload(story, standfirst="A standfirst without the typo.", **embargoed))
    before_the_fix, _with_embargo, latest = revisions_of(story)

    compared = client.get(compare_url(story, before_the_fix, latest))
    assert "Standfirst" in compared.text
    assert "Embargoed until" in compared.text  # every field that differs, not only the text
    plan = compared.text[compared.text.index('id="restore-plan"') :]
    assert plan.index("Standfirst") < plan.index("Kept as they are now") < plan.index("Embargoed until")

    response = confirm(client, client.post(restore_url(story, before_the_fix)))

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.standfirst == "A standfirst with a typo in it."
    assert (story.status, story.publish_at, story.embargo_until) == (S.SCHEDULED, in_an_hour, in_two_days)
    # The scheduler, after the scheduled time but before the embargo lifts, leaves it alone.
    assert (
        not Story.objects.due_for_publishing(in_an_hour + timedelta(minutes=5)).filter(pk=story.pk).exists()
    )


def test_a_reporter_restoring_their_draft_keeps_the_editors_embargo_and_priority(client):
    reporter, editor = make_reporter(), make_editor()
    story = make_story(status=S.DRAFT, created_by=reporter, headline="The reporter's first headline")
    logged_in(client, reporter).post(change_url(story), payload(story, headline="The reporter's headline"))
    story.refresh_from_db()
    reporters_version = revisions_of(story)[-1]
    tomorrow = minutes_from_now(24 * 60)
    logged_in(client, editor).post(
        change_url(story),
        payload(
            story, headline="The editor's headline", priority="7", **as_form_time("embargo_until", tomorrow)
        ),
    )
    story.refresh_from_db()
    assert (story.priority, story.embargo_until) == (7, tomorrow)

    response = confirm(client, logged_in(client, reporter).post(restore_url(story, reporters_version)))

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "The reporter's headline"
    assert (story.priority, story.embargo_until, story.status) == (7, tomorrow, S.DRAFT)
    newest = revisions_of(story)[-1]
    assert (newest.created_by, newest.snapshot["priority"]) == (reporter, 7)


def test_compare_lists_a_changed_byline_and_tags(client):
    editor = make_editor()
    first, second = make_author("Asha Menon"), make_author("Tomas Reyes")
    story = make_story(status=S.DRAFT, authors=[first], tags=["rivers"])
    old = Revision.objects.create(story=story, snapshot=Revision.snapshot_of(story))
    new = Revision.objects.create(
        story=story, snapshot={**Revision.snapshot_of(story), "authors": [second.pk], "tags": ["floods"]}
    )

    response = logged_in(client, editor).get(compare_url(story, old, new))

    assert response.status_code == 200
    assert "<h2>Byline</h2>" in response.text and "<h2>Tags</h2>" in response.text
    assert "Reyes" in response.text and "floods" in response.text  # HtmlDiff writes spaces as &nbsp;
    assert "<h2>Headline</h2>" not in response.text  # unchanged fields are left out
