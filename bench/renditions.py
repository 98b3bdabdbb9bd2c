"""Rendition benchmark: our full rendition set for a 24-megapixel JPEG against plain Pillow.

The original is a 6000 x 4000 JPEG made in memory, textured (gradients plus noise) so that it
compresses like a photograph rather than like a flat colour. The rendition set is every standard
``srcset`` width, uncropped and in each crop (16:9, 4:3, 1:1), in every output format this Pillow
can write (JPEG, WebP and, where supported, AVIF).

Three figures, each the median of a few runs in the same process:

- ``baseline``: plain Pillow, the way anyone would write it: open the file, resize the same box
  to the same size with Lanczos, save with the same encoder settings; once per rendition.
- ``on_demand``: ``render()`` once per rendition, as the site makes them on first use.
- ``set``: ``render_set()``, all renditions from one decode, as a bulk import would.

Budget: each of ours at most 1.0x the baseline. Run ``python -m bench.renditions`` (or ``run()``
from ``make bench``); ``--repeat N`` and ``--quick`` (JPEG and WebP only) trade precision for time.
"""

import argparse
import io
import statistics
import sys
import time

from PIL import Image

from articles.photos.renditions import (
    CROP_RATIOS,
    OUTPUT_FORMATS,
    STANDARD_WIDTHS,
    RenditionSpec,
    crop_box,
    output_size,
    render,
    render_set,
    supported_formats,
)

ORIGINAL_SIZE = (6000, 4000)
BUDGET = 1.0
FOCAL_POINT = (0.62, 0.4)


def make_original(size=ORIGINAL_SIZE, quality=88):
    """A 24-megapixel JPEG with texture: about 8 MB, like a camera's output."""
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 24)
    stripes = Image.radial_gradient("L").resize((width // 3, height // 3)).resize(size)
    image = Image.merge("RGB", [gradient, noise, stripes])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def rendition_set(formats=None):
    formats = formats or supported_formats()
    return [
        RenditionSpec(width, crop, fmt)
        for crop in (None, *CROP_RATIOS)
        for width in STANDARD_WIDTHS
        for fmt in formats
    ]


def plain_pillow(original, spec, focal_point):
    """The baseline: what Pillow's documentation shows, with the same box, size and encoder."""
    image = Image.open(io.BytesIO(original))
    width, height = image.size
    size = output_size(width, height, spec, focal_point)
    box = crop_box(width, height, spec.crop, focal_point)
    resized = image.resize(size, Image.Resampling.LANCZOS, box=box)
    pillow_format, _extension, _mime, settings = OUTPUT_FORMATS[spec.format]
    buffer = io.BytesIO()
    resized.save(buffer, pillow_format, **settings)
    return buffer.getvalue()


def timed(function, repeat):
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def run(repeat=3, formats=None, stdout=None):
    """Time the rendition set three ways; return the figures (seconds, ratios, verdict)."""
    stdout = stdout or sys.stdout
    original = make_original()
    specs = rendition_set(formats)

    def baseline():
        for spec in specs:
            plain_pillow(original, spec, FOCAL_POINT)

    def on_demand():
        for spec in specs:
            render(original, spec, FOCAL_POINT)

    def whole_set():
        render_set(original, specs, FOCAL_POINT)

    baseline_seconds = timed(baseline, repeat)
    on_demand_seconds = timed(on_demand, repeat)
    set_seconds = timed(whole_set, repeat)
    figures = {
        "original_pixels": ORIGINAL_SIZE[0] * ORIGINAL_SIZE[1],
        "original_bytes": len(original),
        "renditions": len(specs),
        "formats": sorted({spec.format for spec in specs}),
        "repeat": repeat,
        "baseline_seconds": round(baseline_seconds, 3),
        "on_demand_seconds": round(on_demand_seconds, 3),
        "set_seconds": round(set_seconds, 3),
        "on_demand_ratio": round(on_demand_seconds / baseline_seconds, 3),
        "set_ratio": round(set_seconds / baseline_seconds, 3),
        "budget_ratio": BUDGET,
    }
    figures["passed"] = figures["on_demand_ratio"] <= BUDGET and figures["set_ratio"] <= BUDGET
    print(
        f"renditions: {figures['renditions']} of a {ORIGINAL_SIZE[0]}x{ORIGINAL_SIZE[1]} JPEG "
        f"({figures['original_bytes'] / 1e6:.1f} MB), formats {', '.join(figures['formats'])}, "
        f"median of {repeat}",
        file=stdout,
    )
    print(f"  plain Pillow          {baseline_seconds:8.2f} s", file=stdout)
    for label, key in (("render() each", "on_demand"), ("render_set() once", "set")):
        ratio = figures[f"{key}_ratio"]
        verdict = "PASS" if ratio <= BUDGET else "FAIL"
        seconds = figures[f"{key}_seconds"]
        print(
            f"  {label:<20}  {seconds:8.2f} s  {ratio:.2f}x  {verdict} (budget <= {BUDGET:.1f}x)", file=stdout
        )
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median counts")
    parser.add_argument("--quick", action="store_true", help="JPEG and WebP only (AVIF is slow to encode)")
    arguments = parser.parse_args(argv)
    figures = run(repeat=arguments.repeat, formats=("jpeg", "webp") if arguments.quick else None)
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
