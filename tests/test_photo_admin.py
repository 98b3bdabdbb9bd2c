"""The photo library in the admin: list, search, filters, uploads, focal point, where used, rights."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Author, Photo, Story, StoryPhoto
from articles.photos.library import store_photo
from articles.photos.rights import picker_label
from tests.builders import make_agency, make_author, make_photo, make_story, unique
from tests.desk_builders import photo_form
from tests.images import encode, jpeg_bytes, textured, with_iim
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_photo_changelist")
UPLOAD = reverse("admin:articles_photo_upload")
REVIEW = reverse("admin:articles_photo_review")


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def change_url(photo):
    return reverse("admin:articles_photo_change", args=[photo.pk])


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type)


def captioned_jpeg(caption, credit=b"", seed=0):
    datasets = [((2, 120), caption.encode())]
    if credit:
        datasets.append(((2, 110), credit))
    return with_iim(jpeg_bytes((120, 80), color=(seed % 256, 120, 60)), datasets)


def texts(response):
    return re.sub(r"\s+", " ", response.content.decode())


# The list ---------------------------------------------------------------------------------------


def test_the_list_shows_thumbnails_credit_rights_and_uses(editor_client):
    agency = make_agency(name="Harbour Wire", credit="HW")
    photo = make_photo(
        caption="Fishing boats at first light", credit="", agency=agency, usage_terms="No archive"
    )
    make_story(lead_photo=photo)
    uncredited = make_photo(caption="An unnamed street", credit="")
    Author.objects.create(name="Writer", slug=unique("writer"), photo=uncredited)

    page = texts(editor_client.get(CHANGELIST))

    assert f'src="/admin/articles/photo/{photo.pk}/preview/' in page
    assert "Fishing boats at first light" in page and "HW" in page and "No archive" in page
    assert "1 story" in page and "author photo" in page
    assert "No credit" in page
    assert "Upload photos" in page


def test_thumbnails_are_served_as_small_jpegs_made_once(editor_client, settings):
    photo, _ = store_photo(jpeg_bytes((1200, 800)))
    listing = editor_client.get(CHANGELIST).content.decode()
    url = re.search(rf'src="(/admin/articles/photo/{photo.pk}/preview/[^"]+)"', listing).group(1)

    first = editor_client.get(url)
    second = editor_client.get(url)

    thumbnail = Image.open(io.BytesIO(b"".join(first.streaming_content)))
    assert first.status_code == 200 and first["Content-Type"] == "image/jpeg"
    assert thumbnail.format == "JPEG" and thumbnail.size == (160, 107)
    assert second.status_code == 200
    assert editor_client.get(url.replace("/160.jpg", "/999.jpg")).status_code == 404
    assert editor_client.get(re.sub(r"/preview/\w+/", "/preview/000000000000/", url)).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(editor_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(CHANGELIST).status_code == 200
        return len(queries)

    agency = make_agency()
    for number in range(2):
        make_story(
            lead_photo=make_photo(agency=agency, expires_at=timezone.now() + timedelta(days=2 + number))
        )
    few = count_queries()
    for _number in range(8):
        photo = make_photo(agency=make_agency())
        story = make_story(lead_photo=photo)
        StoryPhoto.objects.create(story=story, photo=make_photo(), position=0)
    many = count_queries()

    assert Photo.objects.count() == 18
    assert few == many


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lighthouse", "caption"),
        ("Coastal Pictures", "credit"),
        ("Ines Marlow", "photographer"),
        ("regatta", "keywords"),
    ],
)
def test_search_covers_caption_credit_photographer_and_keywords(editor_client, query, expected):
    match = make_photo(
        caption="The old lighthouse repainted",
        credit="Coastal Pictures",
        photographer="Ines Marlow",
        keywords=["regatta", "harbour"],
    )
    other = make_photo(
        caption="A council meeting", credit="Staff", photographer="Sam Ode", keywords=["politics"]
    )

    page = editor_client.get(CHANGELIST, {"q": query}).content.decode()

    assert change_url(match) in page, expected
    assert change_url(other) not in page


def test_keywords_with_accents_are_found(editor_client):
    match = make_photo(caption="Lake view", keywords=["Zürich", "Seebad"])
    other = make_photo(caption="Lake view too", keywords=["Geneva"])

    page = editor_client.get(CHANGELIST, {"q": "Zürich"}).content.decode()

    assert change_url(match) in page and change_url(other) not in page


def test_filters_by_agency_date_and_rights(editor_client):
    wire = make_agency(name="Wire One")
    from_wire = make_photo(caption="From the wire", agency=wire)
    old = make_photo(caption="An old picture")
    Photo.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    expired = make_photo(caption="Rights gone", expires_at=timezone.now() - timedelta(days=1))
    soon = make_photo(caption="Rights ending", expires_at=timezone.now() + timedelta(days=3))

    def listed(**params):
        page = editor_client.get(CHANGELIST, params).content.decode()
        return {photo for photo in (from_wire, old, expired, soon) if change_url(photo) in page}

    assert listed(agency__id__exact=wire.pk) == {from_wire}
    this_year = timezone.localdate()
    assert old not in listed(created_at__year=this_year.year, created_at__month=this_year.month)
    assert listed(rights="expired") == {expired}
    assert listed(rights="soon") == {soon}
    week_ago = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=7)
    assert listed(created_at__gte=str(week_ago)) == {
        from_wire,
        expired,
        soon,
    }


def test_the_list_warns_about_stories_whose_photos_expire_soon(editor_client):
    photo = make_photo(caption="Ending soon", expires_at=timezone.now() + timedelta(days=2))
    assert "warning period" not in texts(editor_client.get(CHANGELIST))

    make_story(lead_photo=photo)

    page = texts(editor_client.get(CHANGELIST))
    assert "1 story uses a photo whose usage rights expire within the warning period." in page
    assert "rights=soon" in page


# Upload ------------------------------------------------------------------------------------------


def test_add_leads_to_the_upload_page(editor_client):
    response = editor_client.get(reverse("admin:articles_photo_add"))
    assert response.status_code == 302 and response["Location"] == UPLOAD
    page = editor_client.get(UPLOAD)
    assert page.status_code == 200 and 'type="file"' in page.content.decode()
    assert "multiple" in page.content.decode()


def test_uploading_several_files_stores_them_with_metadata_and_offers_a_review(editor_client):
    agency = make_agency(name="Valley Wire", credit="VW")
    files = [
        upload("a.jpg", captioned_jpeg("Snow closes the mountain pass", b"Valley Wire", seed=1)),
        upload("b.jpg", captioned_jpeg("Ferry service resumes", seed=2)),
        upload("c.png", encode(Image.new("RGB", (60, 40), "orange"), "PNG"), "image/png"),
    ]

    response = editor_client.post(
        UPLOAD,
        {"files": files, "agency": agency.pk, "credit": "Desk credit", "usage_terms": "Editorial only"},
    )

    assert response.status_code == 302 and response["Location"].startswith(REVIEW)
    photos = list(Photo.objects.order_by("pk"))
    assert [photo.caption for photo in photos] == [
        "Snow closes the mountain pass",
        "Ferry service resumes",
        "",
    ]
    assert [photo.credit for photo in photos] == ["Valley Wire", "Desk credit", "Desk credit"]
    assert {photo.agency for photo in photos} == {agency}
    assert {photo.usage_terms for photo in photos} == {"Editorial only"}
    assert all(photo.uploaded_by.is_staff for photo in photos)

    review = editor_client.get(response["Location"])
    page = review.content.decode()
    assert "Snow closes the mountain pass" in page and "Ferry service resumes" in page
    assert page.count('class="module aligned photo-review-item"') == 3


def test_the_review_saves_corrections(editor_client):
    photo, _ = store_photo(captioned_jpeg("Caption from the file", b"File Credit"))
    url = f"{REVIEW}?ids={photo.pk}"
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(photo.pk),
        "form-0-caption": "Caption corrected by the desk",
        "form-0-alt_text": "Cars queue at a snowy barrier",
        "form-0-credit": "File Credit",
        "form-0-photographer": "",
        "form-0-usage_terms": "",
        "form-0-keywords": "snow, roads, Snow",
    }

    response = editor_client.post(url, form)

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Caption corrected by the desk"
    assert photo.alt_text == "Cars queue at a snowy barrier"
    assert photo.keywords == ["snow", "roads"]
    assert photo.embedded_metadata["read"]["caption"] == "Caption from the file"


def refused(editor_client, name, content, content_type="image/jpeg"):
    response = editor_client.post(UPLOAD, {"files": [upload(name, content, content_type)]})
    assert response.status_code == 200
    assert not Photo.objects.exists()
    return texts(response)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.jpg", b"", "The submitted file is empty."),
        (
            "logo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "is not a photo: only JPEG, PNG, WebP, AVIF and GIF images can be uploaded.",
        ),
        ("logo.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "web page or SVG markup"),
        ("page.jpg", b"<!doctype html><html><body>hello</body></html>", "web page or SVG markup"),
        ("notes.txt", b"plain words", "is not a photo"),
        ("scan.jpg", encode(Image.new("RGB", (40, 40)), "TIFF"), "not a JPEG, PNG, WebP, AVIF or GIF image"),
        ("scan.jpg", encode(Image.new("RGB", (40, 40)), "BMP"), "not a JPEG, PNG, WebP, AVIF or GIF image"),
        ("cut.jpg", encode(textured((300, 200)), "JPEG")[:3000], "damaged"),
        ("noise.jpg", bytes(range(256)) * 20, "not a JPEG, PNG, WebP, AVIF or GIF image"),
    ],
)
def test_every_refused_upload_gets_a_clear_error_and_stores_nothing(editor_client, name, content, message):
    page = refused(editor_client, name, content)

    assert "Nothing was stored" in page
    assert message in page.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&#x27;", "'")


def test_size_and_pixel_limits_are_explained(editor_client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 2000
    assert "larger than the 2.0 KB allowed" in refused(
        editor_client, "big.png", encode(textured((200, 200)), "PNG")
    )

    settings.PHOTO_MAX_UPLOAD_BYTES = 40 * 1024 * 1024
    settings.PHOTO_MAX_PIXELS = 1000
    assert "more pixels than the 0.001 megapixels allowed" in refused(
        editor_client, "wide.jpg", jpeg_bytes((50, 40))
    )


def test_a_decompression_bomb_is_refused(editor_client):
    bomb = encode(Image.new("1", (12_000, 12_000)), "PNG")  # tiny file, 144 megapixels
    assert len(bomb) < 100_000
    assert "megapixels allowed" in refused(editor_client, "bomb.png", bomb, "image/png")


def test_a_storage_failure_is_a_form_error_and_leaves_nothing(editor_client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.storages.DiskFullStorage"},
    }

    page = refused(editor_client, "fine.jpg", jpeg_bytes((80, 60)))

    assert "could not be saved to storage" in page and "No space left on device" in page


def test_a_duplicate_upload_offers_the_existing_photo(editor_client):
    content = captioned_jpeg("Lanterns over the river", seed=9)
    existing, _ = store_photo(content)

    response = editor_client.post(UPLOAD, {"files": [upload("again.jpg", content)]})

    page = texts(response)
    assert Photo.objects.count() == 1
    assert "is already in the library" in page
    assert f'href="{change_url(existing)}"' in page


def test_a_duplicate_next_to_new_files_is_listed_with_a_link(editor_client):
    content = captioned_jpeg("Lanterns over the river", seed=10)
    existing, _ = store_photo(content)

    response = editor_client.post(
        UPLOAD,
        {"files": [upload("again.jpg", content), upload("new.jpg", captioned_jpeg("A new one", seed=11))]},
        follow=True,
    )

    page = texts(response)
    assert Photo.objects.count() == 2
    assert "1 photo stored" in page
    assert f'href="{change_url(existing)}"' in page and "is already in the library" in page


def test_uploading_from_a_story_field_popup_returns_the_photo_to_it(editor_client):
    response = editor_client.get(reverse("admin:articles_photo_add"), {"_popup": "1", "_to_field": "id"})
    assert response["Location"] == f"{UPLOAD}?_popup=1&_to_field=id"

    response = editor_client.post(
        f"{UPLOAD}?_popup=1", {"_popup": "1", "_to_field": "id", "files": [upload("p.jpg", jpeg_bytes())]}
    )

    photo = Photo.objects.get()
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-popup-response=" in page
    assert f"&quot;value&quot;: &quot;{photo.pk}&quot;" in page


# The change form ---------------------------------------------------------------------------------


def test_the_change_form_has_the_focal_point_picker_centred_by_default(editor_client):
    photo, _ = store_photo(jpeg_bytes((400, 300)))

    page = editor_client.get(change_url(photo)).content.decode()

    assert 'class="focal-point-picker"' in page
    assert "left:50.0%;top:50.0%" in page
    assert 'data-focal-axis="x"' in page and 'data-focal-axis="y"' in page
    assert "admin/js/focal_point.js" in page


def test_the_focal_point_is_saved(editor_client):
    photo, _ = store_photo(jpeg_bytes((400, 300)))

    response = editor_client.post(
        change_url(photo), photo_form(photo, focal_point_x="0.25", focal_point_y="0.8")
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.focal_point_x, photo.focal_point_y) == (0.25, 0.8)


def test_a_focal_point_outside_the_picture_is_refused(editor_client):
    photo, _ = store_photo(jpeg_bytes((400, 300)))

    response = editor_client.post(change_url(photo), photo_form(photo, focal_point_x="1.5"))

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 1" in response.content.decode()
    photo.refresh_from_db()
    assert photo.focal_point_x == 0.5


def test_where_used_lists_lead_further_and_author_uses(editor_client):
    photo = make_photo(caption="The mayor at her desk")
    lead = make_story(headline="Mayor unveils the budget", lead_photo=photo)
    further = make_story(headline="Council votes on the plan")
    StoryPhoto.objects.create(story=further, photo=photo, position=0)
    author = make_author(name="Rosa Delgado", photo=photo)
    unused = make_photo()

    page = texts(editor_client.get(change_url(photo)))

    assert (
        f'Lead photo of: <a href="{reverse("admin:articles_story_change", args=[lead.pk])}">Mayor unveils'
        in page
    )
    assert (
        f'Further photo in: <a href="{reverse("admin:articles_story_change", args=[further.pk])}">Council'
        in page
    )
    assert (
        f'Author photo of: <a href="{reverse("admin:articles_author_change", args=[author.pk])}">Rosa' in page
    )
    assert "Not used in any story or author page." in texts(editor_client.get(change_url(unused)))


def test_usage_terms_and_expiry_are_shown_prominently_with_a_warning(editor_client):
    photo = make_photo(usage_terms="No use after the summit", expires_at=timezone.now() + timedelta(days=2))
    story = make_story(headline="Leaders meet at the summit", lead_photo=photo)

    page = texts(editor_client.get(change_url(photo)))

    assert "Usage terms: No use after the summit" in page
    assert "(in 1 days)" in page or "(in 2 days)" in page
    assert 'class="warning"' in page and "Used in:" in page
    assert reverse("admin:articles_story_change", args=[story.pk]) in page


def test_an_expired_photo_says_so(editor_client):
    photo = make_photo(expires_at=timezone.now() - timedelta(days=1))

    page = texts(editor_client.get(change_url(photo)))

    assert "Usage expired on" in page and "no longer shows this photo" in page


def test_a_photo_without_credit_warns_about_publishing(editor_client):
    photo = make_photo(credit="")
    page = texts(editor_client.get(change_url(photo)))
    assert "No credit: stories with this photo cannot be published until it has one." in page


def test_the_picker_label_carries_credit_usage_terms_and_expiry():
    photo = make_photo(
        caption="Dancers at the festival",
        credit="Festival Press",
        usage_terms="Editorial use only",
        expires_at=timezone.now() + timedelta(days=40),
    )
    label = picker_label(photo)
    assert label.startswith(
        "Dancers at the festival · credit: Festival Press · usage: Editorial use only · expires "
    )

    photo.credit = ""
    photo.expires_at = timezone.now() - timedelta(days=1)
    assert picker_label(photo).endswith("NO CREDIT · usage: Editorial use only · EXPIRED")


def test_embedded_values_are_shown_for_reference(editor_client):
    photo, _ = store_photo(captioned_jpeg("As the agency wrote it", b"Agency Credit"))
    photo.caption = "As the desk rewrote it"
    photo.save()

    page = texts(editor_client.get(change_url(photo)))

    assert "As the agency wrote it" in page and "As the desk rewrote it" in page


def test_views_without_permission_are_refused(client):
    from tests.newsroom_staff import make_staff

    client.force_login(make_staff(None))
    assert client.get(UPLOAD).status_code == 403
    photo = make_photo()
    assert client.get(REVIEW, {"ids": photo.pk}).status_code == 403


def test_the_credit_of_a_photo_readers_see_cannot_be_taken_off(editor_client):
    photo = make_photo(credit="Harbour Trust", photographer="")
    make_story(lead_photo=photo, headline="Quay reopens after repairs")
    spare = make_photo(credit="Harbour Trust", photographer="")
    make_story(lead_photo=spare, status=Story.Status.DRAFT)

    refused = editor_client.post(change_url(photo), photo_form(photo, credit=""))

    assert refused.status_code == 200
    [error] = refused.context["adminform"].form.errors["credit"]
    assert "Quay reopens after repairs" in error and "needs a credit" in error
    photo.refresh_from_db()
    assert photo.credit == "Harbour Trust"
    # A photographer gives a credit too; a photo no story readers see may have none.
    assert (
        editor_client.post(change_url(photo), photo_form(photo, credit="", photographer="A. Rao")).status_code
        == 302
    )
    assert editor_client.post(change_url(spare), photo_form(spare, credit="")).status_code == 302
    spare.refresh_from_db()
    assert spare.credit == ""


def test_the_review_page_cannot_take_the_credit_off_a_photo_readers_see(editor_client):
    photo = make_photo(credit="Harbour Trust", photographer="")
    make_story(lead_photo=photo, headline="Quay reopens after repairs")
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(photo.pk),
        "form-0-caption": photo.caption,
        "form-0-alt_text": "",
        "form-0-credit": "",
        "form-0-photographer": "",
        "form-0-usage_terms": "",
        "form-0-keywords": "",
    }

    response = editor_client.post(f"{REVIEW}?ids={photo.pk}", form)

    assert response.status_code == 200
    assert "Quay reopens after repairs" in response.context["formset"].forms[0].errors["credit"][0]
    photo.refresh_from_db()
    assert photo.credit == "Harbour Trust"


def test_a_photo_readers_see_leading_a_story_cannot_be_deleted_from_the_library(editor_client):
    # A further photo was protected by its foreign key; a lead was set to nothing, silently.
    lead = make_photo(caption="Delegates leave the conference centre")
    story = make_story(lead_photo=lead, headline="River nations agree to share flood data")
    draft_lead = make_photo()
    make_story(lead_photo=draft_lead, status=Story.Status.DRAFT)
    delete = reverse("admin:articles_photo_delete", args=[lead.pk])
    editor = make_editor()
    editor.user_permissions.add(*Permission.objects.filter(codename="delete_photo"))
    editor_client.force_login(editor)

    asking = editor_client.get(delete)
    refused = editor_client.post(delete, {"post": "yes"})

    assert (
        "River nations agree to share flood data" in asking.text
        and "choose another picture first" in asking.text
    )
    assert refused.status_code == 200  # the same page, nothing deleted
    story.refresh_from_db()
    assert story.lead_photo_id == lead.pk and Photo.objects.filter(pk=lead.pk).exists()
    # A draft's lead may go: the draft loses it, as before.
    assert (
        editor_client.post(
            reverse("admin:articles_photo_delete", args=[draft_lead.pk]), {"post": "yes"}
        ).status_code
        == 302
    )
