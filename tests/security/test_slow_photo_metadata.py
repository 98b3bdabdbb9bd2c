"""Slow patterns in photo metadata: finding XMP packets, putting Extended XMP together and telling
keywords from codes cost time linear in the file, however hostile (see test_slow_patterns.py for the
method: inputs double from small sizes, CPU time may not grow faster than about linearly).

A JPEG segment holds at most 64 KB, so a large hostile photo is many segments: the end-to-end shapes
grow by adding segments, the byte-level passes are fed one growing buffer.
"""

import io
import struct

import pytest
from PIL import Image, PngImagePlugin

from articles.photos.keywords import desk_keywords, is_code
from articles.photos.metadata import read_embedded_metadata
from articles.photos.xmp import _packet_in, _trimmed
from tests.growth import LARGEST, SHAPES, assert_linear
from tests.images import bag, with_iim
from tests.photo_metadata_images import (
    ALTERNATIVE_HEADER,
    EXTENDED_HEADER,
    packet,
    plain_jpeg,
)

pytestmark = pytest.mark.slow

SEGMENT_PAYLOAD = 60_000  # under the 64 KB a JPEG segment can hold

BYTE_SHAPES = {
    "packet openers": lambda size: b"<?xpacket begin" * (size // 15),
    "packet trailers without an end": lambda size: b"<?xpacket end" * (size // 13),
    "a trailer then question marks": lambda size: b"<?xpacket end" + b"?" * size,
    "NUL padding": lambda size: b"<x:xmpmeta/>" + b"\x00" * size,
    "blank padding": lambda size: b"<x:xmpmeta/>" + b" \t\r\n" * (size // 4),
    "less-than signs": lambda size: b"<" * size,
    "meta element openers": lambda size: b"<x:xmpmeta" * (size // 10),
}


@pytest.mark.parametrize("shape_name", BYTE_SHAPES)
def test_finding_and_trimming_a_packet_grows_linearly(shape_name):
    shape = BYTE_SHAPES[shape_name]

    def find_and_trim(data):
        _trimmed(_packet_in(data) or data)

    assert_linear(find_and_trim, shape, f"XMP packet: {shape_name}")


KEYWORD_SHAPES = {
    "colons": lambda size: ":" * size,
    "letters then colons": lambda size: "a" * (size // 2) + ":" * (size // 2),
    "scheme then digits": lambda size: "a" * (size // 2) + ":" + "1" * (size // 2),
    "scheme then digits and a letter": lambda size: "a" * (size // 2) + ":" + "1" * (size // 2) + "x",
    "hexadecimal digits": lambda size: "0a" * (size // 2),
    "hexadecimal digits and a hyphen": lambda size: "0a" * (size // 2) + "-",
    "GUID-like hyphens": lambda size: "0" * 8 + "-" * size,
    "switching letters and digits": lambda size: "a1" * (size // 2),
    "switching then a blank": lambda size: "a1" * (size // 2) + " x",
    "braces": lambda size: "{" * size,
}


@pytest.mark.parametrize("shape_name", [*KEYWORD_SHAPES, *SHAPES])
def test_telling_a_code_from_a_keyword_grows_linearly(shape_name):
    shape = KEYWORD_SHAPES.get(shape_name) or SHAPES[shape_name]
    assert_linear(is_code, shape, f"is_code: {shape_name}")


def test_many_keywords_are_sorted_out_in_linear_time():
    def keywords(size):
        return [f"keyword {number}" for number in range(size // 16)]

    assert_linear(
        lambda found: desk_keywords(found), keywords, "desk_keywords", smallest=4096, largest=LARGEST
    )


# End to end: a photo read by the library ---------------------------------------------------------


def with_segments(payloads):
    """A JPEG with an APP1 segment for each of ``payloads``, built in one pass."""
    jpeg = plain_jpeg()
    segments = [b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload for payload in payloads]
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def jpeg_of_segments(size, payload):
    """A JPEG carrying about ``size`` bytes of APP1 segments, each ``payload(length)``."""
    lengths = [SEGMENT_PAYLOAD] * (size // SEGMENT_PAYLOAD) + [size % SEGMENT_PAYLOAD or 0]
    return with_segments(payload(length) for length in lengths if length)


def non_standard_packets(length):
    """A well-formed packet behind Adobe's alternative header, about ``length`` bytes: one property
    with a child element per eight bytes (each becomes a value of a list)."""
    filler = "<xmp:Label>x</xmp:Label>" * max(1, (length - 1200) // 24)
    return ALTERNATIVE_HEADER + packet(f"<photoshop:Headline>Ferry{filler}</photoshop:Headline>")


def unclosed_tags(length):
    return ALTERNATIVE_HEADER + b"<x:xmpmeta>" + b"<a" * (length // 2)


def many_small_extension_segments(size):
    """Tiny Extended XMP pieces, each at its own offset of one large declared whole."""
    piece = b"<a" * 8
    return with_segments(
        EXTENDED_HEADER + b"F" * 32 + struct.pack(">II", 1024 * 1024, offset * len(piece)) + piece
        for offset in range(max(1, size // 90))
    )


def iim_keywords(size):
    count = min(size // 16, 4000)  # an IIM block is one segment: at most 64 KB
    return with_iim(plain_jpeg(), [((2, 25), f"word {number}".encode()) for number in range(count)])


def png_with_subjects(size):
    xmp = packet(f"<dc:subject>{bag(*(f'topic {number}' for number in range(size // 28)))}</dc:subject>")
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


PHOTOS = {
    "non-standard XMP segments": lambda size: jpeg_of_segments(size, non_standard_packets),
    "unclosed tags behind a non-standard header": lambda size: jpeg_of_segments(size, unclosed_tags),
    "many small Extended XMP pieces": many_small_extension_segments,
    "IIM keywords": iim_keywords,
    "XMP subjects in a PNG": png_with_subjects,
}


@pytest.mark.parametrize("photo_name", PHOTOS)
def test_reading_a_hostile_photo_grows_linearly(photo_name):
    def read(content):
        read_embedded_metadata(content)

    largest = 64 * 1024 if photo_name == "IIM keywords" else LARGEST
    assert_linear(read, PHOTOS[photo_name], f"photo: {photo_name}", smallest=4096, largest=largest)


def test_the_shapes_are_what_they_say():
    one_segment = read_embedded_metadata(jpeg_of_segments(SEGMENT_PAYLOAD, non_standard_packets))
    assert len(one_segment.raw["xmp"]["photoshop:Headline"]["xmp:Label"]) > 2000
    assert len(read_embedded_metadata(iim_keywords(64 * 1024)).keywords) == 4000
    assert len(read_embedded_metadata(png_with_subjects(LARGEST // 4)).keywords) > 8000


def test_the_packet_budget_stops_a_megabyte_of_segments():
    metadata = read_embedded_metadata(jpeg_of_segments(LARGEST, non_standard_packets))

    assert "The embedded XMP metadata is too large and was ignored." in metadata.problems
