"""Working on a story together: who has its change form open (the edit lock), and what each person has
typed but not saved yet (their autosave).

Neither is part of the story: no revision records them, no reader page shows them, and writing them
retires no cached page. The rules (who may hold a lock, when it lapses, who may read an autosave) are in
``articles.services.edit_locks`` and ``articles.services.autosaves``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EditLock(models.Model):
    """The one person editing a story now: taken when they open its change form, kept alive by their
    open tab, released when they leave or save, and lapsed after ``NEWSROOM_EDIT_LOCK_SECONDS`` without
    a sign of the tab. Others see the form read-only until they take it over."""

    story = models.OneToOneField(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="edit_lock"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("editing"), on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateTimeField(_("editing since"), default=timezone.now)
    last_seen = models.DateTimeField(_("tab last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("edit lock")
        verbose_name_plural = _("edit locks")

    def __str__(self):
        return f"{self.story_id}: {self.user_id} since {self.since:%H:%M}"


class StoryAutosave(models.Model):
    """What one person had typed in a story's form (or a new story's: ``story`` empty), saved every
    half minute while they type: the form's fields as posted, so the form can be shown again with them.

    Not a revision and not the story: only its author ever sees it, and saving the story deletes it.
    """

    story = models.ForeignKey(
        "articles.Story",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="autosaves",
        help_text=_("Empty for a story that has not been saved yet."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("typed by"), on_delete=models.CASCADE, related_name="+"
    )
    saved_at = models.DateTimeField(_("autosaved at"), default=timezone.now)
    # [[name, value], ...] in the form's order: a field may repeat (tags, inline rows).
    form_fields = models.JSONField(_("form fields"), default=list)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["story", "user"], name="autosave_one_per_story_and_user"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(story__isnull=True), name="autosave_one_new_story_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.story_id or 'new'}: {self.user_id} at {self.saved_at:%H:%M}"
