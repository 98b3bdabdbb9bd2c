"""Agency pictures onto ``Photo`` rows: fetched, checked by the photo desk's rules, stored once.

Fetching (network or disk) happens before the item's transaction opens, in :func:`fetch_picture`;
:func:`store_picture` then runs inside it. The same file always ends up as the same ``Photo`` (its
SHA-256 is unique), and words missing from the feed are taken from the IPTC/XMP inside the file.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Photo
from articles.photos.metadata import EmbeddedMetadata, read_embedded_metadata
from articles.photos.validation import PhotoRejected, validate_upload

from .transports import TransportError, is_url, read_reference, resolve_reference


class PictureFailed(Exception):
    """A picture that cannot be imported, with the reason (the href is part of the message)."""

    def __init__(self, href, reason):
        self.href = href
        self.reason = reason
        super().__init__(f"picture {href!r}: {reason}")


@dataclass
class FetchedPicture:
    """A picture's checked bytes and the words that go with it, ready to be stored."""

    accepted: object  # articles.photos.validation.AcceptedPhoto
    embedded: EmbeddedMetadata
    agency_photo: object  # articles.ingest.items.AgencyPhoto
    location: str


def fetch_picture(document, agency_photo, *, remote=True):
    """Read and check the file ``agency_photo`` points to, relative to ``document``.

    Raises :class:`PictureFailed` with a reason an editor can act on. ``remote=False`` refuses
    http(s) files (dry runs and offline corpus tests) without touching the network.
    """
    href = agency_photo.href
    try:
        location = resolve_reference(document.base, href)
        if is_url(location) and not remote:
            raise PictureFailed(href, "remote pictures are not fetched in this run")
        content = read_reference(document, href)
    except TransportError as error:
        raise PictureFailed(href, error.reason) from None
    try:
        accepted = validate_upload(content, filename=file_name(location))
    except PhotoRejected as error:
        raise PictureFailed(href, str(error)) from None
    return FetchedPicture(
        accepted=accepted,
        embedded=read_embedded_metadata(accepted.content),
        agency_photo=agency_photo,
        location=location,
    )


def file_name(location):
    path = urlsplit(location).path if is_url(location) else location
    return PurePosixPath(unquote(path).replace("\\", "/")).name


def store_picture(fetched, *, agency=None, fallback_zone=None):
    """The ``Photo`` for ``fetched``: the one already holding the same file, or a new one.

    Feed words win over embedded ones; the embedded ones fill what the feed left empty. Must run in
    a transaction (the item's); a concurrent import storing the same file first is re-read.
    """
    accepted = fetched.accepted
    existing = Photo.objects.filter(file_hash=accepted.sha256).first()
    if existing is not None:
        return existing, False
    agency_photo, embedded = fetched.agency_photo, fetched.embedded
    photo = Photo(
        caption=agency_photo.caption or embedded.caption,
        credit=(agency_photo.credit or embedded.credit)[:200],
        photographer=(agency_photo.photographer or embedded.photographer)[:200],
        copyright_notice=(agency_photo.copyright or embedded.copyright_notice)[:300],
        usage_terms=embedded.usage_terms,
        alt_text=(agency_photo.alt_text or embedded.alt_text)[:500],
        headline=(agency_photo.headline or embedded.headline)[:300],
        keywords=list(embedded.keywords),
        city=embedded.city[:120],
        country=embedded.country[:120],
        date_created=aware_moment(embedded.date_created, fallback_zone),
        agency=agency if agency is not None and agency.pk else None,
        source_identifier=(agency_photo.guid or fetched.location)[:500],
        file_hash=accepted.sha256,
        embedded_metadata=embedded.raw,
        width=accepted.width,
        height=accepted.height,
    )
    photo.image.name = save_original(accepted)
    try:
        with transaction.atomic():
            photo.save()
    except IntegrityError:
        # Another import stored the same file a moment ago; theirs is the one photo for it.
        again = Photo.objects.filter(file_hash=accepted.sha256).first()
        if again is None:
            raise
        return again, False
    return photo, True


def save_original(accepted):
    """Put the file at its content-derived name, once; the same bytes always land at the same name."""
    name = accepted.storage_name
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(accepted.content))
        if saved != name:
            # Another process wrote the same file between our check and our save: keep theirs.
            default_storage.delete(saved)
    return name


def aware_moment(value, zone=None):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            return value
        return timezone.make_aware(value, zone or timezone.get_default_timezone())
    # A date alone: the start of that day where the picture was filed (or in the newsroom's zone).
    return timezone.make_aware(dt.datetime.combine(value, dt.time()), zone or timezone.get_default_timezone())
