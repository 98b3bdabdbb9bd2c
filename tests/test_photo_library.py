"""Putting photos into the library: metadata into fields, duplicates, refusals, storage failures, expiry."""

import datetime as dt
import io
import zoneinfo
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone
from PIL import Image

from articles.models import Photo
from articles.photos.cleanup import files_under
from articles.photos.library import PhotoStorageFailed, aware_date_created, store_photo
from articles.photos.validation import PhotoRejected
from tests.builders import make_agency, make_photo, make_story
from tests.images import (
    ESC_UTF8,
    alt,
    bag,
    encode,
    insert_jpeg_segment,
    jpeg_bytes,
    textured,
    with_iim,
    xmp_packet,
)
from tests.storages import DiskFullStorage, HalfWritingStorage

# Every test runs against the local folder and against an S3 bucket (the photo_storage fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("photo_storage")]

REFERENCE_IMAGE = "imagemeta__IPTC-PhotometadataRef-Std2021.1.jpg"


def stored_files():
    """Every original in storage (names), to show what a failed upload left behind."""
    return set(files_under(default_storage, "photos/originals"))


def stored_bytes(name):
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def distinct_jpeg(seed, size=(160, 120), **options):
    return jpeg_bytes(size, color=(seed % 256, (seed * 7) % 256, 90), **options)


# Metadata into fields ---------------------------------------------------------------------------


def test_reference_image_fills_every_field(sample_feeds):
    content = (sample_feeds / "photos" / REFERENCE_IMAGE).read_bytes()

    photo, created = store_photo(content, filename=REFERENCE_IMAGE)

    photo.refresh_from_db()
    assert created
    assert photo.caption == "The description aka caption (ref2021.1)"
    assert photo.headline == "The Headline (ref2021.1)"
    assert photo.credit == "Credit Line (ref2021.1)"
    assert photo.photographer == "Creator1 (ref2021.1)"
    assert photo.copyright_notice == "Copyright (Notice) 2021.1 IPTC - www.iptc.org (ref2021.1)"
    assert photo.usage_terms == "Rights Usage Terms (ref2021.1)"
    assert photo.alt_text == "This is the Alt Text description to support accessibility in 2021.1"
    assert photo.keywords == ["Keyword1ref2021.1", "Keyword2ref2021.1", "Keyword3ref2021.1"]
    assert photo.city == "City (Core) (ref2021.1)"
    assert photo.country == "Country (Core) (ref2021.1)"
    assert photo.date_created == dt.datetime(2021, 10, 20, 21, 1, 1, tzinfo=UTC)
    assert (photo.width, photo.height) == Image.open(io.BytesIO(content)).size
    assert (
        photo.file_hash
        and photo.image.name == f"photos/originals/{photo.file_hash[:2]}/{photo.file_hash}.jpg"
    )
    assert stored_bytes(photo.image.name) == content


def test_reference_image_keeps_the_embedded_values_for_reference(sample_feeds):
    photo, _created = store_photo(
        (sample_feeds / "photos" / REFERENCE_IMAGE).read_bytes(), filename="ref.jpg"
    )
    photo.caption = "Edited by the desk"
    photo.save()

    photo.refresh_from_db()
    record = photo.embedded_metadata
    assert record["read"]["caption"] == "The description aka caption (ref2021.1)"
    assert record["read"]["instructions"] == "An Instruction (ref2021.1)"
    assert record["iim"]["2:120"] == "The description aka caption (ref2021.1)"
    assert record["xmp"]["photoshop:Credit"] == "Credit Line (ref2021.1)"
    assert record["original_name"] == "ref.jpg"
    assert "GPS" not in str(record)


@pytest.mark.parametrize(
    ("filename", "caption"),
    [("imagemeta__withIptc.jpg", "Caption"), ("imagemeta__withIptcPhotoshop6.jpg", "Caption PS6")],
)
def test_iim_only_samples_fill_the_fields(sample_feeds, filename, caption):
    photo, created = store_photo((sample_feeds / "photos" / filename).read_bytes(), filename=filename)

    photo.refresh_from_db()
    assert created
    assert (photo.caption, photo.headline, photo.credit, photo.photographer) == (
        caption,
        "Headline",
        "Credits",
        "Byline",
    )
    assert (photo.copyright_notice, photo.usage_terms, photo.city, photo.country) == (
        "Copyright",
        "Special Instr.",
        "City",
        "Country",
    )
    assert photo.alt_text == ""
    assert set(photo.embedded_metadata) >= {"iim", "read"}
    assert "xmp" not in photo.embedded_metadata


def test_a_date_without_a_time_becomes_midnight_in_the_newsroom_zone(sample_feeds):
    photo, _created = store_photo((sample_feeds / "photos" / "imagemeta__withIptc.jpg").read_bytes())

    photo.refresh_from_db()
    newsroom = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    assert photo.date_created == dt.datetime(2000, 1, 1, tzinfo=newsroom)
    assert photo.date_created.astimezone(newsroom).time() == dt.time(0, 0)


def test_an_image_without_metadata_is_stored_with_empty_fields(sample_feeds):
    photo, created = store_photo((sample_feeds / "photos" / "superdesk__picture_bug.jpg").read_bytes())

    photo.refresh_from_db()
    assert created
    assert photo.caption == photo.credit == photo.photographer == photo.alt_text == ""
    assert photo.keywords == [] and photo.date_created is None
    assert photo.embedded_metadata == {"read": {}}


def test_iim_in_utf8_and_latin1_is_decoded_into_the_fields():
    utf8 = with_iim(distinct_jpeg(1), [((1, 90), ESC_UTF8), ((2, 120), "Łódź at dawn".encode())])
    latin1 = with_iim(distinct_jpeg(2), [((2, 90), "Zürich".encode("latin-1"))])

    assert store_photo(utf8)[0].caption == "Łódź at dawn"
    assert store_photo(latin1)[0].city == "Zürich"


def test_xmp_first_iim_fills_the_gaps():
    xmp = xmp_packet(f"<dc:description>{alt('Ferry leaves in fog')}</dc:description>")
    content = with_iim(
        encode(Image.new("RGB", (90, 60), "teal"), "JPEG", xmp=xmp),
        [((2, 120), b"An older caption"), ((2, 110), b"Harbour Pictures")],
    )

    photo, _created = store_photo(content)

    assert (photo.caption, photo.credit) == ("Ferry leaves in fog", "Harbour Pictures")


def test_caller_values_win_and_empty_ones_fall_back_to_the_file():
    xmp = xmp_packet(
        f"<dc:description>{alt('Embedded caption')}</dc:description>"
        "<photoshop:Credit>Embedded credit</photoshop:Credit>"
        f"<dc:subject>{bag('harbour', 'fog')}</dc:subject>"
    )
    content = encode(Image.new("RGB", (90, 60), "navy"), "JPEG", xmp=xmp)
    agency = make_agency(credit="WIRE")
    expiry = timezone.now() + timedelta(days=30)

    photo, _created = store_photo(
        content,
        filename="feed.jpg",
        agency=agency,
        defaults={
            "caption": "The agency's caption",
            "credit": "",
            "expires_at": expiry,
            "source_identifier": "x:1",
        },
    )

    photo.refresh_from_db()
    assert photo.caption == "The agency's caption"
    assert photo.credit == "Embedded credit"
    assert photo.keywords == ["harbour", "fog"]
    assert (photo.agency, photo.expires_at, photo.source_identifier) == (agency, expiry, "x:1")
    assert photo.embedded_metadata["read"]["caption"] == "Embedded caption"


def test_unknown_fields_in_defaults_are_a_programming_error():
    with pytest.raises(TypeError, match="file_hash"):
        store_photo(distinct_jpeg(3), defaults={"file_hash": "0" * 64})
    assert not Photo.objects.exists()


def test_hostile_metadata_is_neutralised_and_never_blocks_the_upload():
    bomb = (
        b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>&b;</x:xmpmeta>"
    )
    entity_file = encode(Image.new("RGB", (80, 60), "olive"), "JPEG", xmp=bomb)
    script_caption = with_iim(
        distinct_jpeg(4), [((2, 120), b"<script>alert(1)</script>Mayor opens bridge<img src=x onerror=y>")]
    )
    long_credit = with_iim(distinct_jpeg(5), [((2, 110), b"C" * 1000)])

    # Right after the start of the file the DOCTYPE reads as markup: the upload is refused outright.
    with pytest.raises(PhotoRejected, match="markup"):
        store_photo(entity_file)
    # Further in (behind a comment segment) it is parsed safely, ignored, and the editor told why.
    padded = insert_jpeg_segment(entity_file, 0xFE, b"A long camera comment. " * 60)
    entity_photo, created = store_photo(padded)
    assert created and entity_photo.caption == ""
    assert "entities" in " ".join(entity_photo.embedded_metadata["problems"])
    with pytest.raises(PhotoRejected, match="markup"):
        store_photo(script_caption)
    padded_script = insert_jpeg_segment(script_caption, 0xFE, b"A long camera comment. " * 60)
    assert store_photo(padded_script)[0].caption == "Mayor opens bridge"
    assert store_photo(long_credit)[0].credit == "C" * 200  # trimmed to the column, not refused


def test_aware_date_created_keeps_aware_times_and_localises_naive_ones():
    aware = dt.datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
    naive = dt.datetime(2024, 3, 1, 8, 30)

    assert aware_date_created(aware) is aware
    assert aware_date_created(naive) == naive.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    assert aware_date_created(None) is None


# Duplicates ---------------------------------------------------------------------------------------


def test_the_same_file_twice_returns_the_existing_photo_untouched():
    content = distinct_jpeg(10)
    first, created = store_photo(content, filename="one.jpg", defaults={"caption": "First upload"})
    first.caption = "Edited since"
    first.save()

    again, created_again = store_photo(
        SimpleUploadedFile("other-name.jpeg", content, "image/jpeg"), defaults={"caption": "Second upload"}
    )

    assert created and not created_again
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.caption == "Edited since"
    assert Photo.objects.count() == 1
    assert stored_files() == {first.image.name}


def test_different_files_are_different_photos():
    one, _ = store_photo(distinct_jpeg(11))
    two, _ = store_photo(distinct_jpeg(12))

    assert one.pk != two.pk and one.file_hash != two.file_hash


def test_a_leftover_file_with_the_same_bytes_is_reused_and_a_damaged_one_replaced():
    content = distinct_jpeg(13)
    photo, _ = store_photo(content)
    name = photo.image.name
    # The row goes and its file stays: what a crash between a delete and its files' removal leaves
    # (the removal waits for a commit, which the test's transaction never makes).
    photo.delete()
    assert default_storage.exists(name)

    again, created = store_photo(content)
    assert created and again.image.name == name and stored_bytes(again.image.name) == content

    again.delete()
    with default_storage.open(name, "wb") as damaged:
        damaged.write(content[:100])
    replaced, created = store_photo(content)
    assert created and replaced.image.name == name
    assert stored_bytes(name) == content


def test_the_database_refuses_a_second_row_for_the_same_hash():
    photo, _ = store_photo(distinct_jpeg(14))

    with pytest.raises(IntegrityError):
        Photo.objects.create(image=photo.image.name, file_hash=photo.file_hash)


# Refusals and failures leave nothing behind --------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"", "empty.jpg", "empty"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>x()</script></svg>",
            "logo.svg",
            "unsupported_extension",
        ),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.jpg", "markup"),
        (encode(textured((300, 200)), "JPEG")[:4000], "cut.jpg", "damaged"),
        (encode(Image.new("RGB", (30, 30)), "BMP"), "old.bmp", "unsupported_extension"),
        (encode(Image.new("RGB", (30, 30)), "TIFF"), "scan.jpg", "unsupported_format"),
    ],
)
def test_refused_files_raise_and_store_nothing(content, filename, code):
    with pytest.raises(PhotoRejected) as refused:
        store_photo(content, filename=filename)

    assert refused.value.code == code
    assert str(refused.value)
    assert not Photo.objects.exists()
    assert stored_files() == set()


def test_size_and_pixel_limits_come_from_settings(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(PhotoRejected, match="larger than"):
        store_photo(encode(textured((300, 200)), "PNG"))
    settings.PHOTO_MAX_UPLOAD_BYTES = 40 * 1024 * 1024
    settings.PHOTO_MAX_PIXELS = 100 * 100
    with pytest.raises(PhotoRejected, match="megapixels"):
        store_photo(distinct_jpeg(20, size=(101, 100)))
    assert not Photo.objects.exists()


@pytest.mark.parametrize("storage_class", [DiskFullStorage, HalfWritingStorage])
def test_a_storage_failure_raises_a_clear_error_and_leaves_no_row_and_no_file(settings, storage_class):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"tests.storages.{storage_class.__name__}"},
    }

    with pytest.raises(PhotoStorageFailed, match="could not be saved to storage") as failed:
        store_photo(distinct_jpeg(30), filename="match.jpg")

    assert "No space left on device" in str(failed.value)
    assert not Photo.objects.exists()
    assert stored_files() == set()


def test_a_failing_row_removes_the_file_it_was_going_to_point_at():
    # A focal point outside the picture is refused by the database's check constraint.
    with pytest.raises(IntegrityError):
        store_photo(distinct_jpeg(31), defaults={"focal_point_x": 4.0})

    assert not Photo.objects.exists()
    assert stored_files() == set()


# Expiry ---------------------------------------------------------------------------------------------


def test_usable_and_expired_querysets_and_properties_agree():
    now = timezone.now()
    open_ended = make_photo()
    expired = make_photo(expires_at=now - timedelta(minutes=1))
    soon = make_photo(expires_at=now + timedelta(days=2))
    later = make_photo(expires_at=now + timedelta(days=60))

    assert set(Photo.objects.usable()) == {open_ended, soon, later}
    assert set(Photo.objects.expired()) == {expired}
    assert set(Photo.objects.expiring_soon()) == {soon}
    assert [p.is_usable for p in (open_ended, expired, soon, later)] == [True, False, True, True]
    assert [p.expires_soon for p in (open_ended, expired, soon, later)] == [False, False, True, False]


def test_the_warning_period_comes_from_settings(settings, frozen_now):
    photo = make_photo(expires_at=timezone.now() + timedelta(days=10))
    assert not photo.expires_soon and not Photo.objects.expiring_soon().exists()

    settings.PHOTO_EXPIRY_WARNING_DAYS = 14
    assert photo.expires_soon and Photo.objects.expiring_soon().get() == photo


def test_an_expired_lead_photo_is_not_shown_on_the_public_story_page(client):
    photo = make_photo(caption="Harbour at dawn", alt_text="Boats in the harbour")
    story = make_story(lead_photo=photo)
    assert "Boats in the harbour" in client.get(story.get_absolute_url()).content.decode()

    Photo.objects.filter(pk=photo.pk).update(expires_at=timezone.now() - timedelta(hours=1))

    from django.core.cache import cache

    cache.clear()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Boats in the harbour" not in page


# Rights: credit before publishing, expiry warnings for the story desk ------------------------------


def test_a_photo_whose_file_names_no_credit_blocks_publishing_until_credited(sample_feeds):
    from articles import services
    from articles.models import Story
    from tests.newsroom_staff import make_editor

    uncredited, _ = store_photo((sample_feeds / "photos" / "superdesk__picture_bug.jpg").read_bytes())
    credited, _ = store_photo((sample_feeds / "photos" / "imagemeta__withIptc.jpg").read_bytes())
    story = make_story(status=Story.Status.IN_REVIEW, lead_photo=credited)
    story.story_photos.create(photo=uncredited, position=0)

    with pytest.raises(services.PhotoCreditMissing, match=f"#{uncredited.pk}"):
        services.publish_story(story, by=make_editor())

    uncredited.credit = "Staff"
    uncredited.save()
    services.publish_story(story, by=make_editor())
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED


def test_story_warnings_name_expired_and_expiring_photos_only(frozen_now):
    from articles.photos.rights import stories_with_expiring_photos, story_photo_warnings

    soon = make_photo(caption="Market day", expires_at=timezone.now() + timedelta(days=3))
    gone = make_photo(caption="Old harbour", expires_at=timezone.now() - timedelta(days=1))
    fine = make_photo(caption="Open rights", expires_at=timezone.now() + timedelta(days=90))
    story = make_story(lead_photo=soon)
    story.story_photos.create(photo=gone, position=0)
    story.story_photos.create(photo=fine, position=1)
    untouched = make_story(lead_photo=fine)

    warnings = story_photo_warnings(story)

    assert len(warnings) == 2
    assert "Market day" in warnings[0] and "expires on" in warnings[0]
    assert "Old harbour" in warnings[1] and "expired on" in warnings[1]
    assert story_photo_warnings(untouched) == []
    assert list(stories_with_expiring_photos()) == [story]
