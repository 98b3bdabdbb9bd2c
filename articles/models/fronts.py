"""Curated fronts: the arrangement of the home page and of each section's page, chosen by editors.

A :class:`Front` belongs to the home page or to one section. What it shows is a :class:`FrontVersion`:
stories pinned to its slots (:class:`FrontPin`, each with an optional expiry), the rest of every slot
filled automatically from the newest stories when a reader's page is made (``articles.reader.front``,
``articles.reader.section_front``). Editors change the front's one draft and publish it now or
schedule it; every published version stays as history, and restoring one makes a new version of it.

Readers see the version that went live last (``FrontVersionQuerySet.shown_to_readers``): a scheduled
version reaches a page made after its time even before the scheduler has marked it live.

A :class:`BreakingNewsBanner` runs above every reader page until its expiry or until it is switched
off; it is read with the reader pages' generation (``ReaderPagesGeneration``), so it costs no query.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How many stories each slot holds. The reader's pages lay out exactly this many (articles.reader).
LEAD_STORIES = 1
HOME_TOP_STORIES = 6  # under the lead as headlines, then as pictured cards beside it
HOME_BLOCK_STORIES = 4  # a block per top-level section
SECTION_TOP_STORIES = 4
LEAD, TOP = "lead", "top"


def block_slot(section_id):
    """The home front's slot for a top-level section's block."""
    return f"section-{section_id}"


@dataclass(frozen=True)
class Slot:
    key: str
    label: str
    size: int


class Front(models.Model):
    """The home page's or one section's front. Made the first time an editor changes it; until then
    the page is arranged automatically."""

    class Kind(models.TextChoices):
        HOME = "home", _("Home page")
        SECTION = "section", _("Section")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    section = models.OneToOneField(
        "articles.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="front",
    )
    # When the front's cached pages were last retired: the scheduler retires them again once a pin
    # expires or a pinned story comes out after this (services.fronts.retire_fronts_due_by_the_clock).
    pages_retired_at = models.DateTimeField(_("pages retired at"), null=True, editable=False)

    class Meta:
        verbose_name = _("front")
        verbose_name_plural = _("fronts")
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="home"), name="front_one_home"),
            models.CheckConstraint(
                condition=Q(kind="home", section__isnull=True) | Q(kind="section", section__isnull=False),
                name="front_home_or_one_section",
            ),
        ]

    def __str__(self):
        return str(_("Home page")) if self.is_home else str(self.section)

    @property
    def is_home(self):
        return self.kind == self.Kind.HOME

    def slots(self, top_sections=()):
        """The slots editors pin stories to, in page order. The home page has a block per top-level
        section (``top_sections``: the active ones, in the navigation's order)."""
        slots = [Slot(LEAD, str(_("Lead")), LEAD_STORIES)]
        if self.is_home:
            slots.append(Slot(TOP, str(_("Top stories")), HOME_TOP_STORIES))
            slots += [
                Slot(block_slot(section.pk), section.name, HOME_BLOCK_STORIES) for section in top_sections
            ]
        else:
            slots.append(Slot(TOP, str(_("Top stories")), SECTION_TOP_STORIES))
        return slots


class FrontVersionQuerySet(models.QuerySet):
    def shown_to_readers(self, at=None):
        """Per front, readers see the newest of these (by ``go_live_at``, then id)."""
        at = at or timezone.now()
        return self.filter(
            status__in=[FrontVersion.Status.LIVE, FrontVersion.Status.SCHEDULED], go_live_at__lte=at
        ).order_by("-go_live_at", "-pk")

    def due(self, at=None):
        """Scheduled versions whose time has come, oldest first."""
        at = at or timezone.now()
        return self.filter(status=FrontVersion.Status.SCHEDULED, go_live_at__lte=at).order_by(
            "go_live_at", "pk"
        )


class FrontVersion(models.Model):
    """One arrangement of a front: its pins. A draft is edited; a scheduled one waits for its time;
    the live one is what readers see; past ones are history that can be restored."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        PAST = "past", _("Past")

    front = models.ForeignKey(
        Front, verbose_name=_("front"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    go_live_at = models.DateTimeField(_("goes live at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restored from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The draft's last change and who made it: the editor's page names them, and a publish, schedule
    # or discard from a page that showed an earlier change is refused (services.fronts.DraftMoved).
    changed_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who published or scheduled it (None: the scheduler, or not yet).
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published or scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FrontVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        verbose_name = _("front version")
        verbose_name_plural = _("front versions")
        constraints = [
            models.UniqueConstraint(fields=["front", "number"], name="frontversion_unique_number"),
            models.UniqueConstraint(
                fields=["front"], condition=Q(status="draft"), name="frontversion_one_draft"
            ),
            models.UniqueConstraint(
                fields=["front"], condition=Q(status="live"), name="frontversion_one_live"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(go_live_at__isnull=False),
                name="frontversion_released_has_time",
            ),
        ]
        # The reader's statement: per front, the newest version gone live (articles.reader.front_pins).
        indexes = [models.Index(fields=["front", "status", "-go_live_at"], name="frontversion_shown_idx")]

    def __str__(self):
        return _("%(front)s, version %(number)s") % {"front": self.front, "number": self.number}

    @property
    def change_mark(self):
        """What the editor's page carries back with Publish, Schedule and Discard: the draft's last
        change as the page showed it."""
        return self.changed_at.isoformat() if self.changed_at else ""


class FrontPin(models.Model):
    """A story an editor pinned to a slot of a front version, in order within the slot; it drops out
    at ``expires_at``, and whenever readers may not see the story (withdrawn, embargoed, scheduled)."""

    version = models.ForeignKey(
        FrontVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="pins"
    )
    slot = models.CharField(_("slot"), max_length=30)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    story = models.ForeignKey(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField(_("pinned until"), null=True, blank=True)

    class Meta:
        ordering = ["slot", "position", "pk"]
        verbose_name = _("pinned story")
        verbose_name_plural = _("pinned stories")
        # A front never shows the same story twice: one pin per story per version. The reader's
        # statement finds each card's pin through this index too.
        constraints = [models.UniqueConstraint(fields=["version", "story"], name="frontpin_story_once")]

    def __str__(self):
        return f"{self.slot} {self.position + 1}: {self.story_id}"

    def is_expired(self, at=None):
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())


def validate_banner_link(value):
    """A path on this site or an http(s) address: never ``javascript:`` or another scheme."""
    if value.startswith("/") and not value.startswith("//"):
        return
    if value.startswith(("https://", "http://")):
        return
    raise ValidationError(_("Give a path on this site (“/world/…”) or an address starting with https://."))


class BreakingNewsBannerQuerySet(models.QuerySet):
    def running(self, at=None):
        """Banners readers see now, newest first (the reader pages show the first)."""
        at = at or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at), is_active=True).order_by(
            "-created_at", "-pk"
        )


class BreakingNewsBanner(models.Model):
    """A line of breaking news above every reader page while it runs."""

    text = models.CharField(_("text"), max_length=200)
    link = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[validate_banner_link],
        help_text=_("Where the banner leads: a story's address on this site, or https://…"),
    )
    expires_at = models.DateTimeField(
        _("runs until"), null=True, blank=True, help_text=_("Empty: until you switch it off.")
    )
    is_active = models.BooleanField(_("showing"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = BreakingNewsBannerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("breaking-news banner")
        verbose_name_plural = _("breaking-news banners")
        indexes = [models.Index(fields=["is_active", "expires_at"], name="banner_running_idx")]

    def __str__(self):
        return self.text

    def is_running(self, at=None):
        at = at or timezone.now()
        return self.is_active and (self.expires_at is None or self.expires_at > at)
