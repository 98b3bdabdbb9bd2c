"""What readers see of a story, in the desk's words: the status badges of the story list and change
form, and what a step will change for readers, said on its confirmation page.

A badge says what a reader gets now, not the workflow's state alone: a published story whose embargo
is running is not on the site, so it reads "Embargoed until ...", never "Published". The rule is
``Story.is_published`` (the mirror of ``Story.objects.published()``), so the desk and the site agree.
"""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import AgencyCopy, Story
from ..workflow import Action

S = Story.Status

# (text colour, background) per badge kind.
BADGE_COLOURS = {
    "published": ("#14532d", "#d1fae5"),
    "embargoed": ("#4c1d95", "#ede9fe"),
    "scheduled": ("#0b4a8b", "#dbeafe"),
    "draft": ("#555", "#eee"),
    "in_review": ("#7a4b00", "#ffe7b3"),
    "withdrawn": ("#7f1d1d", "#fee2e2"),
    "killed": ("#fff", "#7f1d1d"),
    "withheld": ("#7c2d12", "#ffedd5"),
}
# Where a story leaves when readers stop seeing it (the reader cache is purged with the step).
LISTINGS = _("the home page, its section and tag pages, the feeds, the sitemaps and search")


def local_time(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@dataclass(frozen=True)
class ReaderStatus:
    kind: str  # a key of BADGE_COLOURS, also the badge's CSS class
    label: str
    visible: bool  # readers can open the story now


def reader_status(story, *, at=None):
    """What readers get of ``story`` now. An agency's kill or hold is read from ``story.agency_status``
    when the desk's queryset annotated it (``StepConfirmationsMixin.get_queryset``)."""
    at = at or timezone.now()
    if story.status == S.PUBLISHED:
        if story.publish_at is not None and story.publish_at > at:
            return scheduled(story)
        if story.embargo_until is not None and story.embargo_until > at:
            label = _("Embargoed until %(time)s") % {"time": local_time(story.embargo_until)}
            return ReaderStatus("embargoed", label, False)
        return ReaderStatus("published", _("Published"), True)
    agency_status = getattr(story, "agency_status", None)
    if agency_status == AgencyCopy.AgencyStatus.CANCELED:
        return ReaderStatus("killed", _("Killed"), False)
    if agency_status == AgencyCopy.AgencyStatus.WITHHELD:
        return ReaderStatus("withheld", _("Withheld by the agency"), False)
    if story.status == S.SCHEDULED and story.publish_at is not None:
        return scheduled(story)
    return ReaderStatus(story.status, story.get_status_display(), False)


def scheduled(story):
    # Out at the later of the two times (Story.objects.published(), due_for_publishing).
    when = max(filter(None, [story.publish_at, story.embargo_until]))
    return ReaderStatus("scheduled", _("Scheduled for %(time)s") % {"time": local_time(when)}, False)


def badge(kind, label):
    colour, background = BADGE_COLOURS[kind]
    return format_html(
        '<span class="status-badge status-{}" style="color:{};background:{};padding:2px 8px;'
        'border-radius:10px;font-weight:600;white-space:nowrap">{}</span>',
        kind,
        colour,
        background,
        label,
    )


def status_badge(story):
    status = reader_status(story)
    return badge(status.kind, status.label)


def plain_status_badge(status):
    """The badge of a workflow state alone (the list's counts per status)."""
    return badge(status, S(status).label)


def step_consequence(action, story, address):
    """What ``action`` will change for readers of ``story`` (at ``address``, absolute), in a sentence."""
    seen = reader_status(story)
    if action == Action.WITHDRAW:
        if seen.visible:
            return _(
                "Readers will get “This story has been withdrawn” (410) at %(address)s; it leaves "
                "%(listings)s."
            ) % {"address": address, "listings": LISTINGS}
        return _(
            "Readers cannot see it now (%(status)s). From now on its address %(address)s answers “This "
            "story has been withdrawn” (410), and it will not come out when the embargo lifts."
        ) % {"status": seen.label, "address": address}
    if action == Action.RETURN:
        if story.status == S.SCHEDULED:
            return _(
                "It will not come out as scheduled (%(status)s): readers see nothing of it until it is "
                "published again. It goes back to its writer as a draft, with your note."
            ) % {"status": seen.label}
        return _(
            "Readers see nothing of it now and nothing changes for them; it goes back to its writer as a "
            "draft, with your note."
        )
    if action == Action.BACK_TO_DRAFT:
        return _(
            "Readers still see nothing of it: its address %(address)s answers “not found” (404) instead "
            "of “This story has been withdrawn” (410) until it is published again."
        ) % {"address": address}
    if action == Action.RESTORE:
        if seen.visible:
            return _("Readers will see the restored version at %(address)s at once.") % {"address": address}
        return _(
            "Readers see nothing of it now (%(status)s); the restored version is what they will see when it "
            "comes out."
        ) % {"status": seen.label}
    return ""


def embargo_consequence(story, embargo, address):
    """What saving ``embargo`` (a future time) on a live story does to its readers."""
    return _(
        "This story is on the site. Saving the embargo takes it off until %(time)s: readers will get "
        "“not found” (404) at %(address)s, and it leaves %(listings)s until then."
    ) % {"time": local_time(embargo), "address": address, "listings": LISTINGS}
