"""Parsers from agency document bytes to :class:`~articles.ingest.items.AgencyItem` batches.

Every parser has the signature ``parse_x(raw, *, name="", default_timezone=UTC)`` and returns an
:class:`~articles.ingest.items.ItemBatch` (a list of items with ``.rejected``), or raises
:class:`~articles.ingest.items.ParseError` with a reason an editor can act on.
"""

from datetime import UTC

from ..items import ParseError
from .detect import (
    ATOM,
    FORMATS,
    IPTC7901,
    JSONFEED,
    NEWSML,
    NINJS,
    NITF,
    RSS,
    detect_format,
    refuse_web_page,
)
from .iptc7901 import parse_iptc7901
from .jsonfeed import parse_json_feed
from .newsml import parse_newsml
from .ninjs import parse_ninjs
from .nitf import parse_nitf
from .rss import parse_rss, stream_rss

PARSERS = {
    RSS: parse_rss,
    ATOM: parse_rss,
    NEWSML: parse_newsml,
    NITF: parse_nitf,
    NINJS: parse_ninjs,
    IPTC7901: parse_iptc7901,
    JSONFEED: parse_json_feed,
}
AUTO = "auto"


def parse_document(raw, *, name="", format=AUTO, default_timezone=UTC, base_url="", stream=False):
    """Items of one document in ``format`` (``"auto"``: detected from the content).

    ``stream``: an RSS or Atom feed's items come as an :class:`~articles.ingest.items.ItemStream`,
    read from the feed as they are asked for (other formats come whole; both have ``drain()``).
    """
    if format in (None, "", AUTO):
        chosen = detect_format(raw, name)
    else:
        chosen = format
        refuse_web_page(raw, name)  # a login page must not read as an RSS feed with nothing in it
    if chosen not in PARSERS:
        raise ParseError(f"unknown format {chosen!r}; choose one of auto, {', '.join(FORMATS)}", source=name)
    if chosen in (RSS, ATOM):
        read = stream_rss if stream else parse_rss
        return read(raw, name=name, default_timezone=default_timezone, base_url=base_url)
    return PARSERS[chosen](raw, name=name, default_timezone=default_timezone)


__all__ = [
    "AUTO",
    "FORMATS",
    "PARSERS",
    "ParseError",
    "detect_format",
    "parse_document",
    "parse_iptc7901",
    "parse_json_feed",
    "parse_newsml",
    "parse_ninjs",
    "parse_nitf",
    "parse_rss",
    "stream_rss",
]
