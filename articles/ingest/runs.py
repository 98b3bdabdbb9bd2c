"""Running imports: sources given on the command line, and configured feeds that are due.

``--feeds`` may run from cron on several machines at once. Each run claims the feeds it will fetch
by moving their ``next_due_at`` on before fetching: with ``SELECT ... FOR UPDATE SKIP LOCKED`` where
the database has it (PostgreSQL), elsewhere with an UPDATE that only succeeds while ``next_due_at``
still holds the value this run read. Either way a feed is fetched by one run per interval.
"""

import os
import zoneinfo
from datetime import timedelta
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from articles.models import AgencyFeed

from .feed_sources import feed_source_problem
from .importer import Importer
from .tally import CollectingReporter, ImportTally
from .transports import DOCUMENT_SUFFIXES, TransportError, documents_from, is_url, read_document


def each_document(source, *, etag="", last_modified="", credentials=None):
    """(document, None) for every document of ``source``, or (None, TransportError) where one fails.

    A folder is read one file at a time, and an unreadable file does not stop the rest.
    """
    path = Path(str(source))
    if not is_url(str(source)) and path.is_dir():
        names = sorted(
            entry.name
            for entry in os.scandir(path)
            if entry.is_file()
            and not entry.name.startswith(".")
            and Path(entry.name).suffix.lower() in DOCUMENT_SUFFIXES
        )
        for name in names:
            try:
                yield read_document(path / name), None
            except TransportError as error:
                yield None, error
        return
    try:
        for document in documents_from(
            source, etag=etag, last_modified=last_modified, credentials=credentials
        ):
            yield document, None
    except TransportError as error:
        yield None, error


def import_source(
    importer, source, *, etag="", last_modified="", credentials=None, on_document=None, on_refusal=None
):
    """Feed every document of ``source`` to ``importer``; returns the last document read (or None).

    ``on_refusal`` is told of every document that could not be fetched (a TransportError).
    """
    last = None
    for document, error in each_document(
        source, etag=etag, last_modified=last_modified, credentials=credentials
    ):
        if error is not None:
            importer.document_failed(error.source or str(source), error.reason)
            if on_refusal is not None:
                on_refusal(error)
            continue
        last = document
        if document.not_modified:
            importer.tally.not_modified += 1
            continue
        importer.add_document(document)
        if on_document is not None:
            on_document(document)
    return last


def claim_due_feeds(now=None, *, feeds=None, limit=None):
    """The due feeds this run may fetch (at most ``limit``); their next run is pushed one interval on
    as they are claimed."""
    now = now or timezone.now()
    candidates = (
        (feeds if feeds is not None else AgencyFeed.objects.all()).due(now).order_by("next_due_at", "pk")
    )
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            claimed = list(candidates.select_for_update(skip_locked=True)[:limit])
            for feed in claimed:
                feed.next_due_at = now + feed.interval
                AgencyFeed.objects.filter(pk=feed.pk).update(next_due_at=feed.next_due_at)
        return claimed
    claimed = []
    for feed in candidates:
        # Compare-and-set: only the run that still sees the old next_due_at moves it on.
        moved = (
            AgencyFeed.objects.filter(pk=feed.pk, next_due_at=feed.next_due_at)
            if feed.next_due_at
            else (AgencyFeed.objects.filter(pk=feed.pk, next_due_at__isnull=True))
        )
        if moved.update(next_due_at=now + feed.interval) == 1:
            feed.next_due_at = now + feed.interval
            claimed.append(feed)
            if limit and len(claimed) >= limit:
                break
    return claimed


def claim_due_feeds_one_by_one():
    """The due feeds, each claimed only when the one before it has been run: several servers running
    ``ingest --feeds`` at once share the feeds that are due, where a claim of them all would leave
    every server but the first idle. Each feed comes once per call, however short its interval."""
    claimed = []
    while True:
        feeds = claim_due_feeds(feeds=AgencyFeed.objects.exclude(pk__in=claimed), limit=1)
        if not feeds:
            return
        claimed.append(feeds[0].pk)
        yield feeds[0]


def fetch_feed_now(feed, *, reporter=None):
    """Fetch ``feed`` at once, out of its turn (the desk's "Fetch now"): its next run moves one
    interval on first, as a scheduled run's claim does, so the next ``ingest --feeds`` does not fetch
    it again a minute later (an agency that limits its requests would count both)."""
    feed.next_due_at = timezone.now() + feed.interval
    AgencyFeed.objects.filter(pk=feed.pk).update(next_due_at=feed.next_due_at)
    return run_feed(feed, reporter=reporter)


def run_feed(feed, *, reporter=None, dry_run=False, remote_photos=True, on_document=None):
    """Fetch and import one feed now; its last run, result, error and validators are recorded."""
    collecting = CollectingReporter()
    reporters = [collecting] + ([reporter] if reporter is not None else [])
    importer = Importer(
        agency=feed.agency,
        section=feed.section,
        publish=feed.publish_automatically,
        feed=feed,
        format=feed.format,
        default_timezone=zone_of(feed),
        dry_run=dry_run,
        remote_photos=remote_photos,
        reporter=FanOut(reporters),
    )
    refusals = []
    if problem := feed_source_problem(feed.source):
        # A row made by other means than the desk's form (a shell, an older release): not read.
        importer.document_failed(str(feed.source), problem)
        last = None
    else:
        last = import_source(
            importer,
            feed.source,
            etag=feed.etag,
            last_modified=feed.last_modified,
            credentials=feed.credential_headers(),
            on_document=on_document,
            on_refusal=refusals.append,
        )
    tally = importer.finish()
    if dry_run:
        return tally
    feed.last_run_at = timezone.now()
    feed.last_result = result_text(tally)
    feed.last_error = collecting.failure_text()
    updates = ["last_run_at", "last_result", "last_error"]
    retry_after = max((refused.retry_after or 0 for refused in refusals), default=0)
    if retry_after:
        # The server asked for a pause (503 or 429 with Retry-After): not before it is over.
        not_before = feed.last_run_at + timedelta(seconds=retry_after)
        if feed.next_due_at is None or feed.next_due_at < not_before:
            feed.next_due_at = not_before
            updates.append("next_due_at")
    if last is not None and is_url(feed.source) and not last.not_modified and tally.succeeded:
        # Only a fetch whose every item went in may be skipped next time (304 until the feed changes).
        feed.etag, feed.last_modified = last.etag[:500], last.last_modified[:100]
        updates += ["etag", "last_modified"]
    AgencyFeed.objects.filter(pk=feed.pk).update(**{name: getattr(feed, name) for name in updates})
    return tally


def result_text(tally):
    lines = []
    if tally.not_modified:
        lines.append("not modified since the last fetch")
    if tally.pictures_line():
        lines.append(tally.pictures_line())
    lines.append(tally.summary_line())
    return "\n".join(lines)


def run_due_feeds(*, reporter=None, now=None, dry_run=False):
    """Run every due feed once; returns [(feed, tally)] for those this run claimed."""
    results = []
    for feed in claim_due_feeds(now):
        results.append((feed, run_feed(feed, reporter=reporter, dry_run=dry_run)))
    return results


def zone_of(feed):
    try:
        return zoneinfo.ZoneInfo(feed.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


class FanOut:
    """Passes failures and notes to several reporters."""

    def __init__(self, reporters):
        self.reporters = reporters

    def failure(self, source, guid, reason):
        for reporter in self.reporters:
            reporter.failure(source, guid, reason)

    def note(self, message):
        for reporter in self.reporters:
            reporter.note(message)

    def warning(self, source, guid, message):
        for reporter in self.reporters:
            reporter.warning(source, guid, message)


__all__ = [
    "ImportTally",
    "claim_due_feeds",
    "claim_due_feeds_one_by_one",
    "each_document",
    "import_source",
    "run_due_feeds",
    "run_feed",
]
