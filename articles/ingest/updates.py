"""A story's content as the agency gives it, how we tell staff edits apart, and applying a held update.

:class:`StoryContent` is what the importer writes onto a story for one agency version. It is also
what waits (as JSON in ``AgencyCopy.pending``) when staff had edited the story: an editor sees the
difference (:func:`differences`) and applies it with one action
(:func:`articles.services.apply_agency_update`, which writes it through ``save_story``).

Staff edits are recognised by content, not by who pressed which button: the importer remembers a
fingerprint of the content it wrote, and a story whose content no longer has that fingerprint has
been edited. Publishing, scheduling or reordering the home page change nothing the fingerprint sees.
"""

import difflib
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Author


class NoAgencyUpdate(Exception):
    """There is no agency version waiting for this story (already applied, or never held)."""


@dataclass
class StoryContent:
    """The fields and relations one agency version gives a story (photo ids: the lead first)."""

    headline: str
    body: str
    section_id: int | None  # for a new story only: an update leaves the desk's section
    standfirst: str = ""
    dateline: str = ""
    language: str = ""
    embargo_until: datetime | None = None
    author_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)
    version: int | None = None
    correction_note: str = ""
    genre: str = ""  # for a new story only, as the section: the desk's to change afterwards

    def as_json(self):
        values = asdict(self)
        values["embargo_until"] = self.embargo_until.isoformat() if self.embargo_until else None
        return values

    @classmethod
    def from_json(cls, values):
        values = dict(values)
        values["embargo_until"] = (
            parse_datetime(values["embargo_until"]) if values.get("embargo_until") else None
        )
        known = cls.__dataclass_fields__
        return cls(**{name: value for name, value in values.items() if name in known})

    def apply_fields(self, story):
        """Fill a new story: the agency's copy, the section the import placed it in and the genre the
        agency gave it."""
        self.apply_copy(story)
        story.section_id = self.section_id
        if self.genre:
            story.genre = self.genre

    def apply_copy(self, story):
        """Write the agency's copy (text, place, embargo, language, lead picture) onto ``story``.

        Never the desk's decisions: the section (and with it the story's address), slug, kicker,
        genre, status and publication stay as they are; the byline, tags and further photos are the
        caller's (:func:`articles.services.write_agency_version`).
        """
        story.headline = self.headline
        story.standfirst = self.standfirst
        story.body = self.body
        story.dateline = self.dateline
        story.embargo_until = self.embargo_until
        if self.language:
            story.language = self.language
        story.lead_photo_id = self.photo_ids[0] if self.photo_ids else None
        story.lead_photo_caption = ""


def fingerprint(*parts):
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def content_fingerprint(story, *, author_ids, tag_names, further_photo_ids):
    """What staff could change in ``story`` (text, place, section, byline, tags, pictures), hashed."""
    return fingerprint(
        story.headline,
        story.kicker,
        story.standfirst,
        story.body,
        story.dateline,
        story.section_id,
        story.lead_photo_id,
        story.lead_photo_caption,
        list(author_ids),
        sorted(set(tag_names)),
        list(further_photo_ids),
    )


def stored_fingerprint(story):
    """The fingerprint of ``story`` as the database holds it now."""
    return content_fingerprint(
        story,
        author_ids=story.bylines.order_by("position", "pk").values_list("author_id", flat=True),
        tag_names=story.tags.names(),
        further_photo_ids=story.story_photos.order_by("position", "pk").values_list("photo_id", flat=True),
    )


def staff_edited(story, copy):
    """Has anyone changed the story since the importer last wrote it?"""
    if copy is None or not copy.content_fingerprint:
        # Copy from before fingerprints existed: any saved edit counts.
        return story.edit_version > 0
    return stored_fingerprint(story) != copy.content_fingerprint


def tags_named(names):
    """Tag rows for ``names``, created where missing (the same name is always the same tag)."""
    tags = []
    for name in names:
        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            with transaction.atomic():
                tag, _created = Tag.objects.get_or_create(name=name)
        tags.append(tag)
    return tags


def tags_after_update(story, agency_names):
    """The tag names ``story`` has once an agency version bringing ``agency_names`` is written.

    Until someone on the staff has saved the story its tags are all the agency's and follow each
    version (a keyword the agency drops goes). Once they have, the tags are the desk's: a version
    adds those it brings and takes none away, so the desk's own tags are never lost.
    """
    if not story.revisions.filter(created_by__isnull=False).exists():
        return list(agency_names)
    names = list(story.tags.names())
    held = {name.casefold() for name in names}
    for name in agency_names:
        if name.casefold() not in held:
            held.add(name.casefold())
            names.append(name)
    return names


# The difference an editor sees before applying -----------------------------------------------------

BLOCK_BREAKS = re.compile(r"</(?:p|h[1-6]|li|blockquote|div|figcaption)>|<br\s*/?>", re.I)


def plain_paragraphs(html):
    """The visible text of ``html``, one line per paragraph, for comparing versions."""
    text = BLOCK_BREAKS.sub("\n", html or "")
    return [" ".join(line.split()) for line in strip_tags(text).splitlines() if line.strip()]


@dataclass(frozen=True)
class Difference:
    label: str
    ours: str
    theirs: str
    changes: list = field(default_factory=list)  # [(kind, text)]: kind "same", "removed", "added"


def word_changes(ours, theirs):
    """Word-level changes turning ``ours`` into ``theirs``, as (kind, text) runs."""
    old, new = ours.split(), theirs.split()
    runs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(new[j1:j2])))
    return runs


def differences(story, content):
    """What applying ``content`` would change in ``story``, field by field (only fields that differ).

    The section is not among them: an agency version never moves a story."""
    author_names = dict(Author.objects.filter(pk__in=content.author_ids).values_list("pk", "name"))
    ours_authors = [
        byline.author.name for byline in story.bylines.select_related("author").order_by("position")
    ]
    ours_photos = ([story.lead_photo_id] if story.lead_photo_id else []) + list(
        story.story_photos.order_by("position", "pk").values_list("photo_id", flat=True)
    )
    rows = [
        (_("headline"), story.headline, content.headline),
        (_("standfirst"), story.standfirst, content.standfirst),
        (_("body"), "\n".join(plain_paragraphs(story.body)), "\n".join(plain_paragraphs(content.body))),
        (_("dateline"), story.dateline, content.dateline),
        (
            _("byline"),
            ", ".join(ours_authors),
            ", ".join(author_names.get(pk, "") for pk in content.author_ids),
        ),
        (
            _("tags"),
            ", ".join(sorted(story.tags.names())),
            ", ".join(sorted(tags_after_update(story, content.tags))),
        ),
        (
            _("photos"),
            ", ".join(f"#{pk}" for pk in ours_photos),
            ", ".join(f"#{pk}" for pk in content.photo_ids),
        ),
        (
            _("embargoed until"),
            story.embargo_until.isoformat() if story.embargo_until else "",
            content.embargo_until.isoformat() if content.embargo_until else "",
        ),
    ]
    return [
        Difference(str(label), ours, theirs, word_changes(ours, theirs))
        for label, ours, theirs in rows
        if ours != theirs
    ]


__all__ = [
    "Difference",
    "NoAgencyUpdate",
    "StoryContent",
    "content_fingerprint",
    "differences",
    "staff_edited",
    "stored_fingerprint",
    "tags_after_update",
]
