"""Live coverage: starting and ending it, and posting, editing, correcting, deleting, pinning and
approving entries. The admin's live panel and the management commands call these.

Each runs in one transaction, locks the story's row first (two reporters posting at once get
versions one after the other, never the same), checks who may do it, and when readers see the
change, moves ``Story.live_version`` on and retires that story's page alone
(``purge_story_page``: once per call, taking effect with the commit). An entry waiting for review
changes nothing readers see, so posting or editing one purges nothing.

Who may do what: ``articles.post_live_entry`` posts entries (published at once, or waiting for an
editor when the story asks for review) and changes one's own entries while readers cannot see them
or while the story asks for no review; ``articles.run_live_coverage`` does everything else.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from .. import embeds
from ..models import Author, LiveEntry, LiveEntryAuthor, Photo, Story
from ..reader.cache import purge_story_page
from ..reader.structured_data import plain_text
from ..sanitize import clean_html
from ..workflow import InvalidTransition, TransitionNotAllowed

POST = "articles.post_live_entry"
RUN = "articles.run_live_coverage"
# Key events are a short list at the top of the page (and read in the page's one query).
MAX_KEY_EVENTS = 10
# An entry's time may be set back (what happened at 14:05, posted at 14:20), not ahead.
FUTURE_TOLERANCE_SECONDS = 60
BLOCK_START = re.compile(r"<(?:p|h[1-6]|ul|ol|blockquote|figure|aside|table|pre|hr|div)\b", re.IGNORECASE)


def may_post_entries(user):
    return user is not None and user.is_active and user.has_perm(POST)


def may_run_coverage(user):
    return user is not None and user.is_active and user.has_perm(RUN)


def may_change_entry(user, entry, story):
    """Editors change any entry; a reporter their own, while readers cannot see it yet or while the
    story asks for no review (a reporter trusted to post is trusted to fix a typo)."""
    if may_run_coverage(user):
        return True
    if not may_post_entries(user) or entry.created_by_id != user.pk:
        return False
    return not entry.is_shown or not story.live_entries_need_review


@dataclass
class EntryContent:
    """What an entry says, as a form gives it: ``text`` is HTML or plain text (blank lines make
    paragraphs); ``photo`` a library Photo or None; ``embed_url`` a post's address or ""."""

    text: str = ""
    title: str = ""
    photo: Photo | None = None
    photo_caption: str = ""
    embed_url: str = ""
    author_ids: list | None = None  # None: the poster's own author page, if any
    time: object = None  # None: now (a new entry) or unchanged (an edit)

    def checked(self, now):
        """The content made ready to store; raises InvalidTransition for what cannot be."""
        text = entry_html(self.text)
        embed_url = ""
        if self.embed_url.strip():
            post = embeds.recognise(self.embed_url.strip())
            if post is None:
                raise InvalidTransition(
                    _("That address is not a video or post this site embeds (YouTube, Vimeo, X, Instagram, "
                      "Facebook, TikTok).")
                )  # fmt: skip
            embed_url = post.url
        if self.photo is not None and embed_url:
            raise InvalidTransition(_("An entry carries a picture or an embed, not both."))
        if self.photo is not None and not self.photo.credit_line.strip():
            raise InvalidTransition(
                _("Add a credit to the picture #%(id)s first: we never publish an uncredited picture.")
                % {"id": self.photo.pk}
            )
        if not plain_text(text) and self.photo is None and not embed_url:
            raise InvalidTransition(_("An entry needs some text, a picture or an embed."))
        if self.time is not None and (self.time - now).total_seconds() > FUTURE_TOLERANCE_SECONDS:
            raise InvalidTransition(_("An entry's time cannot be in the future."))
        return {
            "text": text,
            "title": self.title.strip(),
            "photo": self.photo,
            "photo_caption": self.photo_caption.strip() if self.photo is not None else "",
            "embed_url": embed_url,
        }


def entry_html(text):
    """Sanitized HTML from what the desk typed: HTML of blocks as it is; text (with links or other
    inline tags, perhaps) as paragraphs, a blank line starting a new one."""
    text = (text or "").strip()
    if text and not BLOCK_START.match(text):
        text = linebreaks(text)
    return clean_html(text)


def lock_story(story):
    """The story's row, locked until the transaction ends (live changes of one story queue here)."""
    return Story.objects.select_for_update(of=("self",)).defer("search_vector").get(pk=story.pk)


def _seen_by_readers(story):
    return story.status == Story.Status.PUBLISHED


def _move_on(story, **changes):
    """Store ``changes`` on the locked ``story`` with the next live version and retire its page."""
    story.live_version += 1
    for name, value in changes.items():
        setattr(story, name, value)
    # An update of these columns alone: the story's edit version and "last changed" stay as they are,
    # so an editor with the story's form open is not told someone else edited it.
    Story.objects.filter(pk=story.pk).update(live_version=story.live_version, **changes)
    if _seen_by_readers(story):
        purge_story_page(story)
    return story.live_version


def _require(allowed):
    if not allowed:
        raise TransitionNotAllowed(_("You may not do this on the live coverage."))


# The coverage ------------------------------------------------------------------------------------


@transaction.atomic
def start_coverage(story, *, by, review_required=None):
    """Make ``story`` live (again, if its coverage had ended: its entries carry on)."""
    _require(may_run_coverage(by))
    current = lock_story(story)
    if review_required is not None and review_required != current.live_entries_need_review:
        Story.objects.filter(pk=current.pk).update(live_entries_need_review=review_required)
        current.live_entries_need_review = review_required
    if not current.is_live:
        _move_on(
            current, coverage_started_at=current.coverage_started_at or timezone.now(), coverage_ended_at=None
        )
    return current


@transaction.atomic
def end_coverage(story, *, by):
    """End the coverage: the page becomes a normal article that keeps its entries."""
    _require(may_run_coverage(by))
    current = lock_story(story)
    if not current.is_live:
        raise InvalidTransition(_("This story's live coverage is not running."))
    _move_on(current, coverage_ended_at=timezone.now())
    return current


@transaction.atomic
def set_key_points(story, key_points, *, by):
    _require(may_run_coverage(by))
    current = lock_story(story)
    key_points = entry_html(key_points)
    if key_points != current.key_points:
        _move_on(current, key_points=key_points)
    return current


@transaction.atomic
def set_review_required(story, required, *, by):
    """Whether reporters' entries wait for an editor: readers see no difference, nothing is purged."""
    _require(may_run_coverage(by))
    Story.objects.filter(pk=story.pk).update(live_entries_need_review=required)
    story.live_entries_need_review = required
    return story


# Entries -----------------------------------------------------------------------------------------


def _authors_for(content, by):
    if content.author_ids is not None:
        found = set(Author.objects.filter(pk__in=content.author_ids).values_list("pk", flat=True))
        return [pk for pk in dict.fromkeys(content.author_ids) if pk in found]
    own = Author.objects.filter(user=by).values_list("pk", flat=True).first() if by is not None else None
    return [own] if own else []


def _store_authors(entry, author_ids):
    """Give ``entry`` exactly ``author_ids``, in order; returns whether anything changed."""
    stored = list(entry.bylines.order_by("position", "pk").values_list("author_id", flat=True))
    if stored == list(author_ids):
        return False
    LiveEntryAuthor.objects.filter(entry=entry).delete()
    LiveEntryAuthor.objects.bulk_create(
        LiveEntryAuthor(entry=entry, author_id=author_id, position=position)
        for position, author_id in enumerate(author_ids)
    )
    return True


def _check_key_events(story, entry=None):
    pinned = LiveEntry.objects.current().filter(story=story, pinned=True)
    if entry is not None and entry.pk is not None:
        pinned = pinned.exclude(pk=entry.pk)
    if pinned.count() >= MAX_KEY_EVENTS:
        raise InvalidTransition(
            _("A story shows at most %(count)d key events: unpin one first.") % {"count": MAX_KEY_EVENTS}
        )


@transaction.atomic
def post_entry(story, content, *, by, pinned=False):
    """Post an entry to a live story: readers see it at once, or once an editor approves it when the
    story asks for review of reporters' entries. Returns the entry."""
    _require(may_post_entries(by))
    if pinned:
        _require(may_run_coverage(by))
    current = lock_story(story)
    if not current.is_live:
        raise InvalidTransition(_("Start the live coverage before posting entries."))
    now = timezone.now()
    fields = content.checked(now)
    if pinned:
        _check_key_events(current)
    waits = current.live_entries_need_review and not may_run_coverage(by)
    entry = LiveEntry(
        story=current,
        time=content.time or now,
        pinned=pinned,
        status=LiveEntry.Status.AWAITING_REVIEW if waits else LiveEntry.Status.PUBLISHED,
        version=0 if waits else current.live_version + 1,
        created_at=now,
        created_by=by,
        updated_by=by,
        **fields,
    )
    entry.save()
    _store_authors(entry, _authors_for(content, by))
    if not waits:
        _move_on(current)
    story.live_version = current.live_version
    return entry


def _lock_entry(entry):
    """The entry's story locked, then the entry as it is now (a deleted entry is gone for the desk)."""
    story = lock_story(entry.story)
    current = LiveEntry.objects.current().filter(pk=entry.pk, story=story).first()
    if current is None:
        raise InvalidTransition(_("This entry has been deleted."))
    return story, current


def _save_entry(story, entry, by, changed, *, seen_before):
    """Save ``entry``'s ``changed`` fields; readers' pages move on when they saw it or now see it."""
    entry.updated_by = by
    seen_now = entry.is_shown
    if (seen_before or seen_now) and changed:
        entry.version = story.live_version + 1
        entry.save(update_fields=[*changed, "version", "updated_by", "updated_at"])
        _move_on(story)
    else:
        entry.save(update_fields=[*changed, "updated_by", "updated_at"])
    return entry


@transaction.atomic
def edit_entry(entry, content, *, by):
    """Change what an entry says. Readers see the new text without a note: for typos and added
    detail; a correction of what it said wrongly is :func:`correct_entry`."""
    story, current = _lock_entry(entry)
    _require(may_change_entry(by, current, story))
    return _apply_content(story, current, content, by)


@transaction.atomic
def correct_entry(entry, content, note, *, by):
    """Correct a published entry: the new text, and a note readers see with the time of the
    correction."""
    story, current = _lock_entry(entry)
    _require(may_change_entry(by, current, story))
    if not current.is_shown:
        raise InvalidTransition(_("Only a published entry is corrected; edit this one instead."))
    note = " ".join((note or "").split())
    if not note:
        raise InvalidTransition(_("Say what the correction is: readers see the note with the entry."))
    current.corrected_at = timezone.now()
    current.correction_note = note
    return _apply_content(story, current, content, by, also=("corrected_at", "correction_note"))


def _apply_content(story, current, content, by, also=()):
    fields = content.checked(timezone.now())
    if content.time is not None:
        fields["time"] = content.time
    changed = [name for name, value in fields.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, fields[name])
    if content.author_ids is not None and _store_authors(current, _authors_for(content, by)):
        changed.append("updated_at")  # the byline is part of what readers see
    return _save_entry(story, current, by, [*changed, *also], seen_before=current.is_shown)


@transaction.atomic
def delete_entry(entry, *, by):
    """Take an entry off the page (kept, marked deleted, for the record)."""
    story, current = _lock_entry(entry)
    _require(may_change_entry(by, current, story))
    seen_before = current.is_shown
    current.deleted_at = timezone.now()
    current.pinned = False
    return _save_entry(story, current, by, ["deleted_at", "pinned"], seen_before=seen_before)


@transaction.atomic
def pin_entry(entry, pinned, *, by):
    """Make an entry a key event (listed at the top of the page), or no longer."""
    _require(may_run_coverage(by))
    story, current = _lock_entry(entry)
    if current.pinned == pinned:
        return current
    if pinned:
        _check_key_events(story, current)
    current.pinned = pinned
    return _save_entry(story, current, by, ["pinned"], seen_before=current.is_shown)


@transaction.atomic
def approve_entry(entry, *, by):
    """Publish an entry that waited for review; its time becomes now, when readers get it."""
    _require(may_run_coverage(by))
    story, current = _lock_entry(entry)
    if current.is_shown:
        return current
    if not story.is_live:
        raise InvalidTransition(_("The live coverage has ended: start it again to publish entries."))
    current.status = LiveEntry.Status.PUBLISHED
    current.time = timezone.now()
    return _save_entry(story, current, by, ["status", "time"], seen_before=False)
