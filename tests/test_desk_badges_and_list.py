"""The desk says what readers see: status badges in the list and on the change form, an embargo that
would pull a live story asked about first, and the list ordered by last change with "mine" and "needs
review" filters."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import AgencyCopy, Photo, Story
from tests.builders import make_agency, make_author, make_story
from tests.desk_builders import CHANGELIST, change_url, logged_in, messages_of, payload
from tests.images import jpeg_bytes
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status


def badges_by_headline(response):
    tree = lxml_html.fromstring(response.content)
    return {
        row.xpath("string(.//th)").strip(): row.xpath("string(.//span[contains(@class, 'status-badge')])")
        for row in tree.xpath('//table[@id="result_list"]/tbody/tr')
    }


def headlines(response):
    return [story.headline for story in response.context["cl"].result_list]


def as_form_time(name, moment):
    local = timezone.localtime(moment)
    return {f"{name}_0": f"{local:%Y-%m-%d}", f"{name}_1": f"{local:%H:%M:%S}"}


def killed(story, status=AgencyCopy.AgencyStatus.CANCELED):
    AgencyCopy.objects.create(story=story, agency_status=status)
    return story


# Badges -------------------------------------------------------------------------------------------


def test_the_list_badges_say_what_readers_see(client, frozen_now):
    """The clock stands at 00:15 on 1 April 2026 in the newsroom's zone (Asia/Kolkata)."""
    in_two_hours = frozen_now + timedelta(hours=2)
    agency = make_agency()
    make_story(status=S.PUBLISHED, headline="Out")
    make_story(status=S.PUBLISHED, headline="Out but embargoed", embargo_until=in_two_hours)
    make_story(status=S.SCHEDULED, headline="Scheduled", publish_at=in_two_hours)
    make_story(
        status=S.SCHEDULED,
        headline="Scheduled, embargo later",
        publish_at=frozen_now + timedelta(hours=1),
        embargo_until=in_two_hours,
    )
    make_story(status=S.DRAFT, headline="Draft")
    make_story(status=S.IN_REVIEW, headline="In review")
    make_story(status=S.WITHDRAWN, headline="Withdrawn")
    killed(make_story(status=S.DRAFT, headline="Killed", agency=agency, source_guid="urn:k:1"))
    killed(
        make_story(status=S.WITHDRAWN, headline="Withheld", agency=agency, source_guid="urn:k:2"),
        AgencyCopy.AgencyStatus.WITHHELD,
    )

    response = logged_in(client, make_editor()).get(CHANGELIST)

    assert badges_by_headline(response) == {
        "Out": "Published",
        "Out but embargoed": "Embargoed until April 1, 2026, 2:15 a.m.",
        "Scheduled": "Scheduled for April 1, 2026, 2:15 a.m.",
        "Scheduled, embargo later": "Scheduled for April 1, 2026, 2:15 a.m.",
        "Draft": "Draft",
        "In review": "In review",
        "Withdrawn": "Withdrawn",
        "Killed": "Killed",
        "Withheld": "Withheld by the agency",
    }


def test_the_change_form_shows_the_readers_badge_not_the_workflow_state(client, frozen_now):
    story = make_story(status=S.PUBLISHED, embargo_until=frozen_now + timedelta(hours=2))

    response = logged_in(client, make_editor()).get(change_url(story))

    tree = lxml_html.fromstring(response.content)
    top = tree.xpath('string(//*[@id="reader-status"])')
    field = tree.xpath('string(//div[contains(@class, "field-status_badge")])')
    assert "Embargoed until April 1, 2026, 2:15 a.m." in top
    assert "Embargoed until April 1, 2026, 2:15 a.m." in field and "Published" not in field


def test_the_list_makes_the_same_number_of_queries_with_agency_copies(client):
    logged_in(client, make_editor())
    agency = make_agency()

    def populate(count):
        for _ in range(count):
            killed(make_story(status=S.DRAFT, agency=agency, source_guid=f"urn:q:{Story.objects.count()}"))
            make_story(status=S.PUBLISHED)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST).status_code == 200
        return len(captured)

    populate(2)
    few = queries()
    populate(20)
    assert queries() == few


# An embargo on a live story -----------------------------------------------------------------------


def test_an_embargo_on_a_live_story_is_asked_about_first_and_nothing_is_saved(client, frozen_now):
    story = make_story(status=S.PUBLISHED, headline="Minister resigns")
    embargo = frozen_now + timedelta(hours=2)
    logged_in(client, make_editor())

    response = client.post(
        change_url(story),
        payload(story, headline="Minister resigns, aide says", **as_form_time("embargo_until", embargo)),
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "Take this story off the site?" in text
    assert "Saving the embargo takes it off until April 1, 2026, 2:15 a.m." in text
    assert f"readers will get “not found” (404) at http://testserver{story.get_absolute_url()}" in text
    assert 'value="Minister resigns, aide says"' in text  # what was typed is kept
    story.refresh_from_db()
    assert (story.headline, story.embargo_until) == ("Minister resigns", None)
    assert client.get(story.get_absolute_url()).status_code == 200


def test_confirming_the_embargo_takes_the_story_off_the_site_and_says_until_when(client, frozen_now):
    story = make_story(status=S.PUBLISHED, headline="Minister resigns")
    embargo = frozen_now + timedelta(hours=2)
    logged_in(client, make_editor())
    form = payload(story, headline="Minister resigns, aide says", **as_form_time("embargo_until", embargo))
    asked = client.post(change_url(story), form)
    token = lxml_html.fromstring(asked.content).xpath('//input[@name="confirm_embargo"]/@value')[0]

    response = client.post(change_url(story), {**form, "confirm_embargo": token}, follow=True)

    story.refresh_from_db()
    assert (story.headline, story.embargo_until, story.status) == (
        "Minister resigns, aide says",
        embargo,
        S.PUBLISHED,
    )
    assert "“Minister resigns, aide says” was taken off the site until April 1, 2026, 2:15 a.m." in " ".join(
        messages_of(response)
    )
    assert client.get(story.get_absolute_url()).status_code == 404
    assert not Story.objects.published().filter(pk=story.pk).exists()


def test_a_forged_or_stale_embargo_confirmation_saves_nothing(client, frozen_now):
    story = make_story(status=S.PUBLISHED)
    logged_in(client, make_editor())
    two_hours = payload(story, **as_form_time("embargo_until", frozen_now + timedelta(hours=2)))
    token = lxml_html.fromstring(client.post(change_url(story), two_hours).content).xpath(
        '//input[@name="confirm_embargo"]/@value'
    )[0]
    three_hours = payload(story, **as_form_time("embargo_until", frozen_now + timedelta(hours=3)))

    for form in ({**two_hours, "confirm_embargo": "yes"}, {**three_hours, "confirm_embargo": token}):
        assert client.post(change_url(story), form).status_code == 200

    story.refresh_from_db()
    assert story.embargo_until is None


def test_an_upload_waits_in_the_library_while_the_embargo_is_asked_about(client, frozen_now, media_root):
    story = make_story(status=S.PUBLISHED)
    logged_in(client, make_editor())
    form = payload(story, **as_form_time("embargo_until", frozen_now + timedelta(hours=2)))
    upload = SimpleUploadedFile("quay.jpg", jpeg_bytes(size=(120, 80)), content_type="image/jpeg")

    asked = client.post(change_url(story), {**form, "new_photo": upload, "new_photo_credit": "Staff"})

    tree = lxml_html.fromstring(asked.content)
    waiting = tree.xpath('//input[@name="new_photo_stored"]/@value')[0]
    token = tree.xpath('//input[@name="confirm_embargo"]/@value')[0]
    client.post(change_url(story), {**form, "new_photo_stored": waiting, "confirm_embargo": token})
    story.refresh_from_db()
    assert story.lead_photo == Photo.objects.get(pk=waiting)


@pytest.mark.parametrize("status", [S.DRAFT, S.SCHEDULED])
def test_an_embargo_on_a_story_not_yet_out_needs_no_question(client, frozen_now, status):
    story = make_story(status=status)
    embargo = frozen_now + timedelta(hours=2)
    response = logged_in(client, make_editor()).post(
        change_url(story), payload(story, **as_form_time("embargo_until", embargo))
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.embargo_until == embargo


def test_moving_a_running_embargo_needs_no_question(client, frozen_now):
    story = make_story(status=S.PUBLISHED, embargo_until=frozen_now + timedelta(hours=1))
    later = frozen_now + timedelta(hours=3)
    response = logged_in(client, make_editor()).post(
        change_url(story), payload(story, **as_form_time("embargo_until", later))
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.embargo_until == later


# The list: order and filters ----------------------------------------------------------------------


def test_the_list_shows_the_last_changed_first(client):
    now = timezone.now()
    for headline, hours_ago in [("Yesterday", 24), ("Just now", 0), ("This morning", 5)]:
        story = make_story(status=S.DRAFT, headline=headline)
        Story.objects.filter(pk=story.pk).update(updated_at=now - timedelta(hours=hours_ago))

    response = logged_in(client, make_editor()).get(CHANGELIST)

    assert headlines(response) == ["Just now", "This morning", "Yesterday"]


def test_mine_is_what_i_created_or_carry_my_byline_and_what_i_changed_last(client):
    me, colleague = make_reporter(), make_reporter()
    make_story(status=S.DRAFT, headline="Created by me", created_by=me)
    make_story(
        status=S.PUBLISHED,
        headline="My byline",
        created_by=colleague,
        authors=[make_author(user=me), make_author()],
    )
    make_story(status=S.IN_REVIEW, headline="Changed by me", created_by=colleague, updated_by=me)
    make_story(status=S.DRAFT, headline="Theirs", created_by=colleague)
    logged_in(client, me)

    assert sorted(headlines(client.get(CHANGELIST + "?mine=own"))) == ["Created by me", "My byline"]
    assert headlines(client.get(CHANGELIST + "?mine=changed")) == ["Changed by me"]


def test_needs_review_lists_the_stories_waiting_for_an_editor(client):
    make_story(status=S.IN_REVIEW, headline="Waiting")
    for status in (S.DRAFT, S.SCHEDULED, S.PUBLISHED, S.WITHDRAWN):
        make_story(status=status)

    response = logged_in(client, make_editor()).get(CHANGELIST + "?review=waiting")

    assert headlines(response) == ["Waiting"]
