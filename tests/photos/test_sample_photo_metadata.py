"""The real photos in NEWSROOM_SAMPLE_FEEDS/photos (read in place): caption, credit, photographer and
creation date as the files give them, read from every header form, and stored by the library."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.photos.library import aware_date_created, store_photo
from articles.photos.metadata import read_embedded_metadata
from tests.photo_metadata_images import ALTERNATIVE_HEADER, HEADER_WITHOUT_NUL, with_xmp_header_replaced

REFERENCE = "imagemeta__IPTC-PhotometadataRef-Std2021.1.jpg"
REFERENCE_TIME = dt.datetime(2021, 10, 20, 21, 1, 1, tzinfo=dt.UTC)

# file: (caption, credit, photographer, date created or None where the file has none)
EXPECTED = {
    REFERENCE: (
        "The description aka caption (ref2021.1)",
        "Credit Line (ref2021.1)",
        "Creator1 (ref2021.1)",
        REFERENCE_TIME,
    ),
    "imagemeta__withIptc.jpg": ("Caption", "Credits", "Byline", dt.date(2000, 1, 1)),
    "imagemeta__withIptcPhotoshop6.jpg": ("Caption PS6", "Credits", "Byline", None),
    "superdesk__digital-nature-10485007.jpg": ("", "", "", None),
    "superdesk__picture_bug.jpg": ("", "", "", None),
}


def sample(sample_feeds, name):
    return (sample_feeds / "photos" / name).read_bytes()


def test_every_sample_photo_is_listed(sample_feeds):
    assert sorted(path.name for path in (sample_feeds / "photos").glob("*.jpg")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_caption_credit_photographer_and_date_of_each_sample(sample_feeds, name):
    caption, credit, photographer, created = EXPECTED[name]

    metadata = read_embedded_metadata(sample(sample_feeds, name))

    assert (metadata.caption, metadata.credit, metadata.photographer) == (caption, credit, photographer)
    assert metadata.date_created == created
    assert metadata.problems == ()


def test_the_reference_image_gives_one_creation_time_in_xmp_iim_and_exif(sample_feeds):
    raw = read_embedded_metadata(sample(sample_feeds, REFERENCE)).raw

    assert dt.datetime.fromisoformat(raw["xmp"]["photoshop:DateCreated"]) == REFERENCE_TIME
    assert (raw["iim"]["2:55"], raw["iim"]["2:60"]) == ("20211020", "210101+0000")
    assert (raw["exif"]["DateTimeOriginal"], raw["exif"]["OffsetTimeOriginal"]) == (
        "2021:10:20 21:01:01",
        "+00:00",
    )


@pytest.mark.parametrize("header", [ALTERNATIVE_HEADER, HEADER_WITHOUT_NUL], ids=["XMP\\0 header", "no NUL"])
def test_the_reference_images_own_xmp_behind_a_non_standard_header_reads_the_same(sample_feeds, header):
    original = sample(sample_feeds, REFERENCE)
    moved = with_xmp_header_replaced(original, header)
    assert moved != original and b"http://ns.adobe.com/xap/1.0/\x00<" not in moved

    before, after = read_embedded_metadata(original), read_embedded_metadata(moved)

    assert after.raw["xmp"] == before.raw["xmp"]
    assert after.alt_text == "This is the Alt Text description to support accessibility in 2021.1"  # XMP only
    assert (after.caption, after.credit, after.photographer) == EXPECTED[REFERENCE][:3]
    assert after.date_created == REFERENCE_TIME


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize("name", [REFERENCE, "imagemeta__withIptc.jpg"])
def test_the_library_stores_what_the_sample_says(sample_feeds, name):
    caption, credit, photographer, created = EXPECTED[name]

    photo, _created = store_photo(sample(sample_feeds, name), filename=name)

    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.photographer) == (caption, credit, photographer)
    if isinstance(created, dt.datetime):
        assert photo.date_created == created
    else:
        # A day alone is kept as that day's midnight in the newsroom's time zone.
        assert timezone.localtime(photo.date_created) == aware_date_created(created)
        assert timezone.localtime(photo.date_created).date() == created
