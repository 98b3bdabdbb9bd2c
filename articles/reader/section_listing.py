"""A section's listing (its page and its feed): the published stories filed in it or one of its
subsections, and those listed there as a secondary section, newest first, each once.

Plain SQL, one statement: a ``UNION`` of short index walks, two per section of the family, each with
its own ``LIMIT`` (wrapped one level down, as SQLite wants for limited parts of a compound select):

- the stories filed in the section: the story index on (section, status, publish_at);
- the stories listed there: the ``StorySection`` index on (section, publish_at, story), which
  carries each story's time (``articles.models.secondary_sections``), each row's story then read by
  its primary key to ask whether it is published.

So a page costs a few index entries per walk whatever the number of stories, deep pages included
(a cursor starts every walk at the anchor story's time), and ``UNION`` drops a story met twice (filed
in a subsection and listed in its parent). ``Story.objects.in_section()`` says the same in the ORM;
``tests/test_secondary_sections.py`` holds the two to the same stories.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ..models import Story, StorySection
from .story_rows import published_params, published_sql

STORY = Story._meta.db_table
LINK = StorySection._meta.db_table
# The cursor's anchor counts only when readers may see it (parameters: its id, then published_params):
# an unpublished anchor gives no time and so an empty page, a 404, as a missing one does; any id gave
# a page placed at its time, which told a reader that a scheduled story existed, and when.
ANCHOR_TIME = (
    f"(SELECT anchor.publish_at FROM {STORY} AS anchor WHERE anchor.id = %s AND {published_sql('anchor')})"
)
# Each section's two walks: (the story's id, the time the walk is ordered by, the rows walked with the
# story table as ``s``, the section column) for the stories filed there and those listed there.
WALKS = (
    ("s.id", "s.publish_at", f"{STORY} s", "s.section_id"),
    ("l.story_id", "l.publish_at", f"{LINK} l INNER JOIN {STORY} s ON s.id = l.story_id", "l.section_id"),
)


def family_ids(section, sections):
    """The section and its subsections (``sections``: ``reader.sections.SiteSections``), inactive ones
    too, as ``in_section()`` has them: a story filed in a section since switched off stays listed."""
    below = f"{section.path}/"
    return sorted(s.pk for s in sections.every if s.pk == section.pk or s.path.startswith(below))


def _after_anchor(time, ident, newer):
    """The rows past the cursor's anchor story (parameters: :func:`anchor_params`). The first condition
    says nothing the others do not, but it is the bound an index walk can start from."""
    past, past_or_at = (">", ">=") if newer else ("<", "<=")
    return (
        f" AND {time} {past_or_at} {ANCHOR_TIME}"
        f" AND ({time} {past} {ANCHOR_TIME} OR ({time} = {ANCHOR_TIME} AND {ident} {past} %s))"
    )


def anchor_params(anchor, published):
    """The parameters of :func:`_after_anchor`: three anchor times and the anchor's id."""
    return [*([anchor, *published] * 3), anchor]


@dataclass(frozen=True)
class SectionListing:
    """The stories of the sections ``section_ids`` (a section's family, :func:`family_ids`)."""

    section_ids: tuple
    at: object = None  # the moment "published" is judged at (now)

    @classmethod
    def of(cls, section, sections, at=None):
        return cls(tuple(family_ids(section, sections)), at)

    def ids_sql(self, *, limit, offset=0, before=None, after=None):
        """The statement of the listing's story ids and its parameters: ``limit`` of them after
        ``offset``, newest first; or past a cursor (``before``/``after``: an anchor story's id;
        ``after`` gives the newer stories, oldest first)."""
        anchor = after or before
        direction = "ASC" if after else "DESC"
        published = published_params(self.at or timezone.now())
        walk_limit = limit + offset
        parts, params = [], []
        for section_id in self.section_ids:
            for ident, time, source, section_column in WALKS:
                cursor = _after_anchor(time, ident, newer=bool(after)) if anchor else ""
                parts.append(
                    f"SELECT id, publish_at FROM (SELECT {ident} AS id, s.publish_at AS publish_at"
                    f" FROM {source} WHERE {published_sql('s')} AND {section_column} = %s{cursor}"
                    f" ORDER BY {time} {direction}, {ident} {direction} LIMIT %s) AS walk_{len(parts)}"
                )
                params += [
                    *published,
                    section_id,
                    *(anchor_params(anchor, published) if anchor else []),
                    walk_limit,
                ]
        sql = (
            f"SELECT id FROM ({' UNION '.join(parts)}) AS listed"
            f" ORDER BY publish_at {direction}, id {direction} LIMIT %s OFFSET %s"
        )
        return sql, [*params, limit, offset]

    def page_ids(self, *, limit, offset=0, before=None, after=None):
        """The ids of :meth:`ids_sql`, in its order (one query)."""
        sql, params = self.ids_sql(limit=limit, offset=offset, before=before, after=after)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def newest(self, count):
        """The listing's ``count`` newest stories as a queryset (for the feed, which loads them with
        ``for_listing()``): their ids are a subquery of the same statement, not a query of their own."""
        sql, params = self.ids_sql(limit=count)
        return Story.objects.published(at=self.at).filter(pk__in=RawSQL(sql, params))
