"""The desk talking about a story: notes on it, and the notifications that tell a person to look.

Notes are internal. They are not story fields: no revision records them, no reader page shows them,
and posting one retires no cached page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

NOTE_MAX_LENGTH = 4000


class StoryNoteQuerySet(models.QuerySet):
    def threads(self):
        """Notes that open a thread (not replies), oldest first."""
        return self.filter(parent__isnull=True).order_by("created_at", "pk")


class StoryNote(models.Model):
    """A note the desk leaves on a story, or a reply to one (one level of thread, like a margin
    comment): a question to the reporter, a warning about a source, an answer."""

    story = models.ForeignKey(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="notes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    # Set when its author corrects it (``services.notes.edit_note``): the thread says so.
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)

    objects = StoryNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [models.Index(fields=["story", "created_at"], name="storynote_story_time_idx")]

    def __str__(self):
        return Truncator(self.text).chars(80)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    """Something a person should look at: a mention, a returned story, a story published by someone
    else, an edit lock taken over. Shown on the admin's dashboard until marked read."""

    class Kind(models.TextChoices):
        MENTION = "mention", _("Mentioned you")
        RETURNED = "returned", _("Returned your story")
        PUBLISHED = "published", _("Published your story")
        LOCK_TAKEN_OVER = "lock_taken_over", _("Took over your edit")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    story = models.ForeignKey(
        "articles.Story",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        # The dashboard's question: this person's unread notifications, newest first.
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {Truncator(self.text).chars(60)}"
