"""The same picture in another file: offered on upload, used (or reported) on import and from agencies,
listed on the photo's page; ``fill_photo_hashes`` gives older photos their hash."""

import re
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.ingest.items import AgencyPhoto
from articles.ingest.pictures import FetchedPicture, store_picture
from articles.models import Photo
from articles.photos.fingerprints import perceptual_hash
from articles.photos.library import LooksLikeExisting, file_photo, store_photo
from tests.builders import make_agency
from tests.images import encode, scene
from tests.newsroom_staff import make_editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
UPLOAD = reverse("admin:articles_photo_upload")


def original(seed=1):
    return encode(scene(seed), "JPEG", quality=90)


def smaller_copy(seed=1):
    return encode(scene(seed).resize((300, 200)), "JPEG", quality=60)


def trimmed_copy(seed=1):
    picture = scene(seed)
    width, height = picture.size
    return encode(picture.crop((12, 8, width - 12, height - 8)), "JPEG", quality=80)


def texts(response):
    return re.sub(r"\s+", " ", response.content.decode())


# The library's own rule ----------------------------------------------------------------------------


def test_a_new_photo_keeps_its_hash_and_a_look_alike_is_refused_only_when_asked():
    photo, created = store_photo(original(), filename="pier.jpg")
    assert created and photo.perceptual_hash == perceptual_hash(original())
    assert photo.hash_band_0 == int(photo.perceptual_hash[:4], 16)

    with pytest.raises(LooksLikeExisting) as found:
        file_photo(smaller_copy(), filename="pier-small.jpg", similar="ask")
    assert found.value.closest == photo
    assert Photo.objects.count() == 1

    kept = file_photo(smaller_copy(), filename="pier-small.jpg", similar="store")
    assert kept.created and Photo.objects.count() == 2


def test_reuse_takes_the_same_picture_and_stores_a_look_alike_with_a_note():
    photo, _created = store_photo(original(), filename="pier.jpg")

    same = file_photo(smaller_copy(), similar="reuse")
    assert (same.photo, same.created, same.same_picture) == (photo, False, True)

    cropped = file_photo(trimmed_copy(), similar="reuse")
    assert cropped.created and cropped.look_alikes[0][1] == photo


# The upload page -----------------------------------------------------------------------------------


def test_uploading_a_look_alike_offers_the_existing_photo_and_stores_nothing(client):
    client.force_login(make_editor())
    photo, _created = store_photo(original(), filename="pier.jpg")

    response = client.post(UPLOAD, {"files": SimpleUploadedFile("copy.jpg", smaller_copy(), "image/jpeg")})

    assert response.status_code == 200  # the form again, with the offer
    page = texts(response)
    assert "“copy.jpg” looks like" in page and "use the existing photo" in page
    assert f'href="/admin/articles/photo/{photo.pk}/change/"' in page
    assert Photo.objects.count() == 1


def test_a_look_alike_among_new_files_is_left_out_and_named(client):
    client.force_login(make_editor())
    photo, _created = store_photo(original(), filename="pier.jpg")
    files = [
        SimpleUploadedFile("copy.jpg", smaller_copy(), "image/jpeg"),
        SimpleUploadedFile("other.jpg", original(seed=2), "image/jpeg"),
    ]

    response = client.post(UPLOAD, {"files": files, "credit": "Desk"}, follow=True)

    assert Photo.objects.count() == 2
    assert f"photo #{photo.pk}" in texts(response)


def test_ticking_store_look_alikes_keeps_it_as_a_new_photo(client):
    client.force_login(make_editor())
    store_photo(original(), filename="pier.jpg")

    response = client.post(
        UPLOAD,
        {"files": SimpleUploadedFile("copy.jpg", trimmed_copy(), "image/jpeg"), "store_look_alikes": "on"},
    )

    assert response.status_code == 302
    assert Photo.objects.count() == 2


def test_the_story_fields_plus_button_gets_the_existing_photo_back(client):
    client.force_login(make_editor())
    photo, _created = store_photo(original(), filename="pier.jpg")

    response = client.post(
        UPLOAD + "?_popup=1&_to_field=id",
        {"files": SimpleUploadedFile("copy.jpg", smaller_copy(), "image/jpeg"), "_popup": "1"},
    )

    assert response.status_code == 200  # the popup's answer to the story form, with the existing photo
    assert f"&quot;value&quot;: &quot;{photo.pk}&quot;" in response.content.decode()
    assert Photo.objects.count() == 1


def test_the_photo_page_lists_its_look_alikes(client):
    client.force_login(make_editor())
    photo, _created = store_photo(original(), filename="pier.jpg")
    copy = file_photo(trimmed_copy(), filename="pier-cropped.jpg").photo

    page = texts(client.get(reverse("admin:articles_photo_change", args=[copy.pk])))

    assert f'href="/admin/articles/photo/{photo.pk}/change/"' in page


# Importers -----------------------------------------------------------------------------------------


def run_import(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_photos", *args, "--no-progress", stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue().splitlines()


def test_import_uses_the_existing_photo_for_the_same_picture_and_reports_a_look_alike(tmp_path):
    photo, _created = store_photo(original(), filename="pier.jpg")
    tmp_path = tmp_path / "incoming"  # beside the media root, not around it
    tmp_path.mkdir()
    (tmp_path / "a-small.jpg").write_bytes(smaller_copy())
    (tmp_path / "b-cropped.jpg").write_bytes(trimmed_copy())

    status, lines = run_import(str(tmp_path))

    assert status == 0 and lines[-1] == "created 1, duplicate 1, failed 0"
    cropped = Photo.objects.exclude(pk=photo.pk).get()
    assert f"same picture as photo #{photo.pk}: {tmp_path / 'a-small.jpg'}" in lines
    assert f"looks like photo #{photo.pk}: {tmp_path / 'b-cropped.jpg'}, stored as #{cropped.pk}" in lines


def test_import_can_keep_look_alikes_as_new_photos(tmp_path):
    store_photo(original(), filename="pier.jpg")
    tmp_path = tmp_path / "incoming"
    tmp_path.mkdir()
    (tmp_path / "small.jpg").write_bytes(smaller_copy())

    status, lines = run_import(str(tmp_path), "--keep-look-alikes")

    assert lines[-1] == "created 1, duplicate 0, failed 0" and Photo.objects.count() == 2


def agency_picture(content, guid):
    return FetchedPicture(
        content=content,
        location=f"https://wire.example/{guid}.jpg",
        agency_photo=AgencyPhoto(href=f"{guid}.jpg", guid=guid, caption="Boats at the pier", credit="HW"),
    )


def test_an_agency_resending_its_picture_re_encoded_gets_the_same_photo_another_agency_its_own():
    harbour, coast = make_agency(name="Harbour Wire"), make_agency(name="Coast Press")
    first, created = store_picture(agency_picture(original(), "p1"), agency=harbour)
    assert created

    again, created_again = store_picture(agency_picture(smaller_copy(), "p1-v2"), agency=harbour)
    assert (again, created_again) == (first, False)

    theirs, created_theirs = store_picture(agency_picture(smaller_copy(), "c1"), agency=coast)
    assert created_theirs and theirs.agency == coast


def test_the_same_picture_sent_with_a_corrected_caption_is_a_photo_of_its_own():
    harbour = make_agency(name="Harbour Wire")
    first, _created = store_picture(agency_picture(original(), "p1"), agency=harbour)
    corrected = agency_picture(smaller_copy(), "p1-v2")
    corrected.agency_photo.caption = "Fishing boats at the north pier, not the south"

    photo, created = store_picture(corrected, agency=harbour)

    assert created and photo != first and photo.caption.startswith("Fishing boats at the north pier")


# Photos stored before hashes ---------------------------------------------------------------------


def test_fill_photo_hashes_gives_older_photos_their_hash_in_batches_and_can_run_again():
    older = []
    for seed in range(5):
        photo = Photo(caption=f"Older {seed}", credit="Staff")
        photo.image.save(f"older-{seed}.jpg", ContentFile(original(seed)), save=False)
        photo.save()
        older.append(photo)
    broken = Photo(caption="Gone", credit="Staff")
    broken.image.save("gone.jpg", ContentFile(original(9)), save=False)
    broken.save()
    broken.image.storage.delete(broken.image.name)

    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as finished:
        call_command("fill_photo_hashes", "--batch-size", "2", "--no-progress", stdout=out, stderr=err)

    assert finished.value.code == 1
    assert out.getvalue().splitlines()[-1] == "hashed 5, plain 0, unreadable 1"
    assert f"photo #{broken.pk}" in err.getvalue()
    for seed, photo in enumerate(older):
        photo.refresh_from_db()
        assert photo.perceptual_hash == perceptual_hash(original(seed))
        assert photo.hash_band_3 == int(photo.perceptual_hash[12:16], 16)

    broken.delete()
    out = StringIO()
    call_command("fill_photo_hashes", "--no-progress", stdout=out, stderr=StringIO())
    assert out.getvalue().splitlines()[-1] == "hashed 0, plain 0, unreadable 0"
