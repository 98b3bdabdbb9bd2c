"""The story page's hot reads as plain SQL: the story row, its photos, and the stories around it.

Each statement is written once, here, and run through ``Model.objects.raw()`` (public, and it
applies the fields' converters, so SQLite's text timestamps come back as datetimes). Why not the
ORM: building and compiling the query cost more than running it. On the 1,000-story bench archive
the story row with its joins took 2.0 ms through ``select_related`` and 0.26 ms here; the ids
around a story (already plain SQL, ``story_queries.around_sql``) took 2.6 ms when their rows were
loaded through a second ORM statement. What ``Story.objects.published()`` says is said once more
as :data:`PUBLISHED`; ``tests/test_story_rows.py`` holds the two to the same stories.

Sections come from :func:`articles.reader.sections.site_sections` (read once per request), so no
statement here joins them; agencies are joined (a handful of text columns).
"""

from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import Agency, Photo, Story, StoryPhoto

STORY = Story._meta.db_table
PHOTO = Photo._meta.db_table
AGENCY = Agency._meta.db_table
STORY_PHOTO = StoryPhoto._meta.db_table

# Story.objects.published(), for a statement over the story table (parameters: published_params).
PUBLISHED = (
    f"{STORY}.status = %s AND {STORY}.publish_at <= %s"
    f" AND ({STORY}.embargo_until IS NULL OR {STORY}.embargo_until <= %s)"
)


def newest_first_key(story):
    """Listings' order, newest first (with ``reverse=True``): time, then id."""
    return (story.publish_at, story.pk)


def published_params(now):
    moment = connection.ops.adapt_datetimefield_value(now)
    return [Story.Status.PUBLISHED.value, moment, moment]


def _columns(model, table, leave_out=()):
    return [field.column for field in model._meta.concrete_fields if field.name not in leave_out]


# The search vector is for the search page; a photo's embedded metadata is for the desk.
STORY_COLUMNS = _columns(Story, STORY, leave_out=("search_vector",))
PHOTO_COLUMNS = _columns(Photo, PHOTO, leave_out=("embedded_metadata",))
AGENCY_FIELDS = [field.attname for field in Agency._meta.concrete_fields]
# What a listing card shows: everything of the story row but its body.
CARD_COLUMNS = [column for column in STORY_COLUMNS if column != "body"]


def _select(table, columns):
    return ", ".join(f"{table}.{column}" for column in columns)


def _agency_select(alias):
    return ", ".join(f"{alias}.{name} AS {alias}__{name}" for name in AGENCY_FIELDS)


def _pop_agency(row, alias):
    """The agency columns ``<alias>__*`` of a row (text and integers: no converter needed), taken
    off it as an :class:`Agency`, or None."""
    values = [row.__dict__.pop(f"{alias}__{name}") for name in AGENCY_FIELDS]
    return Agency.from_db(connection.alias, AGENCY_FIELDS, values) if values[0] is not None else None


def _take_agency(instance, alias):
    agency = _pop_agency(instance, alias)
    if instance.agency_id is not None:
        instance.agency = agency


STORY_SQL = (
    f"SELECT {_select(STORY, STORY_COLUMNS)}, {_agency_select('story_agency')} FROM {STORY}"
    f" LEFT JOIN {AGENCY} story_agency ON story_agency.id = {STORY}.agency_id"
    f" WHERE {PUBLISHED} AND {STORY}.slug = %s"
)


def published_story_row(slug, sections, now=None):
    """The published story at ``slug`` with its section (from ``sections``) and agency, or None.
    Its photos come with :func:`story_photo_rows`."""
    rows = list(Story.objects.raw(STORY_SQL, [*published_params(now or timezone.now()), slug]))
    if not rows:
        return None
    story = rows[0]
    _take_agency(story, "story_agency")
    story.section = sections.by_id[story.section_id]
    return story


# The lead photo (no use row) and the further photos (with theirs), each with its agency.
PHOTOS_SQL = (
    f"SELECT {_select(PHOTO, PHOTO_COLUMNS)}, {_agency_select('photo_agency')},"
    f" {STORY_PHOTO}.id AS use_id, {STORY_PHOTO}.position AS use_position,"
    f" {STORY_PHOTO}.caption AS use_caption FROM {STORY_PHOTO}"
    f" INNER JOIN {PHOTO} ON {PHOTO}.id = {STORY_PHOTO}.photo_id"
    f" LEFT JOIN {AGENCY} photo_agency ON photo_agency.id = {PHOTO}.agency_id"
    f" WHERE {STORY_PHOTO}.story_id = %s"
    f" UNION ALL SELECT {_select(PHOTO, PHOTO_COLUMNS)}, {_agency_select('photo_agency')}, NULL, NULL, NULL"
    f" FROM {PHOTO} LEFT JOIN {AGENCY} photo_agency ON photo_agency.id = {PHOTO}.agency_id"
    f" WHERE {PHOTO}.id = %s"
)


USE_COLUMNS = ("use_id", "use_position", "use_caption")


def story_photo_rows(story):
    """Set ``story.lead_photo`` and return its further photos (``StoryPhoto`` with their photos),
    in order: one statement for both."""
    further = []
    for photo in Photo.objects.raw(PHOTOS_SQL, [story.pk, story.lead_photo_id or 0]):
        _take_agency(photo, "photo_agency")
        use_id, position, caption = (photo.__dict__.pop(name) for name in USE_COLUMNS)
        if use_id is None:
            story.lead_photo = photo
        else:
            use = StoryPhoto(pk=use_id, story=story, photo=photo, position=position, caption=caption)
            further.append(use)
    further.sort(key=lambda use: (use.position, use.pk))
    return further


# Story cards: the rows of listings and of the blocks around a story, found by a statement of ids,
# each with what a card shows of its lead photo (in the model's order of fields: Model.from_db()
# takes a subset's values in that order) and the agencies of both.
CARD_PHOTO_FIELDS = [
    field.attname
    for field in Photo._meta.concrete_fields
    if field.attname
    in {"id", "image", "width", "height", "alt_text", "caption", "credit", "photographer",
        "focal_point_x", "focal_point_y", "expires_at", "agency_id", "file_hash"}
]  # fmt: skip
CARD_PHOTO_SELECT = ", ".join(
    f"{PHOTO}.{Photo._meta.get_field(name).column} AS photo__{name}" for name in CARD_PHOTO_FIELDS
)


def cards_sql(ids_sql, extra_columns=""):
    """The statement for the published stories among ``ids_sql``'s. Its parameters, in order:
    those of ``extra_columns`` (``", (...) AS name"``), :func:`published_params`, those of
    ``ids_sql``."""
    return (
        f"SELECT {_select(STORY, CARD_COLUMNS)}, {CARD_PHOTO_SELECT}, {_agency_select('story_agency')},"
        f" {_agency_select('photo_agency')}{extra_columns} FROM {STORY}"
        f" LEFT JOIN {PHOTO} ON {PHOTO}.id = {STORY}.lead_photo_id"
        f" LEFT JOIN {AGENCY} story_agency ON story_agency.id = {STORY}.agency_id"
        f" LEFT JOIN {AGENCY} photo_agency ON photo_agency.id = {PHOTO}.agency_id"
        f" WHERE {PUBLISHED} AND {STORY}.id IN ({ids_sql})"
    )


def story_cards(sql, params, sections):
    """The stories of a :func:`cards_sql` statement, each with its section (from ``sections``), its
    agency and its lead photo (what a card shows of it, with its agency for the credit)."""
    rows = list(Story.objects.raw(sql, params))
    for row in rows:
        _take_agency(row, "story_agency")
        _take_card_photo(row)
        row.section = sections.by_id[row.section_id]
    return rows


def as_datetime(value):
    """A timestamp column read through a plain cursor: PostgreSQL gives an aware datetime, SQLite a
    naive one (or its text) in UTC, which the ORM's converters would have made aware."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


def _take_card_photo(row):
    values = [row.__dict__.pop(f"photo__{name}") for name in CARD_PHOTO_FIELDS]
    agency = _pop_agency(row, "photo_agency")
    if values[0] is None:
        return
    at = CARD_PHOTO_FIELDS.index("expires_at")
    values[at] = as_datetime(values[at])  # the one converter a card photo needs
    photo = Photo.from_db(connection.alias, CARD_PHOTO_FIELDS, values)
    if agency is not None:
        photo.agency = agency
    row.lead_photo = photo
