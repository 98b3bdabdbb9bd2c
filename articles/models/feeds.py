"""Configured agency feeds, how their classifications map onto ours, and what each agency last sent.

``AgencyFeed`` is polled by ``manage.py ingest --feeds``; ``FeedMapping`` turns agency subjects,
categories and keywords into our sections and tags; ``AgencyCopy`` keeps, for every imported story,
the agency version it carries, the agency's status (a kill or a hold is shown to editors) and a newer
version waiting for an editor when staff had edited the story.
"""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(zone)s” is not a time zone name such as “Europe/London” or “UTC”."),
            params={"zone": value},
        ) from None


def default_time_zone():
    return settings.TIME_ZONE


class AgencyFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def due(self, at=None):
        """Active feeds whose next run has come (a feed never run is due at once)."""
        at = at or timezone.now()
        return self.active().filter(Q(next_due_at__isnull=True) | Q(next_due_at__lte=at))


class AgencyFeed(models.Model):
    """An agency source we poll: an http(s) URL or a drop folder on this machine."""

    class Format(models.TextChoices):
        AUTO = "auto", _("Detect from the content")
        RSS = "rss", _("RSS")
        ATOM = "atom", _("Atom")
        NEWSML = "newsml", _("IPTC NewsML-G2")
        NITF = "nitf", _("IPTC NITF")
        NINJS = "ninjs", _("IPTC ninjs")
        JSONFEED = "jsonfeed", _("JSON Feed")
        IPTC7901 = "iptc7901", _("IPTC 7901 / ANPA 1312")

    class Credential(models.TextChoices):
        NONE = "", _("No key")
        BEARER = "bearer", _("Authorization: Bearer <key>")
        API_KEY = "x-api-key", _("X-Api-Key: <key>")

    name = models.CharField(_("name"), max_length=120, unique=True)
    agency = models.ForeignKey(
        "articles.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="feeds"
    )
    source = models.CharField(
        _("URL or folder"),
        max_length=1000,
        help_text=_("An http(s) address, or the path of a drop folder or file on the ingest machine."),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.AUTO)
    credential_kind = models.CharField(
        _("send a key as"),
        max_length=10,
        choices=Credential.choices,
        blank=True,
        default=Credential.NONE,
        help_text=_("For an agency API that asks for one (a partner's ninjs API takes X-Api-Key)."),
    )
    # Sent only to the address's own scheme, host and port (``ingest.transports.fetch``); the admin
    # never shows it again.
    credential = models.CharField(_("key"), max_length=500, blank=True)
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("default section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For items that no mapping places in a section."),
    )
    publish_automatically = models.BooleanField(
        _("publish automatically"),
        default=False,
        help_text=_("Publish new items at once (embargoed ones at their embargo) instead of leaving drafts."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    poll_interval = models.PositiveIntegerField(
        _("poll every (minutes)"), default=15, validators=[MinValueValidator(1)]
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("For times the agency sends without a zone."),
    )
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True, editable=False)
    last_result = models.TextField(_("last result"), blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    next_due_at = models.DateTimeField(
        _("next run due"), null=True, blank=True, help_text=_("Empty: at the next ingest run.")
    )
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)

    objects = AgencyFeedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency feed")
        verbose_name_plural = _("agency feeds")
        indexes = [models.Index(fields=["is_active", "next_due_at"], name="agencyfeed_due_idx")]

    def __str__(self):
        return self.name

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def interval(self):
        return timedelta(minutes=self.poll_interval)

    @property
    def last_run_failed(self):
        return bool(self.last_error)

    def credential_headers(self):
        """The request header carrying the feed's key: empty without one."""
        if not self.credential:
            return {}
        if self.credential_kind == self.Credential.BEARER:
            return {"Authorization": f"Bearer {self.credential}"}
        if self.credential_kind == self.Credential.API_KEY:
            return {"X-Api-Key": self.credential}
        return {}


class FeedMapping(models.Model):
    """“Agency subject 15000000 goes to Sport”: one row of a feed's (or a whole agency's) mapping table.

    A row names a feed, or an agency for all its feeds and command-line imports; feed rows are
    consulted before agency rows. ``value`` matches a subject's code or name, or a keyword, without
    regard to case.
    """

    class Kind(models.TextChoices):
        SUBJECT = "subject", _("Subject (code or name)")
        CATEGORY = "category", _("Category")
        KEYWORD = "keyword", _("Keyword")

    feed = models.ForeignKey(
        AgencyFeed,
        verbose_name=_("feed"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mappings",
    )
    agency = models.ForeignKey(
        "articles.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feed_mappings",
        help_text=_("For a mapping that applies to everything from this agency."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SUBJECT)
    value = models.CharField(_("agency code or name"), max_length=300)
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    tag = models.CharField(_("tag"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("When several rows give a section, the lowest wins.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("feed mapping")
        verbose_name_plural = _("feed mappings")
        constraints = [
            models.CheckConstraint(
                condition=Q(feed__isnull=False) | Q(agency__isnull=False),
                name="feedmapping_names_feed_or_agency",
            ),
            models.CheckConstraint(
                condition=Q(section__isnull=False) | ~Q(tag=""),
                name="feedmapping_gives_section_or_tag",
            ),
        ]

    def __str__(self):
        target = " + ".join(str(part) for part in (self.section, self.tag) if part)
        return f"{self.get_kind_display()} “{self.value}” → {target}"

    def clean(self):
        # The feed, not its id: a row saved together with a new feed has the feed but no id yet.
        if self.feed is None and not self.agency_id:
            raise ValidationError(_("Choose the feed or the agency this mapping belongs to."))
        if not self.section_id and not self.tag.strip():
            raise ValidationError(_("Give a section, a tag or both."))


class AgencyCopyQuerySet(models.QuerySet):
    def with_pending_update(self):
        return self.filter(pending_version__isnull=False)


class AgencyCopy(models.Model):
    """What the agency last sent for one story: its version, status and any update waiting.

    ``content_fingerprint`` is the story's editable content as the importer last wrote it; when the
    story's content no longer matches, someone on the staff has edited it, and a newer agency version
    is kept in ``pending`` for an editor instead of overwriting their work.
    """

    class AgencyStatus(models.TextChoices):
        USABLE = "usable", _("Usable")
        WITHHELD = "withheld", _("Withheld by the agency")
        CANCELED = "canceled", _("Killed by the agency")

    story = models.OneToOneField(
        "articles.Story",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="agency_copy",
    )
    feed = models.ForeignKey(
        AgencyFeed,
        verbose_name=_("feed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_name = models.CharField(_("document"), max_length=1000, blank=True)
    agency_status = models.CharField(
        _("agency status"), max_length=10, choices=AgencyStatus.choices, default=AgencyStatus.USABLE
    )
    agency_note = models.TextField(
        _("agency note"), blank=True, help_text=_("What the agency said with its last version.")
    )
    item_fingerprint = models.CharField(_("item fingerprint"), max_length=64, blank=True)
    content_fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("last received"), default=timezone.now)
    pending_version = models.PositiveBigIntegerField(_("waiting version"), null=True, blank=True)
    pending = models.JSONField(_("waiting agency version"), null=True, blank=True)
    pending_received_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    # What the agency said about its copy, as the wire desk reads it before opening the story.
    urgency = models.PositiveSmallIntegerField(
        _("urgency"),
        null=True,
        blank=True,
        help_text=_("The agency's urgency or priority: 1 is a flash, 9 the least."),
    )
    slugline = models.CharField(_("slugline"), max_length=300, blank=True)
    filed_at = models.DateTimeField(
        _("filed by the agency"),
        null=True,
        blank=True,
        help_text=_("The agency's own time for its last version."),
    )
    word_count = models.PositiveIntegerField(_("words"), default=0)
    subjects = models.JSONField(
        _("agency subjects"),
        default=list,
        blank=True,
        help_text=_("The codes and names the agency classified its copy with, as it sent them."),
    )

    objects = AgencyCopyQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("agency copy")
        verbose_name_plural = _("agency copy")
        indexes = [models.Index(fields=["pending_version"], name="agencycopy_pending_idx")]

    def __str__(self):
        return str(self.story)


class IngestedDocument(models.Model):
    """A document whose every item was imported, so the same bytes can be passed over next time.

    Re-reading a drop folder or a feed without ETags then costs a hash per document instead of a
    parse, and the items are counted as unchanged.
    """

    name = models.CharField(_("document"), max_length=1000)
    agency_key = models.PositiveBigIntegerField(
        _("agency"), default=0, help_text=_("The agency the import was told to use; 0 when items chose.")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    stories = models.PositiveIntegerField(_("stories"), default=0)
    pictures = models.PositiveIntegerField(_("pictures"), default=0)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("imported document")
        verbose_name_plural = _("imported documents")
        constraints = [
            models.UniqueConstraint(fields=["name", "agency_key"], name="ingesteddocument_unique_name")
        ]

    def __str__(self):
        return self.name
