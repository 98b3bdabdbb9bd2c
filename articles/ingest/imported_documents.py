"""Documents imported whole, remembered so that running the same import again passes over them.

A feed folder or a feed URL hands over the same documents run after run; parsing each again only to
find every item unchanged would make a cron job's quiet round as slow as its first. A document is
therefore remembered (``IngestedDocument``: its name under the import's agency, the SHA-256 of its
bytes, and how many stories and pictures it held) once it has been read to its end and every one of
its items has gone in. A later run that finds the same name with the same bytes counts what it held
as unchanged without parsing it; changed bytes are parsed as usual.

A document with any failure (an unreadable part, an item that failed, a picture refused) is not
remembered, so the next run tries it again; nor is anything in a dry run, which wrote nothing. The
records are written after the chunk that completed their documents has committed its items, so a
record never stands for stories that are not there (see :mod:`.fast_commits`).
"""

import hashlib
from dataclasses import dataclass
from typing import NamedTuple

from articles.models import IngestedDocument

from .tally import FAILED, PICTURE_ADDED, PICTURE_EXISTING, PICTURE_FAILED, PICTURE_WITHDRAWN

# A longer name (a long URL with its query) is remembered, and looked up, by its beginning.
NAME_MAX_LENGTH = IngestedDocument._meta.get_field("name").max_length


class EarlierImport(NamedTuple):
    """What an earlier import of the very same bytes counted."""

    stories: int
    pictures: int


@dataclass
class DocumentProgress:
    sha256: str
    remaining: int = 0  # items handed to chunks and not yet imported
    read: bool = False  # the document has been read to its end
    failed: bool = False
    stories: int = 0
    pictures: int = 0


class ImportedDocuments:
    """Follows each document of an import from its parsing to its last item, and remembers it then.

    ``agency_key`` is the primary key of the import's fixed agency, or 0 when each item picks its
    own: the same file fed under another agency is another import.
    """

    def __init__(self, *, agency_key, dry_run):
        self.agency_key = agency_key
        self.dry_run = dry_run
        self.progress = {}
        self.completed = []

    def look_up(self, documents):
        """``(document, sha256, earlier)`` for each of ``documents``: ``earlier`` is an
        :class:`EarlierImport` when these very bytes were imported whole before, else None.
        One query for the lot."""
        digests = [hashlib.sha256(document.content).hexdigest() for document in documents]
        previous = {
            name: (sha256, stories, pictures)
            for name, sha256, stories, pictures in IngestedDocument.objects.filter(
                agency_key=self.agency_key,
                name__in={document.name[:NAME_MAX_LENGTH] for document in documents},
            ).values_list("name", "sha256", "stories", "pictures")
        }
        looked_up = []
        for document, digest in zip(documents, digests, strict=True):
            earlier = previous.get(document.name[:NAME_MAX_LENGTH])
            same = earlier is not None and earlier[0] == digest
            looked_up.append((document, digest, EarlierImport(earlier[1], earlier[2]) if same else None))
        return looked_up

    def started(self, name, sha256):
        """The progress of a document whose items are about to be read."""
        progress = DocumentProgress(sha256)
        self.progress[name] = progress
        return progress

    def item_done(self, name, outcome):
        """One item of document ``name`` went in (or failed) with ``outcome``."""
        progress = self.progress.get(name)
        if progress is None:
            return
        progress.remaining -= 1
        progress.failed = progress.failed or outcome in (FAILED, PICTURE_FAILED)
        if outcome in (PICTURE_ADDED, PICTURE_EXISTING, PICTURE_WITHDRAWN):
            progress.pictures += 1
        elif outcome != FAILED:
            progress.stories += 1
        self.settle(name)

    def settle(self, name):
        """Once a document is read to its end (``progress.read``) and every item of it has gone in,
        it is complete."""
        progress = self.progress.get(name)
        if progress is None or not progress.read or progress.remaining > 0:
            return
        del self.progress[name]
        if not progress.failed and not self.dry_run:
            self.completed.append(
                IngestedDocument(
                    name=name[:NAME_MAX_LENGTH],
                    agency_key=self.agency_key,
                    sha256=progress.sha256,
                    stories=progress.stories,
                    pictures=progress.pictures,
                )
            )

    def remember_completed(self):
        """Write the records of the documents completed so far (called once their items committed)."""
        documents, self.completed = self.completed, []
        if documents:
            IngestedDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["name", "agency_key"],
                update_fields=["sha256", "stories", "pictures", "imported_at"],
            )
