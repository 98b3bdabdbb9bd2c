"""Perceptual hashes: the same picture in another file is close, a different picture is far, and the
library finds look-alikes through the band indexes with a fixed number of queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from articles.photos.fingerprints import (
    LOOKS_ALIKE,
    SAME_PICTURE,
    bands,
    distance,
    fingerprint_fields,
    perceptual_hash,
    similar_photos,
)
from tests.builders import make_photo
from tests.images import encode, exif_block, jpeg_bytes, scene

SEEDS = range(12)


def trimmed(image, every_edge=0.0, right=0.0):
    width, height = image.size
    cut_x, cut_y = round(width * every_edge), round(height * every_edge)
    return image.crop((cut_x, cut_y, width - cut_x - round(width * right), height - cut_y))


COPIES = {
    "resized to a third": lambda picture: encode(picture.resize((200, 133)), "JPEG", quality=85),
    "recompressed at quality 35": lambda picture: encode(picture, "JPEG", quality=35),
    "re-encoded as WebP": lambda picture: encode(picture, "WEBP", quality=40),
    "re-encoded as PNG": lambda picture: encode(picture, "PNG"),
}
CROPS = {
    "2 % off every edge": lambda picture: encode(trimmed(picture, every_edge=0.02), "JPEG", quality=80),
    "4 % off the right": lambda picture: encode(trimmed(picture, right=0.04), "JPEG", quality=80),
}


@pytest.mark.parametrize("copy", COPIES, ids=list(COPIES))
def test_a_resized_or_re_encoded_copy_is_the_same_picture(copy):
    for seed in SEEDS:
        picture = scene(seed)
        original = perceptual_hash(encode(picture, "JPEG", quality=90))
        assert distance(original, perceptual_hash(COPIES[copy](picture))) <= SAME_PICTURE, seed


@pytest.mark.parametrize("crop", CROPS, ids=list(CROPS))
def test_a_slightly_cropped_copy_looks_alike(crop):
    for seed in SEEDS:
        picture = scene(seed)
        original = perceptual_hash(encode(picture, "JPEG", quality=90))
        assert distance(original, perceptual_hash(CROPS[crop](picture))) <= LOOKS_ALIKE, seed


def test_different_pictures_do_not_look_alike():
    hashes = [perceptual_hash(encode(scene(seed), "JPEG")) for seed in range(30)]
    closest = min(distance(a, b) for index, a in enumerate(hashes) for b in hashes[index + 1 :])
    assert closest > LOOKS_ALIKE


def test_the_hash_is_of_the_picture_as_seen_after_its_exif_orientation():
    picture = scene(3)
    upright = perceptual_hash(encode(picture, "JPEG", quality=90))
    # Stored on its side with "rotate 90° clockwise to view" (orientation 6), as a camera held upright.
    sideways = encode(picture.rotate(90, expand=True), "JPEG", quality=90, exif=exif_block(orientation=6))
    assert distance(upright, perceptual_hash(sideways)) <= SAME_PICTURE
    assert distance(upright, perceptual_hash(encode(picture.rotate(90, expand=True), "JPEG"))) > LOOKS_ALIKE


def test_a_plain_picture_has_no_hash():
    assert perceptual_hash(jpeg_bytes((300, 200), (30, 120, 200))) == ""
    assert fingerprint_fields("") == {
        "perceptual_hash": "",
        "hash_band_0": None,
        "hash_band_1": None,
        "hash_band_2": None,
        "hash_band_3": None,
    }


def test_a_hash_is_32_hex_digits_and_its_bands_are_its_first_half():
    picture_hash = perceptual_hash(encode(scene(5), "JPEG"))
    assert len(picture_hash) == 32 and int(picture_hash, 16) >= 0
    assert "".join(f"{band:04x}" for band in bands(picture_hash)) == picture_hash[:16]


def test_an_unreadable_file_is_an_error_not_a_hash():
    with pytest.raises(OSError):
        perceptual_hash(b"not a picture at all")
    with pytest.raises(OSError):
        perceptual_hash(io.BytesIO(encode(Image.new("RGB", (10, 10)), "JPEG")[:40]))


@pytest.mark.django_db
def test_the_library_finds_look_alikes_closest_first_in_two_queries(media_root):
    library = {
        seed: make_photo(**fingerprint_fields(perceptual_hash(encode(scene(seed), "JPEG")))) for seed in SEEDS
    }
    for _ in range(30):
        make_photo()  # plain pictures, without a hash: never candidates

    copy_hash = perceptual_hash(COPIES["resized to a third"](scene(4)))
    with CaptureQueriesContext(connection) as queries:
        found = similar_photos(copy_hash)
    assert len(queries) == 2
    assert [photo.pk for _bits, photo in found] == [library[4].pk]

    cropped_hash = perceptual_hash(CROPS["2 % off every edge"](scene(7)))
    assert [photo.pk for _bits, photo in similar_photos(cropped_hash)] == [library[7].pk]
    assert similar_photos(perceptual_hash(encode(scene(99), "JPEG"))) == []
    assert similar_photos("") == []
