"""RSS 2.0, RSS 1.0 (RDF) and Atom, read by feedparser.

feedparser gets the document only as an in-memory stream (a path or URL given to it as a string
would be opened or fetched by feedparser itself). It folds every ``media:description`` into the
entry's content, so pictures and their words are read from the same, safely parsed tree with lxml.
"""

import copy
import hashlib
import io
import re
from datetime import UTC

import feedparser
from lxml import etree

from ..items import (
    CATEGORY,
    PICTURE,
    PLACE,
    AgencyItem,
    AgencyPhoto,
    ItemStream,
    ParseError,
    Rendition,
    Subject,
    finish_batch,
)
from ..text import body_from_markup, html_from_plain_text, parse_datetime, parse_int, person_names, plain
from ..xml import attribute, is_blank, is_nested_in, localname, prepared_utf8, safe_parser_options

MEDIA_NAMESPACE = "search.yahoo.com/mrss"
NUMERIC_TIME = re.compile(r"\s*[+-]?\d{4}")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff")


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


def entries_of(prepared, shell, headers, name, default_timezone):
    """The feed's items, its entries handed to feedparser a few dozen at a time."""
    group, feed_words = [], None
    for element in streamed_entries(prepared, name):
        group.append((etree.tostring(element, encoding="utf-8", with_tail=False), media_photos(element)))
        if len(group) >= ENTRIES_PER_READ:
            feed_words = yield from items_of_group(group, shell, headers, name, default_timezone, feed_words)
            group = []
    if group:
        yield from items_of_group(group, shell, headers, name, default_timezone, feed_words)


def items_of_group(group, shell, headers, name, default_timezone, feed_words):
    feed = feedparser.parse(
        io.BytesIO(shell.around(b"".join(entry for entry, _photos in group))),
        response_headers=headers,
        sanitize_html=False,
    )
    if len(group) > 1 and len(feed.entries) != len(group):
        # An entry feedparser could not read spoils the pairing with our pictures: one at a time.
        for single in group:
            feed_words = yield from items_of_group(
                [single], shell, headers, name, default_timezone, feed_words
            )
        return feed_words
    if not feed.entries:
        raise ParseError(f"feedparser could not read the feed: {feed.get('bozo_exception')}", source=name)
    if feed_words is None:
        feed_words = (
            plain(feed.feed.get("title", "")),
            feed.feed.get("language", "") or attribute(shell.root, "lang"),
        )
    provider, language = feed_words
    for entry, (_bytes, photos) in zip(feed.entries, group, strict=True):
        yield item_from_entry(entry, photos, provider, language, default_timezone)
    return feed_words


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


def item_from_entry(entry, media, provider, language, default_timezone):
    captions = {photo.caption for photo in media if photo.caption}
    body_html, figures = "", []
    contents = [
        content for content in entry.get("content", []) if plain(content.get("value")) not in captions
    ]
    used_content = False
    for content in sorted(contents, key=lambda content: "html" not in content.get("type", "")):
        body_html, figures = markup_body(content.get("value", ""), content.get("type", ""))
        if body_html:
            used_content = True
            break
    summary = entry.get("summary", "")
    if plain(summary) in captions:
        summary = ""
    if not body_html:
        full_text = next((value for key, value in entry.items() if key.endswith("full-text")), "")
        body_html, figures = markup_body(
            full_text or summary, entry.get("summary_detail", {}).get("type", "")
        )
    standfirst = ""
    if used_content and summary:
        summary_text = plain(summary)
        if summary_text and summary_text not in plain(body_html) and len(summary_text) < 600:
            standfirst = summary_text
    authors = [plain(author.get("name", "")) for author in entry.get("authors", []) or []]
    byline = ", ".join(author for author in authors if author) or plain(entry.get("author", ""))
    names = []
    for author in authors:
        names.extend(name for name in person_names(author) if name not in names)
    published = entry_time(entry.get("published"), entry.get("published_parsed"), default_timezone)
    # dict.get: feedparser's own get() silently maps a missing "updated" onto "published".
    updated = entry_time(dict.get(entry, "updated"), dict.get(entry, "updated_parsed"), default_timezone)
    photos = merge_photos(media, figures)
    headline = plain(entry.get("title", ""))
    guid = entry.get("id") or entry.get("link") or derived_guid(headline, published)
    return AgencyItem(
        guid=str(guid).strip(),
        kind=PICTURE if photos and not body_html else "text",
        headline=headline,
        standfirst=standfirst,
        body_html=body_html,
        byline=byline,
        bylines=names or person_names(byline),
        provider=provider,
        credit=provider,
        first_created=published or updated,
        version_created=updated or published,
        subjects=subjects_from_tags(entry.get("tags") or []),
        language=entry.get("language") or language or "",
        photos=photos,
    )


def markup_body(value, content_type):
    if not value:
        return "", []
    if "plain" in (content_type or ""):
        return html_from_plain_text(value), []
    return body_from_markup(value)


def derived_guid(headline, published):
    seed = f"{headline}|{published.isoformat() if published else ''}"
    return "sha1:" + hashlib.sha1(seed.encode("utf-8")).hexdigest()


def subjects_from_tags(tags):
    subjects = []
    for tag in tags:
        term = plain(tag.get("term") or tag.get("label") or "")
        if not term:
            continue
        scheme = tag.get("scheme") or ""
        kind = PLACE if "geo" in scheme.lower() or "place" in scheme.lower() else CATEGORY
        subject = Subject(code=term, name=plain(tag.get("label") or term), kind=kind)
        if subject not in subjects:
            subjects.append(subject)
    return subjects


def is_media(element, name):
    return localname(element) == name and MEDIA_NAMESPACE in (
        element.tag.split("}")[0] if "}" in element.tag else ""
    )


def media_children(element, name):
    return [child for child in element if isinstance(child.tag, str) and is_media(child, name)]


def media_words(element, fallback=None):
    """Caption, credit, photographer and copyright from ``media:*`` children, item-level as fallback."""
    words = {"caption": "", "credit": "", "photographer": "", "copyright": "", "headline": ""}
    for scope in (element, fallback):
        if scope is None:
            continue
        for description in media_children(scope, "description"):
            words["caption"] = words["caption"] or plain(description.text)
        for title in media_children(scope, "title"):
            words["headline"] = words["headline"] or plain(title.text)
        for credit in media_children(scope, "credit"):
            role = attribute(credit, "role").lower()
            if role in {"photographer", "author", "creator"} and not words["photographer"]:
                words["photographer"] = plain(credit.text)
            elif not words["credit"]:
                words["credit"] = plain(credit.text)
        for notice in media_children(scope, "copyright"):
            words["copyright"] = words["copyright"] or plain(notice.text)
    words["credit"] = words["credit"] or words["photographer"]
    return words


def is_image(element, url):
    medium = attribute(element, "medium").lower()
    content_type = attribute(element, "type").lower()
    if medium:
        return medium == "image"
    if content_type:
        return content_type.startswith("image/")
    return url.lower().split("?")[0].endswith(IMAGE_SUFFIXES)


def rendition_of(element, url):
    return Rendition(
        href=url,
        name=attribute(element, "medium") or localname(element),
        width=parse_int(attribute(element, "width")),
        height=parse_int(attribute(element, "height")),
        content_type=attribute(element, "type"),
        size=parse_int(attribute(element, "fileSize") or attribute(element, "length")),
    )


def media_photos(entry):
    """Pictures of one ``<item>``/``<entry>``: media groups, media:content, enclosures, thumbnails."""
    photos = []
    for group in media_children(entry, "group"):
        renditions = [
            rendition_of(content, attribute(content, "url"))
            for content in media_children(group, "content")
            if attribute(content, "url") and is_image(content, attribute(content, "url"))
        ]
        if renditions:
            largest = max(renditions, key=lambda rendition: (rendition.width or 0) * (rendition.height or 0))
            photos.append(AgencyPhoto(href=largest.href, renditions=renditions, **media_words(group, entry)))
    for content in media_children(entry, "content"):
        url = attribute(content, "url")
        if url and is_image(content, url):
            photos.append(
                AgencyPhoto(href=url, renditions=[rendition_of(content, url)], **media_words(content, entry))
            )
    known = {photo.href for photo in photos}
    enclosures = [
        element
        for element in entry
        if isinstance(element.tag, str)
        and (
            localname(element) == "enclosure"
            or (localname(element) == "link" and attribute(element, "rel") == "enclosure")
        )
    ]
    for enclosure in enclosures:
        url = attribute(enclosure, "url") or attribute(enclosure, "href")
        if url and url not in known and is_image(enclosure, url):
            photos.append(
                AgencyPhoto(href=url, renditions=[rendition_of(enclosure, url)], **media_words(entry))
            )
            known.add(url)
    if not photos:
        for thumbnail in media_children(entry, "thumbnail"):
            url = attribute(thumbnail, "url")
            if url:
                photos.append(
                    AgencyPhoto(href=url, renditions=[rendition_of(thumbnail, url)], **media_words(entry))
                )
                break
    return photos


def merge_photos(media, figures):
    known = {photo.href for photo in media}
    return media + [figure for figure in figures if figure.href not in known]
