"""The photo's change form, continued: how each crop frames the picture around its focal point, and
the photos in the library that look like it.

The crop previews are the 800 px desk preview shown through a window of each ratio, placed by the
same arithmetic as the renditions (``renditions.crop_box``): what the page shows before any script
runs is what the site will make; ``static/admin/js/focal_point.js`` moves the windows as the focal
point moves.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import Photo
from ..photos import renditions
from ..photos.fingerprints import similar_photos
from .photo_previews import PREVIEW_WIDTH, preview_url, thumbnail

# The crops the site makes, as the desk names them.
CROP_NAMES = {
    "16:9": _("Wide 16:9"),
    "4:3": _("Classic 4:3"),
    "1:1": _("Square 1:1"),
    "4:5": _("Portrait 4:5"),
}


def crop_window(photo, crop, preview_url):
    """One crop's window: a box of the crop's ratio holding the whole preview, placed so that the
    part inside the box is the part the crop keeps."""
    width, height = photo.width, photo.height
    left, top, right, bottom = renditions.crop_box(
        width, height, crop, (photo.focal_point_x, photo.focal_point_y)
    )
    box_width, box_height = right - left, bottom - top
    ratio_width, ratio_height = renditions.CROP_RATIOS[crop]
    return format_html(
        '<figure class="crop-preview" data-crop="{}" data-ratio="{}">'
        '<div class="crop-preview-window" style="aspect-ratio:{}/{}">'
        '<img src="{}" alt="" draggable="false" loading="lazy" style="width:{}%;left:{}%;top:{}%"></div>'
        "<figcaption>{}</figcaption></figure>",
        crop,
        f"{ratio_width / ratio_height:.6f}",
        ratio_width,
        ratio_height,
        preview_url,
        _percent(width, box_width),
        _percent(-left, box_width),
        _percent(-top, box_height),
        CROP_NAMES[crop],
    )


def _percent(part, whole):
    return f"{part * 100 / whole:.3f}"


class PhotoFramingMixin:
    """Read-only fields of the photo's change form: ``crop_previews`` and ``look_alikes``."""

    @admin.display(description=_("crops"))
    def crop_previews(self, photo):
        if not photo.pk or not photo.image or not photo.width or not photo.height:
            return "—"
        source = preview_url(photo, PREVIEW_WIDTH)
        windows = format_html_join(
            "", "{}", ((crop_window(photo, crop, source),) for crop in renditions.CROP_RATIOS)
        )
        return format_html(
            '<div class="crop-previews" data-width="{}" data-height="{}">{}</div>',
            photo.width,
            photo.height,
            windows,
        )

    @admin.display(description=_("look-alikes in the library"))
    def look_alikes(self, photo):
        if not photo.pk:
            return "—"
        if not photo.perceptual_hash:
            return _("Not known: the picture is plain, or its hash has not been computed yet.")
        found = similar_photos(photo.perceptual_hash, queryset=Photo.objects.exclude(pk=photo.pk))
        if not found:
            return _("No other photo in the library looks like this one.")
        return format_html(
            '<ul class="photo-look-alikes">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}<span>#{} {}</span></a> <span class="quiet">{}</span></li>',
                (
                    (
                        reverse("admin:articles_photo_change", args=[other.pk]),
                        thumbnail(other),
                        other.pk,
                        str(other)[:60],
                        other.credit_line,
                    )
                    for _bits, other in found
                ),
            ),
        )
