"""Web markup hidden in a photo's non-pixel parts, taken out before the original is stored.

A JPEG comment, an XMP or IPTC segment, a PNG text chunk, a GIF comment or bytes after the image's
end can hold a whole HTML page while the pixels stay a perfectly good picture: a polyglot that a
browser, a misconfigured server or a download tool could be talked into treating as a page. The
opening bytes are checked by validation (a file that starts as markup is refused); here every other
part outside the compressed pixels is read, anywhere in the file, and a part holding markup is
dropped. The pixels are never touched, and the upload's metadata is read before this (its text is
cleaned on the way in), so an editor loses nothing but the payload.

Pixel data itself is not searched: compressed bytes match a short marker by chance every few
hundred megabytes, and a browser never sees them as text anyway. AVIF keeps its metadata inside
the same box as its pixels, so an AVIF is searched whole and refused when markup is found.
"""

import re
import zlib

# "<svg" or "<!doctype" followed by a blank, "/" or ">", as a browser's HTML sniffer reads them.
MARKUP = re.compile(
    rb"<(?:!doctype|\?php|html|head|body|script|iframe|svg|object|embed|style|title|meta)[\s/>]",
    re.IGNORECASE,
)
# Compressed PNG text is inflated only this far: enough for any caption, not for a bomb.
MAX_INFLATED_TEXT = 1024 * 1024
JPEG_METADATA_MARKERS = {*range(0xE0, 0xF0), 0xFE}  # APP0-APP15 (EXIF, XMP, IPTC...) and COM
JPEG_STANDALONE_MARKERS = {*range(0xD0, 0xD8), 0x01}  # restart markers and TEM carry no length
GIF_GRAPHIC_CONTROL = 0xF9
WEBP_PIXEL_CHUNKS = {b"VP8 ", b"VP8L", b"ALPH", b"ANMF"}
WEBP_FLAGS = {b"EXIF": 0x08, b"XMP ": 0x04, b"ICCP": 0x20}


class MarkupInPixels(ValueError):
    """A format whose metadata cannot be separated from its pixels (AVIF) holds markup."""


def holds_markup(data):
    return MARKUP.search(data) is not None


def without_hidden_markup(content, pillow_format):
    """``content`` without the comments, metadata and trailing bytes that hold markup (the same
    bytes object when there are none). Raises :class:`MarkupInPixels` for an AVIF holding markup."""
    if pillow_format in ("JPEG", "MPO"):
        return jpeg_without_markup(content)
    if pillow_format == "PNG":
        return png_without_markup(content)
    if pillow_format == "GIF":
        return gif_without_markup(content)
    if pillow_format == "WEBP":
        return webp_without_markup(content)
    if holds_markup(content):
        raise MarkupInPixels(pillow_format)
    return content


def rebuilt(content, parts, dropped):
    return b"".join(parts) if dropped else content


def with_clean_tail(content, parts, dropped, end):
    """``parts`` plus whatever follows the image's end, unless that holds markup."""
    trailing = content[end:]
    if trailing and holds_markup(trailing):
        dropped = True
    else:
        parts.append(trailing)
    return rebuilt(content, parts, dropped)


def jpeg_without_markup(content):
    size, position, parts, dropped = len(content), 2, [content[:2]], False
    while position + 4 <= size and content[position] == 0xFF:
        marker = content[position + 1]
        if marker == 0xFF:  # a fill byte before the marker
            parts.append(content[position : position + 1])
            position += 1
            continue
        if marker == 0xD9:  # end of image
            parts.append(content[position : position + 2])
            return with_clean_tail(content, parts, dropped, position + 2)
        if marker in JPEG_STANDALONE_MARKERS:
            parts.append(content[position : position + 2])
            position += 2
            continue
        end = position + 2 + int.from_bytes(content[position + 2 : position + 4], "big")
        segment = content[position:end]
        if marker in JPEG_METADATA_MARKERS and holds_markup(segment):
            dropped = True
        else:
            parts.append(segment)
        position = end
        if marker == 0xDA:  # start of scan: compressed pixels up to the next real marker
            scan_end = next_jpeg_marker(content, position)
            parts.append(content[position:scan_end])
            position = scan_end
    parts.append(content[position:])
    return rebuilt(content, parts, dropped)


def next_jpeg_marker(content, position):
    """Where the compressed data from ``position`` ends: the first 0xFF not followed by a stuffed
    zero, a restart marker or another 0xFF."""
    found = content.find(b"\xff", position)
    while found != -1 and found + 1 < len(content):
        following = content[found + 1]
        if following != 0x00 and following != 0xFF and following not in JPEG_STANDALONE_MARKERS:
            return found
        found = content.find(b"\xff", found + 1)
    return len(content)


def png_without_markup(content):
    size, position, parts, dropped = len(content), 8, [content[:8]], False
    while position + 12 <= size:
        length = int.from_bytes(content[position : position + 4], "big")
        kind = content[position + 4 : position + 8]
        end = position + 12 + length
        chunk = content[position:end]
        ancillary = kind[:1].islower()  # critical chunks (IHDR, PLTE, IDAT, IEND) are the picture
        if ancillary and png_chunk_holds_markup(kind, content[position + 8 : position + 8 + length]):
            dropped = True
        else:
            parts.append(chunk)
        position = end
        if kind == b"IEND":
            return with_clean_tail(content, parts, dropped, position)
    parts.append(content[position:])
    return rebuilt(content, parts, dropped)


def png_chunk_holds_markup(kind, data):
    if holds_markup(data):
        return True
    compressed = None
    if kind == b"zTXt" and b"\x00" in data:
        compressed = data[data.index(b"\x00") + 2 :]
    elif kind == b"iTXt" and b"\x00" in data:
        keyword_end = data.index(b"\x00")
        if data[keyword_end + 1 : keyword_end + 2] == b"\x01":
            # flag, method, language tag and translated keyword (both NUL-ended) come before the text
            rest = data[keyword_end + 3 :]
            compressed = rest.split(b"\x00", 2)[-1]
    if compressed is None:
        return False
    try:
        inflated = zlib.decompressobj().decompress(compressed, MAX_INFLATED_TEXT)
    except zlib.error:
        return False
    return holds_markup(inflated)


def gif_without_markup(content):
    size = len(content)
    if size < 13:
        return content
    flags = content[10]
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    parts, dropped = [content[:position]], False
    while position < size:
        introducer = content[position]
        if introducer == 0x3B:  # trailer
            parts.append(content[position : position + 1])
            return with_clean_tail(content, parts, dropped, position + 1)
        if introducer == 0x21:  # extension: label, then data sub-blocks
            label = content[position + 1] if position + 1 < size else 0
            end, data = gif_sub_blocks(content, position + 2)
            block = content[position:end]
            if label != GIF_GRAPHIC_CONTROL and (holds_markup(block) or holds_markup(data)):
                dropped = True
            else:
                parts.append(block)
        elif introducer == 0x2C:  # image: descriptor, local colour table, LZW code size, pixels
            local = content[position + 9] if position + 9 < size else 0
            start = position + 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
            end, _pixels = gif_sub_blocks(content, start)
            parts.append(content[position:end])
        else:
            break  # not a block this reader knows: leave the rest as it is
        position = end
    parts.append(content[position:])
    return rebuilt(content, parts, dropped)


def gif_sub_blocks(content, position):
    """``(end, data)`` of the sub-blocks starting at ``position`` (a zero length ends them)."""
    pieces = []
    while position < len(content) and content[position] != 0:
        length = content[position]
        pieces.append(content[position + 1 : position + 1 + length])
        position += 1 + length
    return min(position + 1, len(content)), b"".join(pieces)


def webp_without_markup(content):
    size, position, parts, dropped, cleared = len(content), 12, [], False, 0
    while position + 8 <= size:
        kind = content[position : position + 4]
        length = int.from_bytes(content[position + 4 : position + 8], "little")
        end = min(position + 8 + length + (length & 1), size)
        chunk = content[position:end]
        if kind not in WEBP_PIXEL_CHUNKS and kind != b"VP8X" and holds_markup(chunk):
            dropped = True
            cleared |= WEBP_FLAGS.get(kind, 0)
        else:
            parts.append(chunk)
        position = end
    if not dropped:
        return content if not holds_markup(content[position:]) else content[:position]
    body = b"".join(parts)
    if body[:4] == b"VP8X":  # the extended header says which metadata chunks follow
        body = body[:8] + bytes([body[8] & ~cleared & 0xFF]) + body[9:]
    return b"RIFF" + (len(body) + 4).to_bytes(4, "little") + b"WEBP" + body
