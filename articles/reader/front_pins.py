"""A front's pinned stories, as parts of the statement that reads the front's story cards.

No query of their own: the pinned ids join the statement of ids the cards are read for, and each card
is joined to its pin, whose slot and place it carries as two extra columns (``story_rows.cards_sql``).
So a pinned story is shown only when the card statement's own condition, ``published()`` in SQL, says
readers may see it: a pin of a story since withdrawn, embargoed or scheduled leaves the front with
the next page made. A pin past its expiry is left out by the same statements.

The version read is the one readers see (the last to go live, ``FrontVersionQuerySet.shown_to_readers``)
or, for a staff preview, a given one.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from ..models import Front, FrontPin, FrontVersion

FRONT = Front._meta.db_table
VERSION = FrontVersion._meta.db_table
PIN = FrontPin._meta.db_table
# The two columns each card gains: its pin's slot and place (NULL for a story filled automatically).
PIN_COLUMNS = ("front_slot", "front_place")


@dataclass(frozen=True)
class FrontPins:
    """The pins a page shows: those of the home page's front (``section_id`` None) or a section's,
    in the version readers see at ``at``, or in the version ``version_id`` (a preview)."""

    at: datetime
    section_id: int | None = None
    version_id: int | None = None

    def version_sql(self):
        """A scalar subquery of the version's id, and its parameters."""
        if self.version_id is not None:
            return "%s", [self.version_id]
        if self.section_id is None:
            front, front_params = "f.kind = %s", [Front.Kind.HOME.value]
        else:
            front, front_params = "f.section_id = %s", [self.section_id]
        statuses = [FrontVersion.Status.LIVE.value, FrontVersion.Status.SCHEDULED.value]
        return (
            f"(SELECT v.id FROM {VERSION} v INNER JOIN {FRONT} f ON f.id = v.front_id"
            f" WHERE {front} AND v.status IN (%s, %s) AND v.go_live_at <= %s"
            " ORDER BY v.go_live_at DESC, v.id DESC LIMIT 1)",
            [*front_params, *statuses, self._moment()],
        )

    def _moment(self):
        return connection.ops.adapt_datetimefield_value(self.at)

    def _pins_where(self, alias):
        version, params = self.version_sql()
        return (
            f"{alias}.version_id = {version} AND ({alias}.expires_at IS NULL OR {alias}.expires_at > %s)",
            [*params, self._moment()],
        )

    def ids_sql(self):
        """The statement of the pinned stories' ids (still pinned at ``at``) and its parameters."""
        where, params = self._pins_where("pin")
        return f"SELECT pin.story_id AS id FROM {PIN} pin WHERE {where}", params

    def card_sql(self):
        """``cards_sql``'s ``extra_columns`` and ``joins`` (the story table as ``s``) for
        :data:`PIN_COLUMNS`, and the joins' parameters: each card joined to its pin, if any (a story
        is pinned at most once per version, ``frontpin_story_once``).

        A join, where the version is worked out once per statement: two subqueries per card were
        0.2 ms slower on the home page's statement (150 cards) on SQLite and PostgreSQL alike, and
        behind a test of the pinned ids they doubled its planning time on PostgreSQL. With 17 pins
        the statement costs 0.7 ms more than the page cost before fronts."""
        where, params = self._pins_where("fp")
        return (
            ", fp.slot AS front_slot, fp.position AS front_place",
            f" LEFT JOIN {PIN} fp ON fp.story_id = s.id AND {where}",
            params,
        )


def pinned_in_slots(cards, slots):
    """The cards pinned to ``slots`` (keys), each slot's in its order: ``{slot: [cards]}``."""
    pinned = {slot: [] for slot in slots}
    for card in cards:
        if card.front_slot in pinned:
            pinned[card.front_slot].append(card)
    for stories in pinned.values():
        stories.sort(key=lambda card: (card.front_place, card.pk))
    return pinned
