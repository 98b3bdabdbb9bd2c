import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A news agency whose copy and photos we carry (Associated Press, credited "AP")."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    credit = models.CharField(
        _("credit"), max_length=40, help_text=_("Short form used in captions and bylines, e.g. “AP”.")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


# Dots and apostrophes vanish ("A.P." is "AP"), other punctuation separates words ("France-Presse").
_SILENT = {ord("."): None, ord("'"): None, ord("’"): None}
# A company's legal form at the end of its name does not make another agency ("… GmbH", "… Inc.").
LEGAL_FORMS = frozenset(
    "ab ag as asa corp corporation gmbh inc incorporated limited llc ltd oy oyj plc sa spa srl".split()
)


def normalised_agency_name(value):
    """The key an agency's name, credit or alias is matched by.

    Case, spacing, punctuation, a leading "The", a trailing legal form and a web address's "www."
    do not count, so "The Associated Press", "ASSOCIATED PRESS" and "Associated Press Inc." are one
    key while "Australian Associated Press" stays another: keys are compared whole, never in part.
    """
    text = unicodedata.normalize("NFKC", value or "").casefold().strip()
    if text.startswith("www.") and " " not in text:
        text = text[4:]
    text = text.translate(_SILENT)
    words = "".join(char if char.isalnum() else " " for char in text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] in LEGAL_FORMS:
        words = words[:-1]
    return " ".join(words)


class AgencyAlias(models.Model):
    """Another name an agency's copy arrives under: "Associated Press", "The Associated Press" and
    the NewsML provider code "nprov:AP" are all AP. Each name belongs to one agency only."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="aliases"
    )
    value = models.CharField(
        _("name or code"),
        max_length=200,
        help_text=_("As agencies write it: a name, a credit, a provider code such as “nprov:AP”."),
    )
    normalised = models.CharField(_("matched as"), max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["agency", "value"]
        verbose_name = _("agency alias")
        verbose_name_plural = _("agency aliases")

    def __str__(self):
        return self.value

    def save(self, *args, **kwargs):
        self.normalised = normalised_agency_name(self.value)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalised"}
        super().save(*args, **kwargs)

    def clean(self):
        key = normalised_agency_name(self.value)
        if not key:
            raise ValidationError({"value": _("Give a name with at least one letter or digit.")})
        taken = (
            AgencyAlias.objects.filter(normalised=key).exclude(pk=self.pk).select_related("agency").first()
        )
        if taken is not None:
            raise ValidationError(
                {
                    "value": ValidationError(
                        _("“%(value)s” already names %(agency)s."),
                        params={"value": self.value, "agency": taken.agency},
                    )
                }
            )


class Author(models.Model):
    """A person who writes for us or whose agency copy we carry under their name."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=True)
    title = models.CharField(
        _("title"),
        max_length=120,
        blank=True,
        help_text=_("Role shown with the byline, e.g. “Chief Political Correspondent”."),
    )
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})
