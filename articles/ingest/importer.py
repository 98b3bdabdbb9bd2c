"""Agency items onto stories and photos: one story per (agency, guid), following later versions.

Documents are parsed one at a time and their items imported in chunks: one query per chunk finds
the stories already held for the chunk's guids, so an item we already carry in the same version
costs no further query. Every other item is written in a transaction of its own, so a bad item is
reported and skipped while the rest import, and a second import running at the same time (another
cron job, another machine) is caught by the unique (agency, guid) constraint and re-read.

What happens to an item:

- new: a draft in the "incoming wire" list, or published (scheduled for its embargo) when asked;
  withheld items are never published; a kill for a story we never had changes nothing;
- the same version again, or an older one arriving late: unchanged;
- a newer version, a kill or a hold of a story we hold: see :mod:`.later_versions`;
- a picture arriving alone: the photo library.

A lost database connection stops the run (:mod:`.database_lost`); the rest of this module treats
every failure as the item's own.
"""

import contextlib
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC

from django.db import Error as DatabaseFault
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import services
from articles.models import (
    AgencyCopy,
    IngestedDocument,
    Photo,
    Story,
)
from articles.workflow import InvalidTransition

from . import items as agency_items
from . import new_stories
from .agencies import AgencyChooser
from .database_lost import DatabaseLost, connection_lost, stopping_when_the_database_is_lost
from .formats import AUTO, parse_document
from .items import ParseError
from .later_versions import LaterVersions
from .pictures import PictureFailed, fetch_picture, store_picture
from .shaping import ItemFailed, StoryShaper
from .tally import (
    CREATED,
    FAILED,
    PICTURE_ADDED,
    PICTURE_EXISTING,
    PICTURE_FAILED,
    PICTURE_WITHDRAWN,
    UNCHANGED,
    UPDATED,
    WITHDRAWN,
    ImportTally,
    Reporter,
)
from .transports import Document, is_url
from .versions import (
    NEWER,
    Known,
    agency_status,
    compare,
    effective_version,
    item_fingerprint,
    plain_slug,
    reason_for,
    version_note,
)

logger = logging.getLogger(__name__)

CHUNK_ITEMS = 500
DOCUMENT_BATCH = 200
DOCUMENT_BATCH_BYTES = 16 * 1024 * 1024
GUID_MAX_LENGTH = Story._meta.get_field("source_guid").max_length


@dataclass
class DocumentProgress:
    sha256: str
    remaining: int = 0  # items handed to chunks and not yet imported
    read: bool = False  # the document has been read to its end
    failed: bool = False
    stories: int = 0
    pictures: int = 0


@dataclass
class Entry:
    document: Document  # without its content: only the name and base are needed from here on
    item: agency_items.AgencyItem
    agency: object = None
    done: bool = False  # created with the rest of its chunk


class Importer(LaterVersions):
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
        self.fast_commits = connection.vendor == "postgresql"
        self.fast_commits_on = False
        self.free_slugs = set()
        self.agency_key = agency.pk if agency is not None and agency.pk else 0
        self.waiting = []
        self.waiting_bytes = 0
        self.progress = {}
        self.completed = []

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
        digests = [hashlib.sha256(document.content).hexdigest() for document in documents]
        previous = {
            name: (sha256, stories, pictures)
            for name, sha256, stories, pictures in IngestedDocument.objects.filter(
                agency_key=self.agency_key, name__in={document.name[:1000] for document in documents}
            ).values_list("name", "sha256", "stories", "pictures")
        }
        for document, digest in zip(documents, digests, strict=True):
            earlier = previous.get(document.name[:1000])
            if earlier is not None and earlier[0] == digest:
                self.tally.unchanged += earlier[1]
                self.tally.pictures_existing += earlier[2]
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
        progress = DocumentProgress(digest)
        self.progress[document.name] = progress
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
            self.chunk.append(Entry(stub, item))
            if len(self.chunk) >= CHUNK_ITEMS:
                self.flush()
        progress.read = True
        self.document_settled(document.name)

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
            self.stop_fast_commits()
        return self.tally

    def fail(self, source, guid, reason):
        self.tally.failed += 1
        self.reporter.failure(source, guid, reason)

    def item_done(self, entry, outcome):
        """Count ``outcome``; a document whose every item went in is remembered (not in dry runs)."""
        self.tally.count(outcome)
        progress = self.progress.get(entry.document.name)
        if progress is None:
            return
        progress.remaining -= 1
        progress.failed = progress.failed or outcome in (FAILED, PICTURE_FAILED)
        if outcome in (PICTURE_ADDED, PICTURE_EXISTING, PICTURE_WITHDRAWN):
            progress.pictures += 1
        elif outcome != FAILED:
            progress.stories += 1
        self.document_settled(entry.document.name)

    def document_settled(self, name):
        """Once a document is read to its end and every item of it has gone in, remember it."""
        progress = self.progress.get(name)
        if progress is None or not progress.read or progress.remaining > 0:
            return
        del self.progress[name]
        if not progress.failed and not self.dry_run:
            self.completed.append(
                IngestedDocument(
                    name=name[:1000],
                    agency_key=self.agency_key,
                    sha256=progress.sha256,
                    stories=progress.stories,
                    pictures=progress.pictures,
                )
            )

    def remember_completed(self):
        documents, self.completed = self.completed, []
        if documents:
            IngestedDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["name", "agency_key"],
                update_fields=["sha256", "stories", "pictures", "imported_at"],
            )

    # One chunk ---------------------------------------------------------------------------------------

    def flush(self):
        entries, self.chunk = self.chunk, []
        if not entries:
            self.remember_completed()  # documents whose last items went in with the previous chunk
            return
        for entry in entries:
            try:
                entry.agency = self.agencies.agency_for(entry.item, entry.document)
            except ItemFailed as error:
                entry.agency = None
                self.fail(entry.document.name, entry.item.guid, error.reason)
                self.item_done(entry, FAILED)
        entries = [entry for entry in entries if entry.agency is not None]
        known = self.read_known(entries)
        repeated = Counter((entry.agency.pk, entry.item.guid) for entry in entries)
        self.free_slugs = self.untaken_slugs(entries)
        self.start_fast_commits()
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
        self.remember_completed()

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
            return self.import_library_picture(entry)
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

    def start_fast_commits(self):
        """On PostgreSQL, commit without waiting for the disk flush while this import runs.

        An import can be repeated (nothing is imported twice), so a database crash costs at most a
        re-run for the last moment's items, while waiting for the disk at every item's commit would
        make a large import several times slower. A crash loses only the newest commits, in order,
        and a document's "already imported" record is committed after its items: it can never
        outlive them and make a re-run skip what was lost. (A killed connection loses nothing
        committed at all.) :meth:`finish` restores the setting, so a web request that ran a feed
        leaves its connection as it found it.
        """
        if self.fast_commits and not self.dry_run and not self.fast_commits_on:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
            self.fast_commits_on = True

    def stop_fast_commits(self):
        if self.fast_commits_on:
            self.fast_commits_on = False
            if connection.connection is not None and not connection.needs_rollback:
                # A lost connection has no setting left to restore, and its error is already on its way.
                with contextlib.suppress(DatabaseFault), connection.cursor() as cursor:
                    cursor.execute("SET synchronous_commit TO DEFAULT")

    def untaken_slugs(self, entries):
        """Slugs made from the chunk's new headlines that no story has yet (one query per chunk)."""
        wanted = {}
        for entry in entries:
            if not entry.item.is_picture and not entry.item.is_canceled:
                wanted.setdefault(plain_slug(entry.item.headline), None)
        wanted.pop("", None)
        taken = set(Story.objects.filter(slug__in=list(wanted)).values_list("slug", flat=True))
        return set(wanted) - taken

    def slug_for(self, headline):
        """A free slug from the chunk's list, or "" (Story.save then finds one with a query)."""
        slug = plain_slug(headline)
        if slug in self.free_slugs:
            self.free_slugs.discard(slug)
            return slug
        return ""

    # New stories ---------------------------------------------------------------------------------------

    def fits_batch(self, entry, known, repeated):
        """Can ``entry`` be created together with others? New text items without pictures, whose
        (agency, guid) comes once in the chunk; everything else goes one at a time."""
        item = entry.item
        key = (entry.agency.pk, item.guid)
        return (
            not self.dry_run
            and not item.is_picture
            and not item.is_canceled
            and not item.photos
            and len(item.guid) <= GUID_MAX_LENGTH
            and key not in known
            and repeated[key] == 1
        )

    def create_many(self, entries):
        """Create the chunk's new stories in one transaction, a few statements in all.

        When anything goes wrong (a bad item, another import creating the same story or taking the
        same slug a moment ago) nothing of it stays and the items are left to the one-at-a-time path,
        where each succeeds or fails on its own.
        """
        ready = []
        for entry in entries:
            slug = self.slug_for(entry.item.headline)
            if not slug:
                continue  # its slug needs a look at the database: one at a time
            try:
                self.shaper.with_body(entry)
            except ItemFailed as error:
                self.fail(entry.document.name, entry.item.guid, error.reason)
                self.item_done(entry, FAILED)
                entry.done = True
                continue
            ready.append((entry, slug))
        if not ready:
            return
        try:
            with transaction.atomic():
                new = [
                    self.new_story(
                        entry, effective_version(entry.item), item_fingerprint(entry.item), [], slug=slug
                    )
                    for entry, slug in ready
                ]
                new_stories.write_new_stories(new)
                notes = [note for created in new for note in self.release_new(created)]
        except Exception as error:  # noqa: BLE001 - the items are written again one by one
            if connection_lost(error):
                raise DatabaseLost(error, self.tally) from None
            logger.info("A chunk of %d new items goes in one at a time: %r", len(ready), error)
            self.shaper.forget()
            self.free_slugs.update(slug for _entry, slug in ready)
            return
        for entry, _slug in ready:
            entry.done = True
            self.item_done(entry, CREATED)
        for note in notes:
            self.reporter.note(note)

    def create_story(self, entry, version, item_print, *, retry=False):
        item = self.shaper.with_body(entry)
        fetched = self.shaper.fetch_pictures(entry)
        with self.item_transaction():
            new = self.new_story(
                entry, version, item_print, fetched, slug="" if retry else self.slug_for(item.headline)
            )
            new_stories.write_new_stories([new])
            notes = self.release_new(new)
        for note in notes:
            self.reporter.note(note)
        return CREATED

    def new_story(self, entry, version, item_print, fetched, *, slug):
        item = entry.item
        content, tags = self.shaper.content_for(entry, version, fetched)
        status = agency_status(item)
        copy = AgencyCopy(
            feed=self.feed,
            source_name=entry.document.name[:1000],
            agency_status=status,
            agency_note=reason_for(item, "") if status != AgencyCopy.AgencyStatus.USABLE else "",
            item_fingerprint=item_print,
        )
        return new_stories.new_story(
            agency=entry.agency,
            guid=item.guid,
            version=version,
            content=content,
            tags=tags,
            slug=slug,
            copy=copy,
            note=version_note(entry.agency, version),
            origin=entry,
        )

    def release_new(self, new):
        """Publish a story just created when asked (withheld copy stays a draft); the notes to print
        once the transaction has committed."""
        entry = new.origin
        where = f"{entry.document.name} [{entry.item.guid}]"
        if new.copy.agency_status == AgencyCopy.AgencyStatus.WITHHELD:
            return [f"{where}: withheld by the agency; kept as a draft"]
        if self.publish:
            try:
                services.publish_story(
                    new.story, by=None, note=_("Published automatically from the agency feed.")
                )
            except InvalidTransition as error:
                return [f"{where}: left as a draft, not published: {error.message}"]
        return []

    # Pictures arriving alone go to the photo library ---------------------------------------------------

    def import_library_picture(self, entry):
        item, agency = entry.item, entry.agency
        if item.is_canceled:
            if not self.dry_run and agency.pk:
                Photo.objects.filter(agency=agency, source_identifier=item.guid).update(
                    expires_at=timezone.now()
                )
            return PICTURE_WITHDRAWN
        if self.dry_run:
            return PICTURE_ADDED
        agency_photo = item.photos[0]
        agency_photo.guid = agency_photo.guid or item.guid
        agency_photo.headline = agency_photo.headline or item.headline
        try:
            fetched = fetch_picture(entry.document, agency_photo, remote=self.remote_photos)
            with transaction.atomic():
                _photo, created = store_picture(fetched, agency=agency)
        except PictureFailed as error:
            self.reporter.failure(entry.document.name, item.guid, f"picture not imported: {error.reason}")
            return PICTURE_FAILED
        return PICTURE_ADDED if created else PICTURE_EXISTING
