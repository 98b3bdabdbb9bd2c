"""Curated fronts: editors' changes to the home page's and the sections' fronts, the scheduler's part in
them, and the breaking-news banner.

Every change is made to the front's one draft version (made from the version readers see when there
is none), so nothing readers see moves until the draft is published or its time comes. Each call
locks the front's row first (two editors cannot interleave their changes), runs in one transaction
and retires cached pages only when readers see the change, once: a front's own pages (the home page,
or its section's listing pages: ``reader.cache.purge_front_pages``), every page for the banner.

``by``: the person (checked for ``articles.change_front``), or None for the scheduler.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import BreakingNewsBanner, Front, FrontPin, FrontVersion, Story
from ..reader import cache as reader_cache
from ..workflow import InvalidTransition

Status = FrontVersion.Status
FRONT_PERMISSION = "articles.change_front"


class FrontRefusal(InvalidTransition):
    """The change does not fit the front as it is (a full slot, a story pinned already, a time passed)."""


class DraftMoved(FrontRefusal):
    """The draft changed after the editor's page showed it: publishing (or discarding) it would
    release someone else's change unseen."""


def may_change_fronts(user):
    return user is None or user.has_perm(FRONT_PERMISSION)


def _check(by):
    if not may_change_fronts(by):
        raise PermissionDenied(_("You may not change the fronts."))


def front_of(section=None):
    """The home page's front (``section`` None) or ``section``'s, made the first time it is asked for."""
    if section is None:
        front, _created = Front.objects.get_or_create(kind=Front.Kind.HOME)
    else:
        front, _created = Front.objects.get_or_create(section=section, defaults={"kind": Front.Kind.SECTION})
    return front


def _lock(front):
    return Front.objects.select_for_update(of=("self",)).select_related("section").get(pk=front.pk)


def shown_version(front, at=None):
    """The version readers see of ``front`` now (None: the page is arranged automatically)."""
    return front.versions.shown_to_readers(at).first()


def draft_of(front):
    return front.versions.filter(status=Status.DRAFT).first()


def _new_version(front, *, by, status=Status.DRAFT, copy_of=None, **fields):
    number = (front.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = FrontVersion.objects.create(front=front, number=number, status=status, created_by=by, **fields)
    if copy_of is not None:
        FrontPin.objects.bulk_create(
            FrontPin(version=version, slot=pin.slot, position=pin.position, story_id=pin.story_id,
                     expires_at=pin.expires_at)
            for pin in copy_of.pins.all()
        )  # fmt: skip
    return version


def _changed(draft, by):
    """Note a change of ``draft``: when, and who made it (None: the scheduler or a command)."""
    draft.changed_at, draft.changed_by = timezone.now(), by
    draft.save(update_fields=["changed_at", "changed_by"])


def _check_seen(draft, seen, by):
    """Refuse to release or discard ``draft`` when it changed after the editor's page showed it.

    ``seen``: the draft's ``change_mark`` as that page showed it; None when the caller showed no page
    (a command, the scheduler), which is not checked. Two editors work on a front's one draft; this
    keeps either from publishing the other's latest pins without having seen them."""
    if seen is None or seen == draft.change_mark:
        return
    when = formats.time_format(timezone.localtime(draft.changed_at), "H:i") if draft.changed_at else ""
    who = draft.changed_by
    if who is None:
        said = _("This draft was changed at %(when)s, after your page showed it.") % {"when": when}
    elif by is not None and who.pk == by.pk:
        said = _("You changed this draft again at %(when)s, in another window.") % {"when": when}
    else:
        said = _("%(who)s changed this draft at %(when)s, after your page showed it.") % {
            "who": who.get_full_name() or who.get_username(),
            "when": when,
        }
    raise DraftMoved(f"{said} {_('The page now shows the draft as it is: look at it, then try again.')}")


def _draft(front, by):
    """The front's draft, made from the version readers see when there is none (front locked)."""
    return draft_of(front) or _new_version(front, by=by, copy_of=shown_version(front))


def _slot(front, slot, sections):
    for candidate in front.slots(sections):
        if candidate.key == slot:
            return candidate
    raise FrontRefusal(_("This front has no such slot."))


def _pins_of(front, pin_ids, by):
    """The draft's pins ``pin_ids``, in that order; or, when they are pins of the version readers see
    and there is no draft yet, their copies in a new draft (the first change starts one). Published
    versions are history and never change."""
    pin_ids = list(dict.fromkeys(int(pin_id) for pin_id in pin_ids))
    found = FrontPin.objects.filter(pk__in=pin_ids, version__front=front).select_related("version")
    by_id = {pin.pk: pin for pin in found}
    if len(by_id) != len(pin_ids):
        raise FrontRefusal(_("That story is no longer pinned here."))
    pins = [by_id[pin_id] for pin_id in pin_ids]
    versions = {pin.version_id for pin in pins}
    draft = draft_of(front)
    if draft is not None and versions == {draft.pk}:
        return pins
    shown = shown_version(front)
    if draft is None and shown is not None and versions == {shown.pk}:
        copies = {pin.story_id: pin for pin in _draft(front, by).pins.all()}
        return [copies[pin.story_id] for pin in pins]
    raise FrontRefusal(_("Only the draft changes: published versions stay as they were."))


def _pin_of(front, pin_id, by):
    return _pins_of(front, [pin_id], by)[0]


def _renumber(version, slot, pins):
    for position, pin in enumerate(pins):
        if pin.slot != slot or pin.position != position:
            pin.slot, pin.position = slot, position
            pin.save(update_fields=["slot", "position"])


def _slot_pins(version, slot):
    return list(version.pins.filter(slot=slot).order_by("position", "pk"))


@transaction.atomic
def pin_story(front, story, *, slot, by, expires_at=None, top_sections=()):
    """Pin ``story`` last in ``slot`` of the draft, until ``expires_at`` (None: until unpinned).
    ``top_sections``: the home page's block sections (``Front.slots``)."""
    _check(by)
    front = _lock(front)
    size = _slot(front, slot, top_sections).size
    if story.status == Story.Status.WITHDRAWN:
        raise FrontRefusal(_("“%(story)s” is withdrawn: readers cannot see it.") % {"story": story})
    if expires_at is not None and expires_at <= timezone.now():
        raise FrontRefusal(_("Choose an expiry in the future."))
    draft = _draft(front, by)
    already = draft.pins.filter(story=story).first()
    if already is not None:
        raise FrontRefusal(
            _("“%(story)s” is already pinned on this front (a front never shows a story twice).")
            % {"story": story}
        )
    pins = _slot_pins(draft, slot)
    if len(pins) >= size:
        raise FrontRefusal(
            ngettext(
                "This slot holds %(size)d story and it is pinned: unpin it first.",
                "This slot holds %(size)d stories and all are pinned: unpin one first.",
                size,
            )
            % {"size": size}
        )
    pin = FrontPin.objects.create(
        version=draft, slot=slot, position=len(pins), story=story, expires_at=expires_at
    )
    _changed(draft, by)
    return pin


@transaction.atomic
def unpin(front, pin_id, *, by):
    _check(by)
    front = _lock(front)
    pin = _pin_of(front, pin_id, by)
    pin.delete()
    _renumber(pin.version, pin.slot, _slot_pins(pin.version, pin.slot))
    _changed(pin.version, by)


@transaction.atomic
def move_pin(front, pin_id, *, by, step):
    """Move a pin one place up (``step`` -1) or down (+1) in its slot: the keyboard's and the no-script
    way to reorder."""
    _check(by)
    front = _lock(front)
    pin = _pin_of(front, pin_id, by)
    pins = _slot_pins(pin.version, pin.slot)
    at = next(n for n, other in enumerate(pins) if other.pk == pin.pk)
    to = at + step
    if 0 <= to < len(pins):
        pins[at], pins[to] = pins[to], pins[at]
        _renumber(pin.version, pin.slot, pins)
        _changed(pin.version, by)


@transaction.atomic
def arrange_slot(front, slot, pin_ids, *, by, top_sections=()):
    """The draft's ``slot`` holds the pins ``pin_ids`` in that order (a drag and drop): pins dragged in
    from another slot move here, and the slot they left closes up."""
    _check(by)
    front = _lock(front)
    size = _slot(front, slot, top_sections).size
    pins = _pins_of(front, pin_ids, by) if pin_ids else []
    if not pins:
        return
    draft = pins[0].version
    kept = [pin for pin in _slot_pins(draft, slot) if pin.pk not in {p.pk for p in pins}]
    arranged = pins + kept
    if len(arranged) > size:
        raise FrontRefusal(
            ngettext(
                "This slot holds %(size)d story: unpin it first.",
                "This slot holds %(size)d stories: unpin one first.",
                size,
            )
            % {"size": size}
        )
    left = {pin.slot for pin in pins} - {slot}
    _renumber(draft, slot, arranged)
    for other in left:
        _renumber(draft, other, _slot_pins(draft, other))
    _changed(draft, by)


@transaction.atomic
def set_pin_expiry(front, pin_id, expires_at, *, by):
    """Unpin at ``expires_at`` (None: until unpinned by hand)."""
    _check(by)
    front = _lock(front)
    pin = _pin_of(front, pin_id, by)
    if expires_at is not None and expires_at <= timezone.now():
        raise FrontRefusal(_("Choose an expiry in the future."))
    pin.expires_at = expires_at
    pin.save(update_fields=["expires_at"])
    _changed(pin.version, by)
    return pin


@transaction.atomic
def discard_draft(front, *, by, seen=None):
    """Throw the draft away. ``seen``: its ``change_mark`` as the editor's page showed it."""
    _check(by)
    front = _lock(front)
    draft = draft_of(front)
    if draft is not None:
        _check_seen(draft, seen, by)
        draft.delete()


def _go_live(front, version, at):
    """``version`` is what readers see from ``at``: the previous live version becomes history, and so do
    scheduled ones whose time came before (readers saw them until now, if at all)."""
    overtaken = Q(status=Status.LIVE) | Q(status=Status.SCHEDULED, go_live_at__lte=at)
    front.versions.filter(overtaken).exclude(pk=version.pk).update(status=Status.PAST)
    version.status, version.go_live_at = Status.LIVE, at
    version.save(update_fields=["status", "go_live_at", "released_by", "note"])
    purge_front_pages(front, at)


def purge_front_pages(front, at=None):
    """Retire the front's cached pages (the home page, or its section's listing pages) with this
    transaction, and remember when (``retire_fronts_due_by_the_clock``)."""
    reader_cache.purge_front_pages(front)
    front.pages_retired_at = at or timezone.now()
    front.save(update_fields=["pages_retired_at"])


@transaction.atomic
def publish_draft(front, *, by, note="", seen=None):
    """Readers see the draft from now on. ``seen``: its ``change_mark`` as the editor's page showed it."""
    _check(by)
    front = _lock(front)
    draft = draft_of(front)
    if draft is None:
        raise FrontRefusal(_("There is no draft to publish: pin, move or unpin a story first."))
    _check_seen(draft, seen, by)
    draft.released_by, draft.note = by, note or draft.note
    _go_live(front, draft, timezone.now())
    return draft


@transaction.atomic
def schedule_draft(front, at, *, by, note="", seen=None):
    """Readers see the draft from ``at`` on (the scheduler marks it live then; a page made after ``at``
    shows it even before). ``seen``: its ``change_mark`` as the editor's page showed it."""
    _check(by)
    front = _lock(front)
    draft = draft_of(front)
    if draft is None:
        raise FrontRefusal(_("There is no draft to schedule: pin, move or unpin a story first."))
    _check_seen(draft, seen, by)
    if at is None or at <= timezone.now():
        raise FrontRefusal(_("Choose a time in the future to schedule the front."))
    draft.status, draft.go_live_at, draft.released_by = Status.SCHEDULED, at, by
    draft.note = note or draft.note
    draft.save(update_fields=["status", "go_live_at", "released_by", "note"])
    return draft


@transaction.atomic
def unschedule(front, version_id, *, by):
    """A scheduled version goes back to being the draft (refused while another draft exists)."""
    _check(by)
    front = _lock(front)
    version = front.versions.filter(pk=version_id, status=Status.SCHEDULED).first()
    if version is None:
        raise FrontRefusal(_("That version is not waiting for its time any more."))
    if draft_of(front) is not None:
        raise FrontRefusal(_("Publish or discard the current draft first."))
    if version.go_live_at <= timezone.now():
        raise FrontRefusal(_("Its time has come: readers see it already."))
    version.status, version.go_live_at, version.released_by = Status.DRAFT, None, None
    version.save(update_fields=["status", "go_live_at", "released_by"])
    _changed(version, by)
    return version


@transaction.atomic
def restore_version(front, version_id, *, by):
    """Readers see an earlier version's arrangement again, from now: a new version copied from it (the
    history keeps both). Its pins' expiries stay as they were, so a pin expired since stays out."""
    _check(by)
    front = _lock(front)
    earlier = front.versions.filter(pk=version_id).exclude(status=Status.DRAFT).first()
    if earlier is None:
        raise FrontRefusal(_("Only a published or scheduled version can be restored."))
    when = formats.date_format(timezone.localtime(earlier.go_live_at), "DATETIME_FORMAT")
    restored = _new_version(
        front,
        by=by,
        status=Status.PAST,  # made live below, after the current live version steps down
        go_live_at=timezone.now(),
        copy_of=earlier,
        restored_from=earlier,
        note=str(
            _("Restored from version %(number)s (live %(when)s).") % {"number": earlier.number, "when": when}
        ),
    )
    restored.released_by = by
    _go_live(front, restored, restored.go_live_at)
    return restored


# The scheduler ------------------------------------------------------------------------------------


def publish_due_versions(at=None):
    """Mark every scheduled version whose time has come live (oldest first, each once) and retire its
    front's pages; returns them. Called by ``publish_scheduled`` with every round."""
    at = at or timezone.now()
    published = []
    for front_id in FrontVersion.objects.due(at).order_by().values_list("front_id", flat=True).distinct():
        with transaction.atomic():
            front = (
                Front.objects.select_for_update(of=("self",))
                .select_related("section")
                .filter(pk=front_id)
                .first()
            )
            due = list(front.versions.due(at)) if front else []
            if not due:
                continue  # another scheduler got there first
            newest, live = due[-1], front.versions.filter(status=Status.LIVE).first()
            if live is not None and (live.go_live_at, live.pk) > (newest.go_live_at, newest.pk):
                # Published by hand after their time (readers see the later one): history at once.
                front.versions.filter(pk__in=[version.pk for version in due]).update(status=Status.PAST)
                continue
            # Earlier ones were overtaken before the scheduler came round: _go_live makes them history.
            _go_live(front, newest, newest.go_live_at)
            published.append(newest)
    return published


def retire_fronts_due_by_the_clock(at=None):
    """Retire, once, the pages of each front whose live version changed by the clock alone since its
    pages were last retired: a pin expired, or a pinned story came out (its time or embargo came, or
    the scheduler published it); and every page once a running banner's time is up (the banner is
    then switched off). Returns the fronts.
    Called by ``publish_scheduled`` with every round, so these reach readers as promptly as a
    scheduled story (the page cache's own timeout would otherwise bound them)."""
    at = at or timezone.now()
    since = Q(version__front__pages_retired_at__isnull=True)
    expired = Q(expires_at__lte=at) & (since | Q(expires_at__gt=F("version__front__pages_retired_at")))
    appeared = Q(story__in=Story.objects.published(at)) & (
        since
        | Q(story__publish_at__gt=F("version__front__pages_retired_at"))
        | Q(story__embargo_until__gt=F("version__front__pages_retired_at"))
        | Q(story__updated_at__gt=F("version__front__pages_retired_at"))
    )
    changed = FrontPin.objects.filter(Q(version__status=Status.LIVE) & (expired | appeared)).order_by()
    retired = []
    for front_id in changed.values_list("version__front_id", flat=True).distinct():
        with transaction.atomic():
            front = Front.objects.select_for_update(of=("self",)).select_related("section").get(pk=front_id)
            purge_front_pages(front, at)
            retired.append(front)
    with transaction.atomic():
        # A banner whose time is up is switched off as every page lets it go, so this happens once
        # (the generation's own time would not do: a new story's purge leaves story pages cached).
        ended = BreakingNewsBanner.objects.filter(is_active=True, expires_at__lte=at)
        if ended.update(is_active=False):
            reader_cache.purge_reader_pages()
    return retired


# The breaking-news banner -------------------------------------------------------------------------


def _check_banner(by, action):
    if by is not None and not by.has_perm(f"articles.{action}_breakingnewsbanner"):
        raise PermissionDenied(_("You may not change the breaking-news banner."))


@transaction.atomic
def save_banner(banner, *, by):
    """Save the banner; when readers see a change (it runs, or ran until now) every page shows it, or
    stops showing it, at once."""
    _check_banner(by, "add" if banner.pk is None else "change")
    before = (
        BreakingNewsBanner.objects.select_for_update().filter(pk=banner.pk).first() if banner.pk else None
    )
    if banner.pk is None:
        banner.created_by = by
    banner.save()
    if (before is not None and before.is_running()) or banner.is_running():
        reader_cache.purge_reader_pages()
    return banner


@transaction.atomic
def delete_banner(banner, *, by):
    _check_banner(by, "delete")
    running = banner.is_running()
    banner.delete()
    if running:
        reader_cache.purge_reader_pages()
