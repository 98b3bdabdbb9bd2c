"""On PostgreSQL, an import commits without waiting for the disk flush while it runs.

An import can be repeated (nothing is imported twice), so a database crash costs at most a re-run for
the last moment's items, while waiting for the disk at every item's commit would make a large import
several times slower. A crash loses only the newest commits, in order, and a document's "already
imported" record (:mod:`.imported_documents`) is committed after its items: it can never outlive them
and make a re-run skip what was lost. (A killed connection loses nothing committed at all.)

The setting belongs to the connection, which a web request that ran a feed shares with the rest of
the request: :meth:`FastCommits.stop` puts it back, and the importer calls it however its run ends.
"""

import contextlib

from django.db import Error as DatabaseFault
from django.db import connection


class FastCommits:
    """``synchronous_commit`` off for the connection from :meth:`start` until :meth:`stop`.

    Nothing happens on other databases, nor in a dry run (which commits nothing).
    """

    def __init__(self, *, dry_run):
        self.wanted = connection.vendor == "postgresql" and not dry_run
        self.on = False

    def start(self):
        if self.wanted and not self.on:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
            self.on = True

    def stop(self):
        if self.on:
            self.on = False
            if connection.connection is not None and not connection.needs_rollback:
                # A lost connection has no setting left to restore, and its error is already on its way.
                with contextlib.suppress(DatabaseFault), connection.cursor() as cursor:
                    cursor.execute("SET synchronous_commit TO DEFAULT")
