"""The takes of stories that text wires (IPTC 7901, ANPA 1312) send in parts.

A wire files a long story as take 1 ... MORE, take 2 ... MORE, take 3 ... ENDS, each a message of
its own that may arrive late, out of order or in another import run. Each take is kept here so
that the story can always be put together in the agency's order: see :mod:`articles.ingest.takes`.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WireTake(models.Model):
    """One take of a story, as the agency sent it; ``number`` 0 is a whole story in one message
    (a lead or writethru that later adds continue)."""

    agency = models.ForeignKey(
        "articles.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    # Agency code and keyword ("cw/storm-coast"): what every take of the story repeats.
    story_key = models.CharField(_("story key"), max_length=300)
    guid = models.CharField(_("agency guid"), max_length=500, help_text=_("The story's guid."))
    number = models.PositiveSmallIntegerField(_("take"))
    last = models.BooleanField(_("last take"), default=False)
    filed_at = models.DateTimeField(_("filed by the agency"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    source_name = models.CharField(_("document"), max_length=1000, blank=True)
    body_html = models.TextField(_("body"), blank=True)
    # The take's own headline, byline, dateline, subjects...: the first take's make the story's.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["guid", "number"]
        verbose_name = _("wire take")
        verbose_name_plural = _("wire takes")
        constraints = [
            models.UniqueConstraint(fields=["agency", "guid", "number"], name="wiretake_unique_number")
        ]
        indexes = [
            models.Index(fields=["agency", "story_key", "filed_at"], name="wiretake_story_idx"),
            # ingest.takes.forget_old_takes: the takes past their keeping time.
            models.Index(fields=["received_at"], name="wiretake_received_idx"),
        ]

    def __str__(self):
        return f"{self.guid} take {self.number}"
