"""The one rendition code path: a stored original in, a resized (and perhaps cropped) JPEG, WebP or
AVIF out.

Crops keep the editor's focal point in frame; EXIF orientation is applied so a rendition looks the
way the photographer held the camera; the colour profile travels with the pixels; location and all
other metadata stay behind except the artist and copyright, which belong with the picture. Large
JPEGs are decoded at a reduced scale (``Image.draft``) whenever the rendition is small enough to
allow it, which is most of the speed of this module. Nothing is ever enlarged.
"""

import functools
import io
import math
import os
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, features

# Widths offered in ``srcset``: phone, phone at 2x, tablet, laptop, desktop, retina desktop.
STANDARD_WIDTHS = (320, 640, 960, 1280, 1600, 2048)
MAX_RENDITION_WIDTH = 4096
CROP_RATIOS = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1), "4:5": (4, 5)}  # 4:5: portrait
OUTPUT_FORMATS = {
    # name: (Pillow format, file extension, MIME type, encoder settings)
    "jpeg": ("JPEG", "jpg", "image/jpeg", {"quality": 82, "progressive": True, "optimize": True}),
    "webp": ("WEBP", "webp", "image/webp", {"quality": 80, "method": 4}),
    "avif": ("AVIF", "avif", "image/avif", {"quality": 60, "speed": 7}),
}
# Bump when the crop, resampling or encoder settings change, so stored renditions are remade.
RENDITION_VERSION = 1
# Originals are opened with these decoders only, whatever the file claims to be. (Pillow's JPEG
# opener also returns the "MPO" JPEGs phones write.)
ORIGINAL_FORMATS = ("JPEG", "PNG", "WEBP", "AVIF", "GIF")
# Shrink cheaply first (the JPEG decoder's 1/2, 1/4, 1/8 scales, then integer reduction) but never
# below twice the final size before the Lanczos pass: the margin Pillow's own ``thumbnail`` keeps.
REDUCING_GAP = 2.0
EXIF_ORIENTATION = 0x0112
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
CENTRE = (0.5, 0.5)


@dataclass(frozen=True)
class RenditionSpec:
    """What to make: a width in pixels, an optional crop ratio (``"16:9"``, ``"4:3"``, ``"1:1"``,
    ``"4:5"``)
    and an output format (``"jpeg"``, ``"webp"``, ``"avif"`` where Pillow supports it)."""

    width: int
    crop: str | None = None
    format: str = "jpeg"

    def __post_init__(self):
        if not isinstance(self.width, int) or not 0 < self.width <= MAX_RENDITION_WIDTH:
            raise ValueError(f"Rendition width must be 1..{MAX_RENDITION_WIDTH} pixels, not {self.width!r}.")
        if self.crop is not None and self.crop not in CROP_RATIOS:
            raise ValueError(f"Unknown crop {self.crop!r}; use one of {', '.join(CROP_RATIOS)} or None.")
        if self.format not in supported_formats():
            raise ValueError(
                f"Rendition format {self.format!r} is not available here: {supported_formats()}."
            )

    def filter_spec(self, focal_point=None):
        """A stable key naming this rendition of a photo, for caches and storage names.

        The focal point is part of a crop's key (a moved focal point is a different picture) and
        no part of an uncropped one; ``RENDITION_VERSION`` changes every key when the recipe does.
        """
        if self.crop is None:
            framing = "orig"
        else:
            x, y = _focal_point(focal_point)
            ratio = self.crop.replace(":", "x")
            framing = f"c{ratio}-fp{round(x * 1000):03d}-{round(y * 1000):03d}"
        return f"w{self.width}-{framing}-{self.format}-v{RENDITION_VERSION}"

    @property
    def extension(self):
        return OUTPUT_FORMATS[self.format][1]

    @property
    def mime_type(self):
        return OUTPUT_FORMATS[self.format][2]


@dataclass(frozen=True)
class RenderedImage:
    """A finished rendition: encoded bytes and the pixel size they hold."""

    content: bytes
    width: int
    height: int
    format: str
    mime_type: str
    extension: str


@functools.cache
def supported_formats():
    """Output formats this Pillow build can write; AVIF needs Pillow built with libavif. Asked once
    per process: Pillow imports a module to answer, and every <picture> on a page asks."""
    return tuple(name for name in OUTPUT_FORMATS if name != "avif" or features.check("avif"))


def srcset_widths(width, height, crop=None):
    """The standard widths worth making for an original of ``width`` x ``height`` (oriented):
    those narrower than the (cropped) original, plus the original's own width when it is below the
    widest standard size, so that the largest candidate is never an enlargement."""
    available = crop_box(width, height, crop)[2] - crop_box(width, height, crop)[0]
    widths = [candidate for candidate in STANDARD_WIDTHS if candidate < available]
    if available < STANDARD_WIDTHS[-1]:
        widths.append(available)
    else:
        widths.append(STANDARD_WIDTHS[-1])
    return tuple(sorted(set(widths)))


def exif_orientation(image):
    try:
        orientation = image.getexif().get(EXIF_ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block means no rotation is known
        return 1
    return orientation if orientation in range(1, 9) else 1


def oriented_size(image):
    """Width and height of ``image`` as it is meant to be seen, after its EXIF orientation."""
    width, height = image.size
    return (height, width) if exif_orientation(image) in (5, 6, 7, 8) else (width, height)


def crop_box(width, height, crop=None, focal_point=None):
    """The largest box of the ``crop`` ratio inside ``width`` x ``height``, centred on the focal
    point (fractions of width and height, 0..1) as far as the edges allow. Integer pixels."""
    if crop is None:
        return (0, 0, width, height)
    ratio_width, ratio_height = CROP_RATIOS[crop]
    if width * ratio_height > height * ratio_width:
        box_height = height
        box_width = max(1, min(width, round(height * ratio_width / ratio_height)))
    else:
        box_width = width
        box_height = max(1, min(height, round(width * ratio_height / ratio_width)))
    x, y = _focal_point(focal_point)
    left = min(max(round(x * width - box_width / 2), 0), width - box_width)
    top = min(max(round(y * height - box_height / 2), 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def output_size(width, height, spec, focal_point=None):
    """The pixel size ``spec`` yields from an oriented original of ``width`` x ``height``."""
    left, top, right, bottom = crop_box(width, height, spec.crop, focal_point)
    box_width, box_height = right - left, bottom - top
    target_width = min(spec.width, box_width)
    return target_width, max(1, round(box_height * target_width / box_width))


def render(original, spec, focal_point=None):
    """Make one rendition of ``original`` (bytes, a file-like object or a path)."""
    return render_set(original, [spec], focal_point)[spec]


def render_set(original, specs, focal_point=None):
    """Make several renditions of one original, decoding it once: ``{spec: RenderedImage}``."""
    specs = list(dict.fromkeys(specs))
    if not specs:
        return {}
    with _open_original(original) as image:
        orientation = exif_orientation(image)
        width, height = oriented_size(image)
        frames = {spec: crop_box(width, height, spec.crop, focal_point) for spec in specs}
        sizes = {spec: output_size(width, height, spec, focal_point) for spec in specs}
        kept_exif = _rights_exif(image)
        icc_profile = image.info.get("icc_profile")
        _decode_reduced(image, width, height, frames, sizes, orientation)
        decoded = image if orientation == 1 else ImageOps.exif_transpose(image)
        working, icc_profile = _working_mode(decoded, icc_profile)
        scale_x, scale_y = working.width / width, working.height / height
        rendered = {}
        for spec in specs:
            left, top, right, bottom = frames[spec]
            box = (left * scale_x, top * scale_y, right * scale_x, bottom * scale_y)
            resized = working.resize(
                sizes[spec], Image.Resampling.LANCZOS, box=box, reducing_gap=REDUCING_GAP
            )
            rendered[spec] = _encode(resized, spec, icc_profile, kept_exif)
    return rendered


def _focal_point(focal_point):
    if focal_point is None:
        return CENTRE
    x, y = focal_point
    x = 0.5 if x is None or math.isnan(x) else min(max(float(x), 0.0), 1.0)
    y = 0.5 if y is None or math.isnan(y) else min(max(float(y), 0.0), 1.0)
    # Rounded as in the filter spec, so that equal keys always mean equal pictures.
    return round(x, 3), round(y, 3)


def _open_original(original):
    if isinstance(original, bytes | bytearray | memoryview):
        source = io.BytesIO(bytes(original))
    elif isinstance(original, str | os.PathLike):
        source = original
    else:
        if hasattr(original, "seek"):
            original.seek(0)
        source = io.BytesIO(original.read())
    image = Image.open(source, formats=ORIGINAL_FORMATS)
    image.seek(0)  # animated GIF and WebP: the first frame is the photo
    return image


def _decode_reduced(image, width, height, frames, sizes, orientation):
    """Ask the JPEG decoder for the smallest scale that still leaves every rendition at least
    ``REDUCING_GAP`` times the pixels it needs; other formats ignore the request."""
    needed = 0.0
    for spec, (left, top, right, bottom) in frames.items():
        target_width, target_height = sizes[spec]
        needed = max(needed, target_width / (right - left), target_height / (bottom - top))
    needed = min(1.0, needed * REDUCING_GAP)
    requested = (math.ceil(width * needed), math.ceil(height * needed))
    if orientation in (5, 6, 7, 8):
        requested = requested[::-1]
    if needed < 1.0 and image.format in ("JPEG", "MPO"):
        image.draft(None, requested)
    image.load()


def _working_mode(image, icc_profile):
    """RGB(A) or L(A) pixels that resample well, and the colour profile that still describes them."""
    if image.mode == "CMYK":
        return _cmyk_to_srgb(image, icc_profile)
    if image.mode in ("P", "PA"):
        has_alpha = image.mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB"), icc_profile
    if image.mode == "1":
        return image.convert("L"), icc_profile
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        # 16-bit greys: keep the top eight bits rather than clipping everything above 255 to white.
        return image.convert("I").point(lambda value: value / 256).convert("L"), icc_profile
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image, icc_profile
    return image.convert("RGB"), None


def _cmyk_to_srgb(image, icc_profile):
    if icc_profile and features.check("littlecms2"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
            return converted, srgb.tobytes()
        except (ImageCms.PyCMSError, OSError):
            pass  # an unusable profile: fall back to Pillow's plain conversion below
    return image.convert("RGB"), None


def _rights_exif(image):
    """A fresh EXIF block holding only the artist and copyright of the original, if any."""
    kept = Image.Exif()
    try:
        original = image.getexif()
        for tag in (EXIF_ARTIST, EXIF_COPYRIGHT):
            if isinstance(original.get(tag), str) and original[tag].strip("\x00 "):
                kept[tag] = original[tag]
    except Exception:  # noqa: BLE001 - nothing worth keeping in a damaged EXIF block
        return b""
    return kept.tobytes() if len(kept) else b""


def _encode(image, spec, icc_profile, exif):
    pillow_format, extension, mime_type, settings = OUTPUT_FORMATS[spec.format]
    if spec.format == "jpeg":
        image = _flatten(image)
    elif image.mode == "L":
        image = image.convert("RGB")
    elif image.mode == "LA":
        image = image.convert("RGBA")
    # Everything the original carried (EXIF with GPS, XMP, IPTC, comments) stays behind; only what
    # is passed below is written.
    image.info = {}
    options = dict(settings)
    if icc_profile and _profile_fits(icc_profile, image.mode):
        options["icc_profile"] = icc_profile
    if exif:
        options["exif"] = exif
    output = io.BytesIO()
    image.save(output, pillow_format, **options)
    return RenderedImage(
        content=output.getvalue(),
        width=image.width,
        height=image.height,
        format=spec.format,
        mime_type=mime_type,
        extension=extension,
    )


def _flatten(image):
    """JPEG has no transparency: composite onto white, as a page background would show it."""
    if image.mode not in ("RGBA", "LA"):
        return image
    background = Image.new(image.mode[0] if image.mode == "LA" else "RGB", image.size, "white")
    background.paste(image.convert(background.mode), mask=image.getchannel("A"))
    return background


def _profile_fits(icc_profile, mode):
    """An ICC profile names its colour space in header bytes 16-19; keep it only where it matches."""
    colour_space = icc_profile[16:20]
    if mode in ("RGB", "RGBA"):
        return colour_space == b"RGB "
    if mode in ("L", "LA"):
        return colour_space == b"GRAY"
    return False
