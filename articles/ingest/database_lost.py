"""A database connection lost in the middle of an import: told apart from one bad item, and stopped."""

import contextlib

from django.db import InterfaceError, OperationalError, connection

# SQLSTATE classes of a lost connection: 08 connection exceptions; 57P01-57P03 admin (an operator's
# pg_terminate_backend) and crash shutdowns, and a server that is starting and cannot connect yet.
CONNECTION_SQLSTATES = ("08", "57P")


class DatabaseLost(Exception):
    """The database connection went away during an import (a restart, a failover, an operator's
    ``pg_terminate_backend``). The run stops rather than fail every remaining item, or quietly carry
    on over a new connection its operator may have meant to stop: what committed is whole, the item in
    flight rolled back, and running the same import again finishes the job. ``tally`` is the run so far.
    """

    def __init__(self, error, tally=None):
        self.reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        self.tally = tally
        super().__init__(self.reason)

    def message(self):
        return (
            f"the database connection was lost ({self.reason}); every story committed before it is "
            "kept and the item in flight was rolled back: run the same import again to finish"
        )


def connection_lost(error):
    """Did ``error`` come from the database connection going away, rather than from one item?

    Django opens a new connection as soon as a rolled-back transaction finds its own one dead, so the
    error itself must tell: PostgreSQL's connection-exception and shutdown SQLSTATEs, or on PostgreSQL
    an error psycopg raised without one (no server answered it: the socket or server went away).
    """
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(CONNECTION_SQLSTATES)
    if connection.vendor == "postgresql":
        return True
    return connection.connection is None or not connection.is_usable()


@contextlib.contextmanager
def stopping_when_the_database_is_lost(tally):
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        if connection_lost(error):
            raise DatabaseLost(error, tally) from None
        raise
