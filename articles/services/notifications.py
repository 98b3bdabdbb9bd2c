"""Telling a person to look: a notification on their dashboard, and an email where ``EMAIL_URL`` is set.

:func:`notify` is the one way a notification is made (mentions in notes, a returned or published
story, an edit lock taken over). The email goes after the transaction commits, so a rolled-back change
sends none, and a mail server that fails or stalls (``EMAIL_TIMEOUT``) is logged, never failing the
save that caused it.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Notification, Story, StoryTransition
from ..workflow import Action

logger = logging.getLogger(__name__)

Kind = Notification.Kind
SUBJECTS = {
    Kind.MENTION: gettext_lazy("%(actor)s mentioned you on “%(story)s”"),
    Kind.RETURNED: gettext_lazy("%(actor)s returned “%(story)s” to you"),
    Kind.PUBLISHED: gettext_lazy("%(actor)s published “%(story)s”"),
    Kind.LOCK_TAKEN_OVER: gettext_lazy("%(actor)s took over editing “%(story)s”"),
}


def notify(recipient, kind, *, story=None, actor=None, text=""):
    """Notify ``recipient`` of ``kind`` (a :class:`Notification.Kind` or its value) about ``story``,
    done by ``actor`` (None: the system). Returns the notification, or None when there is no one to
    tell: no recipient, an inactive account, or the actor themself."""
    kind = Kind(kind)
    if recipient is None or not recipient.is_active:
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, story=story, actor=actor, text=text
    )
    if settings.EMAIL_URL and recipient.email:
        transaction.on_commit(partial(send_notification_email, **email_of(notification)))
    return notification


def notify_all(recipients, kind, *, story=None, actor=None, text=""):
    """:func:`notify` each of ``recipients`` once (a person may be both a story's creator and in its
    byline); returns the notifications made."""
    unique = {recipient.pk: recipient for recipient in recipients if recipient is not None}
    made = [notify(recipient, kind, story=story, actor=actor, text=text) for recipient in unique.values()]
    return [notification for notification in made if notification is not None]


def email_of(notification):
    """The email's values, taken while the notification is in hand (no query when it is sent)."""
    actor = notification.actor
    names = {
        "actor": (actor.get_full_name() or actor.get_username()) if actor else _("The system"),
        "story": Truncator(str(notification.story)).chars(80) if notification.story_id else "",
    }
    subject = SUBJECTS[notification.kind] % names
    lines = [notification.text] if notification.text else []
    if notification.story_id:
        lines.append(
            settings.NEWSROOM_SITE_URL + reverse("admin:articles_story_change", args=[notification.story_id])
        )
    lines.append(settings.NEWSROOM_SITE_URL + reverse("admin:index"))
    return {
        "subject": f"[{settings.NEWSROOM_SITE_NAME}] {subject}",
        "body": "\n\n".join(lines),
        "address": notification.recipient.email,
    }


def send_notification_email(*, subject, body, address):
    """Send one notification's email; a failure is logged, never raised (the change is saved)."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    except Exception:
        logger.exception("The notification email to %s could not be sent.", address)


def notify_of_step(story, action, *, by, note=""):
    """Tell a story's people about a workflow step someone else took: a return to draft (with the
    editor's note) goes to the story's creator and the staff in its byline; a publication goes to its
    creator. The scheduler publishes for the person who scheduled the story, so they are its actor."""
    if action == Action.RETURN:
        people = get_user_model().objects.filter(
            Q(pk=story.created_by_id) | Q(author_profile__bylines__story=story)
        )
        notify_all(people.distinct(), Kind.RETURNED, story=story, actor=by, text=note)
    elif action == Action.PUBLISH and story.status == Story.Status.PUBLISHED and story.created_by_id:
        if by is None:
            by = scheduled_by(story)
        if by is not None and by.pk == story.created_by_id:
            return
        creator = get_user_model().objects.filter(pk=story.created_by_id).first()
        notify(creator, Kind.PUBLISHED, story=story, actor=by, text=note)


def scheduled_by(story):
    """Who last scheduled ``story`` (None: the system, or never scheduled)."""
    step = (
        StoryTransition.objects.filter(story=story, action=Action.SCHEDULE)
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    return step.by if step is not None else None
