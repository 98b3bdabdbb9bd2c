"""What the agency sent, on the desk's pages: an agency update waiting for an editor (with the way to
the comparison), and the agency's own description of its copy (urgency, slugline, filing time, words,
subjects with their official IPTC names and where our mapping table sends them).

The link to the comparison is shown only to those the comparison lets in (the same rule as
``AgencyCopyAdmin.has_change_permission``), the link to add a mapping only to those who may add one;
the views check again on the server.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from .. import workflow
from ..ingest.items import CATEGORY
from ..ingest.vocabularies import subject_name
from ..models import AgencyCopy, FeedMapping


def may_apply_agency_update(user, story):
    """Applying an agency version is changing agency copy and editing its story."""
    return user.has_perm("articles.change_agencycopy") and workflow.can_edit(user, story)


@dataclass(frozen=True)
class WaitingUpdate:
    """An agency version held back because the staff had edited the story."""

    version: int
    received_at: object
    compare_url: str  # "" for those who may not apply it


def waiting_update(request, story, copy):
    if copy is None or copy.pending_version is None:
        return None
    may_apply = may_apply_agency_update(request.user, story)
    return WaitingUpdate(
        version=copy.pending_version,
        received_at=copy.pending_received_at,
        compare_url=reverse("admin:articles_agencycopy_update", args=[story.pk]) if may_apply else "",
    )


@dataclass(frozen=True)
class AgencySubject:
    """One classification the agency gave its copy, as the desk reads it."""

    code: str
    name: str  # the agency's own
    official_name: str  # the IPTC's, for Media Topic and Subject Code qcodes
    kind: str
    mapped_to: str = ""  # what our mapping table makes of it ("" when nothing)
    mapping_url: str = ""  # where to map it, for those who may

    @property
    def label(self):
        return self.official_name or self.name or self.code

    @property
    def agency_name(self):
        """The agency's name for it where it says more than the official one ("" where it does not)."""
        if self.official_name and self.name.casefold() != self.official_name.casefold():
            return self.name
        return ""

    @property
    def mapping_kind(self):
        # The importer matches categories against category rows, every other kind against subject rows.
        return FeedMapping.Kind.CATEGORY if self.kind == CATEGORY else FeedMapping.Kind.SUBJECT

    def matched_by(self, value):
        """Does a mapping row's ``value`` match this subject, as the importer matches it?"""
        value = value.casefold()
        return value in {self.code.casefold(), self.name.casefold(), self.code.rsplit(":", 1)[-1].casefold()}


def agency_subjects(copy):
    """``copy.subjects`` as :class:`AgencySubject` rows (no query)."""
    subjects = []
    for entry in copy.subjects or []:
        if not isinstance(entry, dict):
            continue
        code, name = str(entry.get("code") or ""), str(entry.get("name") or "")
        subjects.append(
            AgencySubject(
                code=code,
                name=name,
                official_name=subject_name(code),
                kind=str(entry.get("kind") or FeedMapping.Kind.SUBJECT),
            )
        )
    return subjects


def with_mappings(subjects, *, story, copy, user):
    """``subjects`` with what the mapping table of ``copy``'s feed and agency gives each (one query),
    and a link to map those it gives nothing, for those who may add mappings."""
    owners = Q(agency_id=story.agency_id) if story.agency_id else Q(pk__in=[])
    if copy.feed_id:
        owners |= Q(feed_id=copy.feed_id)
    rows = list(FeedMapping.objects.filter(owners).select_related("section").order_by("position", "pk"))
    may_map = user.has_perm("articles.add_feedmapping")
    owner = {"feed": copy.feed_id} if copy.feed_id else {"agency": story.agency_id}
    shown = []
    for subject in subjects:
        targets = [
            " + ".join(str(part) for part in (row.section, row.tag) if part)
            for row in rows
            if row.kind == subject.mapping_kind and subject.matched_by(row.value)
        ]
        url = ""
        if not targets and may_map and (subject.code or subject.name) and any(owner.values()):
            query = urlencode({"kind": subject.mapping_kind, "value": subject.code or subject.name, **owner})
            url = f"{reverse('admin:articles_feedmapping_add')}?{query}"
        shown.append(
            AgencySubject(
                code=subject.code,
                name=subject.name,
                official_name=subject.official_name,
                kind=subject.kind,
                mapped_to="; ".join(targets),
                mapping_url=url,
            )
        )
    return shown


def agency_context(request, story):
    """The change form's context about the agency's copy of ``story`` (two queries; none for a story
    of our own)."""
    if story is None or not story.source_guid:
        return {"agency_update": None, "agency_copy": None, "agency_subjects": []}
    copy = AgencyCopy.objects.filter(story=story).defer("pending").first()
    if copy is None:
        return {"agency_update": None, "agency_copy": None, "agency_subjects": []}
    subjects = agency_subjects(copy)
    return {
        "agency_update": waiting_update(request, story, copy),
        "agency_copy": copy,
        "agency_subjects": with_mappings(subjects, story=story, copy=copy, user=request.user)
        if subjects
        else [],
    }
