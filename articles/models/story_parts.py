"""The parts of a story kept in rows of their own: its byline, its further photos and its printed
corrections."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


class StoryAuthor(models.Model):
    """An author's place in a story's byline."""

    story = models.ForeignKey("articles.Story", on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("articles.Author", on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        constraints = [models.UniqueConstraint(fields=["story", "author"], name="storyauthor_unique")]

    def __str__(self):
        return str(self.author)


class StoryPhoto(models.Model):
    """A further photo in a story, in order, with an optional caption for this story."""

    story = models.ForeignKey("articles.Story", on_delete=models.CASCADE, related_name="story_photos")
    photo = models.ForeignKey("articles.Photo", on_delete=models.PROTECT, related_name="story_uses")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption = models.TextField(_("caption"), blank=True, help_text=_("The photo's own caption when empty."))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("further photo")
        verbose_name_plural = _("further photos")
        constraints = [models.UniqueConstraint(fields=["story", "photo"], name="storyphoto_unique")]

    def __str__(self):
        return str(self.photo)

    @property
    def display_caption(self):
        return self.caption or self.photo.caption


class Correction(models.Model):
    """A correction printed with a story: what was wrong, and when we put it right."""

    story = models.ForeignKey("articles.Story", on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return Truncator(self.note).chars(80)
