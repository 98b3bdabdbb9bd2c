from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

_section_addresses = {}  # (script prefix, urlconf, path) -> address

# Top-level addresses that belong to the site itself, so no section may take them as a slug.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin",
        "api",
        "author",
        "authors",
        "embed",
        "feeds",
        "media",
        "preview",
        "robots.txt",
        "search",
        "sitemap.xml",
        "sitemap-news.xml",
        "static",
        "tag",
        "tags",
    }
)


class SectionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def top_level(self):
        return self.filter(parent__isnull=True)


class Section(models.Model):
    """A part of the paper (World, Nation > Kerala) that stories are filed in.

    ``path`` is derived from the slugs ("nation/kerala") and is both the public address and the
    cheap way to find a section with all its subsections.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the navigation, lowest first.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="section_unique_slug_in_parent"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(parent__isnull=True),
                name="section_unique_top_level_slug",
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        old_path = None
        if self.pk:
            old_path = Section.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self.build_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Keep the children's derived addresses in step with their renamed parent.
            for child in self.children.all():
                child.save()

    def get_absolute_url(self):
        # Every page links sections and stories (whose addresses start with their section's)
        # dozens of times; reverse() for each was a tenth of a page's time. A path's address is
        # fixed for the process's URL configuration, so it is worked out once.
        key = (get_script_prefix(), get_urlconf(), self.path)
        address = _section_addresses.get(key)
        if address is None:
            address = reverse("articles:section", kwargs={"section_path": self.path})
            _section_addresses[key] = address
        return address

    def clean(self):
        if self.parent_id is None and self.slug in RESERVED_SECTION_SLUGS:
            raise ValidationError({"slug": _("“%(slug)s” is used by the site itself.") % {"slug": self.slug}})
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A section cannot be its own parent.")})
            if self.parent.parent_id is not None:
                raise ValidationError(
                    {"parent": _("Subsections go one level deep: pick a top-level section.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("This section has subsections, so it must stay top-level.")}
                )

    def build_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
