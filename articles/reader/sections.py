"""Every section, read once per request (a story page keeps them in the cache: ``kept_story``): the
navigation, the section pages and the section of each story a page lists all come from here."""

from dataclasses import dataclass, field

from django.db import connection

from ..models import Section
from .story_rows import instance_from_row


@dataclass
class SiteSections:
    """Every section, loaded once per request for the navigation, the section pages and the
    section of each story a page lists; ``sections`` are the active ones, which readers see."""

    every: list
    sections: list = field(init=False)

    def __post_init__(self):
        self.sections = [section for section in self.every if section.is_active]
        self.by_id = {section.pk: section for section in self.every}

    @property
    def top_level(self):
        return [section for section in self.sections if section.parent_id is None]

    def by_path(self, path):
        return next((section for section in self.sections if section.path == path), None)

    def children_of(self, section):
        return [child for child in self.sections if child.parent_id == section.pk]

    def section(self, pk):
        """The section ``pk``, of any status. A list read before the section was made (kept by a
        story page, ``kept_story``, under a generation this process has not yet read again, at most
        half a second) is read again from the database, once, rather than fail the page."""
        if pk not in self.by_id:
            self.every = all_sections()
            self.__post_init__()
        return self.by_id[pk]

    def family_ids(self, section):
        """The section and its subsections: what "in this section" means to a reader."""
        top = section.parent_id or section.pk
        return {s.pk for s in self.sections if s.pk == top or s.parent_id == top}


SECTIONS_SQL = (
    f"SELECT {', '.join(field.column for field in Section._meta.concrete_fields)}"
    f" FROM {Section._meta.db_table} ORDER BY position, name, id"
)


SECTION_FIELDS = [field.attname for field in Section._meta.concrete_fields]


def all_sections():
    """Every section in the model's order, each with its parent, in one plain statement: every page
    reads them, and the ORM took longer to build the query than the database to answer it (through
    a cursor and ``Model.from_db``, 0.23 ms for twelve sections; ``Section.objects.raw()``, 0.39)."""
    return sections_from_rows(section_rows())


def section_rows():
    with connection.cursor() as cursor:
        cursor.execute(SECTIONS_SQL)
        return cursor.fetchall()


def sections_from_rows(rows):
    sections = [instance_from_row(Section, SECTION_FIELDS, row) for row in rows]
    by_id = {section.pk: section for section in sections}
    for section in sections:
        if section.parent_id is not None:
            section.parent = by_id[section.parent_id]
    return sections


def site_sections(request, kept=None):
    """Read once per request, shared by the context processor and the views; from ``kept`` (a story
    page's ``kept_story.KeptStory``) when it holds them, else one query (and kept there). Sections
    are few (tens), so all of them are read, the inactive ones too: a story filed in a section since
    switched off still has its section's name and address to show."""
    sections = getattr(request, "site_sections", None) if request is not None else None
    if sections is None:
        rows = kept.get("sections") if kept is not None else None
        if rows is None:
            rows = section_rows()
            if kept is not None:
                kept.keep("sections", rows)
        sections = SiteSections(sections_from_rows(rows))
        if request is not None:
            request.site_sections = sections
    return sections
