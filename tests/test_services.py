"""The services behind every button: state, transition record, permissions, embargo, photo credits, cache."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Correction, Story, StoryPhoto, StoryTransition
from articles.reader.cache import current_generations
from articles.services import InvalidTransition, PhotoCreditMissing, TransitionNotAllowed
from tests.builders import make_agency, make_photo, make_story
from tests.newsroom_staff import make_editor, make_reporter, make_wire_desk

pytestmark = pytest.mark.django_db
S = Story.Status


def last_step(story):
    return StoryTransition.objects.filter(story=story).latest("at")


def test_submit_for_review_records_who_when_and_from_where():
    reporter = make_reporter()
    story = make_story(status=S.DRAFT, created_by=reporter)

    services.submit_for_review(story, by=reporter, note="Ready when you are")

    story.refresh_from_db()
    step = last_step(story)
    assert story.status == S.IN_REVIEW
    assert (step.action, step.from_status, step.to_status, step.by, step.note) == (
        "submit_for_review",
        "draft",
        "in_review",
        reporter,
        "Ready when you are",
    )
    assert abs(step.at - timezone.now()) < timedelta(seconds=5)


def test_return_to_draft_needs_a_note_and_keeps_it():
    editor = make_editor()
    story = make_story(status=S.IN_REVIEW)

    with pytest.raises(InvalidTransition, match="note"):
        services.return_to_draft(story, by=editor, note="  ")
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW

    services.return_to_draft(story, by=editor, note="Second source, please")
    story.refresh_from_db()
    assert story.status == S.DRAFT
    assert last_step(story).note == "Second source, please"


def test_publish_now_sets_times_and_purges_the_public_cache(django_capture_on_commit_callbacks):
    editor = make_editor()
    story = make_story(status=S.IN_REVIEW)
    generation = current_generations().for_listings()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_story(story, by=editor)

    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert story.first_published_at == story.publish_at
    assert abs(story.publish_at - timezone.now()) < timedelta(seconds=5)
    assert story.updated_by == editor
    assert current_generations().for_listings() != generation
    assert Story.objects.published().filter(pk=story.pk).exists()
    assert (last_step(story).from_status, last_step(story).to_status) == ("in_review", "published")


def test_schedule_needs_a_future_time():
    editor = make_editor()
    story = make_story(status=S.IN_REVIEW)

    with pytest.raises(InvalidTransition, match="future"):
        services.schedule_story(story, by=editor, at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(InvalidTransition, match="future"):
        services.schedule_story(story, by=editor, at=None)

    at = timezone.now() + timedelta(hours=3)
    services.schedule_story(story, by=editor, at=at)
    story.refresh_from_db()
    assert (story.status, story.publish_at) == (S.SCHEDULED, at)
    assert not Story.objects.published().filter(pk=story.pk).exists()


def test_publishing_an_embargoed_story_schedules_it_for_the_embargo():
    editor = make_editor()
    embargo = timezone.now() + timedelta(hours=2)
    story = make_story(status=S.IN_REVIEW, embargo_until=embargo)

    services.publish_story(story, by=editor)

    story.refresh_from_db()
    assert story.status == S.SCHEDULED
    assert story.publish_at == embargo
    assert story.first_published_at is None
    assert "embargo" in last_step(story).note
    assert not Story.objects.published().filter(pk=story.pk).exists()


def test_scheduling_before_the_embargo_moves_to_the_embargo_time():
    embargo = timezone.now() + timedelta(hours=5)
    story = make_story(status=S.IN_REVIEW, embargo_until=embargo)

    services.schedule_story(story, by=make_editor(), at=timezone.now() + timedelta(hours=1))

    story.refresh_from_db()
    assert story.publish_at == embargo


def test_a_past_embargo_does_not_hold_a_story():
    story = make_story(status=S.IN_REVIEW, embargo_until=timezone.now() - timedelta(minutes=5))
    services.publish_story(story, by=make_editor())
    story.refresh_from_db()
    assert story.status == S.PUBLISHED


def test_withdraw_needs_a_reason_from_people_and_takes_the_story_off_the_site():
    editor = make_editor()
    story = make_story(status=S.PUBLISHED)

    with pytest.raises(InvalidTransition):
        services.withdraw_story(story, by=editor, reason="")
    services.withdraw_story(story, by=editor, reason="Legal advice")

    story.refresh_from_db()
    assert story.status == S.WITHDRAWN
    assert story.withdrawal_reason == "Legal advice"
    assert not Story.objects.published().filter(pk=story.pk).exists()


def test_back_to_draft_after_withdrawal_then_publish_again_keeps_the_first_date():
    editor = make_editor()
    story = make_story(status=S.PUBLISHED)
    first = story.first_published_at
    services.withdraw_story(story, by=editor, reason="Error in the figures")

    services.back_to_draft(story, by=editor)
    story.refresh_from_db()
    assert (story.status, story.withdrawal_reason) == (S.DRAFT, "")

    services.publish_story(story, by=editor)
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert story.first_published_at == first


def test_correction_is_printed_with_its_time_and_author():
    editor = make_editor()
    story = make_story(status=S.PUBLISHED)

    correction = services.correct_story(
        story, by=editor, note="An earlier version misspelt the minister's name."
    )

    assert Correction.objects.get(story=story) == correction
    assert correction.created_by == editor
    assert abs(correction.created_at - timezone.now()) < timedelta(seconds=5)
    assert last_step(story).action == "correct"
    with pytest.raises(InvalidTransition):
        services.correct_story(story, by=editor, note="")


def test_major_update_sets_the_readers_updated_time():
    story = make_story(status=S.PUBLISHED)
    services.mark_major_update(story, by=make_editor())
    story.refresh_from_db()
    assert abs(story.major_update_at - timezone.now()) < timedelta(seconds=5)


def test_corrections_and_updates_only_for_published_stories():
    editor = make_editor()
    draft = make_story(status=S.DRAFT)
    with pytest.raises(InvalidTransition):
        services.correct_story(draft, by=editor, note="Wrong")
    with pytest.raises(InvalidTransition):
        services.mark_major_update(draft, by=editor)
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "service, status, kwargs",
    [
        (services.publish_story, S.IN_REVIEW, {}),
        (services.schedule_story, S.IN_REVIEW, {"at": timezone.now() + timedelta(days=1)}),
        (services.return_to_draft, S.IN_REVIEW, {"note": "no"}),
        (services.withdraw_story, S.PUBLISHED, {"reason": "no"}),
        (services.back_to_draft, S.WITHDRAWN, {}),
        (services.mark_major_update, S.PUBLISHED, {}),
        (services.correct_story, S.PUBLISHED, {"note": "no"}),
    ],
)
@pytest.mark.parametrize("make_user", [make_reporter, make_wire_desk], ids=["reporter", "wire desk"])
def test_people_without_the_role_are_refused_and_nothing_changes(service, status, kwargs, make_user):
    user = make_user()
    story = make_story(status=status, created_by=user)
    before = Story.objects.values().get(pk=story.pk)

    with pytest.raises(TransitionNotAllowed):
        service(story, by=user, **kwargs)

    assert Story.objects.values().get(pk=story.pk) == before
    assert not StoryTransition.objects.filter(story=story).exists()
    assert not Correction.objects.filter(story=story).exists()


def test_a_reporter_cannot_submit_someone_elses_story():
    story = make_story(status=S.DRAFT, created_by=make_reporter())
    with pytest.raises(TransitionNotAllowed):
        services.submit_for_review(story, by=make_reporter())
    story.refresh_from_db()
    assert story.status == S.DRAFT


def test_the_state_in_the_database_counts_not_the_one_in_hand():
    editor = make_editor()
    story = make_story(status=S.IN_REVIEW)
    stale = Story.objects.get(pk=story.pk)
    services.publish_story(story, by=editor)

    with pytest.raises(InvalidTransition):
        services.return_to_draft(stale, by=editor, note="Too late")
    story.refresh_from_db()
    assert story.status == S.PUBLISHED


def test_the_system_may_publish_and_withdraw_without_a_user():
    agency = make_agency("Wire Service")
    story = make_story(status=S.DRAFT, agency=agency, source_guid="urn:wire:1")

    services.publish_story(story)
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    step = last_step(story)
    assert step.by is None

    services.publish_story(story)  # the importer seeing the same item again changes nothing
    assert StoryTransition.objects.filter(story=story).count() == 1

    services.withdraw_story(story, reason="Agency kill")
    story.refresh_from_db()
    assert (story.status, story.withdrawal_reason) == (S.WITHDRAWN, "Agency kill")


def test_publish_story_keeps_the_importers_signature_with_a_time():
    story = make_story(status=S.DRAFT)
    at = timezone.now() + timedelta(hours=1)
    services.publish_story(story, by=None, at=at)
    story.refresh_from_db()
    assert (story.status, story.publish_at) == (S.SCHEDULED, at)


def test_publishing_refuses_an_uncredited_lead_photo_and_names_it():
    photo = make_photo(credit="", caption="Crowds at the harbour")
    story = make_story(status=S.IN_REVIEW, lead_photo=photo)

    with pytest.raises(PhotoCreditMissing, match="Crowds at the harbour") as refused:
        services.publish_story(story, by=make_editor())

    assert f"#{photo.pk}" in str(refused.value)
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW


def test_publishing_refuses_an_uncredited_further_photo_and_scheduling_too():
    story = make_story(status=S.IN_REVIEW, lead_photo=make_photo(credit="Staff"))
    StoryPhoto.objects.create(story=story, photo=make_photo(credit="", caption="The empty stands"))

    with pytest.raises(PhotoCreditMissing, match="The empty stands"):
        services.publish_story(story, by=make_editor())
    with pytest.raises(PhotoCreditMissing, match="The empty stands"):
        services.schedule_story(story, by=make_editor(), at=timezone.now() + timedelta(hours=1))
    with pytest.raises(PhotoCreditMissing):
        services.publish_story(story)  # the system too
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW


def test_an_agency_photo_is_credited_by_its_agency():
    photo = make_photo(credit="", agency=make_agency(credit="NWA"))
    story = make_story(status=S.IN_REVIEW, lead_photo=photo)
    services.publish_story(story, by=make_editor())
    story.refresh_from_db()
    assert story.status == S.PUBLISHED


def test_claim_edit_refuses_a_save_based_on_an_older_version():
    editor = make_editor()
    story = make_story(status=S.DRAFT)
    Story.objects.filter(pk=story.pk).update(edit_version=4, updated_by=editor)

    with pytest.raises(services.EditConflict) as conflict:
        services.claim_edit(story, expected_version=3)
    assert editor.username in str(conflict.value)

    services.claim_edit(story, expected_version=4)
    assert story.edit_version == 5


def test_a_withdrawn_story_disappears_and_its_address_answers_410(client, django_capture_on_commit_callbacks):
    story = make_story(status=S.PUBLISHED, headline="Soon gone")
    address = story.get_absolute_url()
    assert client.get(address).status_code == 200  # now in the public page cache

    with django_capture_on_commit_callbacks(execute=True):  # the purge runs once the withdrawal commits
        services.withdraw_story(story, by=make_editor(), reason="Could not be verified")

    assert client.get(address).status_code == 410
    assert "Soon gone" not in client.get("/").text
