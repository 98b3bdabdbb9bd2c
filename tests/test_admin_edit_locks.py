"""Edit locks on the story form: who is editing is shown to the next person with the form read-only,
"Take over" hands the lock over and tells the holder, the open tab keeps the lock alive, leaving or
saving lets it go, a silent tab's lock lapses, and a save posted past someone else's live lock is
refused with the text kept. The lost-update refusal still stands behind it all."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.models import EditLock, Notification, Revision, Story
from tests.builders import make_story
from tests.desk_builders import change_url, logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter, make_wire_desk

pytestmark = pytest.mark.django_db
S = Story.Status


def lock_url(name, story):
    return reverse(f"admin:articles_story_lock_{name}", args=[story.pk])


def editable(response):
    return 'name="headline"' in response.text


@pytest.fixture
def asha():
    return make_editor(username="asha")


@pytest.fixture
def bilal():
    return make_editor(username="bilal")


@pytest.fixture
def draft():
    return make_story(status=S.DRAFT, headline="Storm closes the mountain pass")


# Opening the form --------------------------------------------------------------------------------------


def test_the_second_editor_sees_who_edits_since_when_read_only_with_take_over(
    client, asha, bilal, draft, frozen_now
):
    first = logged_in(client, asha).get(change_url(draft))
    assert editable(first)
    assert EditLock.objects.get(story=draft).user == asha

    client.force_login(bilal)
    second = client.get(change_url(draft))

    assert second.status_code == 200
    assert "asha is editing this story (since 00:15)." in second.text  # 18:45 UTC in Kolkata
    assert not editable(second)  # every field read-only
    assert lock_url("take_over", draft) in second.text
    assert 'name="_publish"' not in second.text and 'name="_save"' not in second.text
    assert EditLock.objects.get(story=draft).user == asha  # the lock stays with asha


def test_the_holder_opening_the_form_again_keeps_the_lock_and_sees_no_banner(client, asha, draft):
    logged_in(client, asha).get(change_url(draft))
    again = client.get(change_url(draft))
    assert editable(again)
    assert "is editing this story" not in again.text
    assert EditLock.objects.count() == 1


def test_a_lock_not_heard_from_lapses_and_the_next_editor_gets_it(client, asha, bilal, draft, settings):
    settings.NEWSROOM_EDIT_LOCK_SECONDS = 120
    with time_machine.travel("2026-03-31 10:00:00Z", tick=False) as clock:
        logged_in(client, asha).get(change_url(draft))
        clock.shift(timedelta(seconds=121))
        client.force_login(bilal)
        response = client.get(change_url(draft))

    assert editable(response)
    assert "is editing this story" not in response.text
    assert EditLock.objects.get(story=draft).user == bilal
    assert not Notification.objects.exists()  # a lapsed lock is nobody's to be told about


def test_the_heartbeat_keeps_the_lock_alive_and_says_when_it_was_taken(client, asha, bilal, draft):
    with time_machine.travel("2026-03-31 10:00:00Z", tick=False) as clock:
        logged_in(client, asha).get(change_url(draft))
        clock.shift(timedelta(seconds=100))
        assert client.post(lock_url("keep_alive", draft)).json() == {"held": True}
        clock.shift(timedelta(seconds=100))  # 200 s after opening, 100 s after the last beat
        client.force_login(bilal)
        assert not editable(client.get(change_url(draft)))

        client.post(lock_url("take_over", draft))
        client.force_login(asha)
        answer = client.post(lock_url("keep_alive", draft)).json()

    assert answer["held"] is False
    assert "bilal is editing this story" in answer["message"]
    assert EditLock.objects.get(story=draft).user == bilal


# Taking over -------------------------------------------------------------------------------------------


def test_take_over_hands_the_lock_over_and_tells_the_holder(client, asha, bilal, draft):
    logged_in(client, asha).get(change_url(draft))
    client.force_login(bilal)

    response = client.post(lock_url("take_over", draft))

    assert response.status_code == 302 and response.url == change_url(draft)
    assert EditLock.objects.get(story=draft).user == bilal
    told = Notification.objects.get()
    assert (told.recipient, told.kind, told.story, told.actor) == (asha, "lock_taken_over", draft, bilal)
    assert editable(client.get(change_url(draft)))


def test_take_over_is_a_post(client, asha, bilal, draft):
    logged_in(client, asha).get(change_url(draft))
    client.force_login(bilal)
    assert client.get(lock_url("take_over", draft)).status_code == 405
    assert client.get(lock_url("keep_alive", draft)).status_code == 405
    assert EditLock.objects.get(story=draft).user == asha


# Saving ------------------------------------------------------------------------------------------------


def test_a_save_past_someone_elses_live_lock_is_refused_and_keeps_the_text(client, asha, bilal, draft):
    logged_in(client, bilal).get(change_url(draft))  # bilal opened it first...
    client.force_login(asha)
    client.post(lock_url("take_over", draft))  # ...and asha took it over while bilal typed
    client.force_login(bilal)

    refused = client.post(
        change_url(draft), payload(draft, headline="Pass reopens at dawn", body="<p>Bilal's lines.</p>")
    )

    assert refused.status_code == 200
    assert "asha is editing this story" in refused.text
    assert 'value="Pass reopens at dawn"' in refused.text and "Bilal&#x27;s lines." in refused.text
    assert 'name="take_over_lock"' in refused.text
    draft.refresh_from_db()
    assert draft.headline == "Storm closes the mountain pass"
    assert not Revision.objects.filter(story=draft).exists()
    assert EditLock.objects.get(story=draft).user == asha


def test_take_over_and_save_saves_and_tells_the_holder(client, asha, bilal, draft):
    logged_in(client, asha).get(change_url(draft))
    client.force_login(bilal)

    response = client.post(
        change_url(draft), payload(draft, headline="Pass reopens at dawn", take_over_lock="on")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Pass reopens at dawn"
    assert Notification.objects.get().recipient == asha
    assert not EditLock.objects.exists()  # saving let go of it


def test_saving_releases_the_lock(client, asha, draft):
    logged_in(client, asha).get(change_url(draft))
    response = client.post(change_url(draft), payload(draft, headline="Pass reopens at dawn"))
    assert response.status_code == 302
    assert not EditLock.objects.exists()


def test_the_lost_update_refusal_stays_behind_the_lock(client, asha, bilal, draft):
    opened = Story.objects.get(pk=draft.pk)
    logged_in(client, asha).get(change_url(draft))
    client.force_login(bilal)
    client.post(change_url(draft), payload(opened, headline="Bilal's version", take_over_lock="on"))
    client.force_login(asha)  # asha's tab still has the version she opened; bilal's lock is gone

    refused = client.post(change_url(draft), payload(opened, headline="Asha's version"))

    assert refused.status_code == 200
    assert "bilal changed this story at" in refused.text
    draft.refresh_from_db()
    assert draft.headline == "Bilal's version"


# Leaving -----------------------------------------------------------------------------------------------


def test_leaving_releases_only_ones_own_lock(client, asha, bilal, draft):
    logged_in(client, asha).get(change_url(draft))
    client.force_login(bilal)
    assert client.post(lock_url("release", draft)).status_code == 204
    assert EditLock.objects.get(story=draft).user == asha  # bilal's goodbye does not free asha's lock

    client.force_login(asha)
    assert client.post(lock_url("release", draft)).status_code == 204
    assert not EditLock.objects.exists()


# Who may ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reporter", "wire desk"])
def test_someone_who_may_not_change_the_story_gets_no_lock_and_may_not_take_one(client, asha, draft, who):
    outsider = make_reporter() if who == "reporter" else make_wire_desk()  # not the story's reporter
    logged_in(client, asha).get(change_url(draft))
    client.force_login(outsider)

    assert client.post(lock_url("take_over", draft)).status_code == 403
    assert client.post(lock_url("keep_alive", draft)).status_code == 403
    lock = EditLock.objects.get(story=draft)
    assert lock.user == asha
    assert not Notification.objects.exists()


def test_a_reporter_viewing_a_story_they_may_not_change_claims_no_lock(client, draft):
    reporter = make_reporter()
    published = make_story(status=S.PUBLISHED, created_by=reporter)
    response = logged_in(client, reporter).get(change_url(published))
    assert response.status_code == 200 and not editable(response)
    assert "is editing this story" not in response.text
    assert not EditLock.objects.exists()
