import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Case, F, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fronts import BreakingNewsBanner

# Listings of one section, tag or author ("scoped" listings) are kept under one of this many counters,
# picked by a hash of the scope: a new story moves on the counters of its own section, tags and
# authors, and the other scoped listings keep their cached pages.
LISTING_BUCKETS = 256
# What reader pages show of the running breaking-news banner (read with the generations).
BANNER_FIELDS = ("pk", "text", "link", "expires_at", "is_active")
# The home page's own scope: its front's changes move on its counter alone (it moves with every
# listing change besides, ``Generations.for_listings``).
HOME_FRONT_SCOPE = ("front", "home")


def listing_bucket(scope):
    """The counter of ``scope`` (``("tag", slug)``, ``("section", top-level path)``, ``("author",
    slug)``): the same in every process."""
    kind, value = scope
    digest = hashlib.blake2b(f"{kind}:{value}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % LISTING_BUCKETS


@dataclass(frozen=True)
class Generations:
    """The numbers cached reader pages are kept under (see :class:`ReaderPagesGeneration`)."""

    pages: int = 0
    listings: int = 0
    shown_objects: int = 0
    edits: int = 0
    story_pages_due_at: datetime | None = None
    scoped_listings: tuple = ()
    # The breaking-news banner running when these were read (a BreakingNewsBanner, or None): every
    # page shows it, so it is read with them rather than by a query per page.
    breaking_news: object = None

    def for_listings(self, scope=None):
        """Listings move on with ``pages``; the home page, the latest feed, search and sitemaps with
        every change (``listings``); a section's, tag's or author's (``scope``) with every change but
        a new story elsewhere (the counter of its bucket). The home page (``HOME_FRONT_SCOPE``) with
        every change and with its front's changes (its counter)."""
        if scope is None:
            return f"{self.pages}.{self.listings}"
        if scope == HOME_FRONT_SCOPE:
            return f"{self.pages}.{self.listings}:{self.scope_counter(scope)}"
        return f"{self.pages}:{self.scope_counter(scope)}"

    def scope_counter(self, scope):
        """The counter of ``scope``'s bucket (0 before its first change)."""
        counters = self.scoped_listings
        return counters[listing_bucket(scope)] if counters else 0

    def for_story_pages(self, now, spread):
        """Story pages move on with ``pages``, and once more when the refresh a new story asked for
        falls due. Each page takes that refresh at its own moment: ``spread`` seconds (a fraction of
        the refresh time, fixed per page, so every process agrees) before it falls due.

        Why spread: when every story page moved on at the same instant, the pages made again all at
        once were a burst of misses on every server (``make bench``, news peak: p99 latency).
        ``pages`` goes up by one when a refresh that has fallen due is banked (the keys of pages
        that have taken it do not move again) and by two with every other change (every key moves).
        """
        due = self.story_pages_due_at
        if due is not None and now.timestamp() >= due.timestamp() - spread:
            return str(self.pages + 1)
        return str(self.pages)


class ReaderPagesGenerationQuerySet(models.QuerySet):
    def current(self):
        """The current generation number of every page (0 before the first change)."""
        return self.current_generations().pages

    def current_generations(self):
        """Every generation number, and the breaking-news banner running now, in one query. Every
        change of a running banner advances the generation (``services.fronts``), so the row is there
        whenever a banner runs."""
        running = BreakingNewsBanner.objects.running()
        banner = {f"banner_{name}": Subquery(running.values(name)[:1]) for name in BANNER_FIELDS}
        row = (
            self.filter(pk=ReaderPagesGeneration.ROW)
            .annotate(**banner)
            .values_list(
                "number",
                "listings",
                "shown_objects",
                "edits",
                "story_pages_due_at",
                "scoped_listings",
                *banner,
            )
            .first()
        )
        if row is None:
            return Generations()
        breaking_news = None
        if row[6] is not None:
            breaking_news = BreakingNewsBanner(**dict(zip(BANNER_FIELDS, row[6:], strict=True)))
        return Generations(*row[:5], scoped_listings=tuple(row[5] or ()), breaking_news=breaking_news)

    def advance(self, *, shown_objects=False, new_story_within=None, new_story_scopes=()):
        """Start a new generation, in the caller's transaction (so it commits, or not, with the change).

        ``shown_objects``: the change was to a photo, author, agency, tag or section that stories
        show. ``new_story_within`` (a timedelta): the change only adds a story that readers have never
        seen; the listings move on at once, and the other stories' pages (whose "more headlines" and
        "related" would list it) within that time, rather than every story page at once.
        ``new_story_scopes``: the sections, tags and authors whose listings that story joins (the
        other scoped listings keep their pages).
        """
        now = timezone.now()
        self.get_or_create(pk=ReaderPagesGeneration.ROW)
        changes = {"listings": F("listings") + 1, "advanced_at": now}
        if shown_objects:
            changes["shown_objects"] = F("shown_objects") + 1
        if new_story_within is None:
            # Past any refresh a page may have taken early (``Generations.for_story_pages``).
            changes.update(number=F("number") + 2, edits=F("edits") + 1, story_pages_due_at=Value(None))
        else:
            # A refresh already due has happened for readers (their keys moved on when it fell due):
            # bank it in ``number`` and ask for a new one; a refresh still waiting covers this story too.
            passed = Q(story_pages_due_at__lte=now)
            changes["number"] = Case(
                When(passed, then=F("number") + 1), default=F("number"), output_field=models.BigIntegerField()
            )
            changes["story_pages_due_at"] = Case(
                When(Q(story_pages_due_at__isnull=True) | passed, then=Value(now + new_story_within)),
                default=F("story_pages_due_at"),
                output_field=models.DateTimeField(),
            )
        row = self.filter(pk=ReaderPagesGeneration.ROW)
        row.update(**changes)
        if new_story_within is not None and new_story_scopes:
            # The update above holds the row until the caller's transaction ends, so reading the
            # counters and writing them back cannot lose another publish's increments.
            counters = list(row.values_list("scoped_listings", flat=True).get() or ())
            counters += [0] * (LISTING_BUCKETS - len(counters))
            for bucket in {listing_bucket(scope) for scope in new_story_scopes}:
                counters[bucket] += 1
            row.update(scoped_listings=counters)

    def advance_scopes(self, scopes):
        """Move on the counters of ``scopes`` alone, in the caller's transaction: one story's page
        (``("story", slug)``) when only its live coverage changed, which no other page shows. Pages
        in the same buckets are made again once; every other page keeps its cached copy."""
        self.get_or_create(pk=ReaderPagesGeneration.ROW)
        # Locked until the caller's transaction ends, so two changes cannot lose an increment.
        row = self.select_for_update().filter(pk=ReaderPagesGeneration.ROW)
        counters = list(row.values_list("scoped_listings", flat=True).get() or ())
        counters += [0] * (LISTING_BUCKETS - len(counters))
        for bucket in {listing_bucket(scope) for scope in scopes}:
            counters[bucket] += 1
        # Not ``advanced_at``: it says when every page last moved on (``reveal_stories_due_by_the_clock``).
        row.update(scoped_listings=counters)

    def advanced_at(self):
        """When the generation last advanced (None before the first change)."""
        return self.filter(pk=ReaderPagesGeneration.ROW).values_list("advanced_at", flat=True).first()


class ReaderPagesGeneration(models.Model):
    """The generations of the reader pages: one row whose numbers go up with every change readers can
    see (a publish, a withdrawal, a kill, a correction, an edit of a live story or of what it shows).

    Cached reader pages are keyed by these numbers (``articles.reader.cache``). They live in the
    database, beside the change itself and in the same transaction, so no purge can be lost: not when
    the cache server is down during a withdrawal, not when the change is made by another process (the
    scheduler, the importer, a second web server) that cannot reach this process's memory.
    """

    ROW = 1

    number = models.BigIntegerField(_("generation"), default=0)
    # Listing pages (home, sections, tags, authors, search, feeds, sitemaps) move on with every change;
    # story pages with ``number`` (withdrawals, kills, corrections, edits) and, after a new story,
    # once ``story_pages_due_at`` has passed.
    listings = models.BigIntegerField(_("listings generation"), default=0)
    story_pages_due_at = models.DateTimeField(_("story pages refresh due at"), null=True)
    advanced_at = models.DateTimeField(_("advanced at"), null=True)
    # Goes up only with edits of what stories show from outside the story row (a photo's caption, an
    # author's name, a section, a tag, an agency): the stored HTML of a story's own part is keyed by
    # it and by the story's updated_at, so it outlives the publishes of other stories.
    shown_objects = models.BigIntegerField(_("shown objects generation"), default=0)
    # Goes up with every change but a new story's publication (an edit, a withdrawal, a kill, a
    # correction, a change of what stories show): what is kept of the blocks around a story is keyed
    # by it and by the listing counters of the story's section and tags (``reader.story_around``), so
    # it outlives the publishes of stories elsewhere, never a change that could take a story out.
    edits = models.BigIntegerField(_("edits generation"), default=0)
    # LISTING_BUCKETS counters of the sections', tags' and authors' listings (Generations.for_listings).
    scoped_listings = models.JSONField(_("scoped listings generations"), default=list)

    objects = ReaderPagesGenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader pages generation")
        verbose_name_plural = _("reader pages generation")

    def __str__(self):
        return f"generation {self.number}.{self.listings}"
