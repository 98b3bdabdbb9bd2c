"""The "check the new photos" page after an upload: every picture on it loads."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.images import encode, jpeg_bytes, textured
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
UPLOAD = reverse("admin:articles_photo_upload")


def uploads():
    return [
        SimpleUploadedFile("harbour.jpg", jpeg_bytes((900, 600), (20, 90, 140)), "image/jpeg"),
        SimpleUploadedFile("portrait.png", encode(textured((300, 500)), "PNG"), "image/png"),
        SimpleUploadedFile("tiny.jpg", jpeg_bytes((120, 80), (200, 40, 40)), "image/jpeg"),
    ]


@pytest.mark.parametrize("make_user", [make_editor, make_reporter])
def test_every_thumbnail_on_the_review_page_answers_with_an_image(client, make_user):
    client.force_login(make_user())
    stored = client.post(UPLOAD, {"files": uploads(), "credit": "Desk"})
    assert stored.status_code == 302

    review = client.get(stored["Location"])

    sources = re.findall(r'<img class="photo-thumbnail" src="([^"]+)"', review.content.decode())
    assert len(sources) == 3
    for source in sources:
        answer = client.get(source)
        assert answer.status_code == 200, source
        assert answer["Content-Type"] == "image/jpeg"
        picture = Image.open(io.BytesIO(b"".join(answer.streaming_content)))
        picture.load()
        assert 0 < picture.width <= 400


def test_a_preview_width_the_desk_does_not_use_is_not_made(client):
    client.force_login(make_editor())
    stored = client.post(UPLOAD, {"files": uploads()[:1], "credit": "Desk"})
    review = client.get(stored["Location"]).content.decode()
    source = re.search(r'<img class="photo-thumbnail" src="([^"]+)"', review).group(1)

    assert client.get(source.replace("/400.jpg", "/401.jpg")).status_code == 404
