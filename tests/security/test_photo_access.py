"""Who may see and who may change a photo.

Readers fetch renditions only of photos a published story or an author page shows; a wrong token is
a 404 (never a redirect to the right one), so photo ids cannot be walked to find unpublished
pictures. Staff still see every photo, in responses no shared cache keeps. A photo that a published or
scheduled story shows changes only at the hands of someone who may edit that story.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Photo, Story, StoryPhoto
from articles.photos.delivery import photo_token, rendition_url
from tests.builders import make_author, make_photo, make_story
from tests.desk_builders import photo_form
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status
HOUR = timedelta(hours=1)

# Stories readers cannot see, whatever is stored for them.
NOT_OUT = {
    "draft": {"status": S.DRAFT},
    "in review": {"status": S.IN_REVIEW},
    "scheduled": {"status": S.SCHEDULED},
    "withdrawn": {"status": S.WITHDRAWN},
    "published, time not come": {"status": S.PUBLISHED, "publish_at_offset": HOUR},
    "published, under embargo": {"status": S.PUBLISHED, "embargo_offset": HOUR},
}


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def story_in(state, **fields):
    spec = dict(NOT_OUT[state])
    if offset := spec.pop("publish_at_offset", None):
        fields["publish_at"] = timezone.now() + offset
    if offset := spec.pop("embargo_offset", None):
        fields["embargo_until"] = timezone.now() + offset
    return make_story(**spec, **fields)


def picture(photo, width=320):
    return rendition_url(photo, width)


def wrong_token(photo, width=320):
    return f"/media/renditions/{photo.pk}/00000000/w{width}.jpg"


# Item 3: renditions of unpublished pictures ----------------------------------------------------------


@pytest.mark.parametrize("state", NOT_OUT)
def test_a_story_readers_cannot_see_keeps_its_pictures_private(client, state):
    lead, further = make_photo(size=(800, 600)), make_photo(size=(800, 600))
    story_in(state, lead_photo=lead, photos=[further])

    for photo in (lead, further):
        assert client.get(picture(photo)).status_code == 404
        guessed = client.get(wrong_token(photo))
        assert guessed.status_code == 404 and "Location" not in guessed
    assert not default_storage.exists(f"renditions/{lead.pk}")


def test_walking_photo_ids_with_any_token_finds_nothing(client):
    published = make_photo(size=(800, 600))
    make_story(lead_photo=published)
    unpublished = [make_photo(size=(800, 600)) for _ in range(3)]
    make_story(status=S.DRAFT, lead_photo=unpublished[0], photos=unpublished[1:])

    for photo_id in range(1, max(Photo.objects.values_list("pk", flat=True)) + 2):
        response = client.get(f"/media/renditions/{photo_id}/00000000/w320.jpg")
        assert response.status_code == 404 and "Location" not in response, photo_id
    for photo in unpublished:
        assert photo_token(photo) not in client.get(picture(photo)).content.decode()


def test_the_pictures_readers_see_are_served_for_any_shared_cache(client):
    lead, further, portrait = (make_photo(size=(800, 600)) for _ in range(3))
    author = make_author(photo=portrait)
    make_story(lead_photo=lead, photos=[further], authors=[author])

    for photo in (lead, further, portrait):
        response = client.get(picture(photo))
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        # The session is not read, so a CDN keeps one copy for everyone.
        assert "Cookie" not in response.get("Vary", "")


def test_a_portrait_is_public_only_once_its_author_has_a_published_story(client):
    portrait = make_photo(size=(800, 600))
    author = make_author(photo=portrait)
    assert client.get(picture(portrait)).status_code == 404

    make_story(status=S.DRAFT, authors=[author])
    assert client.get(picture(portrait)).status_code == 404

    make_story(authors=[author])
    assert client.get(picture(portrait)).status_code == 200


def test_a_withdrawn_story_takes_its_stored_pictures_with_it(client):
    photo = make_photo(size=(800, 600))
    story = make_story(lead_photo=photo)
    assert client.get(picture(photo)).status_code == 200
    assert default_storage.exists(picture(photo).removeprefix("/media/"))

    Story.objects.filter(pk=story.pk).update(status=S.WITHDRAWN)

    assert client.get(picture(photo)).status_code == 404


@pytest.mark.parametrize("make_staff", [make_editor, make_reporter], ids=["editor", "reporter"])
def test_staff_see_pictures_readers_cannot_see_yet_and_no_shared_cache_keeps_them(client, make_staff):
    photo = make_photo(size=(800, 600))
    make_story(status=S.DRAFT, lead_photo=photo)
    client.force_login(make_staff())

    response = client.get(picture(photo))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(wrong_token(photo)).status_code == 404


def test_a_signed_in_reader_is_no_staff(client):
    photo = make_photo(size=(800, 600))
    make_story(status=S.SCHEDULED, lead_photo=photo)
    client.force_login(get_user_model().objects.create_user(username="subscriber", is_staff=False))

    assert client.get(picture(photo)).status_code == 404


def test_which_photos_are_public_is_one_query_from_published_stories():
    shown = [make_photo() for _ in range(3)]
    hidden = [make_photo() for _ in range(5)]
    make_story(lead_photo=shown[0], photos=[shown[1]], authors=[make_author(photo=shown[2])])
    make_story(
        status=S.DRAFT, lead_photo=hidden[0], photos=[hidden[1]], authors=[make_author(photo=hidden[2])]
    )
    make_story(status=S.SCHEDULED, lead_photo=hidden[3])
    make_story(status=S.PUBLISHED, publish_at=timezone.now() + HOUR, photos=[hidden[4]])
    make_photo()  # in no story at all

    with CaptureQueriesContext(connection) as queries:
        public = set(Photo.objects.shown_publicly())

    assert len(queries) == 1
    assert public == set(shown)
    flags = dict(Photo.objects.with_shown_publicly().values_list("pk", "is_shown_publicly"))
    assert {pk for pk, flag in flags.items() if flag} == {photo.pk for photo in shown}


# Item 7: changing a photo that a story going out shows -------------------------------------------------


def change_url(photo):
    return reverse("admin:articles_photo_change", args=[photo.pk])


FORGED = {
    "caption": "A caption nobody checked",
    "credit": "Someone else",
    "alt_text": "Not what the picture shows",
    "expires_at_0": "2000-01-01",
    "expires_at_1": "00:00:00",
}


def photo_going_out(status, use):
    photo = make_photo(caption="The harbour at dawn", credit="Staff", alt_text="Boats at a quay")
    story = make_story(status=status, headline="Harbour reopens")
    if use == "lead":
        Story.objects.filter(pk=story.pk).update(lead_photo=photo)
    else:
        StoryPhoto.objects.create(story=story, photo=photo, position=0)
    return photo, story


GOING_OUT = [(status, use) for status in (S.PUBLISHED, S.SCHEDULED) for use in ("lead", "further")]


@pytest.mark.parametrize(("status", "use"), GOING_OUT)
def test_a_reporters_forged_post_to_a_photo_going_out_is_refused(client, status, use):
    photo, _story = photo_going_out(status, use)
    client.force_login(make_reporter())

    response = client.post(change_url(photo), photo_form(photo, **FORGED))

    assert response.status_code == 403
    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.alt_text, photo.expires_at) == (
        "The harbour at dawn",
        "Staff",
        "Boats at a quay",
        None,
    )


@pytest.mark.parametrize(("status", "use"), GOING_OUT)
def test_a_reporter_sees_a_photo_going_out_read_only_and_why(client, status, use):
    photo, story = photo_going_out(status, use)
    client.force_login(make_reporter())

    page = client.get(change_url(photo)).content.decode()

    assert 'name="caption"' not in page and 'name="_save"' not in page
    assert "shown by a published or scheduled story" in page
    assert reverse("admin:articles_story_change", args=[story.pk]) in page


def test_an_editor_changes_a_photo_going_out(client):
    photo, _story = photo_going_out(S.PUBLISHED, "lead")
    client.force_login(make_editor())

    response = client.post(change_url(photo), photo_form(photo, caption="The harbour at first light"))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "The harbour at first light"


@pytest.mark.parametrize("where", ["own draft", "in review", "withdrawn story", "no story"])
def test_a_reporter_still_captions_photos_no_story_going_out_shows(client, where):
    reporter = make_reporter()
    photo = make_photo()
    status = {"own draft": S.DRAFT, "in review": S.IN_REVIEW, "withdrawn story": S.WITHDRAWN}.get(where)
    if status:
        make_story(status=status, lead_photo=photo, created_by=reporter)
    client.force_login(reporter)

    response = client.post(change_url(photo), photo_form(photo, caption="Checked by the reporter"))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Checked by the reporter"


def test_the_review_after_an_upload_leaves_out_photos_going_out(client):
    photo, _story = photo_going_out(S.PUBLISHED, "lead")
    client.force_login(make_reporter())
    url = f"{reverse('admin:articles_photo_review')}?ids={photo.pk}"

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(photo.pk),
            "form-0-caption": FORGED["caption"],
            "form-0-alt_text": FORGED["alt_text"],
            "form-0-credit": FORGED["credit"],
            "form-0-photographer": "",
            "form-0-usage_terms": "",
            "form-0-keywords": "",
        },
    )

    assert f"#{photo.pk} are shown by published or scheduled stories" in page
    assert 'name="form-0-caption"' not in page
    # A row for a photo the page left out matches none of its photos: nothing is saved.
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("The harbour at dawn", "Staff")
    assert photo.alt_text == "Boats at a quay"
