"""What the front editor shows: each slot's stories, pinned (with why readers may not see one) or filled
automatically, worked out by the reader site's own code for the version being edited; and its forms."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import FrontPin, FrontVersion, Section, Story
from ..reader.front import front_page
from ..reader.section_front import section_page_content
from ..reader.sections import SiteSections, all_sections

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def front_key(section):
    """The front's part of the editor's address: ``home`` or ``section-<id>``."""
    return "home" if section is None else f"section-{section.pk}"


def section_of_key(key):
    """The section a front key names (None for the home page), or raises Section.DoesNotExist."""
    if key == "home":
        return None
    kind, _dash, number = key.partition("-")
    if kind != "section" or not number.isascii() or not number.isdigit():
        raise Section.DoesNotExist
    return Section.objects.select_related("parent").get(pk=int(number))


class PinForm(forms.Form):
    story = forms.ModelChoiceField(
        label=_("Story"),
        queryset=Story.objects.exclude(status=Story.Status.WITHDRAWN),
        widget=AutocompleteSelect(FrontPin._meta.get_field("story"), admin.site),
    )
    slot = forms.ChoiceField(label=_("Slot"))
    expires_at = forms.DateTimeField(
        label=_("Pinned until"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("Empty: until you unpin it."),
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.key, slot.label) for slot in slots]


class ExpiryForm(forms.Form):
    expires_at = forms.DateTimeField(required=False, widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(
        label=_("Goes live at"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


@dataclass
class Entry:
    """One line of a slot: a pinned story (``pin``) or one the page fills automatically."""

    story: object
    pin: FrontPin | None = None
    shown: bool = True
    reason: str = ""


@dataclass
class SlotView:
    key: str
    label: str
    size: int
    entries: list = field(default_factory=list)

    @property
    def pinned(self):
        return [entry for entry in self.entries if entry.pin is not None]

    @property
    def empty_places(self):
        return range(max(0, self.size - len([entry for entry in self.entries if entry.shown])))


def why_not_shown(pin, story, now):
    """Why readers do not see a pinned story now ("" when they do)."""
    if pin.is_expired(now):
        return _("Pin expired: readers no longer see it here.")
    if story.status == Story.Status.WITHDRAWN:
        return _("Withdrawn: readers do not see it.")
    if story.status != Story.Status.PUBLISHED:
        return _("%(status)s: readers see it once it is published.") % {"status": story.get_status_display()}
    if story.publish_at and story.publish_at > now:
        return _("Readers see it from its publication time.")
    if story.embargo_until and story.embargo_until > now:
        return _("Embargoed: readers see it when the embargo lifts.")
    return ""


def slot_views(front, version, sections=None, now=None):
    """The front's slots as ``version`` (None: the automatic page) arranges them now: each pinned story,
    then the stories the reader's page fills in after them, exactly as the reader's code does."""
    now = now or timezone.now()
    sections = sections or SiteSections(all_sections())
    version_id = version.pk if version is not None else 0  # 0: no version, nothing pinned
    if front.is_home:
        shown = front_page(sections, now=now, version_id=version_id).slot_stories()
    else:
        section_front, _page = section_page_content(
            front.section, sections, {}, now=now, version_id=version_id
        )
        shown = section_front.slot_stories() if section_front else {}
    pins = list(version.pins.select_related("story").order_by("slot", "position", "pk")) if version else []
    views = []
    for slot in front.slots(sections.top_level):
        view = SlotView(slot.key, slot.label, slot.size)
        pinned_ids = set()
        for pin in (pin for pin in pins if pin.slot == slot.key):
            reason = why_not_shown(pin, pin.story, now)
            view.entries.append(Entry(pin.story, pin, shown=not reason, reason=reason))
            pinned_ids.add(pin.story_id)
        view.entries += [Entry(story) for story in shown.get(slot.key, []) if story.pk not in pinned_ids]
        views.append(view)
    return views, sections


def history(front):
    """Every version but the draft, newest first, with who made and released it and its pin count."""
    if front.pk is None:
        return []
    return list(
        front.versions.exclude(status=FrontVersion.Status.DRAFT).select_related("created_by", "released_by")[
            :50
        ]
    )
