"""The live panel in the admin: starting coverage, the compact entry form, editing and correcting,
pinning, approving and deleting; every action refused (403) to a person who may not take it, with
nothing already saved lost. Forbidden posts are sent by hand, as a curious colleague could."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import LiveEntry, Story
from articles.services import live
from articles.services.live import EntryContent
from tests.builders import make_author, make_photo, make_story
from tests.desk_builders import change_url, logged_in, messages_of
from tests.newsroom_staff import make_editor, make_reporter, make_staff, make_wire_desk

pytestmark = pytest.mark.django_db


def coverage_url(story):
    return reverse("admin:articles_story_live", args=[story.pk])


def post_url(story):
    return reverse("admin:articles_story_live_post", args=[story.pk])


def entry_url(entry, action=None):
    url = reverse("admin:articles_story_live_entry", args=[entry.story_id, entry.pk])
    return f"{url}{action}/" if action else url


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def live_story(world, editor):
    story = make_story(section=world, headline="Election night: results as they come")
    return live.start_coverage(story, by=editor)


def test_an_editor_starts_coverage_from_the_story_page(client, world, editor):
    story = make_story(section=world)
    logged_in(client, editor)
    page = client.get(change_url(story))
    assert 'id="live-start-form"' in page.text and 'id="live-entry-form"' not in page.text

    response = client.post(coverage_url(story), {"action": "start", "review": "on"}, follow=True)
    story.refresh_from_db()
    assert story.is_live and story.live_entries_need_review
    assert "The story is live" in " ".join(messages_of(response))
    assert 'id="live-entry-form"' in response.text


def test_a_reporter_posts_from_the_compact_form_in_one_request(client, live_story):
    reporter = make_reporter()
    author = make_author("Kavya Nair", user=reporter)
    logged_in(client, reporter)
    page = client.get(change_url(live_story))
    assert page.status_code == 200  # the story is out: she sees it, read-only, with the live panel
    assert 'id="live-entry-form"' in page.text and 'name="live-pinned"' not in page.text
    assert 'id="live-start-form"' not in page.text and 'id="live-end-form"' not in page.text

    response = client.post(
        post_url(live_story), {"live-text": "Turnout passes 60 per cent.", "live-authors": [author.pk]}
    )
    entry = LiveEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{change_url(live_story)}#live-entry-{entry.pk}"
    assert entry.is_shown and entry.created_by == reporter and list(entry.authors.all()) == [author]
    assert "Turnout passes 60 per cent." in client.get(live_story.get_absolute_url()).text


def test_a_refused_entry_comes_back_with_what_was_typed(client, live_story, editor):
    logged_in(client, editor)
    response = client.post(
        post_url(live_story),
        {"live-text": "Watch the count live", "live-embed_url": "https://example.org/stream"},
    )
    assert response.status_code == 200
    assert "not a video or post this site embeds" in response.text
    assert "Watch the count live" in response.text
    assert not LiveEntry.objects.exists()
    missing = client.post(post_url(live_story), {"live-text": "A picture", "live-photo": "999999"})
    assert "There is no picture #999999" in missing.text


def test_an_editor_pins_edits_corrects_and_deletes(client, live_story, editor):
    logged_in(client, editor)
    client.post(post_url(live_story), {"live-text": "First seat declared.", "live-pinned": "on"})
    entry = LiveEntry.objects.get()
    assert entry.pinned

    form = client.get(entry_url(entry))
    assert form.status_code == 200 and "First seat declared." in form.text
    time = form.context["form"].initial["time"].strftime("%Y-%m-%d %H:%M:%S")
    client.post(entry_url(entry), {"text": "First seat declared: Riverside.", "time": time})
    entry.refresh_from_db()
    assert "Riverside" in entry.text and entry.corrected_at is None

    client.post(
        entry_url(entry),
        {
            "text": "First seat declared: Hillside.",
            "time": time,
            "correction_note": "It was Hillside, not Riverside.",
        },
    )
    entry.refresh_from_db()
    assert entry.corrected_at is not None and entry.correction_note == "It was Hillside, not Riverside."
    page = client.get(live_story.get_absolute_url()).text
    assert "It was Hillside, not Riverside." in page

    client.post(entry_url(entry, "unpin"))
    entry.refresh_from_db()
    assert not entry.pinned
    client.post(entry_url(entry, "delete"))
    entry.refresh_from_db()
    assert entry.deleted_at is not None
    assert "Hillside" not in client.get(live_story.get_absolute_url()).text.split("<main")[1]


def test_entries_wait_for_review_and_an_editor_approves(client, live_story, editor):
    live.set_review_required(live_story, True, by=editor)
    reporter = make_reporter()
    logged_in(client, reporter)
    response = client.post(post_url(live_story), {"live-text": "Recount requested in ward 7."}, follow=True)
    assert "waits for an editor" in " ".join(messages_of(response))
    entry = LiveEntry.objects.get()
    assert not entry.is_shown
    assert client.post(entry_url(entry, "approve")).status_code == 403

    logged_in(client, editor)
    page = client.get(change_url(live_story)).text
    assert "Waiting for review" in page and f'action="{entry_url(entry, "approve")}"' in page
    client.post(entry_url(entry, "approve"))
    entry.refresh_from_db()
    assert entry.is_shown


def test_the_panel_ends_and_resumes_coverage_and_saves_key_points(client, live_story, editor):
    logged_in(client, editor)
    client.post(
        coverage_url(live_story),
        {"action": "key_points", "key_points": "<ul><li>Polls closed at 6</li></ul>"},
    )
    client.post(coverage_url(live_story), {"action": "end"})
    story = Story.objects.get(pk=live_story.pk)
    assert not story.is_live and "Polls closed at 6" in story.key_points
    page = client.get(change_url(story)).text
    assert "Resume live coverage" in page and 'id="live-entry-form"' not in page
    client.post(coverage_url(live_story), {"action": "start"})
    assert Story.objects.get(pk=live_story.pk).is_live
    assert client.post(coverage_url(live_story), {"action": "explode"}).status_code == 400


# Refusals ------------------------------------------------------------------------------------------------


def test_a_reporter_may_not_run_the_coverage_nor_touch_others_entries(client, live_story, editor):
    entry = live.post_entry(live_story, EntryContent(text="Exit poll published."), by=editor)
    reporter = make_reporter()
    logged_in(client, reporter)
    for url, data in [
        (coverage_url(live_story), {"action": "end"}),
        (coverage_url(live_story), {"action": "key_points", "key_points": "mine"}),
        (coverage_url(make_story()), {"action": "start"}),
        (post_url(live_story), {"live-text": "Pinned by a reporter", "live-pinned": "on"}),
        (entry_url(entry), {"text": "Exit poll withdrawn.", "time": "2026-01-01 10:00:00"}),
        (entry_url(entry, "pin"), {}),
        (entry_url(entry, "delete"), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert client.get(entry_url(entry)).status_code == 403
    entry.refresh_from_db()
    story = Story.objects.get(pk=live_story.pk)
    assert "Exit poll published." in entry.text and entry.deleted_at is None and not entry.pinned
    assert story.is_live and story.key_points == ""
    assert LiveEntry.objects.count() == 1


@pytest.mark.parametrize("make_person", [make_wire_desk, lambda: make_staff(None)])
def test_staff_without_the_permission_post_nothing_and_see_no_panel(client, live_story, editor, make_person):
    entry = live.post_entry(live_story, EntryContent(text="Results in six wards."), by=editor)
    person = make_person()
    if not person.has_perm("articles.view_story"):
        person.user_permissions.add(Permission.objects.get(codename="view_story"))
    logged_in(client, person)
    page = client.get(change_url(live_story))
    assert page.status_code == 200 and 'id="live-coverage"' not in page.text
    assert client.post(post_url(live_story), {"live-text": "Let me post"}).status_code == 403
    assert client.post(entry_url(entry, "delete")).status_code == 403
    assert client.post(coverage_url(live_story), {"action": "end"}).status_code == 403
    assert LiveEntry.objects.count() == 1 and Story.objects.get(pk=live_story.pk).is_live


def test_a_person_who_may_post_but_not_see_stories_is_refused(client, live_story):
    poster = make_staff(None)
    poster.user_permissions.add(Permission.objects.get(codename="post_live_entry"))
    logged_in(client, poster)
    assert client.post(post_url(live_story), {"live-text": "Sneaky"}).status_code == 403
    assert not LiveEntry.objects.exists()


def test_an_uncredited_picture_is_refused_in_the_admin(client, live_story, editor):
    logged_in(client, editor)
    photo = make_photo(credit="")
    response = client.post(post_url(live_story), {"live-text": "Crowds outside", "live-photo": photo.pk})
    assert response.status_code == 200 and "credit" in response.text
    assert not LiveEntry.objects.exists()
