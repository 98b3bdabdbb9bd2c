"""Several small blocks of stories, each with its own ``LIMIT``, fetched in one query.

A home page's section blocks, a story's related stories, its next story and "more headlines" each
need their own ordering and limit. Each block is a small ``SELECT id ... LIMIT n`` subquery; the
rows of all blocks come back together and each block is picked out again in Python with the same
ordering. That is exact: the rows of a block are the first ``n`` of that block's ordering, and
nothing else in the result can outrank them.

On PostgreSQL the blocks are joined with ``UNION ALL`` inside one ``id IN (...)``: each block is an
index scan of a few rows and the result a handful of primary-key lookups, whatever the size of the
archive. (An ``OR`` of one ``IN`` per block, which SQLite needs because it cannot order and limit
inside a compound select, makes PostgreSQL test every published story against the blocks: a scan
of the whole table.)
"""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q


def newest_first_key(story):
    return (story.publish_at, story.pk)


def first_ids(queryset, count):
    """The ``pk`` of ``queryset``'s first ``count`` rows: one block for :func:`in_any_block`."""
    return queryset.values("pk")[:count]


def in_any_block(blocks):
    """A filter for the rows of any of ``blocks`` (``first_ids`` querysets), in one query."""
    if connection.vendor == "postgresql":
        first, *rest = blocks
        return Q(pk__in=first.union(*rest, all=True) if rest else first)
    return reduce(or_, (Q(pk__in=block) for block in blocks))
