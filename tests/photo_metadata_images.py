"""Test JPEGs carrying XMP the way real writers place and shape it, beyond Pillow's own ``xmp=``.

Built on :mod:`tests.images`: a JPEG from Pillow, then APP1 segments with whatever header a writer
used (the standard one, the early ``XMP\\0://`` one, the standard name without its NUL, none at
all), packets with or without their ``<?xpacket?>`` wrapper and byte-order mark, the early (XAP)
``<x:xapmeta>`` element, Extended XMP split over several segments, and an IIM block with Photoshop's
MD5 digest of it (image resource 0x0425) beside it.
"""

import hashlib
import struct

from tests.images import iim_block, insert_jpeg_segment, jpeg_bytes, photoshop_iptc_resource

STANDARD_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
ALTERNATIVE_HEADER = b"XMP\x00://ns.adobe.com/xap/1.0/\x00"
HEADER_WITHOUT_NUL = b"http://ns.adobe.com/xap/1.0/ "
EXTENDED_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
APP1, APP13 = 0xE1, 0xED

NAMESPACE_DECLARATIONS = (
    " xmlns:dc='http://purl.org/dc/elements/1.1/'"
    " xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/'"
    " xmlns:xmp='http://ns.adobe.com/xap/1.0/'"
    " xmlns:exif='http://ns.adobe.com/exif/1.0/'"
    " xmlns:xmpNote='http://ns.adobe.com/xmp/note/'"
    " xmlns:xmpRights='http://ns.adobe.com/xap/1.0/rights/'"
)


def rdf(properties_xml, *, attributes=""):
    """An rdf:RDF holding one rdf:Description with ``properties_xml`` (and ``attributes``)."""
    return (
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        f"<rdf:Description rdf:about=''{NAMESPACE_DECLARATIONS}{attributes}>"
        f"{properties_xml}</rdf:Description>"
        "</rdf:RDF>"
    )


def packet(properties_xml, *, wrapper="x:xmpmeta", xpacket="'", bom=True, attributes="", padding=0):
    """An XMP packet as bytes.

    ``wrapper``: the meta element (``"x:xmpmeta"``, the older ``"x:xapmeta"``) or None for a bare
    rdf:RDF. ``xpacket``: the quote its ``<?xpacket?>`` instructions use, or None for no wrapper
    instructions at all. ``bom``: whether ``begin`` holds the byte-order mark or is empty.
    ``padding``: blanks between the packet and its trailer, as writers leave room for edits.
    """
    body = rdf(properties_xml, attributes=attributes)
    if wrapper:
        body = f"<{wrapper} xmlns:x='adobe:ns:meta/' x:xmptk='Harbour Desk Writer 1.0'>{body}</{wrapper}>"
    if xpacket:
        begin = "\ufeff" if bom else ""
        q = xpacket
        body = (
            f"<?xpacket begin={q}{begin}{q} id={q}W5M0MpCehiHzreSzNTczkc9d{q}?>{body}"
            f"{' ' * padding}<?xpacket end={q}w{q}?>"
        )
    return body.encode("utf-8")


def with_app1(jpeg, payload):
    return insert_jpeg_segment(jpeg, APP1, payload)


def with_xmp(jpeg, xmp, *, header=STANDARD_HEADER, trailing=b""):
    """``jpeg`` with an APP1 segment of ``header`` + ``xmp`` + ``trailing`` (NULs, a writer's junk)."""
    return with_app1(jpeg, header + xmp + trailing)


def extended_segments(extended_xmp, guid, *, piece_size=20_000, order=None, declared_length=None):
    """The APP1 payloads carrying ``extended_xmp`` as Extended XMP, ``piece_size`` bytes each, in
    ``order`` (indexes of the pieces; file order by default)."""
    length = len(extended_xmp) if declared_length is None else declared_length
    pieces = [
        (offset, extended_xmp[offset : offset + piece_size])
        for offset in range(0, len(extended_xmp), piece_size)
    ]
    order = range(len(pieces)) if order is None else order
    return [
        EXTENDED_HEADER
        + guid.encode("ascii")
        + struct.pack(">II", length, pieces[index][0])
        + pieces[index][1]
        for index in order
    ]


def with_extended_xmp(jpeg, main_properties, extended_properties, *, name_guid=True, **options):
    """``jpeg`` with a main XMP packet and Extended XMP holding ``extended_properties``.

    The GUID is the MD5 of the extended packet, as the XMP specification has it; ``name_guid=False``
    leaves ``xmpNote:HasExtendedXMP`` out of the main packet (some writers forget it).
    """
    extended = packet(extended_properties, xpacket=None)
    guid = hashlib.md5(extended).hexdigest().upper()
    note = f" xmpNote:HasExtendedXMP='{guid}'" if name_guid else ""
    # Segments are inserted right after the start of image, so the last inserted comes first.
    for payload in reversed(extended_segments(extended, guid, **options)):
        jpeg = with_app1(jpeg, payload)
    return with_xmp(jpeg, packet(main_properties, attributes=note))


def with_iim_and_digest(jpeg, datasets, *, digest_of=None):
    """``jpeg`` with an IIM block of ``datasets`` and, beside it, the MD5 digest Photoshop stores.

    ``digest_of``: the datasets the digest was computed over; give other datasets than ``datasets``
    to make the digest stale, as when an IIM-only tool edited the block after the XMP was written.
    """
    iim = iim_block(datasets)
    digest = hashlib.md5(iim_block(digest_of if digest_of is not None else datasets)).digest()
    digest_resource = b"8BIM" + struct.pack(">H", 0x0425) + b"\x00\x00" + struct.pack(">I", 16) + digest
    payload = b"Photoshop 3.0\x00" + photoshop_iptc_resource(iim) + digest_resource
    return insert_jpeg_segment(jpeg, APP13, payload)


def with_photoshop_xmp(jpeg, xmp):
    """XMP in Photoshop's image resource 0x0424 inside APP13, where old Photoshop versions wrote it."""
    padded = xmp + (b"\x00" if len(xmp) % 2 else b"")
    resource = b"8BIM" + struct.pack(">H", 0x0424) + b"\x00\x00" + struct.pack(">I", len(xmp)) + padded
    return insert_jpeg_segment(jpeg, APP13, b"Photoshop 3.0\x00" + resource)


def plain_jpeg():
    return jpeg_bytes(size=(48, 32), color=(30, 90, 150))


def with_xmp_header_replaced(jpeg, header):
    """``jpeg`` (a real file, read in place) with its standard XMP segment's header swapped for
    ``header``: the same packet, as a writer using a non-standard header would have put it."""
    start = jpeg.index(STANDARD_HEADER) - 4
    assert jpeg[start : start + 2] == b"\xff\xe1", "the standard header does not open an APP1 segment"
    (length,) = struct.unpack(">H", jpeg[start + 2 : start + 4])
    xmp = jpeg[start + 4 + len(STANDARD_HEADER) : start + 2 + length]
    segment = b"\xff\xe1" + struct.pack(">H", len(header) + len(xmp) + 2) + header + xmp
    return jpeg[:start] + segment + jpeg[start + 2 + length :]
