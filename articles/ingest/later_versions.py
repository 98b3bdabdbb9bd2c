"""What the importer does with an agency's later word on a story it already holds.

- a newer version: written over the story as a new revision when nobody on the staff has edited it
  since the last import; otherwise the staff's work stays and the agency version waits
  (``Story.agency_update_available``, ``AgencyCopy.pending``) for an editor to compare and apply;
  a correction is printed with the story if it is published;
- killed: withdrawn wherever it is published (its text is kept), with the agency's reason;
- withheld: taken off the site or out of the schedule until the agency releases it.

:class:`LaterVersions` is part of :class:`~articles.ingest.importer.Importer`, which supplies the
shaper, reporter, feed, ``publish`` and the item transaction.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from articles import services
from articles.models import AgencyCopy, Story
from articles.workflow import InvalidTransition

from .tally import HELD, UNCHANGED, UPDATED, WITHDRAWN
from .updates import staff_edited
from .versions import NEWER, agency_status, compare, reason_for, version_note
from .wire_facts import note_facts


class LaterVersions:
    """Newer versions, kills and holds of stories already imported, each in its own transaction."""

    def lock(self, known):
        story = Story.objects.select_for_update(of=("self",)).get(pk=known.story_id)
        copy = AgencyCopy.objects.filter(story=story).first()
        return story, copy

    def update_story(self, entry, known, version, item_print):
        item = self.shaper.with_body(entry)
        fetched = self.shaper.fetch_pictures(entry)
        with self.item_transaction():
            story, copy = self.lock(known)
            current = known._replace(
                version=story.source_version,
                status=story.status,
                pending_version=copy.pending_version if copy else None,
                item_fingerprint=copy.item_fingerprint if copy else None,
            )
            if compare(version, item_print, current) != NEWER:
                return UNCHANGED  # another import got there while we were fetching
            content, tags = self.shaper.content_for(entry, version, fetched, new_story=False)
            if copy is None:
                copy = AgencyCopy(story=story)
            edited = staff_edited(story, copy)
            if edited:
                copy.pending = content.as_json()
                copy.pending_version = version
                copy.pending_received_at = timezone.now()
                Story.objects.filter(pk=story.pk).update(agency_update_available=True)
                self.reporter.note(
                    f"{entry.document.name} [{item.guid}]: staff have edited “{story.headline}”; "
                    f"agency version {version} waits for an editor to apply it"
                )
            else:
                # The agency's copy only: the story keeps its section, address and the desk's tags.
                copy.content_fingerprint = services.write_agency_version(
                    story,
                    content,
                    current=story,  # locked above
                    tags=tags,
                    version=version,
                    note=version_note(entry.agency, version),
                )
                copy.pending = copy.pending_version = copy.pending_received_at = None
            copy.feed = self.feed or copy.feed
            copy.source_name = entry.document.name[:1000]
            copy.item_fingerprint = item_print
            copy.received_at = timezone.now()
            note_facts(copy, item)
            outcome = self.follow_status(entry, story, copy, edited)
        # The story itself did not change: its newer version waits beside it.
        return HELD if edited and outcome == UPDATED else outcome

    def follow_status(self, entry, story, copy, edited):
        """Hold back a withheld story, release one the agency lets go again, publish when asked."""
        item = entry.item
        status = agency_status(item)
        previous = copy.agency_status
        copy.agency_status = status
        if status == AgencyCopy.AgencyStatus.WITHHELD:
            reason = reason_for(item, _("The agency has withheld this story."))
            copy.agency_note = reason
            copy.save()
            return WITHDRAWN if self.hold_back(story, reason) else UPDATED
        copy.agency_note = ""
        # Saved before publishing: the services read the agency's word from the database.
        copy.save()
        if previous == AgencyCopy.AgencyStatus.WITHHELD and story.status == Story.Status.WITHDRAWN:
            services.back_to_draft(story, by=None, note=_("The agency released the story again."))
        if (
            self.publish
            and not edited
            and story.status == Story.Status.DRAFT
            and story.first_published_at is None
        ):
            self.publish_new(entry, story)
        return UPDATED

    def hold_back(self, story, reason):
        """Take ``story`` off the site (or out of the schedule); True when it had been published."""
        if story.status == Story.Status.PUBLISHED:
            services.withdraw_story(story, by=None, reason=reason)
            return True
        if story.status in (Story.Status.SCHEDULED, Story.Status.IN_REVIEW):
            services.return_to_draft(story, by=None, note=reason)
        return False

    def kill_story(self, entry, known, version, item_print):
        item = entry.item
        with self.item_transaction():
            story, copy = self.lock(known)
            if copy is None:
                copy = AgencyCopy(story=story)
            elif copy.agency_status == AgencyCopy.AgencyStatus.CANCELED:
                return UNCHANGED
            reason = reason_for(item, _("The agency killed this story."))
            self.hold_back(story, reason)
            copy.agency_status = AgencyCopy.AgencyStatus.CANCELED
            copy.agency_note = reason
            copy.pending = copy.pending_version = copy.pending_received_at = None
            copy.item_fingerprint = item_print
            copy.received_at = timezone.now()
            copy.feed = self.feed or copy.feed
            copy.save()
            newer = version is not None and (story.source_version is None or version > story.source_version)
            Story.objects.filter(pk=story.pk).update(
                agency_update_available=False,
                **({"source_version": version} if newer else {}),
            )
            self.reporter.note(f"{entry.document.name} [{item.guid}]: killed by the agency: {reason}")
        return WITHDRAWN

    def publish_new(self, entry, story):
        try:
            services.publish_story(story, by=None, note=_("Published automatically from the agency feed."))
        except InvalidTransition as error:
            self.reporter.note(
                f"{entry.document.name} [{entry.item.guid}]: left as a draft, not published: {error.message}"
            )
