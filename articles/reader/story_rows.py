"""The story page's hot reads as plain SQL: the story row, its photos, and the stories around it.

Each statement is written once, here, and run through a plain cursor, its rows made into model
instances with the public ``Model.from_db()`` (:func:`instance_from_row` makes timestamps aware, as
the ORM's converters would). Why not the ORM: building and compiling the query cost more than
running it. On the 1,000-story bench archive the story row with its joins took 2.0 ms through
``select_related``, 0.83 ms through ``Story.objects.raw()`` and 0.52 ms through the cursor; the ids
around a story (already plain SQL, ``story_queries.around_sql``) took 2.6 ms when their rows were
loaded through a second ORM statement. The photos' statement still goes through ``raw()``: a UNION
of further photos and the lead photo, read once per story part (and kept with it). What
``Story.objects.published()`` says is said once more as :data:`PUBLISHED`;
``tests/test_story_rows.py`` holds the two to the same stories.

Sections come from :func:`articles.reader.sections.site_sections` (read once per request), so no
statement here joins them; agencies are joined (a handful of text columns).
"""

from datetime import UTC, datetime
from functools import lru_cache

from django.db import connection
from django.db.models import DateTimeField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..frontend_cache import page_shows_stories
from ..models import Agency, Photo, Story, StoryPhoto
from ..photos.fingerprints import FINGERPRINT_FIELDS

STORY = Story._meta.db_table
PHOTO = Photo._meta.db_table
AGENCY = Agency._meta.db_table
STORY_PHOTO = StoryPhoto._meta.db_table


def published_sql(table):
    """Story.objects.published(), for a statement over the story table as ``table`` (parameters:
    :func:`published_params`)."""
    return (
        f"{table}.status = %s AND {table}.publish_at <= %s"
        f" AND ({table}.embargo_until IS NULL OR {table}.embargo_until <= %s)"
    )


PUBLISHED = published_sql(STORY)


def newest_first_key(story):
    """Listings' order, newest first (with ``reverse=True``): time, then id."""
    return (story.publish_at, story.pk)


def published_params(now):
    moment = connection.ops.adapt_datetimefield_value(now)
    return [Story.Status.PUBLISHED.value, moment, moment]


def _columns(model, leave_out=()):
    return [field.column for field in model._meta.concrete_fields if field.name not in leave_out]


def instance_from_row(model, fields, values):
    """``model.from_db()`` for ``values`` of the ``fields`` (attnames, in the model's order) read
    through a plain cursor, its timestamps aware as the ORM's converters would make them: SQLite
    gives them naive, in UTC (its booleans already come as booleans: Django declares the columns
    ``bool`` and has sqlite3 convert them)."""
    values = list(values)
    for at in _timestamp_positions(model, tuple(fields)):
        values[at] = as_datetime(values[at])
    return model.from_db(connection.alias, fields, values)


@lru_cache(maxsize=32)
def _timestamp_positions(model, fields):
    timestamps = {field.attname for field in model._meta.concrete_fields if isinstance(field, DateTimeField)}
    return tuple(at for at, name in enumerate(fields) if name in timestamps)


# The search vector is for the search page; a photo's embedded metadata and fingerprint are for the desk.
STORY_COLUMNS = _columns(Story, leave_out=("search_vector",))
STORY_FIELDS = [field.attname for field in Story._meta.concrete_fields if field.name != "search_vector"]
PHOTO_COLUMNS = _columns(Photo, leave_out=("embedded_metadata", *FINGERPRINT_FIELDS))
AGENCY_FIELDS = [field.attname for field in Agency._meta.concrete_fields]
# What a story card shows (and what its address and order need), in the model's order of fields
# (Model.from_db() takes a subset's values in that order); the rest of the row stays deferred.
CARD_FIELDS = [
    field.attname
    for field in Story._meta.concrete_fields
    if field.name
    in {"id", "headline", "slug", "kicker", "genre", "standfirst", "section", "agency", "dateline",
        "lead_photo", "lead_photo_caption", "lead_photo_focal_x", "lead_photo_focal_y", "status",
        "publish_at", "first_published_at",
        "major_update_at", "embargo_until", "language", "priority", "updated_at"}
]  # fmt: skip
CARD_COLUMNS = [Story._meta.get_field(name).column for name in CARD_FIELDS]


def _select(table, columns):
    return ", ".join(f"{table}.{column}" for column in columns)


def _agency_select(alias):
    return ", ".join(f"{alias}.{name} AS {alias}_{name}" for name in AGENCY_FIELDS)


def _pop_agency(row, alias):
    """The agency columns ``<alias>_*`` of a row (text and integers: no converter needed), taken
    off it as an :class:`Agency`, or None."""
    values = [row.__dict__.pop(f"{alias}_{name}") for name in AGENCY_FIELDS]
    return Agency.from_db(connection.alias, AGENCY_FIELDS, values) if values[0] is not None else None


def _take_agency(instance, alias):
    agency = _pop_agency(instance, alias)
    if instance.agency_id is not None:
        instance.agency = agency


STORY_SQL = (
    f"SELECT {_select(STORY, STORY_COLUMNS)}, {_agency_select('sa')} FROM {STORY}"
    f" LEFT JOIN {AGENCY} sa ON sa.id = {STORY}.agency_id"
    f" WHERE {PUBLISHED} AND {STORY}.slug = %s"
)


def published_story_row(slug, sections, now=None):
    """The published story at ``slug`` with its section (from ``sections``) and agency, or None.
    Its photos come with :func:`story_photo_rows`."""
    row = fetch_published_story_row(slug, now)
    return story_from_row(row, sections) if row is not None else None


def fetch_published_story_row(slug, now=None):
    """The row of :func:`published_story_row` as the database gives it (a tuple), or None."""
    with connection.cursor() as cursor:
        cursor.execute(STORY_SQL, [*published_params(now or timezone.now()), slug])
        return cursor.fetchone()


def story_from_row(row, sections):
    story = instance_from_row(Story, STORY_FIELDS, row[: len(STORY_FIELDS)])
    agency = _agency({}, connection.alias, row[len(STORY_FIELDS) :])
    if story.agency_id is not None:
        story.agency = agency
    story.section = sections.section(story.section_id)
    return story


# The further photos (with their use rows), then the lead photo and the social image (no use row),
# each with its agency.
PHOTOS_SQL = (
    f"SELECT {_select(PHOTO, PHOTO_COLUMNS)}, {_agency_select('pa')},"
    f" {STORY_PHOTO}.id AS use_id, {STORY_PHOTO}.position AS use_position,"
    f" {STORY_PHOTO}.caption AS use_caption FROM {STORY_PHOTO}"
    f" INNER JOIN {PHOTO} ON {PHOTO}.id = {STORY_PHOTO}.photo_id"
    f" LEFT JOIN {AGENCY} pa ON pa.id = {PHOTO}.agency_id"
    f" WHERE {STORY_PHOTO}.story_id = %s"
    f" UNION ALL SELECT {_select(PHOTO, PHOTO_COLUMNS)}, {_agency_select('pa')}, NULL, NULL, NULL"
    f" FROM {PHOTO} LEFT JOIN {AGENCY} pa ON pa.id = {PHOTO}.agency_id"
    f" WHERE {PHOTO}.id IN (%s, %s)"
)


USE_COLUMNS = ("use_id", "use_position", "use_caption")


def story_photo_rows(story):
    """Set ``story.lead_photo`` and ``story.social_image`` and return its further photos
    (``StoryPhoto`` with their photos), in order: one statement for all."""
    further = []
    own = [story.lead_photo_id or 0, story.social_image_id or 0]
    for photo in Photo.objects.raw(PHOTOS_SQL, [story.pk, *own]):
        _take_agency(photo, "pa")
        use_id, position, caption = (photo.__dict__.pop(name) for name in USE_COLUMNS)
        if use_id is None:
            if photo.pk == story.lead_photo_id:
                story.lead_photo = photo
            if photo.pk == story.social_image_id:
                story.social_image = photo
        else:
            use = StoryPhoto(pk=use_id, story=story, photo=photo, position=position, caption=caption)
            further.append(use)
    further.sort(key=lambda use: (use.position, use.pk))
    return further


# Story cards: the rows of listings and of the blocks around a story, found by a statement of ids,
# each with what a card shows of its lead photo and the agencies of both.
CARD_PHOTO_FIELDS = [
    field.attname
    for field in Photo._meta.concrete_fields
    if field.attname
    in {"id", "image", "width", "height", "alt_text", "caption", "credit", "photographer",
        "focal_point_x", "focal_point_y", "expires_at", "agency_id", "file_hash"}
]  # fmt: skip
CARD_PHOTO_SELECT = ", ".join(f"p.{Photo._meta.get_field(name).column}" for name in CARD_PHOTO_FIELDS)


def cards_sql(ids_sql, extra_columns="", joins=""):
    """The statement for the published stories among ``ids_sql``'s, the story table as ``s``. Its
    parameters, in order: those of ``extra_columns`` (``", (...) AS name"``: each comes as an
    attribute of the story), those of ``joins`` (``" LEFT JOIN ..."``: rows the extra columns read,
    at most one per story), :func:`published_params`, those of ``ids_sql``."""
    agency_columns = ", ".join(f"{alias}.{name}" for alias in ("sa", "pa") for name in AGENCY_FIELDS)
    return (
        f"SELECT {_select('s', CARD_COLUMNS)}, {CARD_PHOTO_SELECT}, {agency_columns}{extra_columns}"
        f" FROM {STORY} s LEFT JOIN {PHOTO} p ON p.id = s.lead_photo_id"
        f" LEFT JOIN {AGENCY} sa ON sa.id = s.agency_id"
        f" LEFT JOIN {AGENCY} pa ON pa.id = p.agency_id{joins}"
        f" WHERE {published_sql('s')} AND s.id IN ({ids_sql})"
    )


def story_cards(sql, params, sections, extra_names=()):
    """The stories of a :func:`cards_sql` statement, each with its section (from ``sections``), its
    agency, its lead photo (what a card shows of it, with its agency for the credit) and the
    ``extra_names`` of its extra columns as attributes.

    Read through a plain cursor and made with ``Model.from_db``: ``Story.objects.raw()`` spent half
    the time of the blocks around a story setting and removing the forty joined columns on each row.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    db, agencies = connection.alias, {}
    stories_end = len(CARD_FIELDS)
    photo_end = stories_end + len(CARD_PHOTO_FIELDS)
    agency_end = photo_end + 2 * len(AGENCY_FIELDS)
    cards = []
    for row in rows:
        story = instance_from_row(Story, CARD_FIELDS, row[:stories_end])
        story.section = sections.section(story.section_id)
        own_agency, photo_agency = (
            _agency(agencies, db, row[start : start + len(AGENCY_FIELDS)])
            for start in (photo_end, photo_end + len(AGENCY_FIELDS))
        )
        if story.agency_id is not None:
            story.agency = own_agency
        if row[stories_end] is not None:
            photo = instance_from_row(Photo, CARD_PHOTO_FIELDS, row[stories_end:photo_end])
            if photo.agency_id is not None:
                photo.agency = photo_agency
            story.lead_photo = photo
        for name, value in zip(extra_names, row[agency_end:], strict=True):
            setattr(story, name, value)
        cards.append(story)
    page_shows_stories(card.pk for card in cards)
    return cards


def _agency(agencies, db, values):
    """One :class:`Agency` per row of values (the same agency on every card of a page)."""
    if values[0] is None:
        return None
    if values[0] not in agencies:
        agencies[values[0]] = Agency.from_db(db, AGENCY_FIELDS, list(values))
    return agencies[values[0]]


def as_datetime(value):
    """A timestamp column read through a plain cursor: PostgreSQL gives an aware datetime, SQLite a
    naive one (or its text) in UTC, which the ORM's converters would have made aware."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment
