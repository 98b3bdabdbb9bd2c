"""Shared wording rules for every format: bodies, plain text, bylines and times.

Bodies always leave here through :func:`articles.sanitize.clean_html`; the preparation before it
only removes what the agency repeats elsewhere (the headline as ``<h1>``, metadata headers,
pictures carried as separate photos) so the story does not show it twice.
"""

import re
from datetime import UTC, datetime
from time import struct_time

import lxml.html
from dateutil import parser as dateutil_parser
from lxml import etree

from articles.sanitize import clean_html, clean_text

from .body_blocks import drop_keeping_tail, set_aside_blocks
from .bylines import is_person_name, person_names  # noqa: F401 - the formats' byline reader
from .items import AgencyPhoto, escape_text

# Possessive blanks, one run on each side of the slash: "<" followed by a long run of spaces is
# scanned once instead of split every way between two runs (quadratic in the run's length).
HTML_TAG = re.compile(
    r"<\s*+(?:/\s*+)?(?:p|br|div|h[1-6]|ul|ol|li|blockquote|a|strong|em|b|i|table|section|span)\b", re.I
)
# Parts of a body that repeat metadata the item already carries, removed with their content.
DROPPED_FROM_BODY = {"head", "title", "header", "h1", "script", "style", "meta", "link", "noscript", "media"}
RENAMED_IN_BODY = {"hl2": "h2", "bq": "blockquote", "credit": "cite"}
TRACKING_PIXEL_MAX = 2
PLAUSIBLE_YEARS = (1900, 2200)


def plain(value):
    """Imported plain text: tags dropped, entities decoded, whitespace collapsed."""
    return clean_text(value) if value else ""


def looks_like_html(text):
    return bool(text and HTML_TAG.search(text))


def html_from_plain_text(text):
    """Paragraphs from agency plain text: blank lines, or wire-style indented lines, start one."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return ""
    if re.search(r"\n\s*\n", text):
        paragraphs = re.split(r"\n\s*\n", text)
    elif re.search(r"\n[ \t]{2,}\S", text):
        paragraphs = re.split(r"\n(?=[ \t]{2,}\S)", text)
    else:
        paragraphs = text.split("\n")
    paragraphs = [" ".join(paragraph.split()) for paragraph in paragraphs]
    return clean_html("".join(f"<p>{escape_text(paragraph)}</p>" for paragraph in paragraphs if paragraph))


def body_from_markup(markup, *, keep_figures=False, set_aside=None):
    """Sanitized body HTML and the pictures found in it, from an HTML string.

    Figures and images become :class:`AgencyPhoto` entries (tracking pixels are dropped) unless
    ``keep_figures``; the headline ``<h1>``, metadata blocks and the agency's header, footer and
    end markers are removed; notes to editors and a "By ..." line go to ``set_aside`` (a
    :class:`~articles.ingest.body_blocks.SetAside`) when one is given.
    """
    if not markup or not markup.strip():
        return "", []
    if not looks_like_html(markup) and "<" not in markup:
        return html_from_plain_text(markup), []
    try:
        document = lxml.html.document_fromstring(f"<html><body><div>{markup}</div></body></html>")
    except (etree.ParserError, ValueError):
        return clean_html(markup), []
    container = document.find(".//body/div")
    # Comments (agencies' "<!-- EMBED START ... -->" markers) go first, in one pass in C: the
    # sanitizer would drop them, and the passes below need not hold them.
    etree.strip_elements(container, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    photos = [] if keep_figures else extract_pictures(container)
    for element in list(container.iter()):
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in DROPPED_FROM_BODY:
            drop_keeping_tail(element)
        elif tag in RENAMED_IN_BODY:
            element.tag = RENAMED_IN_BODY[tag]
    set_aside_blocks(container, set_aside)
    collapse_whitespace(container)
    for paragraph in list(container.iter("p")):
        if not "".join(paragraph.itertext()).strip() and not len(paragraph):
            drop_keeping_tail(paragraph)
    inner = (container.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in container
    )
    return clean_html(inner), photos


WHITESPACE_RUN = re.compile(r"\s+")


def collapse_whitespace(container):
    """Runs of spaces and line breaks as one space, as a browser shows them (``pre`` excepted)."""
    for element in container.iter():
        if (
            not isinstance(element.tag, str)
            or element.tag == "pre"
            or element.getparent() is not None
            and element.getparent().tag == "pre"
        ):
            continue
        if element.text:
            element.text = WHITESPACE_RUN.sub(" ", element.text)
        if element.tail:
            element.tail = WHITESPACE_RUN.sub(" ", element.tail)
    for block in container.iter("p", "li", "h2", "h3", "h4", "blockquote", "td", "th"):
        if block.text:
            block.text = block.text.lstrip()


def body_from_element(element, *, keep_figures=False, set_aside=None):
    """Body HTML from an XML element (NITF ``body.content``, XHTML ``body``), namespaces ignored."""
    from .xml import without_namespaces

    if element is None:
        return "", []
    copy = without_namespaces(element)
    inner = (copy.text and escape_text(copy.text) or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in copy
    )
    return body_from_markup(inner, keep_figures=keep_figures, set_aside=set_aside)


def extract_pictures(container):
    """Remove ``<figure>``/``<img>`` from ``container`` and describe the real pictures among them."""
    photos = []
    for figure in list(container.iter("figure")):
        image = next(iter(figure.iter("img")), None)
        if image is not None:
            photo = photo_from_img(image, figure)
            if photo:
                photos.append(photo)
        drop_keeping_tail(figure)
    for image in list(container.iter("img")):
        photo = photo_from_img(image, None)
        if photo:
            photos.append(photo)
        drop_keeping_tail(image)
    return photos


def photo_from_img(image, figure):
    source = (image.get("src") or image.get("data-src") or "").strip()
    if not source or source.startswith("data:"):
        return None
    sizes = [image.get("width"), image.get("height")]
    if any(size and size.strip().isdigit() and int(size) <= TRACKING_PIXEL_MAX for size in sizes):
        return None
    caption, credit = "", ""
    if figure is not None:
        for cite in figure.iter("cite"):
            credit = credit or plain(cite.text_content())
        for figcaption in figure.iter("figcaption"):
            words = plain(figcaption.text_content())
            if re.match(r"^(photo|image|picture|foto|bild|kuva)\s*(by|:)\s*", words, re.I):
                credit = credit or re.sub(
                    r"^(photo|image|picture|foto|bild|kuva)\s*(by|:)\s*", "", words, flags=re.I
                )
            else:
                caption = caption or words
    alt = plain(image.get("alt"))
    return AgencyPhoto(href=source, caption=caption or alt, alt_text=alt, credit=credit)


def parse_datetime(value, default_timezone=UTC):
    """An aware datetime from the many ways feeds write times, or ``None`` when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, struct_time):
        try:
            moment = datetime(*value[:6], tzinfo=UTC)  # feedparser normalises to UTC
        except ValueError:  # feedparser's reading of "0000-00-00": year -1
            return None
        return moment if is_plausible(moment) else None
    if isinstance(value, datetime):
        moment = value
    else:
        text = " ".join(str(value).split())
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = complete_date(text)
            if moment is None:
                return None
    try:
        offset = moment.utcoffset()
    except ValueError:  # "+25:00": an offset no clock has
        return None
    if moment.tzinfo is None or offset is None:
        moment = moment.replace(tzinfo=default_timezone or UTC)
    return moment if is_plausible(moment) else None


def is_plausible(moment):
    """News is not filed before 1900 or after 2200; such a year is a broken field, not a time."""
    return PLAUSIBLE_YEARS[0] <= moment.year <= PLAUSIBLE_YEARS[1]


def complete_date(text):
    """``text`` read by dateutil only if it names a whole date: dateutil fills what is missing from
    today ("-1" would become the first of this month), which for a feed is a made-up time."""
    try:
        first = dateutil_parser.parse(text, default=datetime(2001, 1, 1))
        second = dateutil_parser.parse(text, default=datetime(2002, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    return first if first.date() == second.date() else None


def parse_int(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def dateline_text(value):
    """The agency's dateline without the dangling dash that leads into the first sentence."""
    return plain(value).rstrip(" -–—:").strip()
