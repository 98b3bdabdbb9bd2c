"""Renditions on the public site: their addresses, and the view that makes each one once.

An address says everything needed to make the picture, so templates build ``srcset`` lists from
the photo row they already hold, with no query::

    /media/renditions/<photo id>/<token>/w640-c16x9-f500x400.webp
    /media/renditions/<photo id>/<token>/w1280.jpg   (also .avif where Pillow writes AVIF)

``token`` is a short hash of the original file and the rendition recipe version, so a replaced
file or a changed recipe gives new addresses that browsers and CDNs cannot confuse with the old
ones. ``c16x9`` is the crop ratio and ``f500x400`` the focal point in thousandths (crops only).

The first request for an address makes the rendition with ``articles.photos.renditions`` and stores
it under the same path in the default storage (the local folder or an S3 bucket: ``MEDIA_STORAGE_URL``);
every later request serves the stored file. Only the widths, crops and formats the site itself uses
are made: anything else is a 404.

Readers get renditions of the photos ``Photo.objects.shown_publicly()`` names (a published story's,
an author page's); other photos only with a staff session (the admin preview), never cached by a
shared cache. A wrong token is a 404, so an address cannot be guessed from a photo id. Every request
asks Django (one query), so a front web server must not serve ``MEDIA_ROOT/renditions/`` itself, nor
a CDN take renditions straight from the bucket: a file stored for a staff preview, or for a story since
withdrawn, would be public again. A CDN whose origin is this site (``MEDIA_URL`` on its host) keeps the
public answers (``immutable``) and spares Django the repeat requests.
"""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils import timezone

from ..models import Photo
from . import renditions

RENDITIONS_FOLDER = "renditions"
# extension: renditions format name. AVIF only where this Pillow can write it.
DELIVERED_FORMATS = {"webp": "webp", "jpg": "jpeg"}
if "avif" in renditions.supported_formats():
    DELIVERED_FORMATS = {"avif": "avif", **DELIVERED_FORMATS}
FORMAT_EXTENSIONS = {name: extension for extension, name in DELIVERED_FORMATS.items()}
CROP_NAMES = "|".join(crop.replace(":", "x") for crop in renditions.CROP_RATIOS)
NAME_PATTERN = re.compile(
    rf"^w(?P<width>[1-9]\d{{1,3}})(?:-c(?P<crop>{CROP_NAMES})-f(?P<fx>\d{{1,4}})x(?P<fy>\d{{1,4}}))?"
    r"\.(?P<extension>avif|webp|jpg)$"
)
# A year: the address changes whenever the picture could.
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"
# A picture readers may not see yet (a draft's, seen in the admin preview): no shared cache keeps it.
PRIVATE_CACHE_CONTROL = "private, no-store"


@dataclass(frozen=True)
class RenditionRequest:
    width: int
    crop: str | None
    focal_point: tuple | None  # thousandths, crops only
    format: str

    @property
    def filename(self):
        framing = ""
        if self.crop:
            framing = "-c{}-f{}x{}".format(self.crop.replace(":", "x"), *self.focal_point)
        return f"w{self.width}{framing}.{FORMAT_EXTENSIONS[self.format]}"

    @classmethod
    def from_filename(cls, filename):
        match = NAME_PATTERN.match(filename)
        if not match:
            return None
        crop = match["crop"].replace("x", ":") if match["crop"] else None
        focal_point = (int(match["fx"]), int(match["fy"])) if crop else None
        if focal_point and max(focal_point) > 1000:
            return None
        return cls(int(match["width"]), crop, focal_point, DELIVERED_FORMATS[match["extension"]])


def photo_token(photo):
    """Eight hex digits naming the original file and the rendition recipe.

    Remembered on the photo object for as long as its file is the same: a picture's ``srcset``
    asks for it once per width and format.
    """
    source = photo.file_hash or photo.image.name
    remembered = photo.__dict__.get("_rendition_token")
    if remembered and remembered[0] == source:
        return remembered[1]
    token = hashlib.sha256(f"{source}:{renditions.RENDITION_VERSION}".encode()).hexdigest()[:8]
    photo.__dict__["_rendition_token"] = (source, token)
    return token


def focal_thousandths(photo, focal_point=None):
    """The focal point a crop is made around, in thousandths: ``focal_point`` (a story's own for its
    lead photo) or else the photo's."""
    x, y = focal_point or (photo.focal_point_x, photo.focal_point_y)
    return (round(x * 1000), round(y * 1000))


def is_showable(photo, at=None):
    """Mirror of ``PhotoQuerySet.usable()`` for a photo in hand (no query)."""
    return bool(photo and photo.image) and (
        photo.expires_at is None or photo.expires_at > (at or timezone.now())
    )


def available_widths(photo, crop=None, max_width=None):
    """The widths the site offers for ``photo``: standard widths below the original, plus the
    original's own width when it is narrower than the widest standard size."""
    widths = renditions.srcset_widths(photo.width, photo.height, crop)
    if max_width:
        capped = [width for width in widths if width <= max_width]
        widths = capped or widths[:1]
    return widths


def rendition_for(photo, width, crop=None, fmt="jpeg", focal_point=None):
    focal_point = focal_thousandths(photo, focal_point) if crop else None
    return RenditionRequest(width, crop, focal_point, fmt)


def rendition_path(photo, request):
    return f"{RENDITIONS_FOLDER}/{photo.pk}/{photo_token(photo)}/{request.filename}"


def rendition_url(photo, width, crop=None, fmt="jpeg", focal_point=None):
    return settings.MEDIA_URL + rendition_path(photo, rendition_for(photo, width, crop, fmt, focal_point))


def rendition_size(photo, width, crop=None):
    """The pixel size a rendition will have, for ``width``/``height`` attributes (no query)."""
    spec = renditions.RenditionSpec(width=width, crop=crop)
    return renditions.output_size(photo.width, photo.height, spec, (photo.focal_point_x, photo.focal_point_y))


def serve_rendition(request, photo_id, token, filename):
    """Make (once) and send one rendition. One query: the photo, if its usage rights allow, and
    whether readers see it; a photo they do not see only to staff."""
    wanted = RenditionRequest.from_filename(filename)
    if wanted is None:
        raise Http404("Not a rendition this site makes.")
    photo = Photo.objects.usable().with_shown_publicly().filter(pk=photo_id).first()
    if photo is None or not photo.image:
        raise Http404("No such photo.")
    # The session is read only for photos readers do not see, so public renditions do not vary by cookie.
    if not (photo.is_shown_publicly or is_staff(request.user)):
        raise Http404("No such photo.")
    if token != photo_token(photo):
        # Never sent on to the right address: that would hand out every photo by its id.
        raise Http404("No such rendition.")
    if wanted.width not in available_widths(photo, wanted.crop):
        raise Http404("Not a size this site makes of this photo.")
    current = rendition_for(photo, wanted.width, wanted.crop, wanted.format)
    if wanted != current and not is_story_framing(photo, wanted):
        # A page cached before the photo's focal point moved.
        return HttpResponseRedirect(settings.MEDIA_URL + rendition_path(photo, current))

    current = wanted
    path = rendition_path(photo, current)
    try:
        # Opened without asking first whether it exists: one round trip to an S3 bucket, not two.
        stored = default_storage.open(path, "rb")
    except FileNotFoundError:
        focal_point = (current.focal_point[0] / 1000, current.focal_point[1] / 1000) if current.crop else None
        with photo.image.open("rb") as original:
            rendered = renditions.render(
                original.read(),
                renditions.RenditionSpec(width=current.width, crop=current.crop, format=current.format),
                focal_point,
            )
        saved_as = default_storage.save(path, ContentFile(rendered.content))
        if saved_as != path:  # another request stored it first; keep theirs
            default_storage.delete(saved_as)
        stored = default_storage.open(path, "rb")
    response = FileResponse(stored, content_type=renditions.OUTPUT_FORMATS[current.format][2])
    response["Cache-Control"] = IMMUTABLE_CACHE_CONTROL if photo.is_shown_publicly else PRIVATE_CACHE_CONTROL
    return response


def is_story_framing(photo, wanted):
    """Whether a crop around a focal point other than the photo's is one a story asks for: the focal
    point it set for its lead photo (``Story.lead_photo_focal_x``/``_y``). One query, asked only for
    such addresses; any other focal point would let anyone fill the storage with crops."""
    from ..models import Story

    if not wanted.crop:
        return False
    x, y = (value / 1000 for value in wanted.focal_point)
    half = 0.0005  # the address holds thousandths; the story's values are rounded to them when saved
    return Story.objects.filter(
        lead_photo=photo,
        lead_photo_focal_x__gte=x - half,
        lead_photo_focal_x__lte=x + half,
        lead_photo_focal_y__gte=y - half,
        lead_photo_focal_y__lte=y + half,
    ).exists()


def is_staff(user):
    """A desk session (the admin's own test), which may see pictures readers may not see yet."""
    return user.is_active and user.is_staff
