"""Perceptual fingerprints: the same picture re-encoded, resized or slightly cropped is recognised.

The SHA-256 of a file (``Photo.file_hash``) finds only byte-identical copies; an agency's second
transmission, a smaller copy or a re-export at another JPEG quality has other bytes. A *difference
hash* (dHash) describes what the picture looks like instead: the picture, as seen (EXIF orientation
applied), is shrunk to a few grey pixels and each bit says whether a pixel is darker than its
neighbour, 64 bits from left to right (9 x 8 pixels) and 64 from top to bottom (8 x 9). Re-encoding
and resizing change a few of the 128 bits, trimming a few per cent off the edges a few more, and a
different picture about half of them. Written over Pillow rather than with the ``imagehash``
package, which would bring NumPy, SciPy and PyWavelets for this; dHash also measured more tolerant
of slight crops than the DCT hash on the generated pictures of ``tests/photos/test_fingerprints.py``.

How close is close (Hamming distance over the 128 bits), as measured on those pictures:

- ``SAME_PICTURE`` (8): resized and re-encoded copies (JPEG, WebP, PNG) measured 0-6. Importers use
  the existing photo.
- ``LOOKS_ALIKE`` (20): also slightly cropped copies (2 % off every edge, 4 % off one) measured up to
  19; different pictures 24 and more. The desk is offered the existing photo and decides.

A plain picture (a solid colour, a blank frame: less than ``PLAIN_CONTRAST`` between the lightest and
darkest of the grid's pixels) gets no hash: its bits would be noise, and it would look like every
other plain picture.

The hash is stored as 32 hex digits (``Photo.perceptual_hash``), and its first 64 bits again as four
16-bit bands in indexed columns (``hash_band_0`` .. ``hash_band_3``). Two pictures whose first
halves are at most 11 bits apart have at least one band within two bits of each other (four bands
holding at most two differences each hold eight), so :func:`similar_photos` asks the indexes for
every band value within two bits of the new picture's (137 values a band) and measures the few
candidates exactly: the cost follows the number of look-alikes, not the size of the library. (A
look-alike whose first half differs by more than 11 bits is still found when its differences are
unevenly spread over the bands, as they mostly are.)
"""

import io
import itertools
import os

from django.db.models import Q
from PIL import Image, ImageOps

from .renditions import ORIGINAL_FORMATS

HASH_BITS = 128
BAND_COUNT = 4
BAND_BITS = 16  # the bands cover the first (left-to-right) 64 bits
BAND_FIELDS = tuple(f"hash_band_{band}" for band in range(BAND_COUNT))
FINGERPRINT_FIELDS = ("perceptual_hash", *BAND_FIELDS)
SAME_PICTURE = 8
LOOKS_ALIKE = 20
# Band values within this many bits of the picture's are looked up (see the module's docstring).
BAND_REACH = 2
GRID = 8  # an 8 x 8 grid of comparisons each way
PLAIN_CONTRAST = 12  # of 255 grey levels
# JPEG originals are decoded at 1/8 scale or less for this (``Image.draft``): the hash needs 72 pixels.
DRAFT_SIZE = (64, 64)


def perceptual_hash(source):
    """The 32-hex-digit hash of a picture (bytes, a path or a file-like object), as seen after its
    EXIF orientation (the first frame of an animation), or "" for a plain picture. Raises
    ``OSError``/``ValueError`` for a file Pillow cannot read."""
    if isinstance(source, bytes | bytearray | memoryview):
        source = io.BytesIO(bytes(source))
    elif not isinstance(source, str | os.PathLike) and hasattr(source, "seek"):
        source.seek(0)
    with Image.open(source, formats=ORIGINAL_FORMATS) as image:
        image.seek(0)
        image.draft("L", DRAFT_SIZE)  # JPEG only; other formats ignore it
        seen = ImageOps.exif_transpose(image).convert("L")
        across = seen.resize((GRID + 1, GRID), Image.Resampling.LANCZOS, reducing_gap=3.0).tobytes()
        down = seen.resize((GRID, GRID + 1), Image.Resampling.LANCZOS, reducing_gap=3.0).tobytes()
    if max(across) - min(across) < PLAIN_CONTRAST:
        return ""
    bits = 0
    for row in range(GRID):
        for column in range(GRID):
            at = row * (GRID + 1) + column
            bits = (bits << 1) | (across[at] < across[at + 1])
    for row in range(GRID):
        for column in range(GRID):
            at = row * GRID + column
            bits = (bits << 1) | (down[at] < down[at + GRID])
    return f"{bits:032x}"


def bands(hash_hex):
    """The four 16-bit bands of a hash's first 64 bits, most significant first."""
    value = int(hash_hex, 16) >> (HASH_BITS - BAND_COUNT * BAND_BITS)
    mask = (1 << BAND_BITS) - 1
    return tuple((value >> (BAND_BITS * (BAND_COUNT - 1 - band))) & mask for band in range(BAND_COUNT))


def fingerprint_fields(hash_hex):
    """The Photo field values that store ``hash_hex`` (empty when there is none)."""
    if not hash_hex:
        return {"perceptual_hash": "", **dict.fromkeys(BAND_FIELDS)}
    return {"perceptual_hash": hash_hex, **dict(zip(BAND_FIELDS, bands(hash_hex), strict=True))}


def distance(first_hex, second_hex):
    """How many of the 128 bits differ (0: the same picture as far as the hash can tell)."""
    return (int(first_hex, 16) ^ int(second_hex, 16)).bit_count()


def _within_reach(value):
    """Every band value at most ``BAND_REACH`` bits away from ``value``."""
    found = [value]
    for flips in range(1, BAND_REACH + 1):
        for positions in itertools.combinations(range(BAND_BITS), flips):
            flipped = value
            for position in positions:
                flipped ^= 1 << position
            found.append(flipped)
    return found


def similar_photos(hash_hex, *, within=LOOKS_ALIKE, queryset=None, limit=5):
    """Photos whose picture is at most ``within`` bits from ``hash_hex``, closest first, as
    ``[(distance, photo), ...]`` (at most ``limit``; photos with their agency). Two queries: the
    candidates' hashes through the band indexes, then the rows of the closest."""
    if not hash_hex:
        return []
    from ..models import Photo

    queryset = Photo.objects.all() if queryset is None else queryset
    near_any_band = Q()
    for field, value in zip(BAND_FIELDS, bands(hash_hex), strict=True):
        near_any_band |= Q(**{f"{field}__in": _within_reach(value)})
    candidates = queryset.filter(near_any_band).values_list("pk", "perceptual_hash")
    measured = sorted(
        (distance(hash_hex, candidate_hash), pk)
        for pk, candidate_hash in candidates
        if candidate_hash and distance(hash_hex, candidate_hash) <= within
    )[:limit]
    if not measured:
        return []
    rows = Photo.objects.select_related("agency").in_bulk([pk for _distance, pk in measured])
    return [(bits, rows[pk]) for bits, pk in measured if pk in rows]
