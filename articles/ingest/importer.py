"""Agency items onto stories and photos: one story per (agency, guid), following later versions.

Documents are parsed one at a time and their items imported in chunks: one query per chunk finds
the stories already held for the chunk's guids, so an item we already carry in the same version
costs no further query. Every other item is written in a transaction of its own, so a bad item is
reported and skipped while the rest import, and a second import running at the same time (another
cron job, another machine) is caught by the unique (agency, guid) constraint and re-read.

What happens to an item:

- new: a story, created with the rest of its chunk where it can be: see :mod:`.first_versions`;
  a kill for a story we never had changes nothing;
- the same version again, or an older one arriving late: unchanged;
- a newer version, a kill or a hold of a story we hold: see :mod:`.later_versions`;
- a picture arriving alone: the photo library (:func:`.pictures.import_library_picture`).

What one version gives a story (section, tags, byline, body, pictures) is :mod:`.shaping`'s; which
agency an item belongs to, :mod:`.agencies`'; which documents need no parsing because the same bytes
were imported before, :mod:`.imported_documents`'. A lost database connection stops the run
(:mod:`.database_lost`); the rest of this module treats every failure as the item's own.
"""

import logging
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC

from django.db import IntegrityError, transaction

from articles.models import AgencyCopy, Story

from . import items as agency_items
from .agencies import AgencyChooser
from .database_lost import DatabaseLost, connection_lost, stopping_when_the_database_is_lost
from .fast_commits import FastCommits
from .first_versions import FirstVersions
from .formats import AUTO, parse_document
from .imported_documents import ImportedDocuments
from .items import ParseError
from .later_versions import LaterVersions
from .pictures import PictureFailed, import_library_picture
from .shaping import ItemFailed, StoryShaper
from .takes import Takes
from .tally import CREATED, FAILED, UNCHANGED, UPDATED, WITHDRAWN, ImportTally, Reporter
from .transports import Document, is_url
from .versions import GUID_MAX_LENGTH, NEWER, Known, compare, effective_version, item_fingerprint

logger = logging.getLogger(__name__)

CHUNK_ITEMS = 500
DOCUMENT_BATCH = 200
DOCUMENT_BATCH_BYTES = 16 * 1024 * 1024


@dataclass
class Entry:
    document: Document  # without its content: only the name and base are needed from here on
    item: agency_items.AgencyItem
    agency: object = None
    done: bool = False  # created with the rest of its chunk


class Importer(FirstVersions, LaterVersions):
    """Imports documents into stories and photos; counts outcomes in ``tally``.

    ``agency`` (an Agency) fixes the agency of every item; without it each item's provider or
    credit picks (or creates) one. ``section`` is the section for items no mapping places.
    ``dry_run`` reads and classifies everything without writing (and without fetching pictures).
    """

    def __init__(
        self,
        *,
        agency=None,
        section=None,
        publish=False,
        feed=None,
        format=AUTO,
        default_timezone=UTC,
        dry_run=False,
        remote_photos=True,
        reporter=None,
    ):
        self.feed = feed
        self.section = section
        self.publish = publish
        self.format = format
        self.zone = default_timezone
        self.dry_run = dry_run
        self.remote_photos = remote_photos and not dry_run
        self.reporter = reporter or Reporter()
        self.tally = ImportTally()
        self.agencies = AgencyChooser(fixed=agency, dry_run=dry_run, reporter=self.reporter)
        self.chunk = []
        self.shaper = StoryShaper(
            section=section,
            feed=feed,
            zone=default_timezone,
            remote_photos=self.remote_photos,
            reporter=self.reporter,
            tally=self.tally,
        )
        self.fast_commits = FastCommits(dry_run=dry_run)
        self.free_slugs = set()
        self.imported_documents = ImportedDocuments(
            agency_key=agency.pk if agency is not None and agency.pk else 0, dry_run=dry_run
        )
        self.waiting = []
        self.waiting_bytes = 0
        self.takes = Takes(dry_run=dry_run, reporter=self.reporter)  # text wires' takes joined

    # Feeding documents in ---------------------------------------------------------------------------

    def import_documents(self, documents):
        for document in documents:
            self.add_document(document)
        return self.finish()

    def add_document(self, document):
        """Queue ``document``; documents are checked against earlier imports in batches, then parsed,
        and their items imported when a chunk is full (or at :meth:`finish`)."""
        self.waiting.append(document)
        self.waiting_bytes += len(document.content)
        if len(self.waiting) >= DOCUMENT_BATCH or self.waiting_bytes >= DOCUMENT_BATCH_BYTES:
            with stopping_when_the_database_is_lost(self.tally):
                self.read_waiting()

    def read_waiting(self):
        """Pass over documents imported before in these very bytes; parse the others."""
        documents, self.waiting, self.waiting_bytes = self.waiting, [], 0
        for document, digest, earlier in self.imported_documents.look_up(documents):
            if earlier is not None:
                self.tally.unchanged += earlier.stories
                self.tally.pictures_existing += earlier.pictures
                continue
            self.parse(document, digest)

    def parse(self, document, digest):
        try:
            batch = parse_document(
                document.content,
                name=document.name,
                format=self.format,
                default_timezone=self.zone,
                base_url=document.base if is_url(document.base) else "",
                stream=True,
            )
        except ParseError as error:
            self.fail(document.name, "", error.reason)
            return
        except Exception as error:  # noqa: BLE001 - a parser's bug on one document must not stop the rest
            self.parser_failed(document.name, error)
            return
        stub = replace(document, content=b"")
        progress = self.imported_documents.started(document.name, digest)
        # Items leave the batch (or are read from the feed) as they go, so a feed of thousands of
        # items is never held as items all at once.
        items = batch.drain()
        while True:
            try:
                item = next(items)
            except StopIteration:
                for rejected in batch.rejected:
                    progress.failed = True
                    self.fail(document.name, rejected.guid, rejected.reason)
                break
            except ParseError as error:  # a streamed feed with nothing usable in it, found at its end
                progress.failed = True
                self.fail(document.name, "", error.reason)
                break
            except Exception as error:  # noqa: BLE001 - as above; the items read so far are whole
                progress.failed = True
                self.parser_failed(document.name, error)
                break
            progress.remaining += 1
            for warning in item.warnings:
                self.reporter.warning(document.name, item.guid, warning)
            self.chunk.append(Entry(stub, item))
            if len(self.chunk) >= CHUNK_ITEMS:
                self.flush()
        progress.read = True
        self.imported_documents.settle(document.name)

    def parser_failed(self, name, error):
        logger.exception("Reading %s failed", name)
        self.fail(
            name, "", f"the document could not be read: unexpected error ({type(error).__name__}: {error})"
        )

    def document_failed(self, name, reason):
        self.fail(name, "", reason)

    def finish(self):
        try:
            with stopping_when_the_database_is_lost(self.tally):
                self.read_waiting()
                self.flush()
        finally:
            self.fast_commits.stop()
        return self.tally

    def fail(self, source, guid, reason):
        self.tally.failed += 1
        self.reporter.failure(source, guid, reason)

    def item_done(self, entry, outcome):
        """Count ``outcome``; a document whose every item went in is remembered (not in dry runs)."""
        self.tally.count(outcome)
        self.imported_documents.item_done(entry.document.name, outcome)

    # One chunk ---------------------------------------------------------------------------------------

    def flush(self):
        entries, self.chunk = self.chunk, []
        if not entries:
            # Documents whose last items went in with the previous chunk.
            self.imported_documents.remember_completed()
            return
        for entry in entries:
            try:
                entry.agency = self.agencies.agency_for(entry.item, entry.document)
            except ItemFailed as error:
                entry.agency = None
                self.fail(entry.document.name, entry.item.guid, error.reason)
                self.item_done(entry, FAILED)
        entries = [entry for entry in entries if entry.agency is not None]
        self.takes.choose_stories(entries)
        known = self.read_known(entries)
        repeated = Counter((entry.agency.pk, entry.item.guid) for entry in entries)
        self.free_slugs = self.untaken_slugs(entries)
        self.fast_commits.start()
        self.create_many([entry for entry in entries if self.fits_batch(entry, known, repeated)])
        for entry in entries:
            if entry.done:
                continue
            key = (entry.agency.pk, entry.item.guid)
            try:
                outcome = self.import_entry(entry, known.get(key))
            except (ItemFailed, PictureFailed) as error:
                self.fail(entry.document.name, entry.item.guid, getattr(error, "reason", str(error)))
                self.item_done(entry, FAILED)
                continue
            except Exception as error:  # noqa: BLE001 - one bad item must not stop the others
                if connection_lost(error):
                    raise DatabaseLost(error, self.tally) from None
                logger.exception("Importing %s [%s] failed", entry.document.name, entry.item.guid)
                self.fail(
                    entry.document.name,
                    entry.item.guid,
                    f"unexpected error ({type(error).__name__}: {error})",
                )
                self.item_done(entry, FAILED)
                continue
            self.item_done(entry, outcome)
            if outcome != UNCHANGED and repeated[key] > 1:
                # A later item in the same chunk is another version of this one: it must see this one.
                known[key] = self.read_known([entry]).get(key)
        self.imported_documents.remember_completed()

    def read_known(self, entries):
        guids = {entry.item.guid for entry in entries if not entry.item.is_picture}
        agency_ids = {entry.agency.pk for entry in entries if entry.agency.pk}
        if not guids or not agency_ids:
            return {}
        rows = Story.objects.filter(agency_id__in=agency_ids, source_guid__in=guids).values_list(
            "pk",
            "agency_id",
            "source_guid",
            "source_version",
            "status",
            "agency_copy__pending_version",
            "agency_copy__agency_status",
            "agency_copy__item_fingerprint",
        )
        return {(row[1], row[2]): Known(row[0], row[3], row[4], row[5], row[6], row[7]) for row in rows}

    # One item ------------------------------------------------------------------------------------------

    def import_entry(self, entry, known):
        item = entry.item
        if len(item.guid) > GUID_MAX_LENGTH:
            raise ItemFailed(f"the agency's id is longer than {GUID_MAX_LENGTH} characters")
        if item.is_picture:
            return import_library_picture(
                entry, dry_run=self.dry_run, remote=self.remote_photos, reporter=self.reporter
            )
        if item.take is not None:  # a take of a text-wire story: the story from all its takes
            item = entry.item = self.takes.join(entry, known)
            if item is None:
                return UNCHANGED
        version = effective_version(item)
        item_print = item_fingerprint(item)
        if known is not None and not item.is_canceled and compare(version, item_print, known) != NEWER:
            return UNCHANGED
        if self.dry_run:
            return self.dry_run_outcome(item, known)
        for attempt in range(3):
            try:
                if known is None:
                    if item.is_canceled:
                        self.reporter.note(
                            f"{entry.document.name} [{item.guid}]: "
                            "a kill for a story we never imported; nothing to do"
                        )
                        return UNCHANGED
                    return self.create_story(entry, version, item_print, retry=attempt > 0)
                if item.is_canceled:
                    return self.kill_story(entry, known, version, item_print)
                return self.update_story(entry, known, version, item_print)
            except IntegrityError:
                # Someone else imported the same item (or took the same slug, tag or author) a moment
                # ago: read what they wrote and decide again.
                if attempt == 2:
                    raise
                known = self.read_known([entry]).get((entry.agency.pk, item.guid))
                if (
                    known is not None
                    and not item.is_canceled
                    and compare(version, item_print, known) != NEWER
                ):
                    return UNCHANGED
        raise AssertionError("unreachable")

    def dry_run_outcome(self, item, known):
        if known is None:
            return UNCHANGED if item.is_canceled else CREATED
        if item.is_canceled:
            return UNCHANGED if known.agency_status == AgencyCopy.AgencyStatus.CANCELED else WITHDRAWN
        return UPDATED

    def item_transaction(self):
        return transaction.atomic()
