"""Photos in an S3-compatible bucket (MEDIA_STORAGE_URL): moto's S3 server on this machine stands in
for AWS, and the bucket is listed with S3's own API to show what the site stored and removed.

The photo library's own tests (test_photo_library.py, test_photo_delivery.py, test_import_photos.py)
run against both storages through the ``photo_storage`` fixture; these cover what only S3 shows.
"""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from articles.admin.photo_previews import preview_url
from articles.models import Photo
from articles.photos.cleanup import files_under
from articles.photos.delivery import rendition_url
from articles.photos.library import PhotoStorageFailed, store_photo
from newsroom.media_storage import media_storage_from_url, media_url_origin
from tests.builders import make_agency, make_section, make_story
from tests.images import jpeg_bytes, with_iim
from tests.ingest.builders import copy_fixture, run_import

ROOT = Path(__file__).resolve().parent.parent
UPLOAD = reverse("admin:articles_photo_upload")

pytestmark = pytest.mark.django_db


# MEDIA_STORAGE_URL and MEDIA_URL ------------------------------------------------------------------


def test_no_media_storage_url_is_the_local_folder():
    local = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_storage_from_url("") == local
    assert media_storage_from_url("file://") == local


def test_an_s3_address_names_bucket_prefix_endpoint_region_and_cdn_domain():
    storage = media_storage_from_url(
        "s3://ledger-media/photos-2026?endpoint_url=http://127.0.0.1:9000&region=eu-west-1"
        "&custom_domain=cdn.example.com&querystring_auth=false&addressing_style=path"
    )

    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "ledger-media",
            "location": "photos-2026",
            "file_overwrite": True,
            "endpoint_url": "http://127.0.0.1:9000",
            "region_name": "eu-west-1",
            "custom_domain": "cdn.example.com",
            "querystring_auth": False,
            "addressing_style": "path",
        },
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("s3://key:secret@bucket", "carries no credentials"),
        ("s3://bucket?acl=public", "unknown parameter 'acl'"),
        ("s3://bucket?querystring_auth=maybe", "true or false"),
        ("s3://?region=eu-west-1", "names no bucket"),
        ("gs://bucket", "use s3://bucket"),
    ],
)
def test_a_wrong_media_storage_url_stops_the_settings_with_the_reason(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage_from_url(url)


def test_a_cdn_media_url_is_an_origin_the_pages_may_load_pictures_from():
    assert media_url_origin("/media/") == ""
    assert media_url_origin("https://cdn.example.com/media/") == "https://cdn.example.com"
    with pytest.raises(ImproperlyConfigured, match="end with a slash"):
        media_url_origin("https://cdn.example.com/media")


def test_the_settings_take_storage_cdn_and_route_from_the_environment(s3_bucket):
    """The settings as a server reads them: a process of its own with the variables set."""
    script = (
        "import json, django; django.setup();"
        "from django.conf import settings; from django.urls import resolve;"
        "match = resolve('/media/renditions/7/0123abcd/w640.jpg');"
        "print(json.dumps({'storage': settings.STORAGES['default'],"
        " 'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'],"
        " 'view': match.func.__name__}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "MEDIA_STORAGE_URL": s3_bucket.media_storage_url(),
        "MEDIA_URL": "https://cdn.example.test/media/",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert seen["storage"]["OPTIONS"]["bucket_name"] == s3_bucket.name
    assert "https://cdn.example.test" in seen["img_src"]
    assert seen["view"] == "serve_rendition"  # the CDN's requests still reach the rendition view


# Every way a photo arrives stores its original in the bucket ----------------------------------------


def test_an_upload_through_the_admin_is_stored_in_the_bucket(s3_bucket, admin_client):
    content = with_iim(jpeg_bytes((120, 80), color=(200, 40, 40)), [((2, 120), b"Lanterns on the quay")])

    response = admin_client.post(UPLOAD, {"files": [SimpleUploadedFile("quay.jpg", content, "image/jpeg")]})

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.caption == "Lanterns on the quay" and (photo.width, photo.height) == (120, 80)
    assert s3_bucket.object_keys() == {photo.image.name}
    assert photo.image.name.startswith("photos/originals/")
    assert s3_bucket.read(photo.image.name) == content


def test_import_photos_stores_each_file_in_the_bucket(s3_bucket, tmp_path):
    for number in range(3):
        (tmp_path / f"shoot-{number}.jpg").write_bytes(jpeg_bytes(color=(number * 60, 90, 30)))
    out = StringIO()

    call_command("import_photos", str(tmp_path), "--no-progress", stdout=out, stderr=StringIO())

    assert out.getvalue().splitlines()[-1] == "created 3, duplicate 0, failed 0"
    assert s3_bucket.object_keys() == {photo.image.name for photo in Photo.objects.all()}
    assert len(s3_bucket.object_keys()) == 3


def test_agency_pictures_with_a_story_and_alone_are_stored_in_the_bucket(s3_bucket, tmp_path):
    copy_fixture(
        "newsml/message-package.xml", tmp_path, pictures=["market 1.jpg", "market-2.jpg", "sunset.jpg"]
    )

    tally, _reporter = run_import(tmp_path, agency=make_agency("Bucket Wire"), section=make_section())

    assert tally.pictures_added == 1  # the lone picture, filed in the library
    photos = Photo.objects.all()
    assert len(photos) == 3
    assert s3_bucket.object_keys() == {photo.image.name for photo in photos}
    sunset = Photo.objects.get(source_identifier="pic:alone")
    assert s3_bucket.read(sunset.image.name) == (tmp_path / "sunset.jpg").read_bytes()


# Renditions ------------------------------------------------------------------------------------------


def test_renditions_on_a_cdn_address_are_made_on_first_request_and_kept_in_the_bucket(
    s3_bucket, client, settings
):
    settings.MEDIA_URL = "https://cdn.example.test/media/"
    photo, _created = store_photo(jpeg_bytes((1600, 900), color=(20, 90, 160)))
    photo.alt_text = "Gulls over the harbour wall"
    photo.save()
    story = make_story(lead_photo=photo)

    page = client.get(story.get_absolute_url()).content.decode()
    address = rendition_url(photo, 640, fmt="webp")
    assert address.startswith(f"https://cdn.example.test/media/renditions/{photo.pk}/")
    assert address in page  # the page's srcset names the CDN
    key = address.removeprefix("https://cdn.example.test/media/")
    assert key not in s3_bucket.object_keys()

    # The CDN asks this site for the address's path: made now, stored in the bucket.
    first = client.get(address.removeprefix("https://cdn.example.test"))
    assert first.status_code == 200 and first["Content-Type"] == "image/webp"
    made = b"".join(first.streaming_content)
    assert s3_bucket.object_keys() == {photo.image.name, key}
    assert s3_bucket.read(key) == made

    # From now on the stored object is served, even with the original gone from the bucket.
    s3_bucket.server.client().delete_object(Bucket=s3_bucket.name, Key=photo.image.name)
    again = client.get(address.removeprefix("https://cdn.example.test"))
    assert again.status_code == 200 and b"".join(again.streaming_content) == made


# A write that fails, a photo deleted -----------------------------------------------------------------


def test_a_write_the_bucket_refuses_leaves_no_row_and_says_why(s3_server, settings, admin_client):
    missing = s3_server.new_bucket()
    s3_server.client().delete_bucket(Bucket=missing.name)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_url(missing.media_storage_url())}

    with pytest.raises(PhotoStorageFailed, match="could not be saved to storage") as failed:
        store_photo(jpeg_bytes(color=(1, 2, 3)), filename="pier.jpg")
    assert "NoSuchBucket" in str(failed.value)

    page = admin_client.post(
        UPLOAD, {"files": [SimpleUploadedFile("pier.jpg", jpeg_bytes(color=(4, 5, 6)), "image/jpeg")]}
    )
    assert page.status_code == 200
    assert "could not be saved to storage" in page.content.decode()
    assert not Photo.objects.exists()


def stored_names():
    """Every file in the default storage, listed through the storage API."""
    return set(files_under(default_storage, "photos")) | set(files_under(default_storage, "renditions"))


def test_deleting_a_photo_deletes_its_original_renditions_and_previews(
    photo_storage, admin_client, django_capture_on_commit_callbacks, request
):
    doomed, _ = store_photo(jpeg_bytes((900, 600), color=(150, 30, 30)))
    kept, _ = store_photo(jpeg_bytes((900, 600), color=(30, 150, 30)))
    for photo in (doomed, kept):
        for address in (rendition_url(photo, 640), rendition_url(photo, 320, "1:1", "webp")):
            assert admin_client.get(address).status_code == 200  # staff may fetch any photo's
        assert admin_client.get(preview_url(photo, 160)).status_code == 200
    kept_names = {name for name in stored_names() if kept.file_hash in name or f"/{kept.pk}/" in name}
    assert len(stored_names()) == 8 and len(kept_names) == 3  # the previews' folder names neither

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_photo_delete", args=[doomed.pk]), {"post": "yes"}
        )

    assert response.status_code == 302 and not Photo.objects.filter(pk=doomed.pk).exists()
    left = stored_names()
    assert len(left) == 4 and kept_names <= left
    assert not any(doomed.file_hash in name or f"/{doomed.pk}/" in name for name in left)
    if photo_storage == "s3":  # as S3 itself lists the bucket
        assert request.getfixturevalue("s3_bucket").object_keys() == left


def test_a_delete_that_is_rolled_back_keeps_every_file(photo_storage, django_capture_on_commit_callbacks):
    photo, _ = store_photo(jpeg_bytes(color=(9, 9, 90)))
    photo_id = photo.pk

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        photo.delete()
        raise RuntimeError("the delete is undone")

    assert callbacks == []
    assert default_storage.exists(photo.image.name)
    assert Photo.objects.filter(pk=photo_id).exists()
