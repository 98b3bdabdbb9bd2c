from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryRendering(models.Model):
    """The story's own part of its page, rendered once and kept: the head's metadata and JSON-LD
    and the article itself (photos, headline, byline, body, corrections, tags).

    A page is mostly the story, and the story changes rarely; rendering it on every request was
    most of an uncached page's time. What changes with the rest of the site (navigation, "more
    headlines", the next story) stays live. ``stamp`` records what the rendering was made from:
    the templates and settings (``articles.rendering.fingerprint``), the story's ``updated_at``
    and its ``page_version``; a rendering whose stamp is not the current one, or whose
    ``fresh_until`` has passed, is made again.
    """

    story = models.OneToOneField(
        "articles.Story",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="rendering",
        verbose_name=_("story"),
    )
    stamp = models.CharField(_("made from"), max_length=200)
    title = models.TextField(_("page title"))
    description = models.TextField(_("description"), blank=True)
    canonical_url = models.TextField(_("canonical address"))
    head = models.TextField(_("head metadata"))
    article = models.TextField(_("article"))
    # Stories sharing the most tags, best first, found when the rendering was made; the page keeps
    # only those still published.
    related_ids = models.JSONField(_("related stories"), default=list)
    rendered_at = models.DateTimeField(_("rendered"))
    # When it has to be made again even if nothing was saved: a photo's rights run out, or the
    # related stories are due a new look (``articles.rendering.RELATED_REFRESH``).
    fresh_until = models.DateTimeField(_("fresh until"))

    class Meta:
        verbose_name = _("story rendering")
        verbose_name_plural = _("story renderings")

    def __str__(self):
        return f"{self.story_id} @ {self.rendered_at:%Y-%m-%d %H:%M:%S}"
