"""The agency's word binds the desk: a story the agency killed or is withholding cannot be published
or scheduled, by an editor (service, change form, list action) or by the system (importer, scheduler).
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import AgencyCopy, Story, StoryTransition
from articles.services import AgencyHold, InvalidTransition
from tests.builders import make_agency, make_story
from tests.desk_builders import payload
from tests.ingest.builders import newsml_text, run_import, write_document
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db
S = Story.Status
HELD = AgencyCopy.AgencyStatus


def agency_story(agency_status, note="", **fields):
    story = make_story(agency=make_agency(), source_guid="urn:test:held", **fields)
    AgencyCopy.objects.create(story=story, agency_status=agency_status, agency_note=note)
    return story


def unchanged(story, status):
    story.refresh_from_db()
    return story.status == status and not StoryTransition.objects.filter(story=story).exists()


# The services ------------------------------------------------------------------------------------------


def test_an_editor_cannot_publish_a_killed_story_and_is_told_why():
    story = agency_story(HELD.CANCELED, "KILL: wrong town named.", status=S.DRAFT)

    with pytest.raises(AgencyHold) as refused:
        services.publish_story(story, by=make_editor())

    assert "agency killed this story (KILL: wrong town named.)" in str(refused.value.message)
    assert isinstance(refused.value, InvalidTransition)  # every caller already shows these as errors
    assert unchanged(story, S.DRAFT) and story.publish_at is None


def test_an_editor_cannot_schedule_a_withheld_story():
    story = agency_story(HELD.WITHHELD, "Hold for legal.", status=S.IN_REVIEW)

    with pytest.raises(AgencyHold, match=r"withholding this story \(Hold for legal\.\)"):
        services.schedule_story(story, by=make_editor(), at=timezone.now() + timedelta(hours=2))

    assert unchanged(story, S.IN_REVIEW)


def test_the_system_cannot_publish_a_withheld_story_either():
    story = agency_story(HELD.WITHHELD, status=S.DRAFT)

    with pytest.raises(AgencyHold, match="releases it"):
        services.publish_story(story, by=None)

    assert unchanged(story, S.DRAFT)


def test_usable_agency_copy_and_staff_stories_publish_as_before():
    usable = agency_story(HELD.USABLE, status=S.DRAFT)
    ours = make_story(status=S.DRAFT)
    editor = make_editor()

    services.publish_story(usable, by=editor)
    services.publish_story(ours, by=editor)

    assert Story.objects.filter(pk__in=[usable.pk, ours.pk], status=S.PUBLISHED).count() == 2


def test_a_story_killed_after_it_was_scheduled_stays_unpublished_when_its_time_comes(capsys):
    story = agency_story(HELD.USABLE, status=S.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1))
    AgencyCopy.objects.filter(story=story).update(agency_status=HELD.CANCELED, agency_note="Killed.")
    Story.objects.filter(pk=story.pk).update(publish_at=timezone.now() - timedelta(minutes=1))

    assert pytest.raises(AgencyHold, services.publish_due_story, story.pk)
    call_command("publish_scheduled")

    story.refresh_from_db()
    assert story.status == S.SCHEDULED and not Story.objects.published().filter(pk=story.pk).exists()
    assert "agency killed this story (Killed.)" in capsys.readouterr().err


# The admin ---------------------------------------------------------------------------------------------


def messages_at(response, *levels):
    return [str(message) for message in response.context["messages"] if message.level_tag in levels]


def test_the_publish_button_on_a_killed_story_shows_the_reason_as_an_error(client):
    story = agency_story(HELD.CANCELED, "KILL: the timetable was never confirmed.", status=S.IN_REVIEW)
    client.force_login(make_editor())

    response = client.post(
        reverse("admin:articles_story_change", args=[story.pk]), payload(story, _publish="x"), follow=True
    )

    assert response.status_code == 200
    [error] = messages_at(response, "error")
    assert "agency killed this story (KILL: the timetable was never confirmed.)" in error
    assert unchanged(story, S.IN_REVIEW)


def test_publishing_from_the_list_leaves_held_stories_and_names_them(client):
    held = agency_story(HELD.WITHHELD, "Hold for legal.", status=S.IN_REVIEW, headline="Held back")
    free = make_story(status=S.IN_REVIEW)
    client.force_login(make_editor())

    response = client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "publish", "_selected_action": [held.pk, free.pk]},
        follow=True,
    )

    # The list reports every refused story in one "Not changed" warning (articles.admin.stories).
    [error] = messages_at(response, "warning", "error")
    assert "Held back" in error and "withholding this story (Hold for legal.)" in error
    assert unchanged(held, S.IN_REVIEW)
    free.refresh_from_db()
    assert free.status == S.PUBLISHED


# The importer ------------------------------------------------------------------------------------------


def test_an_agency_release_lets_an_automatically_published_feed_publish_the_story(tmp_path, wire, world):

    def version(number, status):
        path = write_document(tmp_path, f"v{number}.xml", newsml_text(version=number, status=status))
        return run_import(path, agency=wire, section=world, publish=True)[0]

    version(1, "withheld")
    story = Story.objects.get(source_guid="urn:test:story")
    assert story.status == S.DRAFT and story.agency_copy.agency_status == HELD.WITHHELD

    tally = version(2, "usable")

    story.refresh_from_db()
    assert tally.updated == 1
    assert story.status == S.PUBLISHED and story.agency_copy.agency_status == HELD.USABLE
