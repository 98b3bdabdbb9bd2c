"""Live coverage as readers get it: the entries on the story's page, the older updates page, and the
small endpoint open pages poll for entries since a version.

The story page shows the newest :data:`PAGE_SIZE` entries, the key points and the key events above
its body, with the story's own part of the page (``story_page.story_part_context``), in one more
query whatever the number of entries: :func:`first_page`. Older entries are on pages of their own
(``<story>live/?page=2``), linked without JavaScript. With JavaScript (``static/js/live.js``) the page
asks :func:`live_entries` every ``NEWSROOM_LIVE_POLL_SECONDS`` for what changed since the version it
shows.

Both are reader pages (``cache.reader_page``) kept under the story's own scope, which only a change
of its coverage moves on (``cache.purge_story_page``): between two changes every poll is answered
from the page cache (no query; a 304 when the poller sends the ETag it has), and a CDN may keep an
answer ``NEWSROOM_LIVE_MAX_AGE`` seconds.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.encoding import iri_to_uri
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..embeds import recognise
from ..models import Agency, Author, LiveEntry, LiveEntryAuthor, Photo, Story
from .cache import reader_page
from .embeds import post_card
from .listings import positive_int
from .sections import site_sections
from .story_rows import AGENCY_FIELDS, CARD_PHOTO_FIELDS, PHOTO, as_datetime, published_story_row

PAGE_SIZE = 20
# Older pages beyond this are not offered: a live story of 2,000 entries is an archive already.
MAX_PAGES = 100
ENTRIES_PATH, OLDER_PATH = "live/entries", "live/"
# An answer holds at most this many changed entries; past that the page says to reload.
MAX_CHANGES = PAGE_SIZE

ENTRY = LiveEntry._meta.db_table
BYLINE = LiveEntryAuthor._meta.db_table
AUTHOR = Author._meta.db_table
ENTRY_FIELDS = [field.attname for field in LiveEntry._meta.concrete_fields]
ENTRY_TIMES = [
    index
    for index, field in enumerate(LiveEntry._meta.concrete_fields)
    if field.get_internal_type() == "DateTimeField"
]
PHOTO_TIMES = [CARD_PHOTO_FIELDS.index("expires_at")]
SHOWN = "{table}.status = %s AND {table}.deleted_at IS NULL"


def _entries_sql(selection):
    """Entries of one story (``%s``) that match ``selection``, newest first, each row with its
    picture, the picture's agency and one of its authors (an entry has a row per author)."""
    entry_columns = ", ".join(f"e.{LiveEntry._meta.get_field(name).column}" for name in _field_names())
    photo_columns = ", ".join(f"p.{Photo._meta.get_field(name).column}" for name in CARD_PHOTO_FIELDS)
    agency_columns = ", ".join(f"pa.{name}" for name in AGENCY_FIELDS)
    return (
        f"SELECT {entry_columns}, {photo_columns}, {agency_columns}, a.id, a.name, a.slug"
        f" FROM {ENTRY} e LEFT JOIN {PHOTO} p ON p.id = e.photo_id"
        f" LEFT JOIN {Agency._meta.db_table} pa ON pa.id = p.agency_id"
        f" LEFT JOIN {BYLINE} b ON b.entry_id = e.id LEFT JOIN {AUTHOR} a ON a.id = b.author_id"
        f" WHERE e.story_id = %s AND ({selection})"
        f" ORDER BY e.time DESC, e.id DESC, b.position, b.id"
    )


def _field_names():
    return [field.name for field in LiveEntry._meta.concrete_fields]


# The newest page of shown entries (LIMIT), and the key events (pinned) wherever they are.
NEWEST_IDS = (
    f"SELECT id FROM {ENTRY} WHERE story_id = %s AND {SHOWN.format(table=ENTRY)}"
    f" ORDER BY time DESC, id DESC LIMIT %s OFFSET %s"
)
FIRST_PAGE_SQL = _entries_sql(f"{SHOWN.format(table='e')} AND (e.pinned = %s OR e.id IN ({NEWEST_IDS}))")
OLDER_PAGE_SQL = _entries_sql(f"e.id IN ({NEWEST_IDS})")
# What changed after a version (deleted entries too: the page takes them off), and the key events.
CHANGED_IDS = f"SELECT id FROM {ENTRY} WHERE story_id = %s AND version > %s ORDER BY version DESC LIMIT %s"
CHANGED_SQL = _entries_sql(f"e.id IN ({CHANGED_IDS}) OR ({SHOWN.format(table='e')} AND e.pinned = %s)")


def _shown_params():
    return [LiveEntry.Status.PUBLISHED.value]


def read_entries(sql, params):
    """The entries of a statement above, in its order, each with its picture and its authors
    (``entry.shown_authors``) and, for an embed, its card (``entry.embed_card``)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    db = connection.alias
    entry_end = len(ENTRY_FIELDS)
    photo_end = entry_end + len(CARD_PHOTO_FIELDS)
    agency_end = photo_end + len(AGENCY_FIELDS)
    entries, by_id = [], {}
    for row in rows:
        entry = by_id.get(row[0])
        if entry is None:
            values = list(row[:entry_end])
            for at in ENTRY_TIMES:
                values[at] = as_datetime(values[at])
            entry = by_id[row[0]] = LiveEntry.from_db(db, ENTRY_FIELDS, values)
            entry.shown_authors = []
            entry.embed_card = _embed_card(entry.embed_url)
            entry.key_label = entry_label(entry)
            if row[entry_end] is not None:
                photo_values = list(row[entry_end:photo_end])
                for at in PHOTO_TIMES:
                    photo_values[at] = as_datetime(photo_values[at])
                photo = Photo.from_db(db, CARD_PHOTO_FIELDS, photo_values)
                if photo.agency_id is not None:
                    photo.agency = Agency.from_db(db, AGENCY_FIELDS, list(row[photo_end:agency_end]))
                entry.photo = photo
            entries.append(entry)
        author_id, name, slug = row[agency_end:]
        if author_id is not None:
            entry.shown_authors.append(Author(pk=author_id, name=name, slug=slug))
    return entries


def _embed_card(url):
    post = recognise(url) if url else None
    return post_card(post) if post is not None else ""


def entry_label(entry):
    """How a key event is listed: its title, else its first words."""
    return entry.title or Truncator(entry.plain_text).words(14)


@dataclass
class LivePage:
    """What a page of a live story shows of its coverage."""

    story: Story
    entries: list
    key_events: list = field(default_factory=list)
    number: int = 1
    has_older: bool = False
    # Key events linked to their entry: those on this page, or (None) all of them.
    linked_ids: set | None = None

    @property
    def is_live(self):
        return self.story.is_live

    @property
    def cursor(self):
        return self.story.live_version

    @property
    def story_url(self):
        return self.story.get_absolute_url()

    @property
    def entries_url(self):
        return self.story_url + ENTRIES_PATH

    @property
    def older_url(self):
        if not self.has_older:
            return None
        return f"{self.story_url}{OLDER_PATH}?page={self.number + 1}"

    @property
    def newest_url(self):
        return f"{self.story_url}#live-{self.story.pk}"

    @property
    def newer_url(self):
        if self.number <= 1:
            return None
        if self.number == 2:
            return self.newest_url
        return f"{self.story_url}{OLDER_PATH}?page={self.number - 1}"

    @property
    def poll_seconds(self):
        return settings.NEWSROOM_LIVE_POLL_SECONDS

    @property
    def on_page_ids(self):
        if self.linked_ids is None:
            return {entry.pk for entry in self.entries}
        return self.linked_ids

    @property
    def photos(self):
        return [entry.photo for entry in self.entries if entry.photo_id]


def first_page(story):
    """The newest entries, the key events and whether there are older ones: one query."""
    params = [story.pk, *_shown_params(), True, story.pk, *_shown_params(), PAGE_SIZE + 1, 0]
    entries = read_entries(FIRST_PAGE_SQL, params)
    # The statement returns the newest PAGE_SIZE + 1 entries and any older key events: the newest
    # PAGE_SIZE + 1 of these are that page (a key event newer than its last is on it already).
    page = entries[: PAGE_SIZE + 1]
    return LivePage(
        story=story,
        entries=page[:PAGE_SIZE],
        key_events=[entry for entry in entries if entry.pinned],
        has_older=len(page) > PAGE_SIZE,
    )


def older_page(story, number):
    offset = (number - 1) * PAGE_SIZE
    params = [story.pk, story.pk, *_shown_params(), PAGE_SIZE + 1, offset]
    entries = read_entries(OLDER_PAGE_SQL, params)
    return LivePage(
        story=story,
        entries=entries[:PAGE_SIZE],
        number=number,
        has_older=len(entries) > PAGE_SIZE and number < MAX_PAGES,
    )


# Polling ------------------------------------------------------------------------------------------


def render_entry(entry):
    return render_to_string("articles/_live_entry.html", {"entry": entry})


def changes_since(story, since):
    """What an open page showing version ``since`` of the coverage needs to show the current one."""
    answer = {"cursor": story.live_version, "live": story.is_live, "entries": [], "removed": [], "top": None}
    answer["more"] = False
    if since >= story.live_version:
        return answer
    params = [story.pk, story.pk, since, MAX_CHANGES + 1, *_shown_params(), True]
    rows = read_entries(CHANGED_SQL, params)
    changed = [entry for entry in rows if entry.version > since]
    answer["more"] = len(changed) > MAX_CHANGES
    for entry in changed[:MAX_CHANGES]:
        if entry.is_shown:
            answer["entries"].append(
                {"id": entry.pk, "time": entry.time.isoformat(), "html": render_entry(entry)}
            )
        else:
            answer["removed"].append(entry.pk)
    key_events = [entry for entry in rows if entry.pinned and entry.is_shown]
    # Linked, as the page shows them; live.js unlinks those whose entry the open page does not hold.
    top = LivePage(
        story=story, entries=[], key_events=key_events, linked_ids={entry.pk for entry in key_events}
    )
    answer["top"] = render_to_string("articles/_live_top.html", {"story": story, "live": top})
    return answer


def _since(value):
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise ValueError(value)
    return int(value)


@require_safe
@reader_page(params=("since",), listing_of="story", max_age_setting="NEWSROOM_LIVE_MAX_AGE")
def live_entries(request, section_path, year, month, day, slug):
    """``?since=<version>``: JSON, what changed in the coverage after that version (``cursor``: the
    current version, to ask with next; ``live``: false once it has ended; ``entries``: new and changed
    entries as HTML, newest first; ``removed``: ids to take off; ``top``: the key points and key
    events; ``more``: too many changes, reload). Two queries when anything changed, one otherwise;
    none when the page cache has the answer."""
    try:
        since = _since(request.GET.get("since"))
    except ValueError:
        return JsonResponse({"error": _("since must be a version number.")}, status=400)
    story = (
        Story.objects.published()
        .filter(slug=slug, coverage_started_at__isnull=False)
        .select_related("section")
        .defer("search_vector")
        .first()
    )
    if story is None or iri_to_uri(request.path) != story.get_absolute_url() + ENTRIES_PATH:
        raise Http404(_("No such live story."))
    answer = changes_since(story, story.live_version if since is None else since)
    response = JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@reader_page(params=("page",), listing_of="story")
def older_updates(request, section_path, year, month, day, slug):
    """Older entries of a live story, a page at a time: what "Older updates" links to."""
    number = positive_int(request.GET.get("page")) or 2
    if number > MAX_PAGES:
        raise Http404(_("No such page of updates."))
    story = published_story_row(slug, site_sections(request))
    if story is None or not story.has_live_coverage:
        raise Http404(_("No such live story."))
    if number == 1:
        return redirect(story.get_absolute_url(), permanent=True)
    if iri_to_uri(request.path) != story.get_absolute_url() + OLDER_PATH:
        return redirect(f"{story.get_absolute_url()}{OLDER_PATH}?page={number}", permanent=True)
    live = older_page(story, number)
    if not live.entries:
        raise Http404(_("No such page of updates."))
    return render(
        request,
        "articles/live_updates.html",
        {"story": story, "live": live, "current_section": story.section.parent or story.section},
    )
