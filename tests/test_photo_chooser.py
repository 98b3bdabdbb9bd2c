"""The picture chooser's server side: the searchable grid and upload in place, their permissions, and a
page of thumbnails in a fixed number of queries."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Photo
from articles.photos.library import store_photo
from tests.builders import make_agency, make_photo
from tests.images import encode, scene, with_iim
from tests.newsroom_staff import make_editor, make_reporter, make_staff, make_wire_desk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
CHOOSER = reverse("admin:articles_photo_chooser")
UPLOAD = reverse("admin:articles_photo_chooser_upload")


def grid(client, **params):
    response = client.get(CHOOSER, params)
    assert response.status_code == 200
    return response.json()


def test_the_grid_finds_by_caption_credit_and_keyword_and_shows_what_a_thumbnail_needs(client):
    client.force_login(make_editor())
    agency = make_agency(name="Harbour Wire", credit="HW")
    pier = make_photo(caption="Fishing boats at the pier", credit="", agency=agency, keywords=["harbour"])
    make_photo(caption="Council chamber at night", credit="Staff", keywords=["politics"])

    assert [item["id"] for item in grid(client, q="fishing")["results"]] == [pier.pk]
    assert [item["id"] for item in grid(client, q="harbour")["results"]] == [pier.pk]
    assert [item["id"] for item in grid(client, q="HW")["results"]] == [pier.pk]  # its credit line
    item = grid(client, q="pier")["results"][0]
    assert item["caption"] == "Fishing boats at the pier" and item["credit"] == "HW"
    assert item["keywords"] == ["harbour"] and item["date"]
    assert item["thumbnail"].startswith(f"/admin/articles/photo/{pier.pk}/preview/")
    assert client.get(item["thumbnail"]).status_code == 200


def test_the_grid_pages_and_filters_by_when_the_picture_was_added(client):
    client.force_login(make_editor())
    for number in range(30):
        make_photo(caption=f"Market stall {number}")
    old = make_photo(caption="Market in the old town")
    Photo.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=60))

    first = grid(client, q="market")
    second = grid(client, q="market", page=2)

    assert (first["count"], first["pages"], len(first["results"]), first["has_next"]) == (31, 2, 24, True)
    assert len(second["results"]) == 7 and not second["has_next"]
    assert old.pk not in [item["id"] for item in grid(client, q="market", added="month", page=2)["results"]]
    assert grid(client, q="market", added="month")["count"] == 30


def test_a_page_of_the_grid_costs_the_same_queries_for_few_or_many_photos(client):
    client.force_login(make_editor())
    for _ in range(3):
        make_photo(agency=make_agency())
    grid(client)  # the session and permissions, read once

    def queries():
        with CaptureQueriesContext(connection) as captured:
            grid(client)
        return len(captured)

    few = queries()
    for _ in range(20):
        make_photo(agency=make_agency())
    assert queries() == few


def test_one_photo_by_its_id_for_the_body_editor(client):
    client.force_login(make_reporter())
    photo = make_photo(caption="Lighthouse")
    assert [item["caption"] for item in grid(client, id=photo.pk)["results"]] == ["Lighthouse"]
    assert grid(client, id=photo.pk + 1000)["results"] == []


def test_people_without_the_photo_library_are_refused(client):
    outsider = make_staff()  # staff, in no group: may not view photos
    client.force_login(outsider)
    assert client.get(CHOOSER).status_code == 403
    assert (
        client.post(UPLOAD, {"files": SimpleUploadedFile("a.jpg", encode(scene(1), "JPEG"))}).status_code
        == 403
    )
    assert not Photo.objects.exists()


def test_uploading_needs_permission_to_add_photos(client):
    wire_desk = make_wire_desk()  # may view photos, not add them
    client.force_login(wire_desk)
    assert client.get(CHOOSER).status_code == 200
    response = client.post(UPLOAD, {"files": SimpleUploadedFile("a.jpg", encode(scene(1), "JPEG"))})
    assert response.status_code == 403 and not Photo.objects.exists()
    assert not wire_desk.has_perm("articles.add_photo")
    wire_desk.user_permissions.add(Permission.objects.get(codename="add_photo"))
    client.force_login(wire_desk)
    assert (
        client.post(UPLOAD, {"files": SimpleUploadedFile("a.jpg", encode(scene(1), "JPEG"))}).status_code
        == 200
    )


def test_an_upload_in_place_is_validated_read_for_metadata_and_keeps_its_rights(client):
    client.force_login(make_reporter())
    file = with_iim(
        encode(scene(2), "JPEG"), [((2, 120), b"Ferry leaving at dawn"), ((2, 110), b"Port Desk")]
    )

    answer = client.post(
        UPLOAD,
        {
            "files": SimpleUploadedFile("ferry.jpg", file, "image/jpeg"),
            "alt_text": "A ferry in morning mist",
            "usage_terms": "Web only",
            "expires_at_0": "2031-01-31",
            "expires_at_1": "23:59:59",
        },
    ).json()

    photo = Photo.objects.get(pk=answer["photo"]["id"])
    assert (photo.caption, photo.credit, photo.alt_text) == (
        "Ferry leaving at dawn",
        "Port Desk",
        "A ferry in morning mist",
    )
    assert photo.usage_terms == "Web only" and photo.expires_at.year == 2031
    assert answer["photo"]["thumbnail"] and answer["photo"]["credit"] == "Port Desk"

    refused = client.post(UPLOAD, {"files": SimpleUploadedFile("page.jpg", b"<html><script>", "image/jpeg")})
    assert refused.status_code == 400 and refused.json()["errors"]["files"]
    assert Photo.objects.count() == 1


def test_an_upload_of_a_library_picture_offers_the_existing_photo(client):
    client.force_login(make_editor())
    existing, _created = store_photo(encode(scene(3), "JPEG", quality=90), filename="quay.jpg")

    same_file = client.post(UPLOAD, {"files": SimpleUploadedFile("again.jpg", existing.image.read())}).json()
    look_alike = client.post(
        UPLOAD, {"files": SimpleUploadedFile("small.jpg", encode(scene(3).resize((300, 200)), "JPEG"))}
    ).json()
    kept = client.post(
        UPLOAD,
        {
            "files": SimpleUploadedFile("small.jpg", encode(scene(3).resize((300, 200)), "JPEG")),
            "store_look_alikes": "on",
        },
    ).json()

    assert same_file["existing"]["id"] == existing.pk and same_file["same_file"]
    assert look_alike["existing"]["id"] == existing.pk and not look_alike["same_file"]
    assert "use the existing photo" in look_alike["message"]
    assert kept["photo"]["id"] != existing.pk and Photo.objects.count() == 2


def test_the_upload_view_answers_post_only(client):
    client.force_login(make_editor())
    assert client.get(UPLOAD).status_code == 405
