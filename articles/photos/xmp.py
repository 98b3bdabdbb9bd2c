"""Finding and reading a photo's XMP packets, wherever the writing software put them.

Pillow reads the one standard place in a JPEG: an APP1 segment opening with
``http://ns.adobe.com/xap/1.0/`` and a NUL. Real photos also carry XMP

* after a non-standard APP1 header: the early ``XMP\\0://ns.adobe.com/xap/1.0/\\0`` some writers used,
  the standard name without its NUL, or a bare packet with no header at all;
* as a packet of another shape: ``<?xpacket?>`` with single or double quotes, with or without the
  byte-order mark, no ``<?xpacket?>`` wrapper at all, the early (XAP) ``<x:xapmeta>`` instead of
  ``<x:xmpmeta>``, or a bare ``<rdf:RDF>``;
* split into Extended XMP: APP1 segments opening with ``http://ns.adobe.com/xmp/extension/``, each
  carrying the MD5 GUID the main packet names in ``xmpNote:HasExtendedXMP``, the whole length and the
  piece's offset (XMP specification, part 3, on JPEG);
* in Photoshop's image resource 0x0424 inside APP13, where old Photoshop versions wrote it.

Every packet is parsed through :func:`articles.ingest.xml.parse_xml` (no entities, no DTD, no network,
nesting capped by libxml2) and turned into the same nested dictionaries Pillow's ``getxmp`` gives,
so the mapping onto our fields does not care where a packet came from. The main packets' properties
win over the extended ones, as the specification says, and an earlier packet over a later one.

Sizes are capped (the packets read together, and the declared length of Extended XMP) and every
search is one ``bytes.find`` or ``rfind``: reading costs time linear in the file.
"""

import collections
import struct

from django.utils.translation import gettext_lazy as _

from articles.ingest.items import ParseError
from articles.ingest.xml import parse_xml

# The main packets read together: a JPEG's standard XMP segment holds at most 64 KB, and nothing a
# newsroom needs comes close to this in any format.
MAX_XMP_BYTES = 512 * 1024
# Extended XMP is where Photoshop puts its history and cameras their depth maps: larger, but a
# declared length beyond this is not a photo's captions.
MAX_EXTENDED_XMP_BYTES = 4 * 1024 * 1024

STANDARD_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
EXTENDED_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
EXIF_HEADER = b"Exif\x00"
# How an XMP packet can begin, the earliest found counting: the packet wrapper, the meta element of
# XMP and of its early drafts (XAP), or RDF itself; or an XML prolog before it, which is kept so
# that a DOCTYPE declaring entities is seen and refused rather than cut off.
PACKET_STARTS = (b"<?xml", b"<!DOCTYPE", b"<?xpacket begin", b"<x:xmpmeta", b"<x:xapmeta", b"<rdf:RDF")
PACKET_TRAILER = b"<?xpacket end"
PHOTOSHOP_XMP_RESOURCE = 0x0424
GUID_LENGTH = 32
EXTENDED_PREFIX = len(EXTENDED_HEADER) + GUID_LENGTH + 8  # GUID, full length, offset (big-endian)

XMP_NOTE = "http://ns.adobe.com/xmp/note/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_RDF = f"{{{RDF}}}RDF"
RDF_DESCRIPTION = f"{{{RDF}}}Description"
HAS_EXTENDED_XMP = f"{{{XMP_NOTE}}}HasExtendedXMP"


def read_xmp_properties(image, problems):
    """Top-level XMP properties of ``image`` keyed ``{namespace}name``, from every packet it has.

    Anything wrong with a packet (too large, not XML, declaring entities) is added to ``problems``
    for the editor and that packet is skipped; the others are still read.
    """
    main_packets, extended_pieces = _packets(image)
    properties = {}
    budget = MAX_XMP_BYTES
    for packet in main_packets:
        if len(packet) > budget:
            problems.append(str(_("The embedded XMP metadata is too large and was ignored.")))
            break
        budget -= len(packet)
        tree = _parsed(packet, problems)
        if tree is not None:
            for name, value in _top_level_properties(tree):
                properties.setdefault(name, value)
    guid = _extended_guid(properties, extended_pieces)
    if guid:
        extended = _assembled(extended_pieces[guid], problems)
        tree = _parsed(extended, problems) if extended else None
        if tree is not None:
            for name, value in _top_level_properties(tree):
                properties.setdefault(name, value)
    return properties


# Where packets are ----------------------------------------------------------------------------


def _packets(image):
    """``(main packets in order of precedence, {guid: [(full length, offset, piece), ...]})``."""
    standard, other, extended = [], [], collections.defaultdict(list)
    for marker, payload in getattr(image, "applist", None) or ():
        if marker != "APP1" or payload.startswith(EXIF_HEADER):
            continue
        if payload.startswith(STANDARD_HEADER):
            standard.append(payload[len(STANDARD_HEADER) :])
        elif payload.startswith(EXTENDED_HEADER):
            if len(payload) > EXTENDED_PREFIX:
                guid = payload[len(EXTENDED_HEADER) : len(EXTENDED_HEADER) + GUID_LENGTH]
                length, offset = struct.unpack(">II", payload[EXTENDED_PREFIX - 8 : EXTENDED_PREFIX])
                extended[guid.decode("latin-1")].append((length, offset, payload[EXTENDED_PREFIX:]))
        else:
            packet = _packet_in(payload)
            if packet:
                other.append(packet)
    if not standard and not other and image.info.get("xmp"):
        # Every other format (PNG iTXt, WebP, TIFF, AVIF): the one place Pillow knows is the place.
        found = image.info["xmp"]
        standard.append(found.encode("utf-8") if isinstance(found, str) else bytes(found))
    photoshop = image.info.get("photoshop")
    if isinstance(photoshop, dict) and isinstance(photoshop.get(PHOTOSHOP_XMP_RESOURCE), bytes):
        other.append(photoshop[PHOTOSHOP_XMP_RESOURCE])
    return [_trimmed(packet) for packet in standard + other], extended


def _packet_in(payload):
    """The XMP packet in an APP1 segment with a header we do not know (or none), or ``b""``.

    Only the first few hundred bytes are searched for where a packet begins: a header is short, and
    a segment whose start is something else (another vendor's data) is not XMP.
    """
    head = payload[:512]
    starts = [position for position in (head.find(start) for start in PACKET_STARTS) if position != -1]
    return payload[min(starts) :] if starts else b""


def _trimmed(packet):
    """The packet up to its ``<?xpacket end?>`` trailer, without the padding writers add after it."""
    trailer = packet.rfind(PACKET_TRAILER)
    if trailer != -1:
        closing = packet.find(b"?>", trailer)
        if closing != -1:
            packet = packet[: closing + 2]
    return packet.rstrip(b"\x00 \t\r\n")


def _extended_guid(properties, extended_pieces):
    """The GUID of the Extended XMP to read: the one the main packet names; without one, the only
    one present (a writer that forgot the note still meant its own pieces)."""
    if not extended_pieces:
        return ""
    named = properties.get(HAS_EXTENDED_XMP)
    if isinstance(named, str) and named.strip() in extended_pieces:
        return named.strip()
    if named is None and len(extended_pieces) == 1:
        return next(iter(extended_pieces))
    return ""


def _assembled(pieces, problems):
    """The Extended XMP put together from its pieces, or ``b""`` when it is too large or has gaps."""
    length = pieces[0][0]
    if length > MAX_EXTENDED_XMP_BYTES:
        problems.append(str(_("The embedded extended XMP metadata is too large and was ignored.")))
        return b""
    whole = bytearray(length)
    covered = {}
    for full_length, offset, piece in pieces:
        if full_length != length or offset + len(piece) > length or not piece:
            continue
        whole[offset : offset + len(piece)] = piece
        covered[offset] = len(piece)
    if sum(covered.values()) < length:
        problems.append(str(_("The embedded extended XMP metadata is incomplete and was ignored.")))
        return b""
    return bytes(whole)


# Reading a packet -----------------------------------------------------------------------------


def _parsed(packet, problems):
    """The root element of ``packet``, or None with the reason in ``problems``."""
    if not packet:
        return None
    try:
        return parse_xml(packet, source="XMP")
    except ParseError:
        if b"<!entity" in packet.lower():
            problems.append(
                str(_("The embedded XMP metadata declares XML entities; it was ignored for safety."))
            )
        else:
            problems.append(str(_("The embedded XMP metadata is not valid XML and was ignored.")))
        return None


def _top_level_properties(root):
    """``(name, value)`` of every property of every rdf:Description under rdf:RDF, in order.

    rdf:RDF is looked for wherever the packet wraps it (x:xmpmeta, x:xapmeta, or nothing), breadth
    first, each element visited once.
    """
    pending = collections.deque([root])
    while pending:
        element = pending.popleft()
        if element.tag == RDF_RDF:
            for description in element:
                if description.tag == RDF_DESCRIPTION:
                    for name, value in _value(description).items():
                        if not name.startswith(f"{{{RDF}}}"):
                            yield name, value
            return
        pending.extend(child for child in element if isinstance(child.tag, str))


def _value(element):
    """An element as Pillow's ``getxmp(strip_namespaces=False)`` gives it: attributes and children
    in a dictionary (repeated children in a list), text alone as a string, text next to attributes
    under ``"text"``. Recursion is bounded: libxml2 refuses documents nested over 256 deep."""
    value = dict(element.attrib)
    children = [child for child in element if isinstance(child.tag, str)]
    if children:
        for child in children:
            child_value = _value(child)
            if child.tag in value:
                if not isinstance(value[child.tag], list):
                    value[child.tag] = [value[child.tag]]
                value[child.tag].append(child_value)
            else:
                value[child.tag] = child_value
    elif value:
        if element.text:
            value["text"] = element.text
    else:
        return element.text
    return value
