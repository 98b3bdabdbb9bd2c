from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def photo_upload_to(photo, filename):
    # The photo desk gives every stored file a generated name; this only places it by month.
    return f"photos/{timezone.now():%Y/%m}/{filename}"


def expiry_warning_days():
    """How many days ahead editors are warned that a photo's usage rights run out."""
    return getattr(settings, "PHOTO_EXPIRY_WARNING_DAYS", 7)


def shown_publicly_condition(at=None):
    """Where a reader sees a photo: a published story's lead, social image (its sharing previews),
    further photos or live entries, and the portraits of authors with a published story (their author
    page lists it). One expression, so the check is part of whatever query asks it."""
    from .live import LiveEntry
    from .stories import Story, StoryAuthor, StoryPhoto

    published = Story.objects.published(at=at).values("pk")
    return (
        models.Exists(Story.objects.published(at=at).filter(lead_photo=models.OuterRef("pk")))
        | models.Exists(Story.objects.published(at=at).filter(social_image=models.OuterRef("pk")))
        | models.Exists(StoryPhoto.objects.filter(photo=models.OuterRef("pk"), story__in=published))
        | models.Exists(StoryAuthor.objects.filter(author__photo=models.OuterRef("pk"), story__in=published))
        | models.Exists(LiveEntry.objects.shown().filter(photo=models.OuterRef("pk"), story__in=published))
    )


class PhotoQuerySet(models.QuerySet):
    def usable(self, at=None):
        """Photos the public site may still show (usage rights not expired)."""
        at = at or timezone.now()
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=at))

    def shown_publicly(self, at=None):
        """Photos a reader may fetch: shown by a story ``Story.objects.published()`` returns (as
        its lead, social image or a further photo), or the portrait of an author with such a story.

        The one answer to "may this picture be public?" (the rendition view asks it); a draft's,
        a scheduled or a withdrawn story's pictures stay private until a published story shows them.
        Usage rights are a separate question (``usable()``).
        """
        return self.filter(shown_publicly_condition(at))

    def with_shown_publicly(self, at=None):
        """Annotate ``is_shown_publicly`` (the condition of ``shown_publicly()``), in the same query."""
        return self.annotate(
            is_shown_publicly=models.ExpressionWrapper(
                shown_publicly_condition(at), output_field=models.BooleanField()
            )
        )

    def on_stories_going_out(self):
        """Photos a published or scheduled story shows: changing them changes what readers see (or
        will see), so only those who may edit those stories may change them."""
        from .stories import Story, StoryPhoto

        going_out = Story.objects.filter(status__in=[Story.Status.PUBLISHED, Story.Status.SCHEDULED])
        return self.filter(
            models.Exists(going_out.filter(lead_photo=models.OuterRef("pk")))
            | models.Exists(going_out.filter(social_image=models.OuterRef("pk")))
            | models.Exists(
                StoryPhoto.objects.filter(photo=models.OuterRef("pk"), story__in=going_out.values("pk"))
            )
        )

    def expired(self, at=None):
        """Photos whose usage rights have run out: the public site no longer shows them."""
        return self.filter(expires_at__lte=at or timezone.now())

    def expiring_soon(self, at=None, days=None):
        """Photos still usable now whose rights run out within ``days`` (the warning period)."""
        at = at or timezone.now()
        horizon = at + timedelta(days=expiry_warning_days() if days is None else days)
        return self.filter(expires_at__gt=at, expires_at__lte=horizon)

    def with_use_counts(self):
        """Annotate ``lead_use_count``, ``further_use_count`` and ``author_use_count`` (subqueries,
        so a list of any length costs one query)."""
        from .people import Author
        from .stories import Story, StoryPhoto

        def count_of(queryset, column):
            grouped = queryset.order_by().values(column).annotate(total=models.Count("pk")).values("total")
            return Coalesce(models.Subquery(grouped[:1], output_field=models.IntegerField()), 0)

        return self.annotate(
            lead_use_count=count_of(Story.objects.filter(lead_photo=models.OuterRef("pk")), "lead_photo"),
            further_use_count=count_of(StoryPhoto.objects.filter(photo=models.OuterRef("pk")), "photo"),
            author_use_count=count_of(Author.objects.filter(photo=models.OuterRef("pk")), "photo"),
        )

    def in_use(self):
        """Photos that a story or an author page shows."""
        from .people import Author
        from .stories import Story, StoryPhoto

        return self.filter(
            models.Exists(Story.objects.filter(lead_photo=models.OuterRef("pk")))
            | models.Exists(Story.objects.filter(social_image=models.OuterRef("pk")))
            | models.Exists(StoryPhoto.objects.filter(photo=models.OuterRef("pk")))
            | models.Exists(Author.objects.filter(photo=models.OuterRef("pk")))
        )

    def without_credit(self):
        """Photos readers would see uncredited: no credit, no agency and no photographer."""
        return self.filter(credit="", photographer="", agency__isnull=True)


class Photo(models.Model):
    """A picture with everything needed to publish it honestly: caption, credit and rights."""

    image = models.ImageField(
        _("image"), upload_to=photo_upload_to, width_field="width", height_field="height", max_length=255
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("Shown after the caption, e.g. “AP” or “Staff”.")
    )
    photographer = models.CharField(_("photographer"), max_length=200, blank=True)
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    usage_terms = models.TextField(_("usage terms"), blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=500,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=120, blank=True)
    date_created = models.DateTimeField(_("date created"), null=True, blank=True)
    agency = models.ForeignKey(
        "articles.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    focal_point_x = models.FloatField(
        _("focal point x"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    focal_point_y = models.FloatField(
        _("focal point y"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    source_identifier = models.CharField(
        _("source identifier"),
        max_length=500,
        blank=True,
        help_text=_("The agency's own id or address for this picture."),
    )
    file_hash = models.CharField(_("file hash"), max_length=64, blank=True, editable=False)
    perceptual_hash = models.CharField(
        _("perceptual hash"),
        max_length=32,
        blank=True,
        editable=False,
        help_text=_(
            "What the picture looks like, in 128 bits: a re-encoded or resized copy has a close one."
        ),
    )
    # The perceptual hash's first 64 bits in four 16-bit bands, each indexed: how look-alikes are
    # found in a large library (articles.photos.fingerprints).
    hash_band_0 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hash_band_1 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hash_band_2 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hash_band_3 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    embedded_metadata = models.JSONField(
        _("embedded metadata"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("IPTC/XMP values found in the file, kept for reference."),
    )
    expires_at = models.DateTimeField(
        _("usage expires"),
        null=True,
        blank=True,
        help_text=_("After this the public site stops showing the photo."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # Partners syncing through the API learn that a story changed when a picture it shows does (a
    # corrected caption or credit): its items' version and ``updated_since`` count this.
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [
            models.Index(fields=[f"hash_band_{band}"], name=f"photo_hash_band_{band}_idx")
            for band in range(4)
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["file_hash"], condition=~models.Q(file_hash=""), name="photo_unique_file_hash"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    focal_point_x__gte=0, focal_point_x__lte=1, focal_point_y__gte=0, focal_point_y__lte=1
                ),
                name="photo_focal_point_inside_image",
            ),
        ]

    def __str__(self):
        # The stored file name is a content hash: the upload's own name reads better for editors.
        original_name = (self.embedded_metadata or {}).get("original_name", "")
        return self.caption[:80] or self.headline or original_name or self.image.name

    def save(self, *args, **kwargs):
        # Django clears the dimension fields when a Photo is built before its file is attached.
        if self.image and not (self.width and self.height):
            self.width, self.height = self.image.width, self.image.height
        super().save(*args, **kwargs)

    def is_usable_at(self, at=None):
        """Mirror of ``Photo.objects.usable()`` for a photo in hand (no query)."""
        return self.expires_at is None or self.expires_at > (at or timezone.now())

    @property
    def is_usable(self):
        """May the public site show this photo now? False once its usage rights have expired."""
        return self.is_usable_at()

    @property
    def is_expired(self):
        return not self.is_usable

    @property
    def expires_soon(self):
        """Still usable, but the rights run out within the warning period (PHOTO_EXPIRY_WARNING_DAYS)."""
        if self.expires_at is None or not self.is_usable:
            return False
        return self.expires_at <= timezone.now() + timedelta(days=expiry_warning_days())

    @property
    def credit_line(self):
        """The credit as readers see it: the photo's credit, else its agency, else the photographer."""
        if self.credit:
            return self.credit
        if self.agency_id:
            return self.agency.credit
        return self.photographer
