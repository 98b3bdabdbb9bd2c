"""Agency pictures onto ``Photo`` rows, through the photo library's own ``store_photo``.

Fetching (network or disk) happens before the item's transaction opens, in :func:`fetch_picture`;
:func:`store_picture` then runs inside it. The photo desk's :func:`~articles.photos.library.store_photo`
checks the file, stores it once (the same bytes are always the same ``Photo``) and fills what the
feed leaves empty from the IPTC/XMP inside the file; the feed's own words win. The same picture
the agency sent before in another file (re-encoded or resized: an update's re-transmission) is the
photo already stored, as the same file would be; another agency's copy of it is a photo of its own
(its credit and rights are that agency's).

Pictures come with a story (the shaper stores them for it) or alone, as an agency's picture service
sends them: :func:`import_library_picture` files those in the photo library, where the desk picks
them for stories of its own, and a kill of one ends its use from now on.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils import timezone

from articles.models import Photo
from articles.photos.library import PhotoRejected, PhotoStorageFailed, file_photo

from .tally import PICTURE_ADDED, PICTURE_EXISTING, PICTURE_FAILED, PICTURE_WITHDRAWN
from .transports import TransportError, is_url, read_reference, resolve_reference


class PictureFailed(Exception):
    """A picture that cannot be imported, with the reason (the href is part of the message)."""

    def __init__(self, href, reason):
        self.href = href
        self.reason = reason
        super().__init__(f"picture {href!r}: {reason}")


@dataclass
class FetchedPicture:
    """A picture's bytes and the words the agency sent with it, ready to be stored."""

    content: bytes
    location: str
    agency_photo: object  # articles.ingest.items.AgencyPhoto


def fetch_picture(document, agency_photo, *, remote=True):
    """Read the file ``agency_photo`` points to, relative to ``document``.

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
    return FetchedPicture(content=content, location=location, agency_photo=agency_photo)


def file_name(location):
    path = urlsplit(location).path if is_url(location) else location
    return PurePosixPath(unquote(path).replace("\\", "/")).name


def store_picture(fetched, *, agency=None):
    """``(photo, created)`` for ``fetched``: the photo already holding the same file (or the same
    picture, from the same agency), or a new one."""
    agency_photo = fetched.agency_photo
    try:
        stored = file_photo(
            fetched.content,
            filename=file_name(fetched.location),
            agency=agency if agency is not None and agency.pk else None,
            defaults={
                "caption": agency_photo.caption,
                "credit": agency_photo.credit,
                "photographer": agency_photo.photographer,
                "copyright_notice": agency_photo.copyright,
                "alt_text": agency_photo.alt_text,
                "headline": agency_photo.headline,
                "source_identifier": agency_photo.guid or fetched.location,
            },
            similar="reuse",
        )
    except (PhotoRejected, PhotoStorageFailed) as error:
        raise PictureFailed(agency_photo.href, str(error)) from None
    return stored.photo, stored.created


def import_library_picture(entry, *, dry_run, remote, reporter):
    """A picture that arrived alone (``entry``: the importer's item, document and agency) into the
    photo library; returns its outcome for the tally. A refused picture is reported, not raised:
    it costs only itself."""
    item, agency = entry.item, entry.agency
    if item.is_canceled:
        if not dry_run and agency.pk:
            Photo.objects.filter(agency=agency, source_identifier=item.guid).update(expires_at=timezone.now())
        return PICTURE_WITHDRAWN
    if dry_run:
        return PICTURE_ADDED
    agency_photo = item.photos[0]
    agency_photo.guid = agency_photo.guid or item.guid
    agency_photo.headline = agency_photo.headline or item.headline
    try:
        fetched = fetch_picture(entry.document, agency_photo, remote=remote)
        with transaction.atomic():
            _photo, created = store_picture(fetched, agency=agency)
    except PictureFailed as error:
        reporter.failure(entry.document.name, item.guid, f"picture not imported: {error.reason}")
        return PICTURE_FAILED
    return PICTURE_ADDED if created else PICTURE_EXISTING
