"""Accidents that must not happen on the desk: Enter only ever saves; withdraw, return to draft, back to
draft and restore ask first, on a page that says what readers will see, and a hand-made POST that skips
the page takes no step."""

import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from articles.models import Revision, Story, StoryTransition
from tests.builders import make_story
from tests.confirming import confirm, confirmation_form, without_token
from tests.desk_builders import CHANGELIST, change_url, logged_in, messages_of, payload
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status


def step_url(story, action):
    return reverse("admin:articles_story_step", args=[story.pk, action])


def restore_url(story, revision):
    return reverse("admin:articles_story_restore", args=[story.pk, revision.pk])


def address_of(story):
    return f"http://testserver{story.get_absolute_url()}"


# Enter saves --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW, S.PUBLISHED, S.WITHDRAWN])
def test_the_forms_first_submit_button_is_a_plain_save_out_of_the_tab_order(client, status):
    """Enter in a field submits the form's first submit button (the HTML standard's default button)."""
    response = logged_in(client, make_editor()).get(change_url(make_story(status=status)))
    form = lxml_html.fromstring(response.content).get_element_by_id("story_form")
    first = form.xpath(".//button[@type='submit'] | .//input[@type='submit']")[0]
    assert (first.get("name"), first.get("tabindex"), first.get("aria-hidden")) == ("_continue", "-1", "true")


def test_the_add_form_starts_with_the_plain_save_too(client):
    response = logged_in(client, make_reporter()).get(reverse("admin:articles_story_add"))
    form = lxml_html.fromstring(response.content).get_element_by_id("story_form")
    assert form.xpath(".//button[@type='submit'] | .//input[@type='submit']")[0].get("name") == "_continue"


def test_what_enter_sends_on_a_published_story_with_a_note_saves_and_takes_no_step(client):
    story = make_story(status=S.PUBLISHED, headline="Bridge reopens")
    logged_in(client, make_editor())

    response = client.post(
        change_url(story),
        payload(
            story, headline="Bridge reopens after repairs", transition_note="Legal advice", _continue="enter"
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(story)
    story.refresh_from_db()
    assert (story.status, story.headline) == (S.PUBLISHED, "Bridge reopens after repairs")
    assert not StoryTransition.objects.exists()
    assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "buttons",
    [
        {"_continue": "enter", "_withdraw": "Withdraw"},
        {"_save": "Save", "_withdraw": "Withdraw"},
        {"_withdraw": "Withdraw", "_correct": "Save as a correction"},
    ],
)
def test_a_step_named_with_another_button_is_refused_and_nothing_is_saved(client, buttons):
    story = make_story(status=S.PUBLISHED, headline="As it was")
    logged_in(client, make_editor())

    response = client.post(
        change_url(story), payload(story, headline="Changed", transition_note="Legal advice", **buttons)
    )

    assert response.status_code == 400
    story.refresh_from_db()
    assert (story.status, story.headline) == (S.PUBLISHED, "As it was")
    assert not StoryTransition.objects.exists() and not Revision.objects.exists()


# Withdraw from the change form --------------------------------------------------------------------


def test_withdraw_saves_the_text_then_asks_saying_what_readers_will_get(client):
    story = make_story(status=S.PUBLISHED, headline="Council vote")
    logged_in(client, make_editor())

    asking = client.post(
        change_url(story),
        payload(story, headline="Council vote delayed", transition_note="Legal advice", _withdraw="Withdraw"),
    )

    assert asking.status_code == 200
    story.refresh_from_db()
    assert (story.status, story.headline) == (S.PUBLISHED, "Council vote delayed")  # saved, not withdrawn
    assert not StoryTransition.objects.exists()
    text = asking.content.decode()
    assert f"Readers will get “This story has been withdrawn” (410) at {address_of(story)}" in text
    assert "it leaves the home page" in text
    action, fields = confirmation_form(asking)
    assert action == step_url(story, "withdraw")
    assert fields["note"] == ["Legal advice"]  # the note typed on the form comes along
    assert client.get(story.get_absolute_url()).status_code == 200  # readers still have it

    confirmed = confirm(client, asking)

    assert confirmed.status_code == 302 and confirmed["Location"] == change_url(story)
    story.refresh_from_db()
    assert (story.status, story.withdrawal_reason) == (S.WITHDRAWN, "Legal advice")
    step = StoryTransition.objects.get()
    assert (step.action, step.note) == ("withdraw", "Legal advice")
    assert client.get(story.get_absolute_url()).status_code == 410


def test_a_forged_withdraw_without_the_pages_token_takes_no_step(client):
    story = make_story(status=S.PUBLISHED)
    logged_in(client, make_editor())
    fields = {"note": "Legal advice", "confirm": "yes"}

    for forged in ({}, {"confirmation": "made-up"}):
        response = client.post(step_url(story, "withdraw"), {**fields, **forged})
        assert response.status_code == 200  # the confirmation page again
        assert "Nothing has changed yet" in " ".join(messages_of(response))

    story.refresh_from_db()
    assert story.status == S.PUBLISHED and not StoryTransition.objects.exists()


def test_a_token_shown_for_another_story_person_or_version_takes_no_step(client):
    editor, other_editor = make_editor(), make_editor()
    story, other = make_story(status=S.PUBLISHED), make_story(status=S.PUBLISHED)
    logged_in(client, editor)
    asked_for_other = client.get(step_url(other, "withdraw"))
    _action, fields = confirmation_form(asked_for_other)

    response = client.post(step_url(story, "withdraw"), {**fields, "note": "x"})
    assert response.status_code == 200

    asked = client.get(step_url(story, "withdraw"))
    logged_in(client, other_editor)
    assert confirm(client, asked, note="x").status_code == 200  # another person's page

    logged_in(client, editor)
    Story.objects.filter(pk=story.pk).update(edit_version=story.edit_version + 1)  # edited meanwhile
    assert confirm(client, asked, note="x").status_code == 200

    assert set(Story.objects.values_list("status", flat=True)) == {S.PUBLISHED}
    assert not StoryTransition.objects.exists()


def test_withdraw_without_a_note_is_asked_again_and_nothing_changes(client):
    story = make_story(status=S.PUBLISHED)
    logged_in(client, make_editor())
    asking = client.post(change_url(story), payload(story, _withdraw="Withdraw"))

    response = confirm(client, asking, note="")

    assert response.status_code == 200 and "This field is required" in response.content.decode()
    story.refresh_from_db()
    assert story.status == S.PUBLISHED


def test_a_reporter_may_not_open_or_post_the_withdraw_page(client):
    reporter = make_reporter()
    story = make_story(status=S.PUBLISHED, created_by=reporter)
    logged_in(client, reporter)
    assert client.get(step_url(story, "withdraw")).status_code == 403
    assert client.post(step_url(story, "withdraw"), {"note": "x"}).status_code == 403
    story.refresh_from_db()
    assert story.status == S.PUBLISHED


def test_only_the_confirmed_steps_have_a_page(client):
    story = make_story(status=S.IN_REVIEW)
    logged_in(client, make_editor())
    assert client.get(step_url(story, "publish")).status_code == 404
    assert client.get(step_url(story, "nonsense")).status_code == 404


def test_a_step_that_does_not_fit_the_story_is_not_asked(client):
    story = make_story(status=S.DRAFT, headline="Draft")
    logged_in(client, make_editor())
    response = client.post(
        change_url(story), payload(story, headline="Draft, edited", _withdraw="Withdraw"), follow=True
    )
    story.refresh_from_db()
    assert (story.status, story.headline) == (S.DRAFT, "Draft, edited")
    assert any("cannot be given" in message for message in messages_of(response))


# Return to draft, back to draft -------------------------------------------------------------------


def test_return_to_draft_of_a_scheduled_story_says_it_will_not_come_out(client):
    story = make_story(status=S.SCHEDULED)
    logged_in(client, make_editor())

    asking = client.post(change_url(story), payload(story, transition_note="Hold it", _return_to_draft="x"))

    assert "It will not come out as scheduled (Scheduled for" in asking.content.decode()
    story.refresh_from_db()
    assert story.status == S.SCHEDULED
    confirm(client, asking)
    story.refresh_from_db()
    assert story.status == S.DRAFT


def test_back_to_draft_says_the_address_answers_not_found_instead(client):
    story = make_story(status=S.WITHDRAWN)
    logged_in(client, make_editor())

    asking = client.post(change_url(story), payload(story, _back_to_draft="x"))

    text = asking.content.decode()
    assert f"its address {address_of(story)} answers “not found” (404) instead" in text
    assert client.get(story.get_absolute_url()).status_code == 410
    confirm(client, asking)
    story.refresh_from_db()
    assert story.status == S.DRAFT
    assert client.get(story.get_absolute_url()).status_code == 404


# The list's actions -------------------------------------------------------------------------------


def test_withdraw_from_the_list_asks_and_a_post_without_the_token_takes_no_step(client):
    stories = [make_story(status=S.PUBLISHED) for _ in range(2)]
    ids = [story.pk for story in stories]
    logged_in(client, make_editor())

    asking = client.post(CHANGELIST, {"action": "withdraw", "_selected_action": ids})
    assert asking.content.decode().count("(410) at http://testserver/") == 2
    action, forged = without_token(asking, note="Source retracted")
    client.post(action, forged)
    assert set(Story.objects.values_list("status", flat=True)) == {S.PUBLISHED}

    confirm(client, asking, note="Source retracted")
    assert set(Story.objects.values_list("status", flat=True)) == {S.WITHDRAWN}


def test_back_to_draft_from_the_list_asks_too(client):
    story = make_story(status=S.WITHDRAWN)
    logged_in(client, make_editor())

    asking = client.post(CHANGELIST, {"action": "back_to_draft", "_selected_action": [story.pk]})

    story.refresh_from_db()
    assert asking.status_code == 200 and story.status == S.WITHDRAWN
    confirm(client, asking)
    story.refresh_from_db()
    assert story.status == S.DRAFT


# Restore ------------------------------------------------------------------------------------------


def test_restore_asks_first_and_says_what_readers_will_see(client):
    editor = make_editor()
    story = make_story(status=S.PUBLISHED, headline="First headline")
    logged_in(client, editor)
    client.post(change_url(story), payload(story, headline="Second headline"))
    story.refresh_from_db()
    older = Revision.objects.create(
        story=story, snapshot={**Revision.snapshot_of(story), "headline": "Older"}
    )

    asking = client.post(restore_url(story, older))

    assert asking.status_code == 200
    text = asking.content.decode()
    assert f"Readers will see the restored version at {address_of(story)} at once." in text
    assert re.search(r"Restoring it brings back:</p><ul><li>Headline", text)
    story.refresh_from_db()
    assert story.headline == "Second headline"

    action, forged = without_token(asking)
    client.post(action, forged)
    story.refresh_from_db()
    assert story.headline == "Second headline"

    assert confirm(client, asking).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Older"


def test_a_restore_token_is_for_that_revision_only(client):
    story = make_story(status=S.DRAFT, headline="Now")
    one = Revision.objects.create(story=story, snapshot={**Revision.snapshot_of(story), "headline": "One"})
    two = Revision.objects.create(story=story, snapshot={**Revision.snapshot_of(story), "headline": "Two"})
    logged_in(client, make_editor())

    _action, fields = confirmation_form(client.post(restore_url(story, one)))
    response = client.post(restore_url(story, two), fields)

    assert response.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Now"
