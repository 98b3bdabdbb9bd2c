"""JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/).

Each item becomes a story: ``id`` is its guid, ``content_html`` its body (``content_text`` when it
has no HTML), ``summary`` its standfirst, its authors (else the feed's) its byline, ``image`` and
image ``attachments`` its pictures, ``tags`` its keywords. The feed's ``title`` names the feed, not
an agency. JSON from outside is never trusted for shape: a number where a string belongs, or a list
where an object belongs, reads as empty instead of crashing the import.
"""

from datetime import UTC

from ..bylines import person_names
from ..items import PICTURE, TEXT, AgencyItem, AgencyPhoto, ParseError, RejectedItem, Rendition, finish_batch
from ..text import parse_datetime, parse_int, plain
from .json_values import address, as_dict, as_list, load_document, text
from .web_text import markup_body, standfirst_of, text_of

VERSION_PREFIX = "https://jsonfeed.org/version/1"
PLAIN = "text/plain"


def is_json_feed_version(version):
    """JSON Feed 1.x by its ``version`` URL (http or https, as 1.0 feeds sometimes wrote it)."""
    version = text(version).lower()
    return version.replace("http://", "https://", 1).startswith(VERSION_PREFIX)


def parse_json_feed(raw, *, name="", default_timezone=UTC):
    """Items of a JSON Feed; :class:`ParseError` when the document is not one."""
    document = load_document(raw, name, "a feed")
    if not isinstance(document, dict):
        raise ParseError("not a JSON Feed: the document must be a JSON object", source=name)
    if not is_json_feed_version(document.get("version")):
        raise ParseError(
            f"not a JSON Feed: its version must be a {VERSION_PREFIX}.x URL, "
            f"not {text(document.get('version'))[:80]!r}",
            source=name,
        )
    if not isinstance(document.get("items"), list):
        raise ParseError("the JSON Feed has no items list", source=name)
    feed_authors = authors_of(document)
    language = text(document.get("language"))
    items, skipped = [], []
    for entry in document["items"]:
        if not isinstance(entry, dict):
            skipped.append(
                RejectedItem("", f"an item must be a JSON object, not {type(entry).__name__}", name)
            )
            continue
        items.append(item_from_entry(entry, feed_authors, language, default_timezone))
    if not items:
        reasons = "; ".join(entry.reason for entry in skipped[:3]) or "its items list is empty"
        raise ParseError(f"the JSON Feed holds no items: {reasons}", source=name)
    batch = finish_batch(items, name)
    batch.rejected.extend(skipped)
    return batch


def authors_of(holder):
    """Names of ``authors`` (1.1), else of the single ``author`` (1.0)."""
    authors = as_list(holder.get("authors")) or [holder.get("author")]
    return [name for name in (plain(text(as_dict(author).get("name"))) for author in authors) if name]


def item_from_entry(entry, feed_authors, language, default_timezone):
    body_html, figures = markup_body(text(entry.get("content_html")), "text/html")
    if not body_html:
        body_html, figures = markup_body(text(entry.get("content_text")), PLAIN)
    # An item names its own authors or, without them, inherits the feed's.
    authors = authors_of(entry) or feed_authors
    item_language = text(entry.get("language")) or language
    names = list(dict.fromkeys(name for author in authors for name in person_names(author, item_language)))
    photos = entry_photos(entry, figures)
    published = parse_datetime(text(entry.get("date_published")), default_timezone)
    modified = parse_datetime(text(entry.get("date_modified")), default_timezone)
    return AgencyItem(
        guid=text(entry.get("id")) or address(entry.get("url")),
        kind=PICTURE if photos and not body_html and not entry.get("summary") else TEXT,
        headline=text_of(text(entry.get("title")), PLAIN),
        standfirst=standfirst_of(text_of(text(entry.get("summary")), PLAIN), body_html),
        body_html=body_html,
        byline=", ".join(authors),
        bylines=names,
        first_created=published or modified,
        version_created=modified or published,
        keywords=keywords_of(entry),
        language=item_language,
        photos=photos,
    )


def keywords_of(entry):
    keywords, seen = [], set()
    for tag in as_list(entry.get("tags")):
        keyword = text_of(text(tag), PLAIN)
        if keyword and keyword.casefold() not in seen:
            seen.add(keyword.casefold())
            keywords.append(keyword)
    return keywords


def entry_photos(entry, figures):
    """The item's pictures, each once: its main ``image``, the figures of its body, then its image
    attachments (an attachment's ``title`` is its caption)."""
    photos = {}
    image = address(entry.get("image"))
    if image:
        photos[image] = AgencyPhoto(href=image, renditions=[Rendition(href=image, name="image")])
    for figure in figures:
        photos.setdefault(figure.href, figure)
    for attachment in as_list(entry.get("attachments")):
        attachment = as_dict(attachment)
        url, mime_type = address(attachment.get("url")), text(attachment.get("mime_type")).lower()
        if not url or not mime_type.startswith("image/"):
            continue  # audio, video and documents are not pictures
        caption = text_of(text(attachment.get("title")), PLAIN)
        if url in photos:
            photos[url].caption = photos[url].caption or caption
            continue
        size = parse_int(attachment.get("size_in_bytes"))
        rendition = Rendition(href=url, name="attachment", content_type=mime_type, size=size)
        photos[url] = AgencyPhoto(href=url, caption=caption, renditions=[rendition])
    return list(photos.values())
