from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReaderPagesGenerationQuerySet(models.QuerySet):
    def current(self):
        """The current generation number (0 before the first change)."""
        return self.filter(pk=ReaderPagesGeneration.ROW).values_list("number", flat=True).first() or 0

    def advance(self):
        """Start a new generation, in the caller's transaction (so it commits, or not, with the change)."""
        now = timezone.now()
        if not self.filter(pk=ReaderPagesGeneration.ROW).update(number=F("number") + 1, advanced_at=now):
            self.get_or_create(pk=ReaderPagesGeneration.ROW, defaults={"number": 1, "advanced_at": now})

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

    objects = ReaderPagesGenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader pages generation")
        verbose_name_plural = _("reader pages generation")

    def __str__(self):
        return f"generation {self.number}"
