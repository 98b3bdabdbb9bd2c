"""Folding one agency into another: the same agency created twice under two names.

An import that met "Associated Press" before anyone gave AP that alias made a second agency; its
stories, pictures, feeds and held takes then carry the wrong one, and its copy is not recognised as
AP's (an update to an AP story arriving under the other name makes a new story). Merging moves all
of it to the agency kept, and makes the other's names the kept one's aliases, so its copy is
recognised from then on.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from ..ingest.agencies import give_names
from ..models import (
    Agency,
    AgencyAlias,
    AgencyFeed,
    FeedMapping,
    IngestedDocument,
    Photo,
    Story,
    WireTake,
)
from ..reader import cache as reader_cache

SHOWN_CONFLICTS = 5


class AgencyMergeRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class MergedAgency:
    kept: Agency
    stories: int
    photos: int
    feeds: int
    names: list  # the names the kept agency gained as aliases


def merge_agencies(kept, duplicate):
    """Move everything of ``duplicate``'s to ``kept`` and delete ``duplicate``, in one transaction.

    Refused (nothing changed) when both carry a story of the same agency item (the same guid): those
    are two copies of one story, for an editor to resolve first. Takes held for the same item under
    both keep ``kept``'s; a document both imported is remembered once. Readers' pages showing the
    duplicate's name move on (the stories show the kept agency's name and credit from now on).
    """
    if kept.pk == duplicate.pk:
        raise AgencyMergeRefused(_("An agency cannot be merged into itself."))
    with transaction.atomic():
        # Both rows locked, the lower id first, so two merges of the same pair cannot cross.
        pair = Agency.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk]).order_by("pk")
        locked = {agency.pk: agency for agency in pair}
        if len(locked) != 2:
            raise AgencyMergeRefused(_("One of the agencies is gone: reload the page."))
        kept, duplicate = locked[kept.pk], locked[duplicate.pk]
        kept_guids = Story.objects.filter(agency=kept).exclude(source_guid="").values("source_guid")
        both = list(
            Story.objects.filter(agency=duplicate, source_guid__in=kept_guids)
            .order_by("pk")
            .values_list("headline", flat=True)[:SHOWN_CONFLICTS]
        )
        if both:
            raise AgencyMergeRefused(
                _(
                    "%(kept)s and %(duplicate)s both carry the same agency items (%(stories)s): delete "
                    "or withdraw one copy of each first."
                )
                % {"kept": kept.name, "duplicate": duplicate.name, "stories": "; ".join(both)}
            )
        stories = Story.objects.filter(agency=duplicate).update(agency=kept)
        photos = Photo.objects.filter(agency=duplicate).update(agency=kept)
        feeds = AgencyFeed.objects.filter(agency=duplicate).update(agency=kept)
        FeedMapping.objects.filter(agency=duplicate).update(agency=kept)
        held = set(WireTake.objects.filter(agency=kept).values_list("guid", "number"))
        takes = WireTake.objects.filter(agency=duplicate).values_list("pk", "guid", "number")
        WireTake.objects.filter(pk__in=[pk for pk, guid, number in takes if (guid, number) in held]).delete()
        WireTake.objects.filter(agency=duplicate).update(agency=kept)
        remembered = IngestedDocument.objects.filter(agency_key=kept.pk).values("name")
        IngestedDocument.objects.filter(agency_key=duplicate.pk, name__in=remembered).delete()
        IngestedDocument.objects.filter(agency_key=duplicate.pk).update(agency_key=kept.pk)
        AgencyAlias.objects.filter(agency=duplicate).update(agency=kept)
        duplicate.delete()  # first: its name and credit are free once it is gone (ingest.agencies)
        names = give_names(kept, [duplicate.name, duplicate.credit])
        reader_cache.purge_reader_pages(shown_objects=True)
    return MergedAgency(kept=kept, stories=stories, photos=photos, feeds=feeds, names=names)
