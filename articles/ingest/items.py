"""The parsers' only output: plain dataclasses describing what an agency sent.

Nothing here knows about Django models. Every text field is already cleaned: ``body_html`` passed
through :func:`articles.sanitize.clean_html`, plain fields through ``clean_text``; every datetime is
timezone-aware.
"""

from dataclasses import dataclass, field
from datetime import datetime

from articles.sanitize import clean_html

from .datelines import settle_dateline

USABLE = "usable"
WITHHELD = "withheld"
CANCELED = "canceled"
STATUSES = (USABLE, WITHHELD, CANCELED)

TEXT = "text"
PICTURE = "picture"

UPDATE = "update"
CORRECTION = "correction"

SUBJECT = "subject"
CATEGORY = "category"
PLACE = "place"
PERSON = "person"
ORGANISATION = "organisation"
EVENT = "event"


class ParseError(ValueError):
    """A document (or one item in it) that cannot be read, with a reason an editor can act on."""

    def __init__(self, reason, *, source="", guid=""):
        super().__init__(reason)
        self.reason = reason
        self.source = source
        self.guid = guid

    def __str__(self):
        where = " ".join(part for part in (self.source, f"[{self.guid}]" if self.guid else "") if part)
        return f"{where}: {self.reason}" if where else self.reason


@dataclass(frozen=True)
class Subject:
    """A classification the agency attached: IPTC media topic, category, place, person..."""

    code: str
    name: str
    kind: str = SUBJECT


@dataclass(frozen=True)
class Rendition:
    """One file the agency offers for a photo; ``href`` is as written (may be relative)."""

    href: str
    name: str = ""
    width: int | None = None
    height: int | None = None
    content_type: str = ""
    size: int | None = None


@dataclass
class AgencyPhoto:
    """A picture with its rights and words; ``href`` is the best rendition to import."""

    href: str
    guid: str = ""
    headline: str = ""
    caption: str = ""
    alt_text: str = ""
    credit: str = ""
    photographer: str = ""
    copyright: str = ""
    renditions: list[Rendition] = field(default_factory=list)


@dataclass(frozen=True)
class Location:
    """Where the story happened, as the agency named it."""

    city: str = ""
    region: str = ""
    country: str = ""
    country_code: str = ""

    def __bool__(self):
        return any((self.city, self.region, self.country, self.country_code))


@dataclass(frozen=True)
class Take:
    """Where a message stands in a story the agency sends in parts (text wires: take 1 ... MORE,
    take 2 ... MORE, take 3 ... ENDS). ``number`` 0 is a whole story in one message; ``story``
    names the story every take repeats (agency and keyword), for :mod:`articles.ingest.takes`."""

    number: int
    last: bool = False
    story: str = ""


@dataclass
class AgencyItem:
    """One story or picture as an agency sent it, one version of it."""

    guid: str
    source_name: str = ""
    kind: str = TEXT
    version: int | None = None
    headline: str = ""
    slugline: str = ""
    standfirst: str = ""
    body_html: str = ""
    # Where the agency serves the body separately (AP Media API text items): for the importer.
    body_href: str = ""
    byline: str = ""
    bylines: list[str] = field(default_factory=list)
    credit: str = ""
    provider: str = ""
    copyright: str = ""
    dateline: str = ""
    location: Location = field(default_factory=Location)
    first_created: datetime | None = None
    version_created: datetime | None = None
    embargo: datetime | None = None
    urgency: int | None = None
    status: str = USABLE
    signals: frozenset[str] = frozenset()
    correction_note: str = ""
    editorial_note: str = ""
    subjects: list[Subject] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    genre: str = ""
    language: str = ""
    photos: list[AgencyPhoto] = field(default_factory=list)
    # What a parser had to guess (a body chosen by guess, an unknown status): printed by the run.
    warnings: list[str] = field(default_factory=list)
    # Text wires (IPTC 7901, ANPA 1312): which take of its story this message is, joined on import.
    take: Take | None = None

    @property
    def is_picture(self):
        return self.kind == PICTURE

    @property
    def is_canceled(self):
        return self.status == CANCELED

    @property
    def is_update(self):
        return UPDATE in self.signals

    @property
    def is_correction(self):
        return CORRECTION in self.signals


@dataclass(frozen=True)
class RejectedItem:
    """An item inside an otherwise readable document that cannot become a story."""

    guid: str
    reason: str
    source_name: str = ""


class ItemBatch(list):
    """The items of one document, in document order; ``rejected`` lists the ones left out."""

    def __init__(self, items=(), rejected=()):
        super().__init__(items)
        self.rejected = list(rejected)

    def drain(self):
        """The items in order, each let go by the batch as it is handed out."""
        self.reverse()
        while self:
            yield self.pop()


class ItemStream:
    """The items of a document, read from it as they are asked for, so a feed of 50 MB is never
    held as items all at once. ``rejected`` fills as the stream is read; a document that yields
    nothing usable raises :class:`ParseError` at its end, as :func:`finish_batch` does at once."""

    def __init__(self, candidates, source_name):
        self.candidates = candidates
        self.source_name = source_name
        self.rejected = []

    def drain(self):
        kept = 0
        for item in self.candidates:
            problem = finish_item(item, self.source_name)
            if problem:
                self.rejected.append(RejectedItem(item.guid, problem, self.source_name))
                continue
            kept += 1
            yield item
        if not kept:
            raise nothing_usable(self.rejected, self.source_name)


def finish_item(item, source_name):
    """Fill what an item implies but does not say; return why it is unusable, or ``""``."""
    item.source_name = source_name
    settle_dateline(item)  # the place: dateline element, else the body's opening, else located
    if not item.headline and item.slugline:
        item.headline = item.slugline
    if not item.headline and item.is_picture and item.photos:
        item.headline = first_sentence(item.photos[0].caption)
    if not item.body_html and not item.body_href and not item.is_picture and item.standfirst:
        # Short agency briefs carry all their words in the summary. (Not where the body is served
        # separately: it is fetched at import. ninjs refuses an item without a body itself.)
        item.body_html = clean_html(f"<p>{escape_text(item.standfirst)}</p>")
    return usable_problem(item)


def nothing_usable(rejected, source_name):
    if rejected:
        reasons = "; ".join(f"{entry.guid or 'item without id'}: {entry.reason}" for entry in rejected)
        return ParseError(f"no usable item ({reasons})", source=source_name)
    return ParseError("the document holds no news items", source=source_name)


def usable_problem(item):
    """Why ``item`` cannot become a story or library photo, or ``""`` when it can."""
    if not item.guid:
        return "it has no identifier (guid, uri or id), so later versions could not be matched"
    if item.is_canceled:
        return ""  # a kill needs only its guid: the story it withdraws already exists
    if item.is_picture:
        if not any(photo.href for photo in item.photos):
            return "the picture item names no image file"
        return ""
    if not item.headline:
        return "the text item has no headline"
    if not item.body_html and not item.body_href:
        return "the text item has no body"
    return ""


def finish_batch(candidates, source_name):
    """Keep the usable items, note the others; a document that yields nothing is an error."""
    stream = ItemStream(candidates, source_name)
    kept = list(stream.drain())
    return ItemBatch(kept, stream.rejected)


def first_sentence(text, limit=120):
    text = (text or "").strip()
    for stop in (". ", "! ", "? "):
        if stop in text[:limit]:
            return text[: text.index(stop) + 1]
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def escape_text(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
