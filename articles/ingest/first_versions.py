"""What the importer does with an item it has never carried: a new story, with its chunk or alone.

A new story is a draft in the "incoming wire" list, or published (scheduled for its embargo) when the
import is asked to publish; copy the agency withholds always stays a draft.

Most of a large import is new text items, so these are created a chunk at a time: the chunk's new
text items without pictures whose (agency, guid) comes once in it go in together, in one transaction
and a few statements (:mod:`.new_stories`). When anything in it goes wrong (a bad item, another
import creating the same story or taking the same slug a moment ago) nothing of it stays and its
items take the one-at-a-time path, where each succeeds or fails on its own in its own transaction.
Everything else new (items with pictures, a guid repeated in its chunk, a headline whose slug is
taken) takes that path from the start.

Slugs: one query per chunk finds which of its headlines' plain slugs no story has yet; a story that
gets one of those is written without the look-up ``Story.save`` makes for a free slug.

:class:`FirstVersions` is part of :class:`~articles.ingest.importer.Importer`, which supplies the
shaper, reporter, feed, ``publish``, ``dry_run``, ``free_slugs`` (the chunk's), the item
transaction, and ``fail`` and ``item_done`` to count outcomes.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from articles import services
from articles.models import AgencyCopy, Story
from articles.workflow import InvalidTransition

from . import new_stories
from .database_lost import DatabaseLost, connection_lost
from .shaping import ItemFailed
from .tally import CREATED, FAILED
from .versions import (
    GUID_MAX_LENGTH,
    agency_status,
    effective_version,
    item_fingerprint,
    plain_slug,
    reason_for,
    version_note,
)
from .wire_facts import copy_facts

logger = logging.getLogger(__name__)


class FirstVersions:
    """New stories: a chunk's batch in one transaction, the rest one at a time."""

    # Slugs a chunk knows to be free ----------------------------------------------------------------

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

    # The chunk's batch -----------------------------------------------------------------------------

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
            and item.take is None  # takes join one at a time (articles.ingest.takes)
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
            # Rows the shaper looked up may have been created in the rolled-back transaction.
            self.shaper.forget()
            self.free_slugs.update(slug for _entry, slug in ready)
            return
        for entry, _slug in ready:
            entry.done = True
            self.item_done(entry, CREATED)
        for note in notes:
            self.reporter.note(note)

    # One at a time ---------------------------------------------------------------------------------

    def create_story(self, entry, version, item_print, *, retry=False):
        """One new story in its own transaction; ``retry`` after a conflict, when the chunk's free
        slug may be the one another import just took."""
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

    # Both paths ------------------------------------------------------------------------------------

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
            **copy_facts(item),
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
