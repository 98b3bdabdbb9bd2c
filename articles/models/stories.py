from urllib.parse import quote

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ..sanitize import clean_html
from .live import LiveCoverage
from .story_parts import StoryAuthor, StoryPhoto
from .tags import TaggedStory

SLUG_MAX_LENGTH = 120
# What reverse() leaves unquoted in a path (django.urls.resolvers).
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


class StoryQuerySet(models.QuerySet):
    def published(self, at=None):
        """Stories a reader may see now: published, their time has come, and not under embargo.

        Every reader-facing query starts here, so a draft cannot leak through a forgotten filter.
        """
        at = at or timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=at),
            status=Story.Status.PUBLISHED,
            publish_at__lte=at,
        )

    def in_section(self, section):
        """Stories filed in ``section`` or any of its subsections, or listed there as a secondary
        section (one query, via subqueries; the reader's listings use ``reader.section_listing``)."""
        from .secondary_sections import StorySection
        from .sections import Section

        family = Section.objects.filter(Q(pk=section.pk) | Q(path__startswith=f"{section.path}/"))
        family = family.values("pk")
        listed = StorySection.objects.filter(section__in=family).values("story_id")
        return self.filter(Q(section__in=family) | Q(pk__in=listed))

    def for_listing(self):
        """Load what a listing shows (section, agency, lead photo, byline) in a fixed number of queries."""
        return (
            self.select_related("section", "section__parent", "agency", "lead_photo", "lead_photo__agency")
            .prefetch_related(
                Prefetch(
                    "bylines", queryset=StoryAuthor.objects.select_related("author").order_by("position")
                ),
            )
            .defer("search_vector")
        )

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def showing_photos(self, photo_ids):
        """Stories whose page shows any of the photos ``photo_ids``, as lead, social image or further
        photo."""
        further = StoryPhoto.objects.filter(photo_id__in=photo_ids).values("story_id")
        return self.filter(
            Q(lead_photo_id__in=photo_ids) | Q(social_image_id__in=photo_ids) | Q(pk__in=further)
        )

    def due_for_publishing(self, at=None):
        """Scheduled stories whose time (and embargo) has come, oldest first."""
        at = at or timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=at),
            status=Story.Status.SCHEDULED,
            publish_at__lte=at,
        ).order_by("publish_at", "pk")


class Story(LiveCoverage, models.Model):
    """One piece of journalism, from first draft to publication (and, rarely, withdrawal)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Genre(models.TextChoices):
        """What kind of journalism a piece is; readers see every genre but news as a label, and
        search engines read it as the schema.org type (articles.reader.structured_data)."""

        NEWS = "news", _("News")
        REPORT = "report", _("Ground report")
        ANALYSIS = "analysis", _("Analysis")
        EXPLAINER = "explainer", _("Explainer")
        OPINION = "opinion", _("Opinion")
        REVIEW = "review", _("Review")

    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("The last part of the address; made from the headline when empty."),
    )
    kicker = models.CharField(
        _("kicker"),
        max_length=100,
        blank=True,
        help_text=_("A word or two above the headline, e.g. “Geneva talks”."),
    )
    genre = models.CharField(
        _("genre"),
        max_length=20,
        choices=Genre.choices,
        default=Genre.NEWS,
        help_text=_(
            "Opinion, analysis, reviews and the rest are labelled for readers above the headline and on "
            "every card; news is not."
        ),
    )
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One sentence under the headline that sums up the story.")
    )
    body = models.TextField(_("body"), blank=True)
    section = models.ForeignKey(
        "articles.Section", verbose_name=_("section"), on_delete=models.PROTECT, related_name="stories"
    )
    # Listed in these sections' pages and feeds too; ``section`` stays its address and label.
    secondary_sections = models.ManyToManyField(
        "articles.Section",
        verbose_name=_("also in sections"),
        through="articles.StorySection",
        related_name="secondary_stories",
        blank=True,
    )
    tags = TaggableManager(_("tags"), blank=True, through=TaggedStory)
    authors = models.ManyToManyField(
        "articles.Author",
        verbose_name=_("authors"),
        through="StoryAuthor",
        related_name="stories",
        blank=True,
    )
    agency = models.ForeignKey(
        "articles.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
        help_text=_("For agency copy: shown in the byline, alone or after the authors."),
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("Where the story was filed from, e.g. “Kyiv”.")
    )
    lead_photo = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_of",
    )
    lead_photo_caption = models.TextField(
        _("lead photo caption"),
        blank=True,
        help_text=_("For this story only; the photo's own caption when empty."),
    )
    # How this story frames its lead photo (the photo desk's focal point and the whole picture unless
    # set): the story page and the story's cards make their renditions with these.
    lead_photo_crop = models.CharField(
        _("lead photo crop"),
        max_length=5,
        blank=True,
        choices=[
            ("", _("The whole picture")),
            ("16:9", _("Wide (16:9)")),
            ("4:3", _("Classic (4:3)")),
            ("1:1", _("Square (1:1)")),
            ("4:5", _("Portrait (4:5)")),
        ],
        help_text=_("How the story page shows the lead photo."),
    )
    lead_photo_focal_x = models.FloatField(
        _("lead photo focal point x"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("For this story only; the photo's own focal point when empty."),
    )
    lead_photo_focal_y = models.FloatField(
        _("lead photo focal point y"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    photos = models.ManyToManyField(
        "articles.Photo",
        verbose_name=_("further photos"),
        through="StoryPhoto",
        related_name="stories",
        blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    major_update_at = models.DateTimeField(
        _("updated (shown to readers)"), null=True, blank=True, editable=False
    )
    embargo_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=12, default="en")
    seo_title = models.CharField(_("SEO title"), max_length=200, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=320, blank=True)
    # What sharing previews (Open Graph, Twitter cards) show; each falls back to the search engines'
    # copy and the lead photo when empty (``reader.structured_data.social_card``).
    social_title = models.CharField(
        _("social title"), max_length=200, blank=True, help_text=_("The SEO title or headline when empty.")
    )
    social_description = models.CharField(
        _("social description"),
        max_length=320,
        blank=True,
        help_text=_("The SEO description or standfirst when empty."),
    )
    social_image = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_image_of",
        help_text=_("The lead photo when empty."),
    )
    canonical_url = models.URLField(
        _("canonical URL"),
        blank=True,
        max_length=500,
        help_text=_("For syndicated copy: the address of the original."),
    )
    priority = models.PositiveSmallIntegerField(
        _("home-page priority"),
        default=0,
        db_index=True,
        help_text=_("Higher numbers lead the home page; 0 leaves the order to publication time."),
    )
    source_guid = models.CharField(_("agency guid"), max_length=500, blank=True, editable=False)
    source_version = models.PositiveBigIntegerField(
        _("agency version"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
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
    # The editorial workflow's own bookkeeping (articles.workflow, articles.services).
    edit_version = models.PositiveIntegerField(
        _("edit version"),
        default=0,
        editable=False,
        help_text=_("Goes up with every saved edit, so a save based on an older version is refused."),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    agency_update_available = models.BooleanField(
        _("agency update available"),
        default=False,
        help_text=_("The agency sent a newer version than the one we carry; the importer sets this."),
    )
    # Full-text search on PostgreSQL: kept up to date by a database trigger (migration 0007) from
    # the headline, standfirst and body, so bulk_create and raw inserts stay searchable too. Unused
    # (always empty) on SQLite. Reader querysets defer it: pages never show it.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [
            ("submit_story", _("Can submit a story for review")),
            ("review_story", _("Can return a story in review to its author")),
            ("publish_story", _("Can schedule and publish stories")),
            ("withdraw_story", _("Can withdraw a published story")),
            ("correct_story", _("Can correct and mark major updates to published stories")),
            ("edit_any_story", _("Can edit stories by anyone, published or not")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_photo_focal_x__isnull=True, lead_photo_focal_y__isnull=True)
                | Q(
                    lead_photo_focal_x__gte=0,
                    lead_photo_focal_x__lte=1,
                    lead_photo_focal_y__gte=0,
                    lead_photo_focal_y__lte=1,
                ),
                name="story_lead_focal_point_inside_image",
            ),
            models.UniqueConstraint(
                fields=["agency", "source_guid"],
                condition=~Q(source_guid=""),
                name="story_unique_agency_guid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(publish_at__isnull=False),
                name="story_scheduled_or_published_has_publish_at",
            ),
        ]
        indexes = [
            # Reader listings: published stories newest first, site-wide and per section.
            models.Index(fields=["status", "-publish_at"], name="story_status_publish_idx"),
            models.Index(fields=["section", "status", "-publish_at"], name="story_section_publish_idx"),
            models.Index(fields=["status", "-priority", "-publish_at"], name="story_priority_idx"),
            # The desk's dashboard: running embargoes, and what has never been out (the incoming wire).
            models.Index(
                fields=["embargo_until"], condition=Q(embargo_until__isnull=False), name="story_embargo_idx"
            ),
            models.Index(
                fields=["-created_at"],
                condition=Q(first_published_at__isnull=True),
                name="story_unpublished_idx",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        derived = self.fill_derived_fields()
        if kwargs.get("update_fields") is not None and derived:
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The story pattern (articles.urls) is the section's address, the date and the slug;
        # composing it from the section's remembered address is what reverse() would give, at a
        # fraction of the cost (tests/test_models.py holds the two to the same answer).
        day = timezone.localtime(self.dated_at)
        return f"{self.section.get_absolute_url()}{day:%Y/%m/%d}/{quote(self.slug, safe=URL_SAFE)}/"

    def fill_derived_fields(self):
        """Work out what is made from the editor's fields: a free slug from the headline when there is
        none, the body through the one HTML policy. ``save()`` and the importer's batched inserts both
        call this; returns the names of the fields it changed."""
        changed = []
        if not self.slug:
            self.slug = self.unique_slug(self.headline)
            changed.append("slug")
        body = clean_html(self.body)
        if body != self.body:
            self.body = body
            changed.append("body")
        return changed

    def unique_slug(self, text):
        """A slug made from ``text``, cut at a word boundary and numbered if already taken."""
        full = slugify(text, allow_unicode=True)
        base = full[: SLUG_MAX_LENGTH - 6]  # room for a "-99999" suffix
        if len(full) > len(base) and "-" in base:
            base = base.rsplit("-", 1)[0]
        base = base.strip("-") or "story"
        taken = set(
            Story.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug", flat=True)
        )
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    @property
    def is_published(self):
        """Mirror of ``Story.objects.published()`` for one story in hand."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def dated_at(self):
        """The moment the address's date is taken from; it stays put once the story is out."""
        return self.first_published_at or self.publish_at or self.created_at

    @property
    def genre_label(self):
        """The label readers see for the story's genre: nothing for plain news."""
        return "" if self.genre == self.Genre.NEWS else self.get_genre_display()

    @property
    def lead_crop(self):
        """The crop ratio the story page shows its lead photo in; None for the whole picture."""
        return self.lead_photo_crop or None

    @property
    def lead_focal_point(self):
        """This story's own focal point for its lead photo, or None for the photo's."""
        if self.lead_photo_focal_x is None or self.lead_photo_focal_y is None:
            return None
        return (self.lead_photo_focal_x, self.lead_photo_focal_y)

    @property
    def lead_caption(self):
        if self.lead_photo_caption:
            return self.lead_photo_caption
        return self.lead_photo.caption if self.lead_photo_id else ""

    @property
    def ordered_authors(self):
        """Authors in byline order; uses the prefetched bylines when the queryset loaded them."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def summary(self):
        return self.seo_description or self.standfirst or Truncator(self.body).words(30, html=True)
