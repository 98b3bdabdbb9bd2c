"""Telling agency versions apart: which is newer, and what identifies a version without a number."""

from typing import NamedTuple

from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from articles.models import AgencyCopy, Story
from articles.models.stories import SLUG_MAX_LENGTH

from . import items as agency_items
from .updates import fingerprint

SAME, OLDER, NEWER = "same", "older", "newer"
# An item is known by its agency and the agency's id for it (its guid), kept in this column: a longer
# id would have to be cut, and two items could then share one story, so such an item fails instead.
GUID_MAX_LENGTH = Story._meta.get_field("source_guid").max_length


class Known(NamedTuple):
    """What the database holds for one (agency, guid), read in bulk before a chunk is imported."""

    story_id: int
    version: int | None
    status: str
    pending_version: int | None
    agency_status: str | None
    item_fingerprint: str | None


def effective_version(item):
    """The agency's version number, or (for formats without one) the time of the version."""
    if item.version is not None and item.version >= 0:
        return item.version
    if item.version_created is not None and item.version_created.timestamp() >= 0:
        return int(item.version_created.timestamp())
    return None


def item_fingerprint(item):
    """Tells two versions apart when the agency gives no version number."""
    return fingerprint(
        item.headline,
        item.standfirst,
        item.body_html,
        item.body_href,
        item.bylines,
        item.dateline,
        item.status,
        item.embargo,
        [photo.href for photo in item.photos],
        [(subject.kind, subject.code, subject.name) for subject in item.subjects],
        item.keywords,
    )


def compare(version, item_print, known):
    if version is not None and known.version is not None:
        if version in (known.version, known.pending_version):
            return SAME
        if version < known.version or (known.pending_version is not None and version < known.pending_version):
            return OLDER
        return NEWER
    return SAME if item_print == known.item_fingerprint else NEWER


def headline_of(headline, length=300):
    """``headline`` cut to the column's length as ``Truncator`` cuts it (with an ellipsis).

    Truncator counts characters without combining marks, so it never cuts a text no longer than
    ``length``: those (nearly all) skip its costly counting.
    """
    return headline if len(headline) <= length else Truncator(headline).chars(length)


def plain_slug(headline):
    """The slug ``Story.unique_slug`` would start from for ``headline`` (before numbering)."""
    full = slugify(headline_of(headline), allow_unicode=True)
    base = full[: SLUG_MAX_LENGTH - 6]
    if len(full) > len(base) and "-" in base:
        base = base.rsplit("-", 1)[0]
    return base.strip("-")


def reason_for(item, default):
    return agency_items.first_sentence(item.editorial_note or item.correction_note, 280) or default


def agency_status(item):
    """The agency's word on ``item`` as an :class:`AgencyCopy` status."""
    return {
        agency_items.WITHHELD: AgencyCopy.AgencyStatus.WITHHELD,
        agency_items.CANCELED: AgencyCopy.AgencyStatus.CANCELED,
    }.get(item.status, AgencyCopy.AgencyStatus.USABLE)


def version_note(agency, version):
    """The revision note for a version the importer wrote."""
    if version is None:
        return _("Agency copy from %(agency)s.") % {"agency": agency.name}
    words = {"agency": agency.name, "version": version}
    return _("Agency copy from %(agency)s, version %(version)s.") % words
