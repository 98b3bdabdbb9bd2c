"""RSS 2.0, RSS 1.0 (RDF) and Atom, read by feedparser.

feedparser gets the document only as an in-memory stream (a path or URL given to it as a string
would be opened or fetched by feedparser itself). It folds every ``media:description`` into the
entry's content, so pictures (:mod:`.media_rss`) and places (:mod:`.georss`) are read from the same,
safely parsed tree with lxml.

feedparser says whether each text is HTML or plain text (:mod:`.web_text` reads it so). The feed's
own title names the feed, not an agency: it is neither the items' provider nor their credit.
"""

import copy
import hashlib
import io
import re
from datetime import UTC

import feedparser
from lxml import etree

from ..bylines import person_names
from ..items import CATEGORY, PICTURE, PLACE, TEXT, AgencyItem, ItemStream, ParseError, Subject, finish_batch
from ..text import parse_datetime, plain
from ..xml import attribute, is_blank, is_nested_in, localname, prepared_utf8, safe_parser_options
from .georss import entry_place
from .media_rss import media_photos, merge_photos
from .web_text import markup_body, standfirst_of, text_of

NUMERIC_TIME = re.compile(r"\s*[+-]?\d{4}")


def parse_rss(raw, *, name="", default_timezone=UTC, base_url=""):
    """Items of an RSS or Atom feed; relative links resolve against ``base_url`` when given."""
    return finish_batch(rss_candidates(raw, name, default_timezone, base_url), name)


def stream_rss(raw, *, name="", default_timezone=UTC, base_url=""):
    """The same items as :func:`parse_rss`, read from the feed one at a time as they are asked for."""
    return ItemStream(rss_candidates(raw, name, default_timezone, base_url), name)


def rss_candidates(raw, name, default_timezone, base_url):
    """Check the whole feed now (broken or hostile XML is refused before any item), then return a
    generator of its entries.

    A whole feed handed to feedparser is held several times over (its tree, its entries, our
    items): 400 MB for a 50 MB feed. Instead lxml streams the entries, and feedparser reads each in a
    small feed of its own: the channel's shell (its attributes, namespaces, title and language)
    around that one entry, so it reads exactly what it would have read in the whole feed.
    """
    prepared = prepared_utf8(raw, name)
    if is_blank(prepared):
        raise ParseError("the document is empty", source=name)
    shell = FeedShell.of(prepared, name)
    headers = {"content-type": "application/xml; charset=utf-8"}
    if base_url:
        headers["content-location"] = base_url
    return entries_of(prepared, shell, headers, name, default_timezone)


ENTRIES_PER_READ = 50  # feedparser's own start-up costs about as much as reading an entry
# feedparser compares each category, subject or keyword of an entry with every one before it, so
# their number must be bounded before it reads them (12,000 in one entry took 5 s, a million would
# take days). No agency files a story under more than a few dozen.
MAX_TAGS_PER_ENTRY = 200
TAG_ELEMENTS = tuple(f"{{*}}{name}" for name in ("category", "subject", "keywords", "tags"))
XHTML_NAMESPACE = "{http://www.w3.org/1999/xhtml}"


def entries_of(prepared, shell, headers, name, default_timezone):
    """The feed's items, its entries handed to feedparser a few dozen at a time."""
    group, language = [], None
    for element in streamed_entries(prepared, name):
        bound_tags(element)
        serialized = etree.tostring(element, encoding="utf-8", with_tail=False)
        group.append((serialized, media_photos(element), entry_place(element)))
        if len(group) >= ENTRIES_PER_READ:
            language = yield from items_of_group(group, shell, headers, name, default_timezone, language)
            group = []
    if group:
        yield from items_of_group(group, shell, headers, name, default_timezone, language)


def bound_tags(entry):
    """Keep the entry's first :data:`MAX_TAGS_PER_ENTRY` categories, subjects and keywords (a
    ``keywords`` element counting each of its comma-separated words); drop the rest."""
    left = MAX_TAGS_PER_ENTRY
    for element in list(entry.iter(*TAG_ELEMENTS)):
        if element.tag.startswith(XHTML_NAMESPACE):
            continue  # words of an XHTML body, not tags
        if left <= 0:
            element.getparent().remove(element)
            continue
        words = (element.text or "").split(",", left)
        if len(words) > left:
            element.text = ",".join(words[:left])
        left -= min(len(words), left)


def items_of_group(group, shell, headers, name, default_timezone, language):
    """Items of a group of entries; returns the feed's language, read once with the first group."""
    feed = feedparser.parse(
        io.BytesIO(shell.around(b"".join(entry for entry, _photos, _place in group))),
        response_headers=headers,
        sanitize_html=False,
    )
    if len(group) > 1 and len(feed.entries) != len(group):
        # An entry feedparser could not read spoils the pairing with our pictures: one at a time.
        for single in group:
            language = yield from items_of_group([single], shell, headers, name, default_timezone, language)
        return language
    if not feed.entries:
        raise ParseError(f"feedparser could not read the feed: {feed.get('bozo_exception')}", source=name)
    if language is None:
        language = feed.feed.get("language", "") or attribute(shell.root, "lang")
    for entry, (_bytes, photos, place) in zip(feed.entries, group, strict=True):
        yield item_from_entry(
            entry, photos, place, language, default_timezone, atom=feed.version.startswith("atom")
        )
    return language


ENTRY_NAMES = ("item", "entry")
FEED_ROOTS = {"rss", "RDF", "feed"}


def is_top_level_entry(element):
    return localname(element) in ENTRY_NAMES and not is_nested_in(element, ENTRY_NAMES)


def let_go(element):
    """Free a streamed element and what came before it (already read) in its parent."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def streamed_entries(prepared, name):
    """Each top-level ``item``/``entry`` element, let go once the caller is done with it."""
    events = etree.iterparse(
        io.BytesIO(prepared),
        events=("end",),
        tag=tuple(f"{{*}}{tag}" for tag in ENTRY_NAMES),
        **safe_parser_options(),
    )
    try:
        for _event, element in events:
            if is_nested_in(element, ENTRY_NAMES):
                continue
            yield element
            let_go(element)
    except etree.XMLSyntaxError as error:
        raise ParseError(f"not well-formed XML: {error.msg or error}", source=name) from None


class FeedShell:
    """The feed without its entries: the root element (with an RSS channel) and the feed-level
    title and language, into which one entry at a time is put for feedparser."""

    KEPT = ("title", "language")
    MARK = "entry-goes-here"

    def __init__(self, root):
        self.root = root
        self.channel = None
        self.kept = set()

    @classmethod
    def of(cls, prepared, name):
        """Read the whole feed once, keeping only its shell; broken XML is refused here."""
        shell = None
        events = etree.iterparse(io.BytesIO(prepared), events=("start", "end"), **safe_parser_options())
        try:
            for event, element in events:
                if shell is None:
                    if localname(element) not in FEED_ROOTS:
                        raise ParseError(
                            f"not an RSS or Atom feed: the root element is <{localname(element)}>",
                            source=name,
                        )
                    shell = cls(etree.Element(element.tag, attrib=dict(element.attrib), nsmap=element.nsmap))
                    continue
                parent = element.getparent()
                if parent is None:
                    continue  # the root's own end
                top_level = parent.getparent() is None
                if event == "start":
                    if top_level and localname(element) == "channel":
                        shell.channel = etree.SubElement(shell.root, element.tag, attrib=dict(element.attrib))
                elif is_top_level_entry(element):
                    let_go(element)
                elif localname(element) in cls.KEPT and (
                    top_level or (localname(parent) == "channel" and parent.getparent().getparent() is None)
                ):
                    shell.keep(element, in_channel=not top_level)
        except etree.XMLSyntaxError as error:
            raise ParseError(f"not well-formed XML: {error.msg or error}", source=name) from None
        if shell is None:
            raise ParseError("the document is empty", source=name)
        return shell.sealed()

    def keep(self, element, *, in_channel):
        key = (localname(element), in_channel)
        if key not in self.kept:
            self.kept.add(key)
            (self.channel if in_channel and self.channel is not None else self.root).append(
                copy.deepcopy(element)
            )

    def sealed(self):
        """Serialize the shell once, split where each entry goes (inside an RSS 2.0 channel, else
        inside the root, beside an RSS 1.0 channel)."""
        inside_channel = localname(self.root) == "rss" and self.channel is not None
        etree.SubElement(self.channel if inside_channel else self.root, self.MARK)
        serialized = etree.tostring(self.root, encoding="utf-8", xml_declaration=True)
        self.head, self.tail = serialized.split(f"<{self.MARK}/>".encode(), 1)
        return self

    def around(self, entries):
        """A feed of their own for ``entries`` (serialized), as UTF-8 bytes."""
        return self.head + entries + self.tail


def entry_time(text, parsed, default_timezone):
    """The entry's time from its text, or feedparser's reading for the formats only it knows.

    Numeric (ISO 8601 / W3C) times that our reading refuses are impossible ("2024-02-30",
    "00000000T000000Z"): feedparser would roll them over into a different, made-up day.
    """
    moment = parse_datetime(text, default_timezone)
    if moment is not None or not text or NUMERIC_TIME.match(text):
        return moment
    return parse_datetime(parsed)


def stated_type(detail, atom):
    """The type of a text as the feed states it: Atom says it (``type``, plain text by default);
    RSS does not, and its texts are HTML (feedparser's "text/plain" for an RSS title is only its
    guess from how the title looks)."""
    return (detail or {}).get("type", "") if atom else "text/html"


def item_from_entry(entry, media, place, language, default_timezone, *, atom):
    captions = {photo.caption for photo in media if photo.caption}
    body_html, figures = "", []
    contents = [
        content for content in entry.get("content", []) if plain(content.get("value")) not in captions
    ]
    used_content = False
    for content in sorted(contents, key=lambda content: "html" not in content.get("type", "")):
        body_html, figures = markup_body(content.get("value", ""), stated_type(content, atom))
        if body_html:
            used_content = True
            break
    summary = entry.get("summary", "")
    summary_type = stated_type(entry.get("summary_detail"), atom)
    if plain(summary) in captions:
        summary = ""
    if not body_html:
        full_text = next((value for key, value in entry.items() if key.endswith("full-text")), "")
        body_html, figures = markup_body(full_text or summary, summary_type)
    standfirst = standfirst_of(text_of(summary, summary_type), body_html) if used_content else ""
    authors = [plain(author.get("name", "")) for author in entry.get("authors", []) or []]
    # Every author stays in the byline as written; only those whose names are people's become
    # bylines (Author records): "Pull Up Your Plants!" or "Newsdesk" is a byline, not a person.
    byline = ", ".join(author for author in authors if author) or plain(entry.get("author", ""))
    item_language = entry.get("language") or language or ""
    names = list(dict.fromkeys(name for author in authors for name in person_names(author, item_language)))
    published = entry_time(entry.get("published"), entry.get("published_parsed"), default_timezone)
    # dict.get: feedparser's own get() silently maps a missing "updated" onto "published".
    updated = entry_time(dict.get(entry, "updated"), dict.get(entry, "updated_parsed"), default_timezone)
    photos = merge_photos(media, figures)
    headline = text_of(entry.get("title", ""), stated_type(entry.get("title_detail"), atom))
    guid = entry.get("id") or entry.get("link") or derived_guid(headline, published)
    subjects = subjects_from_tags(entry.get("tags") or [])
    if place.subject() is not None and place.subject() not in subjects:
        subjects.append(place.subject())
    return AgencyItem(
        guid=str(guid).strip(),
        kind=PICTURE if photos and not body_html else TEXT,
        headline=headline,
        standfirst=standfirst,
        body_html=body_html,
        byline=byline,
        bylines=names or person_names(byline, item_language),
        dateline=place.name,
        copyright=plain(dict.get(entry, "rights", "")),
        first_created=published or updated,
        version_created=updated or published,
        subjects=subjects,
        language=item_language,
        photos=photos,
    )


def derived_guid(headline, published):
    seed = f"{headline}|{published.isoformat() if published else ''}"
    return "sha1:" + hashlib.sha1(seed.encode("utf-8")).hexdigest()


def subjects_from_tags(tags):
    subjects = {}  # in order, each once
    for tag in tags:
        term = plain(tag.get("term") or tag.get("label") or "")
        if not term:
            continue
        scheme = tag.get("scheme") or ""
        kind = PLACE if "geo" in scheme.lower() or "place" in scheme.lower() else CATEGORY
        subjects.setdefault(Subject(code=term, name=plain(tag.get("label") or term), kind=kind))
    return list(subjects)
