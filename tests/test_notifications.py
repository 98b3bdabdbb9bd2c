"""Notifications: who is told (of mentions, returned and published stories), and the email that goes
with one where EMAIL_URL is set."""

import logging
import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from articles import services
from articles.models import Notification, Story, StoryAuthor
from articles.services.notifications import notify, notify_all
from articles.workflow import Action
from newsroom.settings.base import email_from_url
from tests.builders import make_author, make_story
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db


def test_notify_makes_an_unread_notification_for_the_recipient():
    reporter, editor = make_reporter(), make_editor()
    story = make_story(headline="Harbour cranes stand idle")

    notification = notify(reporter, "mention", story=story, actor=editor, text="@x can you check the quote?")

    assert notification.recipient == reporter
    assert notification.kind == Notification.Kind.MENTION
    assert notification.read_at is None
    assert list(Notification.objects.for_user(reporter).unread()) == [notification]


def test_nobody_is_notified_of_their_own_doing():
    editor = make_editor()
    assert notify(editor, "published", story=make_story(), actor=editor) is None
    assert not Notification.objects.exists()


def test_inactive_accounts_and_missing_recipients_are_not_notified():
    former = make_reporter()
    former.is_active = False
    former.save()
    assert notify(former, "returned", actor=make_editor()) is None
    assert notify(None, "returned") is None
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        notify(make_reporter(), "liked")


def test_notify_all_tells_each_person_once_and_not_the_actor():
    reporter, editor = make_reporter(), make_editor()
    made = notify_all([reporter, reporter, editor, None], "returned", actor=editor)
    assert [notification.recipient for notification in made] == [reporter]


def test_no_email_without_email_url(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = ""
    reporter = make_reporter()
    reporter.email = "reporter@example.org"
    reporter.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(reporter, "mention", story=make_story(), actor=make_editor(), text="Look at this")
    assert mail.outbox == []


def test_email_goes_after_commit_where_email_url_is_set(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = "smtp://mail.example.org:25"  # tests deliver through Django's locmem backend
    settings.NEWSROOM_SITE_URL = "https://desk.example.org"
    reporter, editor = make_reporter(), make_editor(username="night-editor")
    reporter.email = "reporter@example.org"
    reporter.save()
    story = make_story(headline="Ferry timetable changes on Sunday")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(reporter, "returned", story=story, actor=editor, text="The second quote needs a source.")
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()

    [email] = mail.outbox
    assert email.to == ["reporter@example.org"]
    assert "night-editor returned “Ferry timetable changes on Sunday” to you" in email.subject
    assert "The second quote needs a source." in email.body
    assert f"https://desk.example.org/admin/articles/story/{story.pk}/change/" in email.body


def test_a_recipient_without_an_address_gets_no_email(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = "smtp://mail.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(make_reporter(), "mention", actor=make_editor())
    assert notification is not None
    assert mail.outbox == []


def test_a_failing_mail_server_is_logged_and_the_notification_kept(
    settings, django_capture_on_commit_callbacks, caplog
):
    # A real SMTP backend pointed at a port nobody listens on: the send fails as it would in production.
    settings.EMAIL_URL = "smtp://127.0.0.1:9"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    reporter = make_reporter()
    reporter.email = "reporter@example.org"
    reporter.save()

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        notification = notify(reporter, "published", story=make_story(), actor=make_editor())

    assert Notification.objects.filter(pk=notification.pk).exists()
    assert "could not be sent" in caplog.text
    assert any(isinstance(record.exc_info[1], OSError | smtplib.SMTPException) for record in caplog.records)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", {}),
        ("locmem://", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "smtp://mail.example.org",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 25,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
            },
        ),
        (
            "submission://desk%40example.org:p%2Fss@mail.example.org",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_USE_TLS": True,
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "desk@example.org",
                "EMAIL_HOST_PASSWORD": "p/ss",
            },
        ),
        (
            "smtps://mail.example.org:2465",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_USE_SSL": True,
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 2465,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
            },
        ),
    ],
)
def test_email_url_becomes_django_settings(url, expected):
    assert email_from_url(url) == expected


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://"])
def test_a_wrong_email_url_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured):
        email_from_url(url)


# From the workflow ---------------------------------------------------------------------------------


def test_a_returned_story_notifies_its_creator_and_the_staff_in_its_byline_with_the_note():
    reporter, co_writer, editor = make_reporter(), make_reporter(), make_editor()
    story = make_story(status=Story.Status.IN_REVIEW, created_by=reporter, headline="Dockside fire")
    StoryAuthor.objects.create(story=story, author=make_author(user=co_writer))
    StoryAuthor.objects.create(story=story, author=make_author(), position=1)  # a freelancer, no account

    services.return_to_draft(story, by=editor, note="Name the fire officer you quote.")

    notified = Notification.objects.filter(kind=Notification.Kind.RETURNED).order_by("recipient_id")
    assert [n.recipient for n in notified] == sorted([reporter, co_writer], key=lambda user: user.pk)
    assert {(n.actor, n.story, n.text) for n in notified} == {
        (editor, story, "Name the fire officer you quote.")
    }


def test_returning_with_an_edit_notifies_the_reporter():
    # The desk's save path (services.save_story, as the change form's buttons use it).
    reporter, editor = make_reporter(), make_editor()
    story = make_story(status=Story.Status.IN_REVIEW, created_by=reporter)
    story.headline = "A shorter headline"

    services.save_story(story, fields={"headline"}, by=editor, step=Action.RETURN, note="Shorter, please.")

    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT
    [notification] = reporter.notifications.all()
    assert (notification.kind, notification.text) == ("returned", "Shorter, please.")


def test_publishing_someone_elses_story_notifies_its_creator():
    reporter, editor = make_reporter(), make_editor()
    story = make_story(status=Story.Status.IN_REVIEW, created_by=reporter, publish_at=None)

    services.save_story(story, fields=set(), by=editor, step=Action.PUBLISH)

    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    [notification] = reporter.notifications.all()
    assert (notification.kind, notification.actor, notification.story) == ("published", editor, story)
    assert not editor.notifications.exists()


def test_publishing_ones_own_story_notifies_no_one():
    editor = make_editor()
    story = make_story(status=Story.Status.DRAFT, created_by=editor, publish_at=None)
    services.publish_story(story, by=editor)
    assert not Notification.objects.exists()


def test_scheduling_is_not_publishing_and_the_scheduler_publishes_for_whoever_scheduled(frozen_now):
    reporter, editor = make_reporter(), make_editor()
    story = make_story(status=Story.Status.IN_REVIEW, created_by=reporter, publish_at=None)
    services.schedule_story(story, by=editor, at=frozen_now + timedelta(hours=1))
    assert not Notification.objects.exists()

    with time_machine.travel(frozen_now + timedelta(hours=2), tick=False):
        services.publish_due_story(story.pk)

    [notification] = reporter.notifications.all()
    assert (notification.kind, notification.actor) == ("published", editor)


def test_a_story_its_creator_scheduled_comes_out_without_notifying_them(frozen_now):
    editor = make_editor()
    story = make_story(status=Story.Status.DRAFT, created_by=editor, publish_at=None)
    services.schedule_story(story, by=editor, at=frozen_now + timedelta(hours=1))
    with time_machine.travel(frozen_now + timedelta(hours=2), tick=False):
        services.publish_due_story(story.pk)
    assert not Notification.objects.exists()


def test_other_steps_notify_no_one():
    reporter, editor = make_reporter(), make_editor()
    story = make_story(status=Story.Status.DRAFT, created_by=reporter, publish_at=None)
    services.submit_for_review(story, by=reporter)
    assert not Notification.objects.exists()
    services.publish_story(story, by=editor)
    Notification.objects.all().delete()

    services.withdraw_story(story, by=editor, reason="Legal asked us to.")
    services.back_to_draft(story, by=editor)

    assert not Notification.objects.exists()
