from django.conf import settings
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
