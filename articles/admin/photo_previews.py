"""The desk's own previews of photos: thumbnails for lists and pickers, the review page's pictures and
the focal-point picture, made once by the one rendition code path and kept in storage.

Unlike the site's renditions (``articles.photos.delivery``) these are for staff only, of any photo
(expired ones too: editors still need to see what they are deciding about), and their addresses are
built from the photo row alone, so a page of thumbnails costs no query per picture.
"""

import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html

from ..models import Photo
from ..photos import renditions

THUMBNAIL_WIDTH = 160
REVIEW_WIDTH = 400
PREVIEW_WIDTH = 800
# Every width a desk page asks for must be here: the preview view makes only these (the review page
# once asked for 400 px while only 160 and 800 were made, and every one of its pictures was a 404).
PREVIEW_WIDTHS = (THUMBNAIL_WIDTH, REVIEW_WIDTH, PREVIEW_WIDTH)
PREVIEW_FOLDER = "photos/previews"


def preview_token(photo):
    """Names the original file, so a preview address changes when the file does."""
    source = photo.file_hash or photo.image.name
    return hashlib.sha256(f"{source}:{renditions.RENDITION_VERSION}".encode()).hexdigest()[:12]


def preview_url(photo, width):
    return reverse("admin:articles_photo_preview", args=[photo.pk, preview_token(photo), width])


def thumbnail(photo, width=THUMBNAIL_WIDTH):
    """An <img> of the photo at ``width``, built from the row alone (no query, no file access)."""
    if not photo.image:
        return "—"
    height = round(photo.height * width / photo.width) if photo.width else width
    return format_html(
        '<img class="photo-thumbnail" src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        preview_url(photo, width),
        width,
        height,
        photo.alt_text,
    )


class PhotoPreviewMixin:
    """The Photo admin's preview view (its URL is registered by the admin's ``get_urls``)."""

    def preview_view(self, request, photo_id, token, width):
        """A JPEG preview for the desk (made once, kept in storage). Expired photos too: editors
        still need to see what they are deciding about."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if width not in PREVIEW_WIDTHS:
            raise Http404("Not a preview size.")
        photo = get_object_or_404(Photo, pk=photo_id)
        if token != preview_token(photo) or not photo.image:
            raise Http404("No such preview.")
        storage = Photo._meta.get_field("image").storage
        name = f"{PREVIEW_FOLDER}/{token}/w{width}.jpg"
        if not storage.exists(name):
            try:
                with photo.image.open("rb") as original:
                    rendered = renditions.render(original.read(), renditions.RenditionSpec(width=width))
            except (OSError, ValueError) as error:
                raise Http404("The original cannot be read.") from error
            saved_as = storage.save(name, ContentFile(rendered.content))
            if saved_as != name:  # another request made it first
                storage.delete(saved_as)
        response = FileResponse(storage.open(name, "rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=604800"
        return response
