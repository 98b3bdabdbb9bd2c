"""Takes of one story join into one story, in the agency's order, however they arrive.

Text wires (IPTC 7901, ANPA 1312) file a long story in parts: take 1 ... MORE, take 2 ... MORE,
take 3 ... ENDS. The parser gives each message an :class:`~articles.ingest.items.Take` (its number,
whether it is the last, and the story it belongs to: agency code and keyword); every take is kept
(:class:`~articles.models.WireTake`) and the story is always written from all the takes held, in
number order, so a take arriving late, out of order or in another run lands where it belongs.

- Which story: the keyword repeats on every take, but keywords repeat from day to day ("Weather"),
  so a take belongs to the story whose takes with the same keyword were filed within
  :data:`STORY_WINDOW` of it (:meth:`Takes.choose_stories`, one query per chunk); else to a story
  of its own, named by its filing date.
- What the story says: the first take held gives the headline, byline, dateline and subjects; the
  body is every take's body in order. A gap (take 3 before take 2) is noted in the run's output
  and filled when the missing take comes.
- A whole story in one message (take 0: a new lead, a writethru, a correction) and a take 1 both
  open the story: takes filed before them are older copy and give way; a later take filed before
  the opening one is older copy too, and is passed over.
- Keeping: a story's takes are kept :data:`KEEP_TAKES` after its newest take arrived
  (:func:`forget_old_takes`, run by ``manage.py ingest``); the story keeps their text. A take
  arriving later for such a story (the agency repeating old copy under the same filing date and
  keyword) is passed over with a note, never joined with nothing to rebuild the story from.
- Versions: the joined story's version grows with every take that changes it (one more than the
  version held, or the newest filing time when that is later), so the importer's update rules
  (staff edits wait for an editor, a kill withdraws) apply to takes as to any newer version; a take
  sent again unchanged changes nothing.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import WireTake

from .items import Location, Subject
from .versions import item_fingerprint

STORY_WINDOW = timedelta(hours=6)
# Agencies file a story's takes within hours; a month later nothing more is expected, and the takes'
# bodies (a second copy of every text-wire story) need not stay.
KEEP_TAKES = timedelta(days=30)
OPENING_TAKES = (0, 1)
DETAIL_FIELDS = (
    "headline",
    "standfirst",
    "byline",
    "bylines",
    "dateline",
    "credit",
    "provider",
    "copyright",
    "urgency",
    "slugline",
    "editorial_note",
    "language",
    "genre",
    "keywords",
)


class Takes:
    """The importer's memory of takes: which story a take belongs to, and the story all its takes
    make. ``dry_run``: read what is held, write nothing."""

    def __init__(self, *, dry_run=False, reporter=None):
        self.dry_run = dry_run
        self.reporter = reporter

    # Which story ----------------------------------------------------------------------------------

    def choose_stories(self, entries):
        """Give each take in ``entries`` the guid of the story its other takes (held, or earlier in
        the chunk) were filed under within :data:`STORY_WINDOW`; one query for the chunk."""
        takes = [
            entry
            for entry in entries
            if entry.item.take is not None
            and entry.item.take.story
            and entry.item.version_created is not None
            and entry.agency is not None
            and entry.agency.pk
        ]
        if not takes:
            return
        times = [entry.item.version_created for entry in takes]
        held = WireTake.objects.filter(
            agency_id__in={entry.agency.pk for entry in takes},
            story_key__in={entry.item.take.story for entry in takes},
            filed_at__gte=min(times) - STORY_WINDOW,
            filed_at__lte=max(times) + STORY_WINDOW,
        ).values_list("agency_id", "story_key", "filed_at", "guid")
        stories = defaultdict(list)
        for agency_id, key, filed, guid in held:
            stories[(agency_id, key)].append((filed, guid))
        for entry in sorted(takes, key=lambda entry: entry.item.version_created):
            item = entry.item
            candidates = stories[(entry.agency.pk, item.take.story)]
            nearest = min(
                candidates, key=lambda candidate: abs(candidate[0] - item.version_created), default=None
            )
            if nearest is not None and abs(nearest[0] - item.version_created) <= STORY_WINDOW:
                item.guid = nearest[1]
            candidates.append((item.version_created, item.guid))

    # What the story says --------------------------------------------------------------------------

    def join(self, entry, known):
        """The item to import for the take ``entry.item``: its story from every take held, in
        order; ``None`` when the take is older copy and changes nothing. ``known``: what the
        database holds for the story (:class:`~articles.ingest.versions.Known`) or ``None``."""
        item = entry.item
        if item.take is None or item.is_canceled or entry.agency is None or not entry.agency.pk:
            return item
        where = f"{entry.document.name} [{item.guid}]"
        held = {row.number: row for row in WireTake.objects.filter(agency=entry.agency, guid=item.guid)}
        if known is not None and not held:
            self.note(
                f"{where}: take {item.take.number} of a story whose takes were forgotten "
                f"{KEEP_TAKES.days} days after the last came; passed over, the story stays as it is"
            )
            return None
        opening = next((held[number] for number in OPENING_TAKES if number in held), None)
        number, filed = item.take.number, item.version_created
        if opening is not None and is_before(filed, opening.filed_at) and number != opening.number:
            self.note(f"{where}: take {number} was filed before the story's current lead; passed over")
            return None
        superseded = []
        if number in OPENING_TAKES:
            superseded = [
                row for row in held.values() if row.number != number and not is_before(filed, row.filed_at)
            ]
            superseded = [
                row for row in superseded if is_before(row.filed_at, filed) or row.number in OPENING_TAKES
            ]
        for row in superseded:
            del held[row.number]
        row = held.get(number) or WireTake(agency=entry.agency, guid=item.guid, number=number)
        row.story_key = item.take.story
        row.last = item.take.last
        row.filed_at = filed
        row.source_name = entry.document.name[:1000]
        row.body_html = item.body_html
        row.details = details_of(item)
        held[number] = row
        if not self.dry_run:
            with transaction.atomic():
                if superseded:
                    WireTake.objects.filter(pk__in=[old.pk for old in superseded]).delete()
                if row.pk:
                    row.save()
                else:
                    WireTake.objects.update_or_create(
                        agency=entry.agency,
                        guid=item.guid,
                        number=number,
                        defaults={
                            field: getattr(row, field)
                            for field in (
                                "story_key",
                                "last",
                                "filed_at",
                                "source_name",
                                "body_html",
                                "details",
                            )
                        },
                    )
        joined = joined_item(item, [held[key] for key in sorted(held)])
        joined.version = version_of(joined, known, held.values())
        missing = missing_takes(held)
        if missing:
            self.note(
                f"{where}: “{joined.slugline or joined.headline}” holds takes "
                f"{', '.join(map(str, sorted(held)))}; still to come: {', '.join(map(str, missing))}"
            )
        return joined

    def note(self, text):
        if self.reporter is not None:
            self.reporter.note(text)


def is_before(first, second):
    return first is not None and second is not None and first < second


def details_of(item):
    details = {field: getattr(item, field) for field in DETAIL_FIELDS}
    details["subjects"] = [[subject.code, subject.name, subject.kind] for subject in item.subjects]
    location = item.location
    details["location"] = [location.city, location.region, location.country, location.country_code]
    return details


def joined_item(item, rows):
    """``item`` with the story its takes (``rows``, in number order) make together."""
    first = rows[0].details
    changes = {field: first[field] for field in DETAIL_FIELDS if field in first}
    if "bylines" in changes:
        changes["bylines"] = list(changes["bylines"])
    if "keywords" in changes:
        changes["keywords"] = list(changes["keywords"])
    if "subjects" in first:
        changes["subjects"] = [Subject(*subject) for subject in first["subjects"]]
    if "location" in first:
        changes["location"] = Location(*first["location"])
    filed = [row.filed_at for row in rows if row.filed_at is not None]
    return replace(
        item,
        **changes,
        body_html="".join(row.body_html for row in rows),
        first_created=min(filed, default=item.first_created),
        version_created=max(filed, default=item.version_created),
        photos=list(item.photos),
    )


def version_of(joined, known, rows):
    """The same version as the story holds when the takes make the same story again; else one
    more than the newest version held (or waiting), or the newest filing time when later."""
    if known is not None and known.item_fingerprint == item_fingerprint(joined):
        return known.version
    newest = max((int(row.filed_at.timestamp()) for row in rows if row.filed_at is not None), default=None)
    held = (
        [version for version in (known.version, known.pending_version) if version is not None]
        if known
        else []
    )
    candidates = [version + 1 for version in held]
    if newest is not None and newest >= 0:
        candidates.append(newest)
    return max(candidates, default=None)


def missing_takes(held):
    """Take numbers not yet held between the opening and the highest take held."""
    numbers = set(held)
    highest = max(numbers)
    missing = [number for number in range(2, highest + 1) if number not in numbers]
    if not numbers & set(OPENING_TAKES):
        missing.insert(0, 1)
    last = held[highest].last
    if not last and not missing:
        return []
    return missing


def forget_old_takes(now=None):
    """Delete the takes of every story whose newest take arrived more than :data:`KEEP_TAKES` before
    ``now``; returns how many. A story's takes go all together or not at all."""
    cutoff = (now or timezone.now()) - KEEP_TAKES
    newer = WireTake.objects.filter(agency=OuterRef("agency"), guid=OuterRef("guid"), received_at__gte=cutoff)
    deleted, _by_model = WireTake.objects.filter(received_at__lt=cutoff).exclude(Exists(newer)).delete()
    return deleted
