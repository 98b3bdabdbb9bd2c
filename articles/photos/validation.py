"""What the photo desk accepts as an upload, decided by the file's content and never by its name.

JPEG, PNG, WebP, AVIF and GIF (whose first frame is the photo) only. A file is refused when it is
empty, too large in bytes or in pixels (limits in settings, read on every call), cannot be fully
decoded (truncated or damaged), carries web markup in its opening bytes (HTML or SVG, or an image
with HTML stuck to its front: a polyglot a browser could be talked into running), or has a name
announcing something other than an image. Markup further in, in a comment, a metadata segment or
after the image's end, is taken out of the stored original (``hidden_markup``). A real image under
another image format's name (a PNG called ``.jpg``) is accepted: its stored name is generated from
its content hash with the right extension, so the upload's own name, however long or full of
``../``, never reaches the disk.

Every refusal is a :class:`PhotoRejected` carrying a message an editor can act on; the admin turns it
into a form error with ``ValidationError(error.message, code=error.code, params=error.params)``.
"""

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from articles.photos.hidden_markup import MarkupInPixels, without_hidden_markup
from articles.photos.renditions import ORIGINAL_FORMATS, oriented_size

DEFAULT_MAX_UPLOAD_BYTES = 40 * 1024 * 1024
DEFAULT_MAX_PIXELS = 60_000_000

# Pillow format: (stored extension, MIME type). MPO is how Pillow names the JPEGs most phones and
# many cameras write (a JPEG with extra preview frames).
STORED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "AVIF": ("avif", "image/avif"),
    "GIF": ("gif", "image/gif"),
}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "jpe", "jfif", "png", "webp", "avif", "gif"}
# Browsers sniff the first 512 bytes for HTML; we look at twice that. Only markers of five or more
# characters, so that compressed pixel data cannot match one by chance.
MARKUP_SNIFF_BYTES = 1024
MARKUP_MARKERS = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|svg|object|embed|style|title|meta\s)",
    re.IGNORECASE,
)
ORIGINAL_NAME_LENGTH = 200
HASH_READ_CHUNK = 1024 * 1024


class PhotoRejected(ValueError):
    """An upload the photo desk does not accept; ``str(error)`` is the message for the editor."""

    def __init__(self, message, *, code, params=None):
        self.message = message
        self.code = code
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class AcceptedPhoto:
    """An upload that passed: its bytes and what we now know about them.

    ``width`` and ``height`` are as the photo is meant to be seen (after EXIF orientation), the
    frame focal points and renditions refer to. ``storage_name`` is where the original goes;
    ``original_name`` is the upload's own name reduced to something safe to show, never to store.
    ``content`` is what is stored: ``received`` (the upload as it came, read for its metadata)
    without the comments and metadata segments that held web markup.
    """

    content: bytes
    received: bytes
    sha256: str
    format: str
    extension: str
    mime_type: str
    width: int
    height: int
    storage_name: str
    original_name: str
    renamed: bool


def max_upload_bytes():
    return getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_pixels():
    return getattr(settings, "PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def validate_upload(upload, filename=""):
    """Check ``upload`` (bytes or a file-like object such as Django's ``UploadedFile``) and return an
    :class:`AcceptedPhoto`, or raise :class:`PhotoRejected`."""
    filename = filename or getattr(upload, "name", "") or ""
    claimed_extension = _extension(filename)
    if claimed_extension and claimed_extension not in IMAGE_EXTENSIONS:
        raise PhotoRejected(
            _("“%(name)s” is not a photo: only JPEG, PNG, WebP, AVIF and GIF images can be uploaded."),
            code="unsupported_extension",
            params={"name": _display_name(filename)},
        )
    content = _read_limited(upload)
    if not content:
        raise PhotoRejected(_("The file is empty."), code="empty")
    if MARKUP_MARKERS.search(content[:MARKUP_SNIFF_BYTES]):
        _refuse_markup()
    image = _open_image(content)
    with image:
        _check_pixels(*image.size)
        width, height = oriented_size(image)  # before decoding: a JPEG decodes at a reduced size
        pillow_format = image.format
        _decode_fully(image)
    extension, mime_type = STORED_FORMATS[pillow_format]
    received = content
    try:
        # Markup further in (a comment, a metadata segment, bytes after the image) is taken out of
        # what is stored; the pixels stay as uploaded. The stored bytes are what the hash names.
        content = without_hidden_markup(content, pillow_format)
    except MarkupInPixels:
        _refuse_markup()
    sha256 = content_sha256(content)
    return AcceptedPhoto(
        content=content,
        received=received,
        sha256=sha256,
        format=pillow_format,
        extension=extension,
        mime_type=mime_type,
        width=width,
        height=height,
        storage_name=storage_name(sha256, extension),
        original_name=_display_name(filename),
        renamed=bool(claimed_extension) and _canonical(claimed_extension) != extension,
    )


def content_sha256(upload):
    """Hex SHA-256 of bytes or of a file-like object's content (read in chunks, position restored)."""
    if isinstance(upload, bytes | bytearray | memoryview):
        return hashlib.sha256(upload).hexdigest()
    digest = hashlib.sha256()
    position = upload.tell() if hasattr(upload, "tell") else None
    if hasattr(upload, "seek"):
        upload.seek(0)
    while chunk := upload.read(HASH_READ_CHUNK):
        digest.update(chunk)
    if position is not None:
        upload.seek(position)
    return digest.hexdigest()


def storage_name(sha256, extension):
    """Where an original is stored: ``photos/originals/ab/<sha256>.<ext>``, from content alone.

    Two folder levels keep any one directory small; the same file always maps to the same name,
    which is what duplicate detection relies on.
    """
    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        raise ValueError(f"Not a hex SHA-256 digest: {sha256!r}")
    if extension not in {stored for stored, _mime in STORED_FORMATS.values()}:
        raise ValueError(f"Not a stored photo extension: {extension!r}")
    return f"photos/originals/{sha256[:2]}/{sha256}.{extension}"


def _extension(filename):
    name = re.split(r"[\\/]", str(filename))[-1].strip().rstrip(".")
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _canonical(extension):
    return "jpg" if extension in ("jpeg", "jpe", "jfif") else extension


def _display_name(filename):
    name = re.split(r"[\\/]", str(filename))[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[:ORIGINAL_NAME_LENGTH]


def _read_limited(upload):
    limit = max_upload_bytes()
    if isinstance(upload, bytes | bytearray | memoryview):
        content = bytes(upload)
    else:
        declared_size = getattr(upload, "size", None)
        if isinstance(declared_size, int) and declared_size > limit:
            _refuse_size(limit)
        if hasattr(upload, "seek"):
            upload.seek(0)
        content = upload.read(limit + 1)
        if hasattr(upload, "seek"):
            upload.seek(0)
    if len(content) > limit:
        _refuse_size(limit)
    return content


def _refuse_markup():
    raise PhotoRejected(
        _("The file contains web page or SVG markup, not just an image, and was refused."),
        code="markup",
    )


def _refuse_size(limit):
    raise PhotoRejected(
        _("The file is larger than the %(limit)s allowed for a photo."),
        code="too_large",
        params={"limit": filesizeformat(limit)},
    )


def _open_image(content):
    try:
        with warnings.catch_warnings():
            # Our own pixel limit below is the one that counts; Pillow's warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(content), formats=ORIGINAL_FORMATS)
    except Image.DecompressionBombError:
        _refuse_pixels()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        if content.lstrip()[:1] == b"<":
            raise PhotoRejected(
                _("SVG and other text files cannot be uploaded: only JPEG, PNG, WebP, AVIF and GIF images."),
                code="unsupported_format",
            ) from None
        raise PhotoRejected(
            _("The file is not a JPEG, PNG, WebP, AVIF or GIF image, or it is damaged."),
            code="unsupported_format",
        ) from None


def _check_pixels(width, height):
    if width <= 0 or height <= 0 or width * height > max_pixels():
        _refuse_pixels()


def _refuse_pixels():
    limit = max_pixels()
    raise PhotoRejected(
        _("The image has more pixels than the %(megapixels)s megapixels allowed."),
        code="too_many_pixels",
        params={"megapixels": f"{limit / 1_000_000:g}"},
    )


def _decode_fully(image):
    """Decode every byte of the (first) frame, so that a truncated or corrupt file is refused now
    rather than when its first rendition is made. JPEGs are decoded at 1/8 scale: the decoder still
    reads the whole stream, in a fraction of the time and memory."""
    if image.format in ("JPEG", "MPO"):
        image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise PhotoRejected(
            _("The image is truncated or damaged and cannot be used. Please upload the file again."),
            code="damaged",
        ) from None
