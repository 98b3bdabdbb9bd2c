"""Notifications: who is told, and the email that goes with one where EMAIL_URL is set."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from articles.models import Notification
from articles.services.notifications import notify, notify_all
from newsroom.settings.base import email_from_url
from tests.builders import make_story
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
