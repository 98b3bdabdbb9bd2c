from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoryRedirectQuerySet(models.QuerySet):
    def for_path(self, path):
        return self.filter(old_path=path).select_related("story__section")


class StoryRedirect(models.Model):
    """An address a story used to have. Links and search engines keep using old addresses for
    years, so when an editor changes a story's slug or section the old one answers 301."""

    old_path = models.CharField(_("old address"), max_length=500, unique=True)
    story = models.ForeignKey(
        "articles.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="previous_addresses"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    objects = StoryRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("previous story address")
        verbose_name_plural = _("previous story addresses")

    def __str__(self):
        return f"{self.old_path} → {self.story_id}"


# The hook that records addresses lives with the reader site's other address rules.
from .. import redirects  # noqa: E402, F401
