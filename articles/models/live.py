"""Live coverage: any story can run as a live page, with timestamped entries above its body.

The story keeps everything it is (headline, standfirst, lead photo, section, address); its live state
is a handful of columns on its own row (:class:`LiveCoverage`, mixed into ``Story``) so the story
page learns whether it is live, and which version of the coverage it shows, from the row it reads
anyway. Entries are rows of :class:`LiveEntry`. Every change readers see moves
``Story.live_version`` on (``articles.services.live``): it is the cursor readers poll with and part
of the key the story's rendered page is cached under.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..sanitize import clean_html


class LiveCoverage(models.Model):
    """A story's live coverage: when it started and ended, its key points, and its version.

    None of these is a field of the story form: the live panel on the story's page in the admin
    changes them through ``articles.services.live``, and ``save_story`` writes back only the fields
    an editor changed, so an edit of the story never overwrites them.
    """

    coverage_started_at = models.DateTimeField(
        _("live coverage started"), null=True, blank=True, editable=False
    )
    coverage_ended_at = models.DateTimeField(_("live coverage ended"), null=True, blank=True, editable=False)
    key_points = models.TextField(
        _("key points"),
        blank=True,
        editable=False,
        help_text=_("A short summary at the top of the live page (sanitized HTML)."),
    )
    live_entries_need_review = models.BooleanField(
        _("reporters' entries wait for an editor"), default=False, editable=False
    )
    # Goes up with every change readers see (an entry posted, edited, corrected, deleted, pinned; the
    # key points; start and end), under the story's row lock: readers poll for "entries since".
    live_version = models.PositiveBigIntegerField(_("live coverage version"), default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def is_live(self):
        """Coverage is running: entries arrive, readers' pages poll for them."""
        return self.coverage_started_at is not None and self.coverage_ended_at is None

    @property
    def has_live_coverage(self):
        """The story runs, or ran, live: its page shows its entries (after the end as well)."""
        return self.coverage_started_at is not None


class LiveEntryQuerySet(models.QuerySet):
    def shown(self):
        """Entries readers see: published and not deleted."""
        return self.filter(status=LiveEntry.Status.PUBLISHED, deleted_at__isnull=True)

    def newest_first(self):
        return self.order_by("-time", "-pk")

    def current(self):
        """Entries the desk works with: not deleted."""
        return self.filter(deleted_at__isnull=True)


class LiveEntry(models.Model):
    """One timestamped entry of a live story: text, an optional library picture or embed."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        AWAITING_REVIEW = "awaiting_review", _("Awaiting review")

    story = models.ForeignKey(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="live_entries"
    )
    time = models.DateTimeField(_("time"), default=timezone.now)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Optional; key events are listed by it.")
    )
    text = models.TextField(_("text"), blank=True)
    authors = models.ManyToManyField(
        "articles.Author",
        verbose_name=_("authors"),
        through="LiveEntryAuthor",
        related_name="live_entries",
        blank=True,
    )
    photo = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("picture"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_entries",
    )
    photo_caption = models.TextField(
        _("picture caption"),
        blank=True,
        help_text=_("For this entry only; the photo's own caption when empty."),
    )
    embed_url = models.URLField(
        _("embed"),
        max_length=500,
        blank=True,
        help_text=_("The address of a video or social post to embed."),
    )
    pinned = models.BooleanField(_("key event"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    version = models.PositiveBigIntegerField(_("version"), default=0, editable=False)
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True, editable=False)
    correction_note = models.TextField(_("correction"), blank=True, editable=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        get_latest_by = "time"
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        permissions = [
            ("post_live_entry", _("Can post entries to a live story")),
            (
                "run_live_coverage",
                _("Can start and end live coverage, approve, pin, correct and delete anyone's entries"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(photo__isnull=True) | Q(embed_url=""), name="liveentry_picture_or_embed"
            ),
        ]
        indexes = [
            # The live page: a story's entries newest first; polling: what changed since a version.
            models.Index(fields=["story", "-time"], name="liveentry_story_time_idx"),
            models.Index(fields=["story", "version"], name="liveentry_story_version_idx"),
        ]

    def __str__(self):
        return self.title or Truncator(self.plain_text).words(12) or f"#{self.pk}"

    def save(self, *args, **kwargs):
        # The one HTML policy, as for a story's body (idempotent: clean HTML stays as it is).
        self.text = clean_html(self.text)
        super().save(*args, **kwargs)

    @property
    def plain_text(self):
        from ..reader.structured_data import plain_text

        return plain_text(self.text)

    @property
    def is_shown(self):
        """Mirror of ``LiveEntry.objects.shown()``."""
        return self.status == self.Status.PUBLISHED and self.deleted_at is None

    @property
    def display_caption(self):
        return self.photo_caption or (self.photo.caption if self.photo_id else "")


class LiveEntryAuthor(models.Model):
    """An author's place among an entry's authors."""

    entry = models.ForeignKey(LiveEntry, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("articles.Author", on_delete=models.PROTECT, related_name="live_bylines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("entry author")
        verbose_name_plural = _("entry authors")
        constraints = [models.UniqueConstraint(fields=["entry", "author"], name="liveentryauthor_unique")]

    def __str__(self):
        return str(self.author)
