"""Renditions: sizes, formats, focal-point crops, orientation, colour profile and stripped metadata."""

import io

import pytest
from PIL import Image, JpegImagePlugin, features

from articles.photos import renditions
from articles.photos.renditions import (
    STANDARD_WIDTHS,
    RenditionSpec,
    crop_box,
    output_size,
    render,
    render_set,
    srcset_widths,
    supported_formats,
)
from tests.images import (
    dominant_colour,
    encode,
    exif_block,
    lab_profile,
    quadrants,
    srgb_profile,
    textured,
    with_iim,
    xmp_packet,
)

AVIF = features.check("avif")


def opened(rendered):
    image = Image.open(io.BytesIO(rendered.content))
    image.load()
    return image


def near(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


# Sizes and formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (RenditionSpec(640), (640, 427)),
        (RenditionSpec(320, "16:9"), (320, 180)),
        (RenditionSpec(640, "4:3"), (640, 480)),
        (RenditionSpec(640, "1:1"), (640, 640)),
        (RenditionSpec(2048), (1200, 800)),  # never enlarged
        (RenditionSpec(2048, "1:1"), (800, 800)),
        (RenditionSpec(1600, "16:9"), (1200, 675)),
    ],
)
def test_output_sizes(spec, expected):
    original = encode(textured((1200, 800)), "JPEG")
    rendered = render(original, spec)

    assert (rendered.width, rendered.height) == expected
    assert opened(rendered).size == expected
    assert output_size(1200, 800, spec) == expected


@pytest.mark.parametrize("fmt", ["jpeg", "webp", "avif"])
def test_formats(fmt):
    if fmt not in supported_formats():
        with pytest.raises(ValueError, match="not available"):
            RenditionSpec(320, format=fmt)
        return
    rendered = render(encode(textured((400, 300)), "PNG"), RenditionSpec(320, format=fmt))

    assert opened(rendered).format == {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}[fmt]
    assert (rendered.format, rendered.extension, rendered.mime_type) == (
        fmt,
        {"jpeg": "jpg", "webp": "webp", "avif": "avif"}[fmt],
        f"image/{fmt}",
    )


def test_avif_is_offered_exactly_when_pillow_supports_it():
    assert ("avif" in supported_formats()) is AVIF
    assert supported_formats()[:2] == ("jpeg", "webp")


@pytest.mark.parametrize(
    "arguments",
    [
        {"width": 0},
        {"width": 10_000},
        {"width": "640"},
        {"width": 640, "crop": "3:2"},
        {"width": 640, "format": "png"},
    ],
)
def test_invalid_specs_are_refused(arguments):
    with pytest.raises(ValueError):
        RenditionSpec(**arguments)


def test_render_set_decodes_once_and_matches_single_renders():
    original = encode(textured((1600, 1000)), "JPEG")
    specs = [RenditionSpec(320), RenditionSpec(640, "16:9", "webp"), RenditionSpec(960, "1:1")]
    together = render_set(original, specs + [specs[0]], focal_point=(0.2, 0.7))

    assert list(together) == specs
    for spec in specs:
        alone = render(original, spec, focal_point=(0.2, 0.7))
        assert (together[spec].width, together[spec].height) == (alone.width, alone.height)


def test_originals_may_be_files_or_paths(tmp_path):
    content = encode(textured((300, 200)), "JPEG")
    path = tmp_path / "original.jpg"
    path.write_bytes(content)
    handle = io.BytesIO(content)
    handle.seek(100)

    for original in (content, handle, path, str(path)):
        assert render(original, RenditionSpec(150)).width == 150


def test_extreme_panoramas_keep_at_least_one_pixel_of_height():
    rendered = render(encode(Image.new("RGB", (4000, 4)), "PNG"), RenditionSpec(320))
    assert (rendered.width, rendered.height) == (320, 1)


def test_animated_gifs_render_their_first_frame():
    frames = [Image.new("RGB", (60, 40), colour).convert("P") for colour in (RED, BLUE)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=50)

    assert near(dominant_colour(opened(render(buffer.getvalue(), RenditionSpec(60)))), RED)


def test_other_formats_are_never_decoded():
    with pytest.raises(Image.UnidentifiedImageError):
        render(encode(textured((50, 50)), "BMP"), RenditionSpec(40))


# Focal-point crops ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "crop", "focal_point", "expected"),
    [
        ((1600, 900), None, (0.9, 0.9), (0, 0, 1600, 900)),
        ((1600, 900), "1:1", None, (350, 0, 1250, 900)),  # centre by default
        ((1600, 900), "1:1", (0.0, 0.5), (0, 0, 900, 900)),  # held inside the left edge
        ((1600, 900), "1:1", (1.0, 0.0), (700, 0, 1600, 900)),  # ...and the right edge
        ((1600, 900), "1:1", (0.4, 0.5), (190, 0, 1090, 900)),
        ((1000, 1000), "16:9", (0.5, 0.1), (0, 0, 1000, 562)),
        ((1000, 1000), "16:9", (0.5, 0.95), (0, 438, 1000, 1000)),
        ((1000, 1000), "4:3", (0.5, 0.5), (0, 125, 1000, 875)),
        ((1000, 1000), "4:3", (7.0, -3.0), (0, 0, 1000, 750)),  # out-of-range points are clamped
        ((1600, 900), "16:9", (0.1, 0.1), (0, 0, 1600, 900)),  # already 16:9
    ],
)
def test_crop_boxes(size, crop, focal_point, expected):
    assert crop_box(*size, crop, focal_point) == expected


def test_crop_follows_the_focal_point():
    # Left third red, middle green, right third blue.
    image = Image.new("RGB", (900, 300), GREEN)
    image.paste(RED, (0, 0, 300, 300))
    image.paste(BLUE, (600, 0, 900, 300))
    original = encode(image, "PNG")

    def square_at(focal_point):
        return dominant_colour(opened(render(original, RenditionSpec(100, "1:1"), focal_point=focal_point)))

    assert near(square_at((0.1, 0.5)), RED)
    assert near(square_at(None), GREEN)
    assert near(square_at((0.95, 0.5)), BLUE)


# Orientation, colour and metadata -------------------------------------------------------------


@pytest.mark.parametrize(
    ("orientation", "corners"),
    [
        (1, {"top_left": RED, "top_right": GREEN, "bottom_left": BLUE}),
        (3, {"top_left": WHITE, "top_right": BLUE, "bottom_left": GREEN}),  # upside down
        (6, {"top_left": BLUE, "top_right": RED, "bottom_left": WHITE}),  # rotated 90° clockwise
        (8, {"top_left": GREEN, "top_right": WHITE, "bottom_left": RED}),  # rotated 90° anticlockwise
    ],
)
def test_exif_orientation_is_applied(orientation, corners):
    original = encode(quadrants((400, 200)), "JPEG", exif=exif_block(orientation=orientation), quality=95)
    rendered = opened(render(original, RenditionSpec(200)))

    expected_size = (200, 400) if orientation in (6, 8) else (200, 100)
    assert rendered.size == expected_size
    width, height = rendered.size
    points = {"top_left": (5, 5), "top_right": (width - 6, 5), "bottom_left": (5, height - 6)}
    for corner, colour in corners.items():
        assert near(rendered.getpixel(points[corner]), colour), corner
    assert 0x0112 not in rendered.getexif()


def test_focal_point_refers_to_the_picture_as_seen():
    # Stored landscape, shown portrait (orientation 6): the red quadrant ends up top right.
    original = encode(quadrants((400, 200)), "JPEG", exif=exif_block(orientation=6), quality=95)
    top = opened(render(original, RenditionSpec(100, "1:1"), focal_point=(0.5, 0.0)))
    bottom = opened(render(original, RenditionSpec(100, "1:1"), focal_point=(0.5, 1.0)))

    assert near(top.getpixel((90, 10)), RED)
    assert near(bottom.getpixel((10, 90)), WHITE)


@pytest.mark.parametrize("fmt", supported_formats())
def test_colour_profile_is_kept(fmt):
    profile = srgb_profile()
    original = encode(textured((300, 200)), "JPEG", icc_profile=profile)

    assert opened(render(original, RenditionSpec(120, format=fmt))).info.get("icc_profile") == profile


def test_a_profile_that_does_not_describe_the_output_is_dropped():
    original = encode(textured((300, 200)), "PNG", icc_profile=lab_profile())
    assert not opened(render(original, RenditionSpec(120))).info.get("icc_profile")


@pytest.mark.parametrize("fmt", supported_formats())
def test_location_and_other_metadata_are_stripped_but_rights_kept(fmt):
    exif = exif_block(
        artist="Ana Ruiz", copyright="Riverside Gazette", gps=True, description="Secret caption"
    )
    original = with_iim(
        encode(
            textured((300, 200)), "JPEG", exif=exif, xmp=xmp_packet("<photoshop:City>Oban</photoshop:City>")
        ),
        [((2, 120), b"Caption in IIM")],
    )
    rendered = opened(render(original, RenditionSpec(120, format=fmt)))
    exif_out = rendered.getexif()

    assert 0x8825 not in exif_out  # GPS
    assert not exif_out.get_ifd(0x8825)
    assert 0x010E not in exif_out
    assert exif_out.get(0x013B) == "Ana Ruiz"
    assert exif_out.get(0x8298) == "Riverside Gazette"
    assert "xmp" not in rendered.info
    assert "photoshop" not in rendered.info
    assert b"Oban" not in render(original, RenditionSpec(120, format=fmt)).content
    assert b"Caption in IIM" not in render(original, RenditionSpec(120, format=fmt)).content


def test_originals_without_metadata_give_renditions_without_exif():
    rendered = opened(render(encode(textured((300, 200)), "PNG"), RenditionSpec(120)))
    assert len(rendered.getexif()) == 0


def test_transparency_is_flattened_on_white_for_jpeg_and_kept_for_webp():
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 50, 100))
    original = encode(image, "PNG")

    as_jpeg = opened(render(original, RenditionSpec(100, format="jpeg")))
    as_webp = opened(render(original, RenditionSpec(100, format="webp")))
    assert as_jpeg.mode == "RGB"
    assert near(as_jpeg.getpixel((90, 50)), WHITE)
    assert near(as_jpeg.getpixel((10, 50)), RED)
    assert as_webp.mode == "RGBA"
    assert as_webp.getpixel((90, 50))[3] == 0


@pytest.mark.parametrize(
    ("image", "fmt"),
    [
        (Image.new("CMYK", (120, 80), (0, 255, 255, 0)), "JPEG"),  # red in CMYK
        (Image.new("RGB", (120, 80), RED).convert("P"), "GIF"),
        (Image.new("RGB", (120, 80), RED).convert("P"), "PNG"),
        (Image.new("RGB", (120, 80), RED), "WEBP"),
    ],
)
def test_every_accepted_source_mode_renders_to_rgb(image, fmt):
    for spec_format in supported_formats():
        rendered = opened(render(encode(image, fmt), RenditionSpec(60, format=spec_format)))
        assert rendered.mode in ("RGB", "RGBA")
        assert near(dominant_colour(rendered), RED, tolerance=60)


def test_sixteen_bit_greys_keep_their_tone():
    grey = Image.new("I;16", (80, 80), 32768)  # mid grey on a 16-bit scale
    rendered = opened(render(encode(grey, "PNG"), RenditionSpec(40)))

    assert rendered.mode == "L"
    assert 120 <= rendered.getpixel((20, 20)) <= 136


def test_greyscale_stays_greyscale_in_jpeg():
    rendered = opened(render(encode(textured((100, 80), mode="L"), "JPEG"), RenditionSpec(50)))
    assert rendered.mode == "L"


# Reduced-size decoding ------------------------------------------------------------------------


@pytest.fixture
def draft_requests(monkeypatch):
    """Records what our code asks of Pillow's JPEG draft mode, and what it got."""
    requests = []
    original_draft = JpegImagePlugin.JpegImageFile.draft

    def recording_draft(self, mode, size):
        result = original_draft(self, mode, size)
        requests.append((size, self.size))
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", recording_draft)
    return requests


def test_large_jpegs_are_decoded_at_reduced_size_for_small_renditions(draft_requests):
    original = encode(textured((4000, 3000)), "JPEG")
    small = render(original, RenditionSpec(240))
    larger = render(original, RenditionSpec(320))

    assert (small.width, small.height) == (240, 180)
    assert (larger.width, larger.height) == (320, 240)
    # 1/8 scale leaves 500 pixels, at least twice the 240 needed; 320 needs 640, so 1/4 scale.
    assert [decoded for _requested, decoded in draft_requests] == [(500, 375), (1000, 750)]


def test_crops_ask_for_enough_pixels_inside_the_crop(draft_requests):
    original = encode(textured((4000, 3000)), "JPEG")
    render(original, RenditionSpec(320, "1:1"), focal_point=(0.5, 0.5))

    ((_requested, decoded),) = draft_requests
    # The square is 3000 wide of the 4000; 320 from it needs at least 640 of 3000 -> 1/4 scale.
    assert decoded == (1000, 750)


def test_renditions_needing_full_resolution_decode_it_all(draft_requests):
    original = encode(textured((3000, 2000)), "JPEG")
    rendered = render(original, RenditionSpec(2048))

    assert rendered.width == 2048
    assert draft_requests == []


def test_orientation_is_respected_when_asking_for_a_reduced_size(draft_requests):
    original = encode(textured((4000, 2000)), "JPEG", exif=exif_block(orientation=6))
    rendered = render(original, RenditionSpec(240))

    assert (rendered.width, rendered.height) == (240, 480)
    ((_requested, decoded),) = draft_requests
    assert decoded == (1000, 500)  # 500 (shown width) >= 2 x 240


def test_reduced_decoding_does_not_shift_the_crop():
    image = Image.new("RGB", (4000, 1000), GREEN)
    image.paste(RED, (0, 0, 1000, 1000))
    rendered = opened(
        render(encode(image, "JPEG", quality=95), RenditionSpec(100, "1:1"), focal_point=(0.0, 0.5))
    )

    assert near(rendered.getpixel((95, 50)), RED)
    assert near(dominant_colour(rendered), RED)


# srcset widths and filter specs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "crop", "expected"),
    [
        ((6000, 4000), None, STANDARD_WIDTHS),
        ((2048, 1000), None, STANDARD_WIDTHS),
        ((1000, 800), None, (320, 640, 960, 1000)),
        ((1000, 800), "1:1", (320, 640, 800)),
        ((300, 200), None, (300,)),
        ((640, 480), None, (320, 640)),
    ],
)
def test_srcset_widths(size, crop, expected):
    assert srcset_widths(*size, crop) == expected


def test_standard_widths():
    assert STANDARD_WIDTHS == (320, 640, 960, 1280, 1600, 2048)


@pytest.mark.parametrize(
    ("spec", "focal_point", "expected"),
    [
        (RenditionSpec(640), None, "w640-orig-jpeg-v1"),
        (RenditionSpec(640), (0.1, 0.2), "w640-orig-jpeg-v1"),  # the focal point cannot matter
        (RenditionSpec(320, "16:9", "webp"), None, "w320-c16x9-fp500-500-webp-v1"),
        (RenditionSpec(320, "1:1", "webp"), (0.25, 0.7504), "w320-c1x1-fp250-750-webp-v1"),
        (RenditionSpec(320, "4:3"), (1.5, -1), "w320-c4x3-fp1000-000-jpeg-v1"),
    ],
)
def test_filter_specs_are_stable_keys(spec, focal_point, expected):
    assert spec.filter_spec(focal_point) == expected
    assert renditions.RENDITION_VERSION == 1


def test_filter_spec_changes_with_the_focal_point_only_for_crops():
    square = RenditionSpec(320, "1:1")
    assert square.filter_spec((0.3, 0.5)) != square.filter_spec((0.6, 0.5))
    assert square.filter_spec(None) == square.filter_spec((0.5, 0.5))
