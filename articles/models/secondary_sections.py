"""Secondary sections: a story has one section (its address and its label) and may also be listed
in others' pages and feeds.

``StorySection`` is the ``through`` table of ``Story.secondary_sections``, with a copy of the story's
``publish_at`` (as ``TaggedStory`` has, and for the same reason): a section's stories listed there
newest first are a walk down the index on (section, publish_at, story) that stops after one page,
however many stories the section lists (``articles.reader.section_listing``).

The copy follows the story without triggers: a row takes the story's time when it is written
(:func:`articles.services.store_secondary_sections`), and a story saved with another time rewrites
its rows' copies (:func:`follow_story_time`, one ``UPDATE`` that touches only the rows whose time
differs).
"""

from django.db import models
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class StorySection(models.Model):
    """A story listed in a section other than its own, with the story's publication time."""

    story = models.ForeignKey(
        "articles.Story",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="secondary_links",
        db_index=False,  # the unique constraint below starts with it
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="secondary_links",
        db_index=False,  # the timeline index below starts with it
    )
    publish_at = models.DateTimeField(_("story's publication time"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("secondary section")
        verbose_name_plural = _("secondary sections")
        constraints = [
            models.UniqueConstraint(fields=["story", "section"], name="storysection_unique"),
        ]
        indexes = [
            # A section's secondary stories newest first (section pages and feeds).
            models.Index(fields=["section", "-publish_at", "-story"], name="storysection_timeline_idx"),
        ]

    def __str__(self):
        return f"{self.story_id} in {self.section_id}"


def follow_story_time(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Give a saved story's secondary-section rows its ``publish_at`` (post_save of Story)."""
    if created or raw:
        return  # a new story has no rows yet; a fixture's rows carry their own time
    if update_fields is not None and "publish_at" not in update_fields:
        return
    # exclude(publish_at=x) on a nullable column reads "IS DISTINCT FROM x" (NULL rows too).
    StorySection.objects.filter(story=instance).exclude(publish_at=instance.publish_at).update(
        publish_at=instance.publish_at
    )


def connect():
    """Connected in ``ArticlesConfig.ready()``, with an explicit sender."""
    from .stories import Story

    post_save.connect(follow_story_time, sender=Story, dispatch_uid="story-section-follows-story-time")
