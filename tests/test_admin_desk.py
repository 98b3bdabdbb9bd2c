"""The desk in the admin: list, change form, buttons, list actions, lost updates, preview, uploads.

Forbidden requests are sent by hand, exactly as a curious reporter could send them.
"""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Correction, Photo, Revision, Story, StoryAuthor, StoryTransition
from tests.builders import make_agency, make_author, make_photo, make_section, make_story
from tests.confirming import confirm
from tests.desk_builders import ADD, CHANGELIST, change_url, logged_in, messages_of, payload
from tests.images import jpeg_bytes
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status


# The list ------------------------------------------------------------------------------------------


def test_story_list_shows_badges_bylines_and_counts_per_status(client):
    author = make_author("Meera Pillai")
    story = make_story(
        status=S.IN_REVIEW, headline="Ferry timetable changes", agency=make_agency("Coastline News")
    )
    StoryAuthor.objects.create(story=story, author=author)
    make_story(status=S.PUBLISHED)
    make_story(status=S.PUBLISHED)

    response = logged_in(client, make_editor()).get(CHANGELIST)

    assert response.status_code == 200
    html = response.text
    assert 'class="status-badge status-in_review"' in html
    assert "Meera Pillai, Coastline News" in html
    assert re.search(r'data-status="published">2<', html)
    assert re.search(r'data-status="in_review">1<', html)
    assert re.search(r'data-status="withdrawn">0<', html)


def test_story_list_makes_the_same_number_of_queries_for_3_or_30_stories(client):
    logged_in(client, make_editor())
    section, agency = make_section(), make_agency()

    def populate(count):
        for _ in range(count):
            story = make_story(section=section, agency=agency, status=S.IN_REVIEW)
            StoryAuthor.objects.create(story=story, author=make_author())
            StoryAuthor.objects.create(story=story, author=make_author(), position=1)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST).status_code == 200
        return len(captured)

    populate(3)
    few = queries()
    populate(27)
    assert queries() == few


def test_change_form_makes_the_same_number_of_queries_whatever_is_attached(client):
    editor = make_editor()
    logged_in(client, editor)
    story = make_story(status=S.DRAFT)
    client.get(change_url(story))  # warm the per-user permission cache like a real session would

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(change_url(story)).status_code == 200
        return len(captured)

    StoryAuthor.objects.create(story=story, author=make_author())
    one = queries()
    for position in range(1, 6):
        StoryAuthor.objects.create(story=story, author=make_author(), position=position)
    assert queries() == one


def test_filters_incoming_wire_agency_update_author_status_and_search(client):
    logged_in(client, make_editor())
    agency = make_agency("Northwind Wire")
    incoming = make_story(status=S.DRAFT, agency=agency, source_guid="urn:nw:1", headline="Wire draft")
    make_story(status=S.PUBLISHED, agency=agency, source_guid="urn:nw:2", headline="Wire already out")
    updated = make_story(status=S.PUBLISHED, headline="Needs the new version", agency_update_available=True)
    staff = make_story(status=S.DRAFT, headline="Staff draft", body="<p>The harbour master spoke.</p>")
    author = make_author("Tomas Reyes")
    StoryAuthor.objects.create(story=staff, author=author)

    def headlines(query):
        response = client.get(CHANGELIST + query)
        assert response.status_code == 200
        return {story.headline for story in response.context["cl"].result_list}

    assert headlines("?wire=incoming") == {incoming.headline}
    assert headlines("?agency_update_available__exact=1") == {updated.headline}
    assert headlines(f"?authors__id__exact={author.pk}") == {staff.headline}
    assert headlines("?status__exact=draft") == {incoming.headline, staff.headline}
    assert headlines("?q=harbour+master") == {staff.headline}
    year = timezone.localtime(updated.publish_at).year
    assert headlines(f"?publish_at__year={year}") >= {updated.headline}


# Buttons by role ------------------------------------------------------------------------------------


def buttons(response):
    return set(re.findall(r'<input type="submit" name="(_[a-z_]+)"', response.text)) - {
        "_save",
        "_continue",
        "_addanother",
        "_saveasnew",
    }


@pytest.mark.parametrize(
    "status, expected",
    [
        (S.DRAFT, {"_submit_for_review", "_schedule", "_publish"}),
        (S.IN_REVIEW, {"_return_to_draft", "_schedule", "_publish"}),
        (S.SCHEDULED, {"_return_to_draft", "_schedule", "_publish"}),
        (S.PUBLISHED, {"_withdraw", "_correct", "_major_update"}),
        (S.WITHDRAWN, {"_back_to_draft"}),
    ],
)
def test_an_editor_sees_the_buttons_for_each_state(client, status, expected):
    response = logged_in(client, make_editor()).get(change_url(make_story(status=status)))
    assert buttons(response) == expected


def test_a_reporter_sees_only_submit_and_no_publish_button(client):
    reporter = make_reporter()
    logged_in(client, reporter)

    own = client.get(change_url(make_story(status=S.DRAFT, created_by=reporter)))
    new = client.get(ADD)

    assert buttons(own) == {"_submit_for_review"}
    assert buttons(new) == {"_submit_for_review"}
    assert 'name="_publish"' not in own.text and 'name="_publish"' not in new.text
    assert 'name="publish_at' not in own.text  # the publication time is read-only for reporters


def test_a_reporter_cannot_open_someone_elses_story_for_editing(client):
    other = make_story(status=S.DRAFT, created_by=make_reporter())
    response = logged_in(client, make_reporter()).get(change_url(other))
    assert response.status_code == 200  # they may read it...
    assert 'name="headline"' not in response.text  # ...but get no form
    assert buttons(response) == set()


# Reporters' own flow ---------------------------------------------------------------------------------


def test_a_reporter_writes_a_story_and_submits_it(client):
    reporter = make_reporter()
    logged_in(client, reporter)
    tag = Tag.objects.create(name="Rivers")

    response = client.post(
        ADD, payload(tags=[str(tag.pk)], new_tags="volunteers, Monsoon", _submit_for_review="Submit")
    )

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    story = Story.objects.get()
    assert story.status == S.IN_REVIEW
    assert (story.created_by, story.updated_by) == (reporter, reporter)
    assert sorted(story.tags.names()) == ["Monsoon", "Rivers", "volunteers"]
    assert story.slug == "tide-of-volunteers-clears-the-river-bank"
    step = StoryTransition.objects.get(story=story)
    assert (step.from_status, step.to_status, step.by) == ("draft", "in_review", reporter)
    assert Revision.objects.filter(story=story).count() == 1


def test_the_body_is_sanitized_on_the_server(client):
    logged_in(client, make_reporter())
    client.post(ADD, payload(body='<p onclick="steal()">Quiet night.</p><script>alert(1)</script>'))
    body = Story.objects.get().body
    assert body == "<p>Quiet night.</p>"


def test_a_photo_uploaded_in_place_keeps_caption_credit_and_alt_text(client):
    reporter = make_reporter()
    logged_in(client, reporter)
    upload = SimpleUploadedFile("harbour.jpg", jpeg_bytes(size=(120, 80)), content_type="image/jpeg")

    response = client.post(
        ADD,
        payload(
            new_photo=upload,
            new_photo_caption="Boats at first light",
            new_photo_credit="Asha Menon",
            new_photo_alt_text="Fishing boats at dawn",
            new_photo_as_lead="on",
        ),
    )

    assert response.status_code == 302
    story = Story.objects.get()
    photo = story.lead_photo
    assert (photo.caption, photo.credit, photo.alt_text, photo.uploaded_by) == (
        "Boats at first light",
        "Asha Menon",
        "Fishing boats at dawn",
        reporter,
    )
    assert (photo.width, photo.height) == (120, 80)
    assert Revision.objects.get(story=story).snapshot["lead_photo"] == photo.pk


def test_a_photo_without_credit_is_refused_and_nothing_is_saved(client):
    logged_in(client, make_reporter())
    upload = SimpleUploadedFile("harbour.jpg", jpeg_bytes(), content_type="image/jpeg")

    response = client.post(ADD, payload(new_photo=upload, new_photo_caption="Boats", new_photo_credit=""))

    assert response.status_code == 200
    assert "needs a credit" in response.text
    assert not Story.objects.exists() and not Photo.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client):
    logged_in(client, make_reporter())
    upload = SimpleUploadedFile(
        "notes.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    response = client.post(ADD, payload(new_photo=upload, new_photo_credit="Staff"))
    assert response.status_code == 200
    assert not Story.objects.exists() and not Photo.objects.exists()


def test_tag_suggestions_come_from_the_admin_autocomplete(client):
    Tag.objects.create(name="Monsoon")
    Tag.objects.create(name="Markets")
    logged_in(client, make_reporter())
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "taggit", "model_name": "taggeditem", "field_name": "tag", "term": "mon"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Monsoon"]


def test_the_change_form_has_the_rich_text_editor_and_the_autocompletes(client):
    response = logged_in(client, make_editor()).get(ADD)
    html = response.text
    assert "django_prose_editor" in html and "data-django-prose-editor" in html
    # Photos are picked with the picture chooser (tests/test_story_photos_desk.py), the rest thus:
    for field in ("section", "agency", "tags"):
        assert re.search(
            rf'<select[^>]+name="{field}"[^>]+data-ajax--url|<select[^>]+data-ajax--url[^>]+name="{field}"',
            html,
        ), field
    assert "prepopulated_fields" in html or "data-prepopulated-fields" in html


# Editors' buttons ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, button, note, expected_status",
    [
        (S.DRAFT, "_submit_for_review", "", S.IN_REVIEW),
        (S.IN_REVIEW, "_return_to_draft", "Needs a second source", S.DRAFT),
        (S.SCHEDULED, "_return_to_draft", "Hold it", S.DRAFT),
        (S.IN_REVIEW, "_publish", "", S.PUBLISHED),
        (S.SCHEDULED, "_publish", "", S.PUBLISHED),
        (S.PUBLISHED, "_withdraw", "Legal advice", S.WITHDRAWN),
        (S.WITHDRAWN, "_back_to_draft", "", S.DRAFT),
    ],
)
def test_an_editors_button_saves_the_text_then_takes_the_step(client, status, button, note, expected_status):
    editor = make_editor()
    story = make_story(status=status)
    logged_in(client, editor)

    response = client.post(
        change_url(story),
        payload(story, headline="Edited by the desk", transition_note=note, **{button: "x"}),
    )
    if button in ("_return_to_draft", "_withdraw", "_back_to_draft"):
        # The text is saved; the step waits for its confirmation page (tests/test_safe_steps.py).
        response = confirm(client, response)

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.headline) == (expected_status, "Edited by the desk")
    step = StoryTransition.objects.filter(story=story).latest("at")
    assert (step.action, step.from_status, step.to_status, step.by, step.note) == (
        button[1:],
        status,
        expected_status,
        editor,
        note,
    )


def test_schedule_button_uses_the_time_in_the_form(client):
    story = make_story(status=S.IN_REVIEW)
    at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(microsecond=0, second=0)
    logged_in(client, make_editor())

    client.post(
        change_url(story),
        payload(story, publish_at_0=f"{at:%Y-%m-%d}", publish_at_1=f"{at:%H:%M:%S}", _schedule="x"),
    )

    story.refresh_from_db()
    assert (story.status, story.publish_at) == (S.SCHEDULED, at)


def test_a_refused_step_keeps_the_saved_text_and_says_why(client):
    story = make_story(status=S.IN_REVIEW, lead_photo=make_photo(credit="", caption="Flooded market"))
    logged_in(client, make_editor())

    response = client.post(
        change_url(story), payload(story, headline="Better headline", _publish="x"), follow=True
    )

    story.refresh_from_db()
    assert (story.status, story.headline) == (S.IN_REVIEW, "Better headline")
    assert any("Flooded market" in message and "credit" in message for message in messages_of(response))


def test_return_to_draft_without_a_note_is_refused(client):
    story = make_story(status=S.IN_REVIEW)
    asking = logged_in(client, make_editor()).post(change_url(story), payload(story, _return_to_draft="x"))
    response = confirm(client, asking)
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW
    assert response.status_code == 200 and "This field is required" in response.text  # the note


def test_correction_and_major_update_buttons(client):
    story = make_story(status=S.PUBLISHED)
    logged_in(client, make_editor())

    corrected = client.post(
        change_url(story),
        payload(
            story,
            body="<p>Fixed figure: 42.</p>",
            transition_note="An earlier version gave the figure as 24.",
            _correct="x",
        ),
        follow=True,
    )
    story.refresh_from_db()
    assert Correction.objects.get(story=story).note == "An earlier version gave the figure as 24."
    assert story.body == "<p>Fixed figure: 42.</p>"
    assert any("correction is printed" in message for message in messages_of(corrected))

    updated = client.post(change_url(story), payload(story, _major_update="x"), follow=True)
    story.refresh_from_db()
    assert story.major_update_at is not None
    assert story.status == S.PUBLISHED
    assert any("saved as a major update" in message for message in messages_of(updated))


def test_the_story_form_lists_its_latest_steps_by_their_names(client):
    story = make_story(status=S.IN_REVIEW)
    logged_in(client, make_editor())
    client.post(change_url(story), payload(story, _publish="x"))

    page = client.get(change_url(story)).text

    assert "In review → Published" in page
    assert "in_review" not in page


def test_an_editor_may_set_times_and_a_reporter_may_not(client):
    story = make_story(status=S.DRAFT)
    embargo = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    logged_in(client, make_editor()).post(
        change_url(story),
        payload(story, embargo_until_0=f"{embargo:%Y-%m-%d}", embargo_until_1=f"{embargo:%H:%M:%S}"),
    )
    story.refresh_from_db()
    assert story.embargo_until == embargo


# List actions ----------------------------------------------------------------------------------------


def test_publish_many_from_the_list(client):
    editor = make_editor()
    stories = [make_story(status=S.IN_REVIEW) for _ in range(3)]
    published = make_story(status=S.PUBLISHED)
    logged_in(client, editor)

    response = client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [s.pk for s in stories] + [published.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert set(Story.objects.filter(pk__in=[s.pk for s in stories]).values_list("status", flat=True)) == {
        S.PUBLISHED
    }
    assert StoryTransition.objects.filter(by=editor, action="publish").count() == 3
    assert any("Not changed" in message for message in messages_of(response))  # the one already out


def test_list_actions_that_need_a_note_or_a_time_ask_for_it_first(client):
    stories = [make_story(status=S.IN_REVIEW) for _ in range(2)]
    ids = [s.pk for s in stories]
    logged_in(client, make_editor())

    asking = client.post(CHANGELIST, {"action": "return_to_draft", "_selected_action": ids})
    assert asking.status_code == 200 and 'name="note"' in asking.text
    assert set(Story.objects.values_list("status", flat=True)) == {S.IN_REVIEW}

    empty = client.post(
        CHANGELIST, {"action": "return_to_draft", "_selected_action": ids, "confirm": "yes", "note": ""}
    )
    assert empty.status_code == 200
    assert set(Story.objects.values_list("status", flat=True)) == {S.IN_REVIEW}

    confirm(client, asking, note="Rework the top")
    assert set(Story.objects.values_list("status", flat=True)) == {S.DRAFT}
    assert set(StoryTransition.objects.values_list("note", flat=True)) == {"Rework the top"}


def test_schedule_many_from_the_list(client):
    stories = [make_story(status=S.IN_REVIEW) for _ in range(2)]
    at = timezone.localtime(timezone.now() + timedelta(hours=6)).replace(second=0, microsecond=0)
    logged_in(client, make_editor())

    client.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": [s.pk for s in stories],
            "confirm": "yes",
            "publish_at_0": f"{at:%Y-%m-%d}",
            "publish_at_1": f"{at:%H:%M}",
        },
    )

    assert set(Story.objects.values_list("status", "publish_at")) == {(S.SCHEDULED, at)}


def test_withdraw_and_back_to_draft_from_the_list(client):
    story = make_story(status=S.PUBLISHED)
    logged_in(client, make_editor())
    asking = client.post(CHANGELIST, {"action": "withdraw", "_selected_action": [story.pk]})
    confirm(client, asking, note="Source retracted")
    story.refresh_from_db()
    assert (story.status, story.withdrawal_reason) == (S.WITHDRAWN, "Source retracted")
    confirm(client, client.post(CHANGELIST, {"action": "back_to_draft", "_selected_action": [story.pk]}))
    story.refresh_from_db()
    assert story.status == S.DRAFT


def test_a_correction_refused_for_want_of_a_note_saves_nothing(client):
    # Saved alone, the edit would change the live story with no correction notice.
    story = make_story(status=S.PUBLISHED, headline="Ferry fares rise by 24 %", body="<p>Fares rise.</p>")
    version, revisions = story.edit_version, Revision.objects.filter(story=story).count()
    logged_in(client, make_editor())

    response = client.post(
        change_url(story),
        payload(story, headline="Ferry fares rise by 42 %", transition_note="  ", _correct="x"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Nothing has been saved" in errors["__all__"][0]
    assert errors["transition_note"] == ["Please write a note saying why."]
    assert 'value="Ferry fares rise by 42 %"' in response.text  # the editor's text, still in the form
    story.refresh_from_db()
    assert story.headline == "Ferry fares rise by 24 %"
    assert (story.edit_version, story.major_update_at) == (version, None)
    assert Revision.objects.filter(story=story).count() == revisions
    assert not Correction.objects.filter(story=story).exists()

    client.post(
        change_url(story),
        payload(
            story,
            headline="Ferry fares rise by 42 %",
            transition_note="An earlier version gave the rise as 24 %.",
            _correct="x",
        ),
    )
    story.refresh_from_db()
    assert story.headline == "Ferry fares rise by 42 %"
    assert Correction.objects.get(story=story).note == "An earlier version gave the rise as 24 %."


def test_the_story_form_names_who_made_and_changed_it_without_links_editors_may_not_follow(client):
    reporter = make_reporter()
    reporter.first_name, reporter.last_name = "Ines", "Marlow"
    reporter.save()
    story = make_story(status=S.DRAFT, created_by=reporter, updated_by=reporter)
    editor = make_editor()
    logged_in(client, editor)

    page = client.get(change_url(story)).text

    assert "Ines Marlow" in page
    assert "/admin/auth/user/" not in page  # an editor may not open accounts: such a link was a 403
    assert client.get(reverse("admin:auth_user_change", args=[reporter.pk])).status_code == 403


def test_a_story_a_reporter_may_only_read_says_why(client):
    reporter = make_reporter()
    byline = make_author("Tessa Rao")
    byline.user = reporter
    byline.save()
    by_an_editor = make_story(status=S.DRAFT, created_by=make_editor(), authors=[byline])
    their_own_but_out = make_story(status=S.PUBLISHED, created_by=reporter)
    logged_in(client, reporter)

    for story, reason in (
        (by_an_editor, "reporters change the stories they created"),
        (their_own_but_out, "until they are scheduled or published"),
    ):
        page = client.get(change_url(story))
        assert page.status_code == 200
        assert any(reason in message for message in messages_of(page)), messages_of(page)
    own_draft = client.get(change_url(make_story(status=S.DRAFT, created_by=reporter)))
    assert not any("change" in message for message in messages_of(own_draft))
