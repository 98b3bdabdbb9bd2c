from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReaderPagesGenerationQuerySet(models.QuerySet):
    def current(self):
        """The current generation number (0 before the first change)."""
        return self.current_numbers()[0]

    def current_numbers(self):
        """(pages, shown objects): both generation numbers, in one query."""
        row = self.filter(pk=ReaderPagesGeneration.ROW).values_list("number", "shown_objects").first()
        return row or (0, 0)

    def advance(self, *, shown_objects=False):
        """Start a new generation, in the caller's transaction (so it commits, or not, with the change);
        ``shown_objects``: the change was to a photo, author, agency, tag or section that stories show."""
        now = timezone.now()
        changes = {"number": F("number") + 1, "advanced_at": now}
        if shown_objects:
            changes["shown_objects"] = F("shown_objects") + 1
        if not self.filter(pk=ReaderPagesGeneration.ROW).update(**changes):
            self.get_or_create(
                pk=ReaderPagesGeneration.ROW,
                defaults={"number": 1, "advanced_at": now, "shown_objects": int(shown_objects)},
            )

    def advanced_at(self):
        """When the generation last advanced (None before the first change)."""
        return self.filter(pk=ReaderPagesGeneration.ROW).values_list("advanced_at", flat=True).first()


class ReaderPagesGeneration(models.Model):
    """The generation of the reader pages: one row whose number goes up with every change readers can
    see (a publish, a withdrawal, a kill, a correction, an edit of a live story or of what it shows).

    Cached reader pages are keyed by this number (``articles.reader.cache``). It lives in the database,
    beside the change itself and in the same transaction, so no purge can be lost: not when the cache
    server is down during a withdrawal, not when the change is made by another process (the scheduler,
    the importer, a second web server) that cannot reach this process's memory.
    """

    ROW = 1

    number = models.BigIntegerField(_("generation"), default=0)
    advanced_at = models.DateTimeField(_("advanced at"), null=True)
    # Goes up only with edits of what stories show from outside the story row (a photo's caption, an
    # author's name, a section, a tag, an agency): the stored HTML of a story's own part is keyed by
    # it and by the story's updated_at, so it outlives the publishes of other stories.
    shown_objects = models.BigIntegerField(_("shown objects generation"), default=0)

    objects = ReaderPagesGenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader pages generation")
        verbose_name_plural = _("reader pages generation")

    def __str__(self):
        return f"generation {self.number}"
