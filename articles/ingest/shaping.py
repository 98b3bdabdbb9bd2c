"""What one agency version gives a story: its section and tags (through the mapping table), its
byline as Author rows, its dateline, its body (fetched where the agency serves it apart) and its
pictures (fetched and checked before the item's transaction, stored inside it).

Rows looked up once (authors, tags, mappings, the holding section) are remembered for the rest of the
import, so an import of thousands of items from a few writers asks for each writer once.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Author, Section
from articles.models.feeds import FeedMapping

from . import items as agency_items
from .bylines import is_person_name
from .formats import parse_nitf
from .genres import story_genre
from .items import ParseError
from .limits import max_document_bytes
from .pictures import PictureFailed, fetch_picture, store_picture
from .transports import TransportError, read_reference
from .updates import StoryContent
from .versions import headline_of

MAX_PHOTOS_PER_STORY = 20
MAX_TAGS_PER_STORY = 30
HOLDING_SECTION_SLUG = "wire"


class ItemFailed(Exception):
    """An item that cannot be imported; ``reason`` says why in words an editor can act on."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


def place_of(item):
    """The dateline as readers see it: its place (settled by the parser: the dateline element, the
    body's opening dateline, then the city the agency located the story in)."""
    return (item.dateline or item.location.city).strip(" -–—")[:100]


class StoryShaper:
    """Turns an import's items into :class:`StoryContent`, remembering the rows it looked up."""

    def __init__(self, *, section, feed, zone, remote_photos, reporter, tally):
        self.section = section
        self.feed = feed
        self.zone = zone
        self.remote_photos = remote_photos
        self.reporter = reporter
        self.tally = tally
        self.mappings = {}
        self.author_ids = {}
        self.tags = {}
        self.holding_section = None

    def forget(self):
        """Drop the rows remembered so far: a rolled-back transaction may have taken some with it."""
        self.author_ids.clear()
        self.tags.clear()
        self.holding_section = None

    def with_body(self, entry):
        """The item with its body, fetching it where the agency serves it separately (AP Media API)."""
        item = entry.item
        if item.body_html or not item.body_href:
            return item
        try:
            raw = read_reference(entry.document, item.body_href, limit=max_document_bytes())
            [body_item, *_rest] = parse_nitf(raw, name=item.body_href, default_timezone=self.zone)
        except TransportError as error:
            raise ItemFailed(
                f"its text is served separately and could not be fetched: {error.reason}"
            ) from None
        except (ParseError, ValueError) as error:
            raise ItemFailed(f"its separately served text is not readable NITF: {error}") from None
        item.body_html = body_item.body_html
        item.bylines = item.bylines or body_item.bylines
        # The text's own dateline (the body lost its opening dateline to it) before the item's.
        item.dateline = body_item.dateline or item.dateline
        if not item.location:
            item.location = body_item.location
        return item

    def fetch_pictures(self, entry):
        """The item's pictures, read before the transaction opens; failures are noted, not fatal."""
        fetched = []
        for agency_photo in entry.item.photos[:MAX_PHOTOS_PER_STORY]:
            try:
                fetched.append(fetch_picture(entry.document, agency_photo, remote=self.remote_photos))
            except PictureFailed as error:
                self.picture_skipped(entry, error)
        return fetched

    def picture_skipped(self, entry, error):
        self.tally.photos_skipped += 1
        self.reporter.note(
            f"{entry.document.name} [{entry.item.guid}]: photo not imported, the story is: "
            f"{error.href}: {error.reason}"
        )

    def content_for(self, entry, version, fetched, *, new_story=True):
        """The version's :class:`StoryContent` and Tag rows; a section only for a ``new_story`` (a
        later version leaves the story where the desk keeps it, and creates no holding section)."""
        item, agency = entry.item, entry.agency
        mapped_section, mapped_tags = self.mapped(item, agency)
        photo_ids = []
        for picture in fetched:
            try:
                photo, _created = store_picture(picture, agency=agency)
            except PictureFailed as error:
                # Refused by the photo desk (not an image, too large...): nothing was saved for it.
                self.picture_skipped(entry, error)
                continue
            if photo.pk not in photo_ids:
                photo_ids.append(photo.pk)
        tags = self.tag_rows([*item.keywords, *mapped_tags])
        headline = headline_of(item.headline)
        if headline != item.headline:
            self.reporter.note(
                f"{entry.document.name} [{item.guid}]: the headline was cut to {len(headline)} characters "
                f"(the agency sent {len(item.headline):,})"
            )
        content = StoryContent(
            headline=headline,
            body=item.body_html,
            section_id=(mapped_section or self.section or self.holding()).pk if new_story else None,
            standfirst=item.standfirst,
            dateline=place_of(item),
            language=item.language[:12],
            embargo_until=item.embargo,
            author_ids=self.author_rows(item.bylines),
            tags=[tag.name for tag in tags],
            photo_ids=photo_ids,
            version=version,
            correction_note=(
                item.correction_note or _("The agency corrected this story.") if item.is_correction else ""
            ),
            genre=story_genre(item.genre) if new_story else "",
        )
        return content, tags

    def mapped(self, item, agency):
        """The section and tags the mapping table gives ``item`` (feed rows before agency rows)."""
        if agency.pk not in self.mappings:
            rows = FeedMapping.objects.filter(
                Q(agency=agency) | (Q(feed=self.feed) if self.feed is not None else Q(pk__in=[]))
            ).select_related("section")
            self.mappings[agency.pk] = sorted(
                rows, key=lambda row: (row.feed_id is None, row.position, row.pk)
            )
        rows = self.mappings[agency.pk]
        if not rows:
            return None, []
        subjects, categories = set(), set()
        for subject in item.subjects:
            names = {
                subject.code.casefold(),
                subject.name.casefold(),
                subject.code.rsplit(":", 1)[-1].casefold(),
            }
            (categories if subject.kind == agency_items.CATEGORY else subjects).update(names - {""})
        keywords = {keyword.casefold() for keyword in item.keywords}
        offered = {
            FeedMapping.Kind.SUBJECT: subjects,
            FeedMapping.Kind.CATEGORY: categories,
            FeedMapping.Kind.KEYWORD: keywords,
        }
        section, tags = None, []
        for row in rows:
            if row.value.casefold() in offered[row.kind]:
                if section is None and row.section_id:
                    section = row.section
                if row.tag:
                    tags.append(row.tag)
        return section, tags

    def holding(self):
        """The section for copy nothing else places: “Wire”, created inactive (off the navigation)."""
        if self.holding_section is None:
            section = Section.objects.filter(slug=HOLDING_SECTION_SLUG, parent__isnull=True).first()
            if section is None:
                with transaction.atomic():
                    section, created = Section.objects.get_or_create(
                        slug=HOLDING_SECTION_SLUG,
                        parent=None,
                        defaults={"name": "Wire", "is_active": False, "description": "Unsorted agency copy."},
                    )
                if created:
                    self.reporter.note(
                        "no section given or mapped: stories are filed under “Wire” (a new inactive section)"
                    )
            self.holding_section = section
        return self.holding_section

    def author_rows(self, names):
        ids = []
        for name in names:
            name = name.strip()[:120]
            slug = slugify(name, allow_unicode=True)[:140]
            if not slug or not is_person_name(name):
                continue  # "Pull Up Your Plants!", a desk, a feed: a byline string, not an Author
            if slug not in self.author_ids:
                author = Author.objects.filter(slug=slug).only("pk").first()
                if author is None:
                    with transaction.atomic():
                        author, _created = Author.objects.get_or_create(slug=slug, defaults={"name": name})
                self.author_ids[slug] = author.pk
            if self.author_ids[slug] not in ids:
                ids.append(self.author_ids[slug])
        return ids

    def tag_rows(self, names):
        rows, seen = [], set()
        for name in names:
            name = " ".join(name.split())[:100]
            if not name or name.casefold() in seen or len(rows) >= MAX_TAGS_PER_STORY:
                continue
            seen.add(name.casefold())
            if name not in self.tags:
                tag = Tag.objects.filter(name=name).first()
                if tag is None:
                    with transaction.atomic():
                        tag, _created = Tag.objects.get_or_create(name=name)
                self.tags[name] = tag
            rows.append(self.tags[name])
        return rows
