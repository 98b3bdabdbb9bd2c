"""The one way ingest reads XML: size-capped, encoding-aware and closed to entity tricks.

Every XML document goes through :func:`decode_markup` (declared encoding, byte-order mark, UTF-16,
undeclared Latin-1, and the common lie of Latin-1 declared over UTF-8 bytes) and then through an
lxml parser that never resolves entities, loads a DTD or touches the network. Documents that
declare their own entities are refused before parsing: agency formats never need them, and they are
how entity-expansion ("billion laughs") and external-entity attacks are written.
"""

import codecs
import html.entities
import io
import re
from copy import deepcopy
from typing import NamedTuple

from lxml import etree

from .items import ParseError
from .limits import max_document_bytes

XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
XML_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
FIRST_ELEMENT = re.compile(r"<[A-Za-z_]")
# The prolog is read token by token, each one's end found with one forward search: a pattern
# spanning the whole DOCTYPE (".*?" up to "]>") rescans the rest of the prolog from every
# "<!DOCTYPE", which 300 KB of "<!DOCTYPE x [" turned into 43 s of CPU.
PROLOG_OPENING = re.compile(r"\s*+(<\?|<!--|<!DOCTYPE)", re.I)
PROLOG_CLOSING = {"<?": "?>", "<!--": "-->"}
DOCTYPE_KEYWORD = re.compile(r"<!DOCTYPE", re.I)
DOCTYPE_NAME = re.compile(r"\s++([A-Za-z_][\w.:\-]*+)")
DOCTYPE_SUBSET_OR_END = re.compile(r"[\[>]")
DOCTYPE_SUBSET_END = re.compile(r"\]\s*+>")
NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
UNPREDEFINED_ENTITY_TEXT = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9]*;")
# The same rules over UTF-8 bytes (every pattern is ASCII, which UTF-8 never uses inside a character).
LEADING_MARKUP = re.compile(rb"[ \t\r\n]*<")
XML_DECLARATION_BYTES = re.compile(rb"[ \t\r\n]*(<)\?xml[^>]*\?>")
# A declaration kept as it is must be one libxml2 reads without complaint (XML 1.0's XMLDecl).
PLAIN_UTF8_DECLARATION = re.compile(
    rb"<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*([\"'])1\.0\1"
    rb"(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*([\"'])utf-8\2)?"
    rb"(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*([\"'])(?:yes|no)\3)?[ \t\r\n]*\?>\Z",
    re.I,
)
FIRST_ELEMENT_BYTES = re.compile(rb"<[A-Za-z_]")
NAMED_ENTITY_BYTES = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
UNPREDEFINED_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9]*;")
XML_PREDEFINED = {"amp", "lt", "gt", "quot", "apos"}
LATIN1_NAMES = {
    "iso-8859-1",
    "iso8859-1",
    "latin-1",
    "latin1",
    "l1",
    "windows-1252",
    "cp1252",
    "us-ascii",
    "ascii",
}
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def check_size(raw, source="", limit=None):
    limit = max_document_bytes() if limit is None else limit
    if len(raw) > limit:
        raise ParseError(
            f"the document is {len(raw):,} bytes, "
            f"more than the {limit:,}-byte limit (INGEST_MAX_DOCUMENT_BYTES)",
            source=source,
        )


def decode_markup(raw, source=""):
    """Text of an XML (or JSON) document, whatever encoding it arrived in."""
    if isinstance(raw, str):
        return raw
    for mark, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return decode_strictly(raw[len(mark) :], encoding, source)
    if raw[:2] == b"<\x00":
        return decode_strictly(raw, "utf-16-le", source)
    if raw[:2] == b"\x00<":
        return decode_strictly(raw, "utf-16-be", source)
    declared = XML_DECLARATION.match(raw[:512])
    if declared:
        encoding = declared.group(1).decode("ascii").lower()
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ParseError(
                f"the document declares an unknown encoding {encoding!r}", source=source
            ) from None
        if encoding in LATIN1_NAMES and not raw.isascii():
            # Declared Latin-1 over bytes that are valid UTF-8 is a common agency mistake; real
            # Latin-1 text almost never forms valid multi-byte UTF-8 sequences by accident.
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return raw.decode("cp1252", errors="strict") if is_cp1252(raw) else raw.decode("latin-1")
        family = codecs.lookup(encoding).name
        if family.startswith(("utf-16", "utf-32")):
            # A declaration readable as single bytes is not UTF-16 or UTF-32 (those arrive with a
            # byte-order mark or zero bytes, handled above): judge the bytes instead.
            return decode_undeclared(raw)
        if not family.startswith("utf") and not raw.isascii():
            # The same lie with any legacy encoding: non-ASCII text in one of them is practically
            # never valid UTF-8 by accident, so bytes that are valid UTF-8 are UTF-8.
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass  # the declaration lies; fall through to what the bytes look like
    return decode_undeclared(raw)


def decode_undeclared(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252") if is_cp1252(raw) else raw.decode("latin-1")


def is_cp1252(raw):
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def decode_strictly(raw, encoding, source):
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ParseError(
            f"the document is not valid {encoding.upper()}: {error.reason} at byte {error.start}",
            source=source,
        ) from None


def refuse_entity_declarations(text, source=""):
    first_element = FIRST_ELEMENT.search(text)
    prolog = text[: first_element.start()] if first_element else text
    if "<!ENTITY" in prolog.upper():
        raise ParseError(
            "the document declares its own entities (<!ENTITY>), which agency formats never need; "
            "refused as a possible entity-expansion or external-entity attack",
            source=source,
        )


class Prolog(NamedTuple):
    """What comes before the root element: where its declarations, comments and processing
    instructions end, and the span and name of its DOCTYPE (``None`` and ``""`` without one)."""

    end: int
    doctype: tuple | None
    doctype_name: str


def read_prolog(text, position=0, source="", complete=True):
    """The :class:`Prolog` of ``text`` from ``position``, in time linear in its length.

    A second DOCTYPE (after the first or inside it), or one that never ends, is refused at once: no
    document has either, and both are how a prolog is made expensive to read. Anything else
    unexpected (an unclosed comment, text before the root) ends the prolog there and is left to the
    parser, which reports it. ``complete=False`` is for the head of a document (format detection):
    a DOCTYPE that goes on past the head then ends the prolog instead of being refused.
    """
    doctype, name = None, ""
    while opening := PROLOG_OPENING.match(text, position):
        token = opening.group(1)
        if token.upper() == "<!DOCTYPE":
            end = doctype_end(text, opening.end())
            if doctype is not None or DOCTYPE_KEYWORD.search(text, opening.end(), end or len(text)):
                raise ParseError(
                    "the document has more than one DOCTYPE before its first element; "
                    "refused as malformed (a DOCTYPE may appear once)",
                    source=source,
                )
            if end is None:
                if not complete:
                    return Prolog(opening.start(1), doctype, name)
                raise ParseError(
                    "the document's DOCTYPE is never closed (no “>” or “]>” ends it); refused as malformed",
                    source=source,
                )
            named = DOCTYPE_NAME.match(text, opening.end())
            doctype, name = (opening.start(1), end), named.group(1) if named else ""
            position = end
            continue
        closing = text.find(PROLOG_CLOSING[token], opening.end())
        if closing == -1:
            return Prolog(opening.start(1), doctype, name)
        position = closing + len(PROLOG_CLOSING[token])
    return Prolog(position, doctype, name)


def doctype_end(text, position):
    """Where the DOCTYPE whose keyword ends at ``position`` ends (after its internal subset, if it
    has one), or ``None`` when nothing closes it."""
    first = DOCTYPE_SUBSET_OR_END.search(text, position)
    if first is None:
        return None
    if first.group(0) == ">":
        return first.end()
    subset_end = DOCTYPE_SUBSET_END.search(text, first.end())
    return subset_end.end() if subset_end else None


def without_doctype(text, source=""):
    """The document minus its DOCTYPE: DTDs are never used, and libxml2 would still try to load one."""
    doctype = read_prolog(text, source=source).doctype
    return text if doctype is None else text[: doctype[0]] + text[doctype[1] :]


def replace_named_entities(text):
    """HTML entity names (``&nbsp;``, ``&eacute;``) as characters: their DTD is never loaded."""

    def replacement(match):
        name = match.group(1)
        if name in XML_PREDEFINED:
            return match.group(0)
        codepoint = html.entities.name2codepoint.get(name)
        if codepoint is None:
            return f"&amp;{name};"  # unknown: keep it visible as text instead of failing the document
        return f"&#{codepoint};"

    return NAMED_ENTITY.sub(replacement, text)


def prepared_utf8(raw, source=""):
    """UTF-8 bytes without a DOCTYPE, declared entities or HTML entity names, and without an XML
    declaration unless it says UTF-8: safe to hand to a parser told it is UTF-8.

    A document that already is UTF-8 (the usual case) is prepared in its own bytes, copied only
    where something must change: a 33 MB feed once cost four copies here, up to 200 MB as text.
    """
    check_size(raw, source)
    if isinstance(raw, bytes):
        prepared = prepared_in_place(raw, source)
        if prepared is not None:
            return prepared
    return prepared_by_decoding(raw, source)


def prepared_by_decoding(raw, source=""):
    """The general path of :func:`prepared_utf8`: decode, clean the text, encode as UTF-8."""
    text = decode_markup(raw, source)
    refuse_entity_declarations(text, source)
    declaration = XML_DECLARATION_TEXT.match(text)
    if declaration:
        text = text[declaration.end() :]
    text = without_doctype(text, source)
    if UNPREDEFINED_ENTITY_TEXT.search(text):
        text = replace_named_entities(text)
    return text.encode("utf-8")


def prepared_in_place(raw, source):
    """:func:`prepared_utf8` for bytes that already are UTF-8, without decoding them into text; None
    when the document needs decoding (another encoding, a byte-order mark, non-ASCII before its
    first element), which the general path does exactly as before."""
    if raw.startswith(tuple(mark for mark, _encoding in BYTE_ORDER_MARKS)) or raw[:2] in (b"<\x00", b"\x00<"):
        return None
    if not LEADING_MARKUP.match(raw):
        return None
    keep_declaration = True
    declared = XML_DECLARATION.match(raw[:512])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            family = codecs.lookup(name).name
        except LookupError:
            return None  # the general path says which encoding is unknown
        if family != "utf-8":
            # Read as UTF-8 all the same, as decode_markup does when the bytes are valid UTF-8.
            if name not in LATIN1_NAMES and not family.startswith(("utf-16", "utf-32")):
                return None
            keep_declaration = False
    first_element = FIRST_ELEMENT_BYTES.search(raw)
    end = first_element.start() if first_element else len(raw)
    prolog = raw[:end]
    if not prolog.isascii() or not is_utf8(raw):
        return None
    if b"<!ENTITY" in prolog.upper():
        refuse_entity_declarations(prolog.decode("ascii"), source)
    declaration = XML_DECLARATION_BYTES.match(prolog)
    if declaration and not (
        keep_declaration
        and first_element  # a document of nothing but a declaration is empty, as before
        and declaration.start(1) == 0  # after whitespace it would be an error
        and PLAIN_UTF8_DECLARATION.match(declaration.group(0))
    ):
        prolog = prolog[declaration.end() :]
    doctype = read_prolog(prolog.decode("ascii"), source=source).doctype
    if doctype is not None:
        prolog = prolog[: doctype[0]] + prolog[doctype[1] :]
    body = memoryview(raw)[end:]
    if UNPREDEFINED_ENTITY.search(prolog) or UNPREDEFINED_ENTITY.search(body):
        return NAMED_ENTITY_BYTES.sub(entity_bytes, prolog) + NAMED_ENTITY_BYTES.sub(entity_bytes, body)
    if len(prolog) == end:
        return raw  # nothing to change: the document itself
    return b"".join((prolog, body))


def is_utf8(raw, piece=1 << 16):
    """Whether ``raw`` is valid UTF-8, checked 64 KB at a time (no text copy of the whole)."""
    if raw.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), piece):
            decoder.decode(view[start : start + piece], final=start + piece >= len(raw))
    except UnicodeDecodeError:
        return False
    return True


def entity_bytes(match):
    name = match.group(1).decode("ascii")
    if name in XML_PREDEFINED:
        return match.group(0)
    codepoint = html.entities.name2codepoint.get(name)
    if codepoint is None:
        return f"&amp;{name};".encode("ascii")
    return f"&#{codepoint};".encode("ascii")


def is_blank(prepared):
    """Nothing but whitespace (without the copy ``strip()`` would make of a large document)."""
    return not prepared or prepared.isspace()


def safe_parser_options():
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
        "encoding": "utf-8",
    }


def safe_parser():
    return etree.XMLParser(collect_ids=False, **safe_parser_options())


def parse_xml(raw, source=""):
    """The root element of ``raw``; :class:`ParseError` for anything broken or hostile."""
    prepared = prepared_utf8(raw, source)
    if is_blank(prepared):
        raise ParseError("the document is empty", source=source)
    try:
        return etree.fromstring(prepared, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        raise ParseError(f"not well-formed XML: {error.msg or error}", source=source) from None


def iter_elements(raw, tags, source=""):
    """Stream the elements named ``tags`` (any namespace) without keeping the whole tree.

    Each yielded element is cleared after the caller is done with it, so a 50 MB message with
    thousands of items parses in the memory of one item plus what the caller keeps.
    """
    prepared = prepared_utf8(raw, source)
    if is_blank(prepared):
        raise ParseError("the document is empty", source=source)
    wanted = tuple(f"{{*}}{tag}" for tag in tags)
    events = etree.iterparse(io.BytesIO(prepared), events=("end",), tag=wanted, **safe_parser_options())
    try:
        for _event, element in events:
            if is_nested_in(element, tags):
                continue  # a newsItem inside a newsItem is part of its parent's content
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        raise ParseError(f"not well-formed XML: {error.msg or error}", source=source) from None


def is_nested_in(element, tags):
    parent = element.getparent()
    while parent is not None:
        if localname(parent) in tags:
            return True
        parent = parent.getparent()
    return False


def localname(element):
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def find(element, path):
    """``element.find`` with every step matched by local name in any (or no) namespace."""
    if element is None:
        return None
    return element.find("/".join(f"{{*}}{step}" for step in path.split("/")))


def find_all(element, path):
    if element is None:
        return []
    return element.findall("/".join(f"{{*}}{step}" for step in path.split("/")))


def text_of(element):
    """All the text inside ``element``, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def attribute(element, name):
    if element is None:
        return ""
    value = element.get(name)
    if value is None:
        for key, candidate in element.attrib.items():
            if key.rsplit("}", 1)[-1] == name:
                value = candidate
                break
    return (value or "").strip()


def language_of(element):
    return attribute(element, "lang")  # xml:lang, in the XML namespace


def without_namespaces(element):
    """A copy of ``element`` whose tags and attributes carry no namespace (for serializing as HTML)."""
    copy = deepcopy(element)
    copy.tail = None
    for node in copy.iter():
        if isinstance(node.tag, str):
            node.tag = node.tag.rsplit("}", 1)[-1]
            for key in list(node.attrib):
                if key.startswith("{"):
                    value = node.attrib.pop(key)
                    node.attrib[key.rsplit("}", 1)[-1]] = value
    etree.cleanup_namespaces(copy)
    return copy
