"""Which format a document is in, judged from its content (its name is only a tie-breaker)."""

import codecs
import re

from ..items import ParseError
from ..xml import read_prolog
from .iptc7901.messages import opens_as_text_wire

RSS = "rss"
ATOM = "atom"
NEWSML = "newsml"
NITF = "nitf"
NINJS = "ninjs"
IPTC7901 = "iptc7901"  # and ANPA 1312: the text wires
JSONFEED = "jsonfeed"
FORMATS = (RSS, ATOM, NEWSML, NITF, NINJS, JSONFEED, IPTC7901)

ROOT_ELEMENT = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
ROOTS = {
    "rss": RSS,
    "RDF": RSS,
    "feed": ATOM,
    "newsItem": NEWSML,
    "newsMessage": NEWSML,
    "packageItem": NEWSML,
    "nitf": NITF,
}
NEWSML_NAMESPACE = "iptc.org/std/nar/"
# JSON Feed names itself by its top-level "version" URL (slashes may be escaped in JSON). The
# quantifiers are possessive: a run of blanks is passed once, never split to retry the match.
JSON_FEED_VERSION = re.compile(
    r'"version"\s*+:\s*+"https?:(?:\\?/){2}(?:www\.)?jsonfeed\.org(?:\\?/)version(?:\\?/)1', re.I
)
HEAD_BYTES = 16384  # what format detection reads
WEB_PAGE_HEAD_BYTES = 4096  # what the web-page check reads when the format is given
# What a feed server sends when it wants a log-in, is down for maintenance or has moved the feed.
WEB_PAGE = "not a feed: it is a web page (HTML), such as a login or error page, not agency copy"


def head_text(raw, size):
    head = raw[:size]
    for mark, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(mark):
            return head[len(mark) :].decode(encoding, errors="ignore")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("latin-1")


def detect_format(raw, name=""):
    """One of :data:`FORMATS` for ``raw``; :class:`ParseError` when it is none of them."""
    if opens_as_text_wire(raw):  # SOH (after ANPA's SYN padding) or ZCZC: before any stripping
        return IPTC7901
    text = head_text(raw, HEAD_BYTES).lstrip()
    if not text:
        raise ParseError("the document is empty", source=name)
    if text[0] in "{[":
        return JSONFEED if is_json_feed(raw, text) else NINJS
    if text[0] != "<":
        raise ParseError("not a feed document: it is neither XML nor JSON", source=name)
    if is_web_page(text, name, complete=len(raw) <= HEAD_BYTES):
        raise ParseError(WEB_PAGE, source=name)
    # The prolog is read token by token (xml.read_prolog), never by patterns over the whole head:
    # those rescanned it from every "<?", "<!--" or "<!DOCTYPE" that did not close.
    body = text[read_prolog(text, source=name, complete=len(raw) <= HEAD_BYTES).end :]
    root = ROOT_ELEMENT.search(body)
    if not root:
        if body[:9].upper() == "<!DOCTYPE":
            raise ParseError(
                f"no root element found in the XML document: its DOCTYPE does not close within the "
                f"first {HEAD_BYTES // 1024} KB",
                source=name,
            )
        raise ParseError("no root element found in the XML document", source=name)
    root_name = root.group(2)
    if root_name in ROOTS:
        return ROOTS[root_name]
    if NEWSML_NAMESPACE in body[:4096] or root_name in {"contentSet", "contentMeta", "itemSet"}:
        return NEWSML  # a fragment; the NewsML-G2 parser explains what is missing
    raise ParseError(
        f"unrecognised document: the root element <{root_name}> is not RSS, Atom, NewsML-G2 or NITF",
        source=name,
    )


def is_json_feed(raw, head):
    """Does the JSON document ``raw`` (``head``: its first bytes as text) name itself a JSON Feed?

    Its ``version`` usually comes first; a feed that writes it after its items has it at its end."""
    if JSON_FEED_VERSION.search(head):
        return True
    if len(raw) <= HEAD_BYTES or b"\x00" in raw[:4]:
        return False  # the whole document was the head, or it is UTF-16 or UTF-32 (zero bytes in ASCII)
    return bool(JSON_FEED_VERSION.search(raw[-HEAD_BYTES:].decode("latin-1")))


def is_web_page(text, name="", complete=True):
    """Does ``text`` open as an HTML page: an ``html`` DOCTYPE (HTML5 may omit the element) or root?

    ``complete``: whether ``text`` is the whole document or only its head."""
    prolog = read_prolog(text, source=name, complete=complete)
    if prolog.doctype_name.lower() == "html":
        return True
    position = prolog.end
    root = ROOT_ELEMENT.match(text, position + len(text[position:]) - len(text[position:].lstrip()))
    return bool(root) and root.group(2).lower() == "html"


def refuse_web_page(raw, name=""):
    """:class:`ParseError` when ``raw`` is an HTML page, whatever format the feed is set to."""
    if is_web_page(head_text(raw, WEB_PAGE_HEAD_BYTES), name, complete=len(raw) <= WEB_PAGE_HEAD_BYTES):
        raise ParseError(WEB_PAGE, source=name)
