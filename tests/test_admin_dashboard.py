"""The admin index as the desk's dashboard: what each person sees, in a fixed number of queries, and
marking notifications read (only one's own)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from articles import services
from articles.models import AgencyCopy, Notification, Story, StoryAuthor
from articles.services.notifications import notify
from tests.builders import make_agency, make_author, make_photo, make_story, unique
from tests.desk_builders import logged_in
from tests.newsroom_staff import make_editor, make_reporter, make_wire_desk

pytestmark = pytest.mark.django_db
S = Story.Status
INDEX = reverse("admin:index")
MARK_READ = reverse("admin:desk_notifications_read")


def block(html, key):
    """The HTML of one dashboard block (empty when the person is not shown it)."""
    match = re.search(rf'<section class="module desk-block" id="desk-{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def headlines(html, key):
    return re.findall(
        r'<a href="/admin/articles/[a-z]+/\d+/(?:change|agency-update)/">([^<]+)</a>', block(html, key)
    )


def wire_story(*, headline, urgency, received_at=None):
    story = make_story(
        status=S.DRAFT, headline=headline, agency=make_agency(), source_guid=unique("urn:wire")
    )
    AgencyCopy.objects.create(story=story, urgency=urgency, received_at=received_at or timezone.now())
    return story


def fill_the_desk(*, reporter, editor, count):
    """``count`` of everything each block lists, for ``reporter`` and for the desk."""
    now = timezone.now()
    for number in range(count):
        make_story(status=S.DRAFT, created_by=reporter, headline=f"Draft {number}")
        returned = make_story(status=S.IN_REVIEW, created_by=reporter, headline=f"Returned {number}")
        services.return_to_draft(returned, by=editor, note=f"Fix paragraph {number}")
        make_story(status=S.IN_REVIEW, headline=f"In review {number}")
        make_story(status=S.SCHEDULED, publish_at=now + timedelta(hours=number + 1))
        make_story(
            status=S.SCHEDULED, publish_at=now + timedelta(hours=1), embargo_until=now + timedelta(hours=2)
        )
        make_story(status=S.PUBLISHED)
        wire_story(headline=f"Wire {number}", urgency=number % 9 + 1)
        copy = wire_story(headline=f"Updated wire {number}", urgency=5).agency_copy
        copy.pending_version, copy.pending_received_at = 2, now
        copy.save()
        make_photo(expires_at=now + timedelta(days=2))
        notify(editor, "mention", story=make_story(), actor=reporter, text=f"@editor look {number}")


# Query count ---------------------------------------------------------------------------------------


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("make_person", "expected"),
    [
        # session, user, the person's permissions (user and group), 10 blocks
        (make_editor, 2 + 2 + 10),
        # no review queue, no wire, no agency updates
        (make_reporter, 2 + 2 + 7),
        # the wire desk sees stories and the wire, not the review queue (pictures: view only)
        (make_wire_desk, 2 + 2 + 9),
    ],
)
def test_the_dashboard_costs_the_same_queries_for_an_empty_and_a_busy_desk(client, make_person, expected):
    person = make_person()
    logged_in(client, person)
    empty = queries_for(client)

    fill_the_desk(reporter=person, editor=make_editor(username="busy-editor"), count=12)
    if person.has_perm("articles.review_story"):
        fill_the_desk(reporter=make_reporter(), editor=person, count=12)
    busy = queries_for(client)

    assert empty == busy == expected


# What each person sees -----------------------------------------------------------------------------


def test_a_reporter_sees_their_drafts_and_returned_stories_with_the_note_but_no_review_queue(client):
    reporter, editor = make_reporter(), make_editor(username="desk-chief")
    make_story(status=S.DRAFT, created_by=reporter, headline="My own draft")
    co_written = make_story(status=S.DRAFT, created_by=editor, headline="Draft with my byline")
    StoryAuthor.objects.create(story=co_written, author=make_author(user=reporter))
    make_story(status=S.DRAFT, created_by=make_reporter(), headline="Someone else's draft")
    returned = make_story(status=S.IN_REVIEW, created_by=reporter, headline="Sent back to me")
    services.return_to_draft(returned, by=editor, note="The second source is missing.")
    make_story(status=S.IN_REVIEW, headline="A story waiting for an editor")

    html = logged_in(client, reporter).get(INDEX).text

    assert sorted(headlines(html, "drafts")) == ["Draft with my byline", "My own draft"]
    assert headlines(html, "returned") == ["Sent back to me"]
    assert "The second source is missing." in block(html, "returned")
    assert "returned by desk-chief" in block(html, "returned")
    assert block(html, "review") == ""
    assert block(html, "wire") == "" and block(html, "agency_updates") == ""
    assert "A story waiting for an editor" not in html
    # The reporter heard of the return on the dashboard too.
    assert "The second source is missing." in block(html, "notifications")


def test_an_editor_sees_the_review_queue_longest_waiting_first(client):
    editor = make_editor()
    older = make_story(status=S.IN_REVIEW, headline="Waiting since morning")
    make_story(status=S.IN_REVIEW, headline="Just submitted")
    Story.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(hours=5))
    make_story(status=S.DRAFT, created_by=make_reporter(), headline="A reporter's draft")

    html = logged_in(client, editor).get(INDEX).text

    assert headlines(html, "review") == ["Waiting since morning", "Just submitted"]
    assert headlines(html, "drafts") == []
    assert "A reporter's draft" not in html


def test_scheduled_embargoes_and_published_blocks(client, frozen_now):
    now = timezone.now()
    make_story(status=S.SCHEDULED, publish_at=now + timedelta(hours=3), headline="Out at three")
    make_story(status=S.SCHEDULED, publish_at=now + timedelta(hours=1), headline="Out at one")
    make_story(
        status=S.SCHEDULED,
        publish_at=now + timedelta(hours=5),
        embargo_until=now + timedelta(hours=5),
        headline="Embargoed report",
    )
    make_story(status=S.PUBLISHED, embargo_until=now - timedelta(hours=1), headline="Embargo already over")
    make_story(status=S.PUBLISHED, publish_at=now - timedelta(hours=2), headline="Out this morning")
    make_story(status=S.PUBLISHED, publish_at=now - timedelta(minutes=5), headline="Out just now")

    html = logged_in(client, make_editor()).get(INDEX).text

    assert headlines(html, "scheduled") == ["Out at one", "Out at three", "Embargoed report"]
    assert headlines(html, "embargoes") == ["Embargoed report"]
    ends = formats.date_format(timezone.localtime(now + timedelta(hours=5)), "DATETIME_FORMAT")
    assert f"embargo ends {ends}" in block(html, "embargoes")
    assert headlines(html, "published")[:3] == ["Out just now", "Embargo already over", "Out this morning"]


def test_incoming_wire_comes_flash_and_urgent_first(client):
    wire_story(headline="Routine markets report", urgency=5)
    wire_story(headline="Urgent: port closed", urgency=3)
    wire_story(headline="Undated item", urgency=None)
    wire_story(headline="FLASH: bridge struck", urgency=1)
    published = wire_story(headline="Already out", urgency=1)
    services.publish_story(published, by=None)

    html = logged_in(client, make_wire_desk()).get(INDEX).text

    assert headlines(html, "wire") == [
        "FLASH: bridge struck",
        "Urgent: port closed",
        "Routine markets report",
        "Undated item",
    ]
    assert 'class="urgency urgency-flash"' in block(html, "wire")
    assert 'class="urgency urgency-urgent"' in block(html, "wire")


def test_agency_updates_waiting_link_to_compare_and_apply(client):
    story = wire_story(headline="Election count update", urgency=4)
    AgencyCopy.objects.filter(story=story).update(pending_version=3, pending_received_at=timezone.now())
    wire_story(headline="Nothing waiting here", urgency=4)

    html = logged_in(client, make_editor()).get(INDEX).text

    assert headlines(html, "agency_updates") == ["Election count update"]
    assert reverse("admin:articles_agencycopy_update", args=[story.pk]) in block(html, "agency_updates")


def test_pictures_whose_rights_expire_soon(client, frozen_now):
    now = timezone.now()
    make_photo(caption="Rights end tomorrow", expires_at=now + timedelta(days=1))
    make_photo(caption="Rights end next month", expires_at=now + timedelta(days=30))
    make_photo(caption="Rights already over", expires_at=now - timedelta(days=1))
    make_photo(caption="No expiry")

    html = logged_in(client, make_editor()).get(INDEX).text

    assert headlines(html, "photos") == ["Rights end tomorrow"]


def test_a_block_with_more_rows_than_it_shows_says_so_and_links_to_its_list(client):
    for _number in range(9):
        make_story(status=S.IN_REVIEW)
    html = logged_in(client, make_editor()).get(INDEX).text
    assert len(headlines(html, "review")) == 8
    assert "More…" in block(html, "review")
    assert "/admin/articles/story/?review=waiting" in block(html, "review")


def test_a_staff_member_without_desk_permissions_sees_only_their_notifications(client):
    from tests.newsroom_staff import make_staff

    html = logged_in(client, make_staff(None)).get(INDEX).text
    assert block(html, "notifications")
    assert block(html, "drafts") == "" and block(html, "photos") == ""


def test_the_dashboard_is_for_staff_only(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# Notifications -------------------------------------------------------------------------------------


def test_unread_notifications_show_until_marked_read_one_by_one_or_all(client):
    reporter, editor = make_reporter(), make_editor(username="desk-chief")
    story = make_story(headline="Tram line extension approved")
    first = notify(reporter, "mention", story=story, actor=editor, text="@reporter add the cost")
    notify(reporter, "published", story=story, actor=editor)
    notify(make_reporter(), "mention", story=story, actor=editor, text="For someone else")
    logged_in(client, reporter)

    html = client.get(INDEX).text
    assert "@reporter add the cost" in block(html, "notifications")
    assert "For someone else" not in html

    response = client.post(MARK_READ, {"notification": first.pk})
    assert response.status_code == 302
    html = client.get(INDEX).text
    assert "@reporter add the cost" not in html
    assert "published your story" in block(html, "notifications")

    client.post(MARK_READ)
    assert "Nothing new." in block(client.get(INDEX).text, "notifications")
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # someone else's


def test_no_one_marks_someone_elses_notifications_read(client):
    theirs = notify(make_reporter(), "mention", story=make_story(), actor=make_editor(), text="Private")
    logged_in(client, make_reporter())

    client.post(MARK_READ, {"notification": theirs.pk})
    client.post(MARK_READ, {"notification": "not-a-number"})
    client.post(MARK_READ)

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notifications_marked_read_stay_on_the_page_of_every_notification(client):
    reporter, editor = make_reporter(), make_editor(username="desk-chief")
    story = make_story(headline="Tram line extension approved")
    mention = notify(reporter, "mention", story=story, actor=editor, text="@reporter add the cost")
    notify(make_reporter(), "mention", story=story, actor=editor, text="For someone else")
    logged_in(client, reporter)
    client.post(MARK_READ)
    listed = reverse("admin:desk_notifications")
    assert f'href="{listed}"' in block(client.get(INDEX).text, "notifications")

    with CaptureQueriesContext(connection) as one:
        html = client.get(listed).text
    assert "@reporter add the cost" in html and "Tram line extension approved" in html
    assert "For someone else" not in html
    assert 'value="Mark read"' not in html  # read already: when, not a button
    for number in range(30):
        notify(reporter, "mention", story=make_story(), actor=editor, text=f"Mention {number}")
    with CaptureQueriesContext(connection) as many:
        assert "Mention 29" in client.get(listed).text
    assert len(many) == len(one)  # the same whatever the number

    fresh = notify(reporter, "returned", story=story, actor=editor)
    response = client.post(MARK_READ, {"notification": fresh.pk, "next": "notifications"})
    assert response["Location"] == listed  # back to the list it was marked on
    mention.refresh_from_db()
    assert mention.read_at is not None


def test_the_page_of_every_notification_is_for_staff_only(client):
    response = client.get(reverse("admin:desk_notifications"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_marking_read_is_a_post(client):
    logged_in(client, make_reporter())
    assert client.get(MARK_READ).status_code == 405


def test_every_block_links_to_a_list_that_answers(client):
    editor = make_editor()
    logged_in(client, editor)
    html = client.get(INDEX).text
    links = re.findall(r'<a href="(/admin/articles/[a-z]+/\?[^"]+)">see the list</a>', html)

    assert len(links) == 9  # every block but the notifications
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link  # a lookup the list refuses redirects to ?e=1


def test_the_embargo_list_holds_the_running_embargoes(client, frozen_now):
    now = timezone.now()
    make_story(
        status=S.SCHEDULED,
        publish_at=now + timedelta(hours=2),
        embargo_until=now + timedelta(hours=2),
        headline="Still under embargo",
    )
    make_story(status=S.PUBLISHED, embargo_until=now - timedelta(hours=1), headline="Embargo lifted")
    logged_in(client, make_editor())

    html = client.get(reverse("admin:articles_story_changelist") + "?embargo=running").text

    assert "Still under embargo" in html
    assert "Embargo lifted" not in html
