"""What the agency sent, on the story's change form: an agency update waiting for an editor (with the
way to the comparison) and the agency's own description of its copy.

The link to the comparison is shown only to those the comparison lets in (the same rule as
``AgencyCopyAdmin.has_change_permission``); the view checks it again on the server.
"""

from dataclasses import dataclass

from django.urls import reverse

from .. import workflow
from ..models import AgencyCopy


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


def agency_context(request, story):
    """The change form's context about the agency's copy of ``story`` (one query; none for a story
    of our own)."""
    if story is None or not story.source_guid:
        return {"agency_update": None}
    copy = AgencyCopy.objects.filter(story=story).defer("pending").first()
    return {"agency_update": waiting_update(request, story, copy)}
