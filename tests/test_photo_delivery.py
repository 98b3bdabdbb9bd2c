"""Rendition addresses and the view that makes each rendition once and serves it after."""

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from articles.models import Photo
from articles.photos.delivery import photo_token, rendition_path, rendition_url
from tests.builders import make_photo, make_story

# Every test runs against the local folder and against an S3 bucket (the photo_storage fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("photo_storage")]


@pytest.fixture
def photo():
    """A published story's lead photo, so readers may fetch its renditions (tests/security/
    test_photo_access.py covers the photos they may not)."""
    photo = make_photo(size=(1600, 900), focal_point_x=0.25, focal_point_y=0.4, alt_text="A quay at dusk")
    make_story(lead_photo=photo)
    return photo


def test_addresses_encode_id_token_width_crop_focal_point_and_format(photo):
    url = rendition_url(photo, 640, "16:9", "webp")
    assert url == f"/media/renditions/{photo.pk}/{photo_token(photo)}/w640-c16x9-f250x400.webp"
    assert rendition_url(photo, 1280) == f"/media/renditions/{photo.pk}/{photo_token(photo)}/w1280.jpg"


def test_picture_tag_needs_no_query(photo):
    template = Template('{% load reader %}{% picture photo crop="4:3" sizes="50vw" %}')
    loaded = Photo.objects.get(pk=photo.pk)
    with CaptureQueriesContext(connection) as queries:
        markup = template.render(Context({"photo": loaded}))
    assert len(queries) == 0
    assert 'type="image/webp"' in markup and 'alt="A quay at dusk"' in markup
    assert 'width="1200" height="900"' in markup  # 4:3 of a 1600x900 original, at its widest
    assert "w320-c4x3-f250x400.webp 320w" in markup


def test_first_request_makes_and_stores_the_rendition_then_serves_the_stored_file(client, photo):
    url = rendition_url(photo, 640, "16:9", "webp")

    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert first.status_code == 200
    assert len(queries) == 1
    assert first["Content-Type"] == "image/webp"
    assert "immutable" in first["Cache-Control"]
    picture = Image.open(io.BytesIO(b"".join(first.streaming_content)))
    assert (picture.format, picture.size) == ("WEBP", (640, 360))
    stored = url.removeprefix("/media/")
    assert default_storage.exists(stored)

    # The stored file is what is served from now on, even without the original.
    photo.image.storage.delete(photo.image.name)
    second = client.get(url)
    assert second.status_code == 200
    assert Image.open(io.BytesIO(b"".join(second.streaming_content))).size == (640, 360)


def test_jpeg_fallback_and_uncropped_widths(client, photo):
    response = client.get(rendition_url(photo, 960))
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (960, 540)


@pytest.mark.parametrize(
    "filename",
    [
        "w5000.jpg",  # wider than anything the site makes
        "w641.jpg",  # not one of the widths
        "w640.png",  # not a format the site serves
        "w640-c2x1-f500x500.jpg",  # not a crop the site uses
        "w640-c16x9-f2000x500.jpg",  # focal point outside the picture
        "w0640.jpg",
        "../../etc/passwd",
    ],
)
def test_only_the_sites_own_renditions_are_made(client, photo, filename):
    response = client.get(f"/media/renditions/{photo.pk}/{photo_token(photo)}/{filename}")
    assert response.status_code == 404


def test_an_address_from_before_the_focal_point_moved_is_sent_to_the_current_one(client, photo):
    old_focal = rendition_url(photo, 640, "16:9", "jpeg")
    photo.focal_point_x = 0.75
    photo.save()

    response = client.get(old_focal)
    assert response.status_code == 302
    assert response["Location"] == rendition_url(photo, 640, "16:9", "jpeg")


def test_a_wrong_token_is_not_found_and_never_sent_to_the_right_one(client, photo):
    response = client.get(f"/media/renditions/{photo.pk}/00000000/w640.jpg")
    assert response.status_code == 404
    assert photo_token(photo) not in response.content.decode()


def test_expired_and_missing_photos_are_not_served(client, photo):
    photo.expires_at = timezone.now() - timedelta(minutes=1)
    photo.save()
    assert client.get(rendition_url(photo, 640)).status_code == 404
    assert client.get(f"/media/renditions/999999/{photo_token(photo)}/w640.jpg").status_code == 404


def test_renditions_are_stored_at_the_path_of_their_address(photo):
    from articles.photos.delivery import rendition_for

    request = rendition_for(photo, 320, "1:1", "webp")
    assert "/media/" + rendition_path(photo, request) == rendition_url(photo, 320, "1:1", "webp")


def test_avif_renditions_where_pillow_writes_avif(client, photo):
    from articles.photos.renditions import supported_formats

    assert "avif" in supported_formats()  # the pinned Pillow writes AVIF
    url = rendition_url(photo, 320, "1:1", "avif")
    response = client.get(url)
    assert url.endswith(".avif") and response.status_code == 200
    assert response["Content-Type"] == "image/avif"
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (picture.format, picture.size) == ("AVIF", (320, 320))
