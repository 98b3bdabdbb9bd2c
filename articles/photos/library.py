"""Putting a photo into the library: the one way a file becomes a :class:`~articles.models.Photo`.

The admin upload, the bulk upload page, the picture chooser, ``manage.py import_photos`` and the
agency importer all call :func:`store_photo` (or :func:`file_photo`, which says more about what it
found), so every photo is validated, hashed, de-duplicated and captioned from its embedded metadata
the same way.

The same file is always the same photo. The same *picture* in another file (re-encoded, resized,
slightly cropped: :mod:`articles.photos.fingerprints`) is the caller's choice, ``similar=``:

- ``"store"``: stored as a new photo;
- ``"reuse"``: the existing photo is used when it is the same picture (``SAME_PICTURE``), comes from
  the same agency (or the new file from none) and the new file's words (caption, credit, rights:
  ``WORDS_THAT_DIFFER``) are empty or the same (importers: an agency's re-sent picture, a folder
  imported twice; the story form's own upload); a look-alike, or the same picture with a corrected
  caption, is stored and reported (``StoredPhoto.look_alikes``);
- ``"ask"``: nothing is stored when the library holds a look-alike (``LOOKS_ALIKE``):
  :class:`LooksLikeExisting` carries them, so the desk can offer "use the existing photo".

Ordering matters for "no row ever points at a missing file": the original is written to storage
first (under a name made from its content hash), checked, and only then is the row inserted; if
the insert fails the file we wrote is removed again. A crash between the two leaves at worst an
unreferenced file, never a row without its picture.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Photo
from .fingerprints import LOOKS_ALIKE, SAME_PICTURE, fingerprint_fields, perceptual_hash, similar_photos
from .keywords import desk_keywords
from .metadata import read_embedded_metadata
from .storage_errors import failure_reason, storage_errors
from .validation import PhotoRejected, content_sha256, validate_upload

__all__ = [
    "LooksLikeExisting",
    "PhotoRejected",
    "PhotoStorageFailed",
    "StoredPhoto",
    "embedded_field_values",
    "file_photo",
    "store_photo",
]

logger = logging.getLogger(__name__)

# Photo fields filled from embedded metadata when the caller gives no value of its own.
EMBEDDED_FIELDS = (
    "caption",
    "headline",
    "credit",
    "photographer",
    "copyright_notice",
    "usage_terms",
    "alt_text",
    "keywords",
    "city",
    "country",
    "date_created",
)
# What makes the same picture another photo: readers see these, and the rights follow them.
WORDS_THAT_DIFFER = ("caption", "headline", "credit", "photographer", "copyright_notice", "usage_terms")
# Further fields a caller may set through ``defaults``.
CALLER_FIELDS = ("source_identifier", "expires_at", "focal_point_x", "focal_point_y")


class PhotoStorageFailed(RuntimeError):
    """The original could not be written to storage; no photo was created."""

    def __init__(self, message, *, original_name=""):
        self.message = message
        self.original_name = original_name
        super().__init__(str(message))


class LooksLikeExisting(Exception):
    """The library already holds this picture in another file (``similar="ask"``); nothing was
    stored. ``look_alikes``: ``[(distance in bits, photo), ...]``, closest first."""

    def __init__(self, look_alikes, *, original_name=""):
        self.look_alikes = look_alikes
        self.original_name = original_name
        super().__init__(f"looks like photo #{look_alikes[0][1].pk}")

    @property
    def closest(self):
        return self.look_alikes[0][1]


@dataclass(frozen=True)
class StoredPhoto:
    """What :func:`file_photo` did: the photo, whether it is new, and why not."""

    photo: Photo
    created: bool
    same_file: bool = False  # the very file was in the library already
    same_picture: bool = False  # another file of the same picture was (``similar="reuse"``)
    look_alikes: tuple = ()  # ``(distance, photo)``: pictures a new photo resembles


def store_photo(upload_or_bytes, **options):
    """Validate, de-duplicate and store one photo; return ``(photo, created)``. The options are
    :func:`file_photo`'s."""
    stored = file_photo(upload_or_bytes, **options)
    return stored.photo, stored.created


def file_photo(
    upload_or_bytes, *, filename="", agency=None, uploaded_by=None, defaults=None, similar="store"
):
    """Validate, de-duplicate and store one photo; return a :class:`StoredPhoto`.

    ``upload_or_bytes`` is bytes or a file-like object (a Django ``UploadedFile``, an open file).
    ``filename`` is the name the file came with, used only to check its extension and shown to
    editors (the stored name is generated). ``defaults`` maps Photo field names to values the caller
    knows better than the file (an agency feed's caption and credit, an editor's typed alt text);
    empty values there fall back to the embedded metadata.

    The same file stored before returns the existing photo with ``created=False``, untouched; the
    same picture in another file as ``similar`` says (the module's docstring). Raises
    :class:`PhotoRejected` for a file the desk does not accept, :class:`LooksLikeExisting` (only with
    ``similar="ask"``) and :class:`PhotoStorageFailed` when the original cannot be written; in each
    case nothing is saved.
    """
    if similar not in ("store", "reuse", "ask"):
        raise ValueError(f"similar must be 'store', 'reuse' or 'ask', not {similar!r}.")
    defaults = dict(defaults or {})
    unknown = set(defaults) - set(EMBEDDED_FIELDS) - set(CALLER_FIELDS)
    if unknown:
        raise TypeError(f"store_photo() cannot set {', '.join(sorted(unknown))}.")
    filename = filename or getattr(upload_or_bytes, "name", "") or ""

    accepted = validate_upload(upload_or_bytes, filename)
    existing = Photo.objects.filter(file_hash=accepted.sha256).first()
    if existing is not None:
        return StoredPhoto(existing, created=False, same_file=True)
    picture_hash = _picture_hash(accepted)
    look_alikes = ()
    if similar != "store":
        look_alikes = tuple(similar_photos(picture_hash, within=LOOKS_ALIKE))
    if similar == "ask" and look_alikes:
        raise LooksLikeExisting(list(look_alikes), original_name=accepted.original_name)
    # The upload as received: its captions and credits are read (and cleaned to plain text) even
    # where the segment holding them is left out of the stored original for carrying markup.
    embedded = read_embedded_metadata(accepted.received)
    values = _field_values(embedded, defaults)
    if similar == "reuse":
        same = [
            photo
            for bits, photo in look_alikes
            if bits <= SAME_PICTURE
            and (agency is None or photo.agency_id == agency.pk)
            and _says_nothing_new(values, photo)
        ]
        if same:
            return StoredPhoto(same[0], created=False, same_picture=True)

    photo = Photo(
        width=accepted.width,
        height=accepted.height,
        agency=agency,
        uploaded_by=uploaded_by,
        file_hash=accepted.sha256,
        **fingerprint_fields(picture_hash),
        embedded_metadata=_embedded_record(embedded, accepted.original_name),
        **values,
    )

    storage = Photo._meta.get_field("image").storage
    stored_name, written = _write_original(storage, accepted)
    photo.image.name = stored_name
    try:
        with transaction.atomic():
            photo.save()
    except IntegrityError:
        _remove_unreferenced(storage, stored_name, written)
        # Someone stored the same file a moment ago: theirs is the photo.
        existing = Photo.objects.filter(file_hash=accepted.sha256).first()
        if existing is None:
            raise
        return StoredPhoto(existing, created=False, same_file=True)
    except BaseException:
        _remove_unreferenced(storage, stored_name, written)
        raise
    return StoredPhoto(photo, created=True, look_alikes=look_alikes)


def _says_nothing_new(values, photo):
    """Whether a file's words (``values``) leave ``photo``'s as they are: each is empty or the same.
    The same picture with a corrected caption or another credit is a photo of its own."""
    return all(not values.get(name) or values[name] == getattr(photo, name) for name in WORDS_THAT_DIFFER)


def _picture_hash(accepted):
    try:
        return perceptual_hash(accepted.content)
    except (OSError, ValueError):  # validated already; a picture without a hash is still a photo
        logger.warning("No perceptual hash for %s", accepted.original_name or accepted.sha256)
        return ""


def embedded_field_values(source):
    """The Photo field values the embedded metadata of ``source`` suggests (for prefilled forms)."""
    return _field_values(read_embedded_metadata(source), {})


def aware_date_created(value):
    """Photo.date_created from a metadata date: a plain date is midnight in the newsroom's zone."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            return timezone.make_aware(value, timezone.get_default_timezone())
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time()), timezone.get_default_timezone())


def _field_values(embedded, defaults):
    values = {}
    for name in EMBEDDED_FIELDS:
        given = defaults.get(name)
        if given in (None, "", [], ()):
            given = _embedded_value(embedded, name)
        if name == "keywords":
            values[name] = desk_keywords(given or [])  # an agency's codes are not keywords
        elif name == "date_created":
            values[name] = aware_date_created(given)
        else:
            values[name] = _fit(name, given or "")
    for name in CALLER_FIELDS:
        if defaults.get(name) not in (None, ""):
            values[name] = _fit(name, defaults[name]) if name == "source_identifier" else defaults[name]
    return values


def _embedded_value(embedded, name):
    if name == "keywords":
        return list(embedded.keywords)
    return getattr(embedded, name)


def _fit(name, text):
    """Trim a value to its column: metadata has no length limits, our columns do."""
    text = str(text).strip()
    max_length = Photo._meta.get_field(name).max_length
    return text[:max_length] if max_length else text


def _embedded_record(embedded, original_name):
    """What goes into Photo.embedded_metadata: the values as found, and as we read them."""
    read_values = {name: _embedded_value(embedded, name) for name in EMBEDDED_FIELDS}
    read_values.update(
        title=embedded.title,
        source=embedded.source,
        instructions=embedded.instructions,
        country_code=embedded.country_code,
        transmission_reference=embedded.transmission_reference,
    )
    if embedded.date_created is not None:
        read_values["date_created"] = embedded.date_created.isoformat()
    record = {"read": {key: value for key, value in read_values.items() if value}, **embedded.raw}
    if embedded.problems:
        record["problems"] = list(embedded.problems)
    if original_name:
        record["original_name"] = original_name
    return record


def _write_original(storage, accepted):
    """Write the original under its content-derived name; return ``(name, written_by_us)``.

    A file already at that name (a photo deleted while its file stayed, or an earlier attempt that
    died before its row) is reused when its bytes are exactly ours, and replaced otherwise.
    """
    name = accepted.storage_name
    try:
        if storage.exists(name):
            if _stored_copy_matches(storage, name, accepted):
                return name, False
            storage.delete(name)
        saved_name = storage.save(name, ContentFile(accepted.content))
        if not _stored_copy_matches(storage, saved_name, accepted):
            storage.delete(saved_name)
            raise OSError("the stored copy does not match the upload")
    except storage_errors() as error:  # a full disk, a bucket that refuses or cannot be reached
        _remove_unreferenced(storage, name, written=True)  # a partly written file must not stay
        logger.error("Could not store photo original %s: %s", name, error)
        raise PhotoStorageFailed(
            _("The photo could not be saved to storage (%(reason)s). Nothing was saved; please try again.")
            % {"reason": failure_reason(error)},
            original_name=accepted.original_name,
        ) from error
    return saved_name, True


def _stored_copy_matches(storage, name, accepted):
    if storage.size(name) != len(accepted.content):
        return False
    with storage.open(name, "rb") as stored:
        return content_sha256(stored) == accepted.sha256


def _remove_unreferenced(storage, name, written):
    if not written:
        return  # the file was there before us, with exactly our bytes: it may be someone's
    try:
        referenced = Photo.objects.filter(image=name).exists()
    except DatabaseError:
        referenced = False  # we wrote it moments ago, so no committed row can hold it but a racer's
    if not referenced:
        _delete_quietly(storage, name)


def _delete_quietly(storage, name):
    try:
        storage.delete(name)
    except storage_errors():
        logger.warning("Could not remove photo file %s after a failed save", name)
