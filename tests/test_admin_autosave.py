"""Autosave on the story form: the fields as typed are kept per story and person (not a revision, not
the story, never shown to readers, purging nothing), offered back to their author only when newer than
the story's last save, restorable into the form or discarded, and deleted by saving the story."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.models import ReaderPagesGeneration, Revision, Story, StoryAutosave
from tests.builders import make_story
from tests.desk_builders import ADD, change_url, logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter, make_wire_desk

pytestmark = pytest.mark.django_db
S = Story.Status
TYPED = "Ferry crews vote to strike from Monday"


def autosave_url(story=None):
    if story is None:
        return reverse("admin:articles_story_autosave_new")
    return reverse("admin:articles_story_autosave", args=[story.pk])


def discard_url(story=None):
    if story is None:
        return reverse("admin:articles_story_autosave_discard_new")
    return reverse("admin:articles_story_autosave_discard", args=[story.pk])


def restore_url(story=None):
    return f"{change_url(story) if story else ADD}?autosave=restore"


@pytest.fixture
def asha():
    return make_editor(username="asha")


@pytest.fixture
def published():
    return make_story(status=S.PUBLISHED, headline="Ferry talks resume")


def test_an_autosave_keeps_the_form_and_changes_nothing_readers_see(
    client, asha, published, django_capture_on_commit_callbacks
):
    before = Story.objects.values().get(pk=published.pk)
    generations = ReaderPagesGeneration.objects.current_generations()
    logged_in(client, asha)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            autosave_url(published),
            payload(published, headline=TYPED, overwrite_newer="on", conflict_version="7", _save="Save"),
        )

    assert response.status_code == 200
    assert "autosaved at" in response.json()["message"]
    assert callbacks == []  # no reader-cache purge waiting for the commit
    assert Story.objects.values().get(pk=published.pk) == before  # not even updated_at moved
    assert not Revision.objects.exists()
    assert ReaderPagesGeneration.objects.current_generations() == generations
    kept = dict(StoryAutosave.objects.get(story=published, user=asha).form_fields)
    assert kept["headline"] == TYPED
    # The conflict's "overwrite" must be given again after comparing; buttons and the token are no fields.
    assert {"overwrite_newer", "conflict_version", "_save", "csrfmiddlewaretoken"}.isdisjoint(kept)
    client.logout()
    assert TYPED not in client.get(published.get_absolute_url()).text


def test_the_author_is_offered_a_newer_autosave_restores_it_and_saving_deletes_it(client, asha, published):
    logged_in(client, asha).post(autosave_url(published), payload(published, headline=TYPED))

    offer = client.get(change_url(published))
    assert "Restore your unsaved changes from" in offer.text
    assert f'value="{TYPED}"' not in offer.text  # the form shows the story until asked

    restored = client.get(restore_url(published))
    assert f'value="{TYPED}"' in restored.text
    assert "Your unsaved changes from" in restored.text

    saved = client.post(change_url(published), payload(published, headline=TYPED))
    assert saved.status_code == 302
    assert not StoryAutosave.objects.exists()
    assert "Restore your unsaved changes" not in client.get(change_url(published)).text


def test_an_autosave_older_than_the_last_save_is_not_offered(client, asha, published):
    with time_machine.travel("2026-03-31 10:00:00Z", tick=False) as clock:
        logged_in(client, asha).post(autosave_url(published), payload(published, headline=TYPED))
        clock.shift(timedelta(minutes=5))
        other = make_editor()
        client.force_login(other)
        client.post(change_url(published), payload(published, headline="Ferry strike called off"))
        client.force_login(asha)
        response = client.get(change_url(published))
        restored = client.get(restore_url(published))

    assert "Restore your unsaved changes" not in response.text
    assert f'value="{TYPED}"' not in restored.text


def test_discard_deletes_only_ones_own_autosave(client, asha, published):
    bilal = make_editor(username="bilal")
    logged_in(client, asha).post(autosave_url(published), payload(published, headline=TYPED))
    client.force_login(bilal)
    client.post(autosave_url(published), payload(published, headline="Bilal's draft headline"))

    response = client.post(discard_url(published))

    assert response.status_code == 302
    assert list(StoryAutosave.objects.values_list("user__username", flat=True)) == ["asha"]


def test_someone_elses_autosave_is_neither_offered_nor_restored(client, asha, published):
    logged_in(client, asha).post(autosave_url(published), payload(published, headline=TYPED))
    client.force_login(make_editor(username="bilal"))

    offered = client.get(change_url(published))
    restored = client.get(restore_url(published))

    assert "Restore your unsaved changes" not in offered.text
    assert TYPED not in restored.text
    assert client.post(discard_url(published)).status_code == 302
    assert StoryAutosave.objects.filter(user=asha).exists()


def test_a_new_storys_form_is_autosaved_restored_and_deleted_when_saved(client, asha, world):
    logged_in(client, asha).post(autosave_url(), payload(section=world, headline=TYPED))
    assert StoryAutosave.objects.get(user=asha).story is None

    offer = client.get(ADD)
    assert "Restore your unsaved changes from" in offer.text
    restored = client.get(restore_url())
    assert f'value="{TYPED}"' in restored.text

    saved = client.post(ADD, payload(section=world, headline=TYPED))
    assert saved.status_code == 302
    assert Story.objects.get().headline == TYPED
    assert not StoryAutosave.objects.exists()


@pytest.mark.parametrize("who", ["reporter", "wire desk"])
def test_someone_who_may_not_change_the_story_may_not_autosave_it(client, published, who):
    outsider = make_reporter() if who == "reporter" else make_wire_desk()
    logged_in(client, outsider)
    response = client.post(autosave_url(published), payload(published, headline=TYPED))
    assert response.status_code == 403
    assert not StoryAutosave.objects.exists()


def test_someone_who_may_not_write_stories_may_not_autosave_a_new_one(client, world):
    logged_in(client, make_wire_desk())
    assert client.post(autosave_url(), payload(section=world, headline=TYPED)).status_code == 403
    assert not StoryAutosave.objects.exists()


def test_a_reporter_who_lost_the_right_to_change_a_story_is_not_offered_their_autosave(client):
    reporter = make_reporter()
    story = make_story(status=S.DRAFT, created_by=reporter)
    logged_in(client, reporter).post(autosave_url(story), payload(story, headline=TYPED))
    Story.objects.filter(pk=story.pk).update(status=S.SCHEDULED, publish_at=story.created_at)

    response = client.get(restore_url(story))

    assert response.status_code == 200
    assert "Restore your unsaved changes" not in response.text and TYPED not in response.text


def test_the_autosave_address_takes_posts_only(client, asha, published):
    logged_in(client, asha)
    assert client.get(autosave_url(published)).status_code == 405
    assert client.get(discard_url(published)).status_code == 405
