"""Purges sent by one background thread per process, so that an editor's save never waits for a
cache in front, and never fails because of one.

Each purge goes to each cache on its own: one that fails is tried again after 0.5, 2 and 8 seconds
(:data:`RETRY_DELAYS`), each failure logged, and the last one logged as an error (the pages then stay
until they expire: ``s-maxage``). Each purge that got through is sent once more
``FRONTEND_CACHE_REPURGE_SECONDS`` later: a page the cache was fetching while the change committed
(made from the rows before it) may have been stored after the first purge.

Bounded: at most :data:`MAX_WAITING` purges wait (beyond, a purge is dropped and logged); a process
that exits waits up to :data:`EXIT_WAIT_SECONDS` for its purges (``publish_scheduled``, ``ingest``).
"""

import atexit
import heapq
import itertools
import logging
import os
import threading
import time
from dataclasses import dataclass, field

from .backends import PurgeFailed

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.5, 2.0, 8.0)
MAX_WAITING = 10_000
EXIT_WAIT_SECONDS = 10.0


@dataclass(order=True)
class Purge:
    due: float
    order: int
    purger: object = field(compare=False)
    keys: frozenset = field(compare=False)
    attempt: int = field(default=1, compare=False)
    repurge_after: float = field(default=0.0, compare=False)  # 0: this one is not followed by another


class PurgeSender:
    def __init__(self):
        self._reset()

    def _reset(self):
        self._condition = threading.Condition()
        self._waiting = []  # a heap of Purge, soonest first
        self._sending = 0
        self._order = itertools.count()
        self._thread = None

    def send(self, purger, keys, *, repurge_after=0.0):
        self._put(Purge(time.monotonic(), 0, purger, frozenset(keys), repurge_after=repurge_after))

    def _put(self, purge):
        with self._condition:
            if len(self._waiting) >= MAX_WAITING:
                logger.error(
                    "Too many purges waiting; dropped %d keys for %s.", len(purge.keys), purge.purger
                )
                return
            purge.order = next(self._order)
            heapq.heappush(self._waiting, purge)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="frontend-cache-purges", daemon=True)
                self._thread.start()
            self._condition.notify_all()

    def _next(self):
        with self._condition:
            while True:
                now = time.monotonic()
                if self._waiting and self._waiting[0].due <= now:
                    self._sending += 1
                    return heapq.heappop(self._waiting)
                self._condition.wait(self._waiting[0].due - now if self._waiting else None)

    def _run(self):
        while True:
            purge = self._next()
            try:
                self._attempt(purge)
            except Exception:  # noqa: BLE001 - a bug here must not end the thread that sends every purge
                logger.exception("Purging %s failed unexpectedly.", purge.purger)
            finally:
                with self._condition:
                    self._sending -= 1
                    self._condition.notify_all()

    def _attempt(self, purge):
        try:
            purge.purger.purge(purge.keys)
        except PurgeFailed as error:
            if purge.attempt > len(RETRY_DELAYS):
                logger.error(
                    "Purging %d keys on %s failed %d times (%s); gave up: those pages stay till they expire.",
                    len(purge.keys),
                    purge.purger,
                    purge.attempt,
                    error,
                )
                return
            delay = RETRY_DELAYS[purge.attempt - 1]
            logger.warning(
                "Purging %d keys on %s failed (%s); trying again in %g s.",
                len(purge.keys),
                purge.purger,
                error,
                delay,
            )
            purge.due, purge.attempt = time.monotonic() + delay, purge.attempt + 1
            self._put(purge)
            return
        logger.debug("Purged %s on %s.", " ".join(sorted(purge.keys)), purge.purger)
        if purge.repurge_after > 0:
            self._put(Purge(time.monotonic() + purge.repurge_after, 0, purge.purger, purge.keys))

    def wait(self, timeout):
        """Wait until every purge has been sent (or given up on); False when ``timeout`` ran out first."""
        with self._condition:
            return self._condition.wait_for(lambda: not self._waiting and not self._sending, timeout)


outbox = PurgeSender()
# A forked worker (gunicorn) starts with no thread and nothing waiting of its parent's.
os.register_at_fork(after_in_child=outbox._reset)
atexit.register(outbox.wait, EXIT_WAIT_SECONDS)
