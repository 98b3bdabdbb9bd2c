"""The desk's memory: every saved version of a story, and every step it took through the workflow."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .stories import Story

# Story fields an editor changes through the desk, kept in every revision. Relations are stored by
# id, times as ISO strings, so a snapshot stays readable after the objects it names are gone.
SNAPSHOT_TEXT_FIELDS = [
    "headline",
    "slug",
    "kicker",
    "genre",
    "standfirst",
    "body",
    "dateline",
    "lead_photo_caption",
    # The story's framing of its lead photo (plain values too: a crop name and two fractions).
    "lead_photo_crop",
    "lead_photo_focal_x",
    "lead_photo_focal_y",
    "language",
    "seo_title",
    "seo_description",
    "social_title",
    "social_description",
    "canonical_url",
]
SNAPSHOT_NUMBER_FIELDS = ["priority"]
SNAPSHOT_FOREIGN_KEYS = ["section", "agency", "lead_photo", "social_image"]
SNAPSHOT_TIMES = ["publish_at", "embargo_until"]
SNAPSHOT_FIELDS = SNAPSHOT_TEXT_FIELDS + SNAPSHOT_NUMBER_FIELDS + SNAPSHOT_FOREIGN_KEYS + SNAPSHOT_TIMES
# The copy: what restoring a revision may bring back (with the tags, byline and further photos).
# The rest of a snapshot (priority, publication time, embargo) is the workflow's, kept for the record.
SNAPSHOT_COPY_FIELDS = SNAPSHOT_TEXT_FIELDS + SNAPSHOT_FOREIGN_KEYS
SNAPSHOT_RELATIONS = ["tags", "authors", "photos", "secondary_sections"]


class Revision(models.Model):
    """One saved version of a story: who saved it, when, and every field an editor can change."""

    story = models.ForeignKey(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="revisions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, db_index=True)
    edit_version = models.PositiveIntegerField(_("edit version"), default=0)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Why this version exists when it is not an ordinary save."),
    )
    snapshot = models.JSONField(_("fields"), default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["story", "-created_at"], name="revision_story_time_idx")]

    def __str__(self):
        return f"{self.snapshot.get('headline', '')} ({timezone.localtime(self.created_at):%Y-%m-%d %H:%M})"

    @classmethod
    def snapshot_of(cls, story):
        """Everything an editor can change on ``story``, as plain JSON values."""
        snapshot = cls.fields_of(story)
        snapshot["tags"] = sorted(story.tags.names())
        snapshot["authors"] = list(
            story.bylines.order_by("position", "pk").values_list("author_id", flat=True)
        )
        snapshot["photos"] = [
            {"photo": photo_id, "caption": caption}
            for photo_id, caption in story.story_photos.order_by("position", "pk").values_list(
                "photo_id", "caption"
            )
        ]
        snapshot["secondary_sections"] = sorted(story.secondary_links.values_list("section_id", flat=True))
        return snapshot

    @classmethod
    def fields_of(cls, story):
        """The story's own fields of a snapshot (no relations, so no queries)."""
        snapshot = {name: getattr(story, name) for name in SNAPSHOT_TEXT_FIELDS + SNAPSHOT_NUMBER_FIELDS}
        snapshot.update({name: getattr(story, f"{name}_id") for name in SNAPSHOT_FOREIGN_KEYS})
        snapshot.update(
            {
                name: getattr(story, name).isoformat() if getattr(story, name) else None
                for name in SNAPSHOT_TIMES
            }
        )
        return snapshot

    def apply_fields_to(self, story, names=SNAPSHOT_FIELDS):
        """Copy this revision's fields ``names`` onto ``story`` (unsaved); relations are restored by
        the caller."""
        for name in names:
            if name not in self.snapshot:
                continue
            value = self.snapshot[name]
            if name in SNAPSHOT_FOREIGN_KEYS:
                setattr(story, f"{name}_id", value)
            elif name in SNAPSHOT_TIMES:
                setattr(story, name, parse_datetime(value) if value else None)
            else:
                setattr(story, name, value)


class StoryTransition(models.Model):
    """One step of a story through the workflow: who moved it, when, from which state to which, and why."""

    story = models.ForeignKey(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=30)
    # Choices, so the desk reads "In review → Published", not the stored values.
    from_status = models.CharField(_("from"), max_length=20, choices=Story.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Story.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the system: the scheduler or an agency import."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        indexes = [models.Index(fields=["story", "-at"], name="transition_story_time_idx")]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"
