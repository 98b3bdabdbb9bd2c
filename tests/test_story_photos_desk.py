"""Photos on the story desk: uploads through the photo library, rights shown while picking, expiry
warnings on the story form."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from articles.models import Photo, Story, StoryPhoto
from articles.photos.library import store_photo
from tests.builders import make_agency, make_photo, make_story
from tests.desk_builders import ADD, change_url, logged_in, messages_of, payload
from tests.images import alt, bag, encode, jpeg_bytes, scene, xmp_packet
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
S = Story.Status


def upload(content, name="harbour.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def picture_with_metadata():
    """A JPEG carrying an XMP caption, credit, usage terms and keywords, as agency pictures do."""
    xmp = xmp_packet(
        f"<dc:description>{alt('Nets drying on the quay')}</dc:description>"
        "<photoshop:Credit>Quayside Pictures</photoshop:Credit>"
        f"<xmpRights:UsageTerms>{alt('Editorial use only, no archive')}</xmpRights:UsageTerms>"
        f"<dc:subject>{bag('fishing', 'harbour')}</dc:subject>"
    )
    return encode(Image.new("RGB", (90, 60), "navy"), "JPEG", xmp=xmp)


def upload_errors(response):
    return [str(error) for error in response.context["adminform"].form.errors.get("new_photo", [])]


# Uploads go through the photo library ---------------------------------------------------------------


def test_an_upload_is_stored_by_the_library_with_its_embedded_metadata_under_the_typed_values(client):
    reporter = make_reporter()
    logged_in(client, reporter)

    response = client.post(
        ADD,
        payload(
            new_photo=upload(picture_with_metadata(), "../../etc/quay.jpg"),
            new_photo_caption="Nets on the quay at Vypin",
            new_photo_credit="",  # the file's own credit is enough
            new_photo_alt_text="Green fishing nets heaped on a stone quay",
            new_photo_as_lead="on",
        ),
    )

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    photo = Story.objects.get().lead_photo
    assert photo.caption == "Nets on the quay at Vypin"  # typed wins
    assert photo.alt_text == "Green fishing nets heaped on a stone quay"
    assert photo.credit == "Quayside Pictures"  # left empty: from the file
    assert photo.usage_terms == "Editorial use only, no archive"
    assert photo.keywords == ["fishing", "harbour"]
    assert photo.uploaded_by == reporter
    assert len(photo.file_hash) == 64
    assert photo.embedded_metadata["read"]["credit"] == "Quayside Pictures"
    assert "etc" not in photo.image.name and photo.image.name.startswith("photos/originals/")


def test_a_file_without_any_credit_is_refused_and_nothing_is_saved(client):
    logged_in(client, make_reporter())

    response = client.post(ADD, payload(new_photo=upload(jpeg_bytes()), new_photo_credit=""))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "carries none" in str(errors["new_photo_credit"])
    assert not Story.objects.exists() and not Photo.objects.exists()


def test_the_same_file_again_reuses_the_library_photo_and_says_so(client):
    content = jpeg_bytes(color=(10, 120, 200))
    existing, _created = store_photo(content, defaults={"caption": "Library caption", "credit": "Staff"})
    story = make_story(status=S.DRAFT)
    logged_in(client, make_editor())

    response = client.post(
        change_url(story),
        payload(
            story,
            new_photo=upload(content, "again.jpg"),
            new_photo_caption="The boats again, for this story",
            new_photo_credit="Someone else",
            new_photo_as_lead="on",
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert Photo.objects.count() == 1
    story.refresh_from_db()
    assert story.lead_photo == existing
    existing.refresh_from_db()
    assert (existing.caption, existing.credit) == ("Library caption", "Staff")  # untouched
    assert story.lead_photo_caption == "The boats again, for this story"  # typed text kept for the story
    assert any(
        "already in the photo library" in message and f"#{existing.pk}" in message
        for message in messages_of(response)
    )


def test_the_same_picture_in_another_file_reuses_the_library_photo_and_says_so(client):
    existing, _created = store_photo(encode(scene(3), "JPEG", quality=90), defaults={"credit": "Staff"})
    story = make_story(status=S.DRAFT)
    logged_in(client, make_editor())

    smaller = encode(scene(3).resize((300, 200)), "JPEG", quality=60)  # resized and re-encoded
    response = client.post(
        change_url(story),
        payload(
            story, new_photo=upload(smaller, "pier.jpg"), new_photo_credit="Staff", new_photo_as_lead="on"
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert list(Photo.objects.all()) == [existing]
    story.refresh_from_db()
    assert story.lead_photo == existing
    assert any(
        "in another file" in message and f"#{existing.pk}" in message for message in messages_of(response)
    )


def test_a_look_alike_is_stored_as_a_new_photo_and_the_editor_is_told_of_the_one_it_resembles(client):
    existing, _created = store_photo(encode(scene(3), "JPEG", quality=90), defaults={"credit": "Staff"})
    story = make_story(status=S.DRAFT)
    logged_in(client, make_editor())
    picture = scene(3)  # trimmed: 13 bits from the original, a look-alike but not the same picture
    trimmed = encode(picture.crop((12, 8, picture.width - 12, picture.height - 8)), "JPEG", quality=80)

    response = client.post(
        change_url(story),
        payload(
            story,
            new_photo=upload(trimmed, "pier-cropped.jpg"),
            new_photo_credit="Staff",
            new_photo_as_lead="on",
        ),
        follow=True,
    )

    assert response.status_code == 200
    story.refresh_from_db()
    assert story.lead_photo != existing and Photo.objects.count() == 2
    assert any(
        "looks like" in message and f"#{existing.pk}" in message and f"#{story.lead_photo.pk}" in message
        for message in messages_of(response)
    )


def test_a_duplicate_added_as_a_further_photo_is_not_added_twice(client):
    content = jpeg_bytes(color=(40, 40, 200))
    lead = make_photo()
    story = make_story(status=S.DRAFT, lead_photo=lead)
    logged_in(client, make_editor())

    for _attempt in range(2):
        story.refresh_from_db()
        response = client.post(
            change_url(story), payload(story, new_photo=upload(content), new_photo_credit="Staff")
        )
        assert response.status_code == 302

    assert StoryPhoto.objects.filter(story=story).count() == 1
    assert Photo.objects.count() == 2
    story.refresh_from_db()
    assert story.lead_photo == lead


@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
            "only JPEG, PNG, WebP, AVIF and GIF",
        ),
        ("cut.jpg", jpeg_bytes(size=(300, 200))[:400], "damaged"),
        ("page.jpg", b"<html><script>alert(1)</script></html>", "markup"),
    ],
)
def test_a_refused_file_is_an_error_on_the_upload_field_and_the_saved_story_is_untouched(
    client, name, content, expected
):
    story = make_story(status=S.DRAFT, headline="As saved", body="<p>Saved body.</p>")
    logged_in(client, make_editor())

    response = client.post(
        change_url(story),
        payload(
            story,
            headline="My unsaved headline",
            body="<p>My unsaved paragraph.</p>",
            new_photo=upload(content, name),
            new_photo_credit="Staff",
        ),
    )

    assert response.status_code == 200
    errors = upload_errors(response)
    assert errors and any(expected in error for error in errors), errors
    assert "My unsaved headline" in response.text and "My unsaved paragraph." in response.text
    story.refresh_from_db()
    assert (story.headline, story.body) == ("As saved", "<p>Saved body.</p>")
    assert not Photo.objects.exists()


def test_the_size_limit_from_settings_is_a_clear_error_on_the_upload_field(client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 300
    logged_in(client, make_reporter())

    response = client.post(
        ADD, payload(new_photo=upload(jpeg_bytes(size=(200, 200))), new_photo_credit="Staff")
    )

    assert response.status_code == 200
    assert any("larger than" in error for error in upload_errors(response))
    assert not Story.objects.exists() and not Photo.objects.exists()


def test_a_storage_failure_is_an_error_on_the_upload_field_and_nothing_is_saved(client, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.storages.DiskFullStorage"}}
    story = make_story(status=S.DRAFT, headline="As saved")
    logged_in(client, make_editor())

    response = client.post(
        change_url(story),
        payload(
            story, headline="Typed but not saved", new_photo=upload(jpeg_bytes()), new_photo_credit="Staff"
        ),
    )

    assert response.status_code == 200
    assert any("could not be saved to storage" in error for error in upload_errors(response))
    assert "Typed but not saved" in response.text
    story.refresh_from_db()
    assert story.headline == "As saved"
    assert not Photo.objects.exists()


def test_a_photo_stored_with_a_refused_form_is_kept_and_attached_on_the_next_save(client):
    logged_in(client, make_reporter())

    refused = client.post(
        ADD,
        payload(headline="", new_photo=upload(jpeg_bytes(color=(1, 2, 3))), new_photo_credit="Staff"),
    )

    assert refused.status_code == 200
    assert not Story.objects.exists()
    photo = Photo.objects.get()
    assert f'name="new_photo_stored" value="{photo.pk}"' in refused.text
    assert "no need to choose the file again" in refused.text

    saved = client.post(ADD, payload(headline="Now with a headline", new_photo_stored=str(photo.pk)))

    assert saved.status_code == 302
    assert Story.objects.get().lead_photo == photo
    assert Photo.objects.count() == 1


def test_an_edit_conflict_keeps_the_upload_for_the_deliberate_overwrite(client):
    story = make_story(status=S.DRAFT, headline="Original")
    opened = Story.objects.get(pk=story.pk)
    logged_in(client, make_editor()).post(change_url(story), payload(opened, headline="Someone else's"))

    refused = client.post(
        change_url(story),
        payload(
            opened, headline="Mine", new_photo=upload(jpeg_bytes(color=(9, 9, 9))), new_photo_credit="Staff"
        ),
    )

    assert refused.status_code == 200
    photo = Photo.objects.get()
    conflict_version = re.search(r'name="conflict_version" value="(\d+)"', refused.text).group(1)
    overwritten = client.post(
        change_url(story),
        payload(
            opened,
            headline="Mine",
            new_photo_stored=str(photo.pk),
            conflict_version=conflict_version,
            overwrite_newer="on",
        ),
    )
    assert overwritten.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.lead_photo) == ("Mine", photo)


# Rights where a photo is picked -----------------------------------------------------------------------


def test_the_change_form_warns_about_photos_near_or_past_their_expiry(client, frozen_now):
    soon = make_photo(caption="Lighthouse at dusk", expires_at=timezone.now() + timedelta(days=2))
    gone = make_photo(caption="Old market roof", expires_at=timezone.now() - timedelta(days=1))
    fine = make_photo(caption="Harbour crane", expires_at=timezone.now() + timedelta(days=300))
    story = make_story(status=S.DRAFT, lead_photo=soon)
    StoryPhoto.objects.create(story=story, photo=gone, position=0)
    StoryPhoto.objects.create(story=story, photo=fine, position=1)

    response = logged_in(client, make_editor()).get(change_url(story))

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 2
    assert any("Lighthouse at dusk" in w and "Usage expires on" in w for w in warnings)
    assert any("Old market roof" in w and "expired" in w for w in warnings)
    assert not any("Harbour crane" in w for w in warnings)


def test_a_story_whose_photos_are_fine_gets_no_warning(client):
    story = make_story(status=S.DRAFT, lead_photo=make_photo())
    response = logged_in(client, make_editor()).get(change_url(story))
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]


def test_usage_terms_show_next_to_the_lead_photo_and_each_further_photo(client):
    lead = make_photo(caption="Ferry at the pier", usage_terms="No use after the festival")
    further = make_photo(
        caption="Crowd on the beach",
        credit="",
        agency=make_agency(credit="Coast Wire"),
        usage_terms="Web only",
    )
    story = make_story(status=S.DRAFT, lead_photo=lead)
    StoryPhoto.objects.create(story=story, photo=further, position=0)

    html = logged_in(client, make_editor()).get(change_url(story)).text

    # Each picture chooser shows its photo with those words.
    terms = re.findall(r'<div class="photo-terms photo-chooser-label">(.*?)</div>', html)
    assert any("Ferry at the pier" in t and "usage: No use after the festival" in t for t in terms)
    assert any("credit: Coast Wire" in t and "usage: Web only" in t for t in terms)


def test_the_story_forms_photo_fields_are_picture_choosers(client):
    html = logged_in(client, make_editor()).get(ADD).text
    for name in ("lead_photo", "story_photos-__prefix__-photo"):
        assert re.search(
            rf'<input type="text" name="{name}"[^>]*class="vIntegerField photo-chooser-input"', html
        )
    assert html.count('data-chooser-url="/admin/articles/photo/chooser/"') >= 2
    assert "admin/js/photo_chooser.js" in html


def test_the_change_form_makes_the_same_number_of_queries_for_one_or_six_photos(client):
    agency = make_agency(credit="Coast Wire")
    logged_in(client, make_editor())
    expiring = {"expires_at": timezone.now() + timedelta(days=2), "usage_terms": "Web only"}
    story = make_story(status=S.DRAFT, lead_photo=make_photo(credit="", agency=agency, **expiring))
    StoryPhoto.objects.create(story=story, photo=make_photo(agency=agency, **expiring), position=0)
    client.get(change_url(story))  # warm the per-user permission cache

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(change_url(story)).status_code == 200
        return len(captured)

    one = queries()
    for position in range(1, 6):
        StoryPhoto.objects.create(
            story=story, photo=make_photo(credit="", agency=make_agency(), **expiring), position=position
        )
    assert queries() == one


# Photo keywords offered as tags ------------------------------------------------------------------------


def offered_keywords(response):
    found = re.search(r'id="photo-keywords">.*?<strong>(.*?)</strong>', response.text, re.S)
    return found.group(1).split(", ") if found else None


def test_a_story_without_tags_is_offered_its_photos_keywords_and_one_tick_adds_them(client):
    story = make_story(status=S.DRAFT, lead_photo=make_photo(keywords=["harbour", "Fishing"]))
    StoryPhoto.objects.create(story=story, photo=make_photo(keywords=["fishing", "boats"]), position=0)
    logged_in(client, make_editor())

    assert offered_keywords(client.get(change_url(story))) == ["harbour", "Fishing", "boats"]

    unticked = client.post(change_url(story), payload(story))
    assert unticked.status_code == 302
    assert list(story.tags.names()) == []

    story.refresh_from_db()
    ticked = client.post(change_url(story), payload(story, add_photo_keywords="on", new_tags="Monsoon"))
    assert ticked.status_code == 302
    assert sorted(story.tags.names()) == ["Fishing", "Monsoon", "boats", "harbour"]
    assert offered_keywords(client.get(change_url(story))) is None  # it has tags now


def test_the_keywords_of_a_photo_uploaded_with_the_story_are_offered_on_return(client):
    logged_in(client, make_reporter())

    response = client.post(
        ADD,
        payload(
            new_photo=upload(picture_with_metadata()), new_photo_credit="", _continue="Save and continue"
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert offered_keywords(response) == ["fishing", "harbour"]


# A story readers see keeps every picture credited -------------------------------------------------


@pytest.mark.parametrize("status", [Story.Status.PUBLISHED, Story.Status.SCHEDULED])
def test_an_edit_of_a_story_out_or_due_may_not_show_a_picture_without_a_credit(client, status):
    later = timezone.now() + timedelta(days=1) if status == Story.Status.SCHEDULED else None
    lead = make_photo(credit="Harbour Trust")
    story = make_story(status=status, publish_at=later, lead_photo=lead, headline="Quay reopens")
    uncredited = make_photo(credit="", caption="Night shift on the quay")
    logged_in(client, make_editor())

    as_lead = client.post(
        change_url(story), payload(story, headline="Quay reopens early", lead_photo=uncredited.pk)
    )
    placed = f'<p>Work ended.</p><figure data-embed="photo" data-photo="{uncredited.pk}"></figure>'
    in_body = client.post(change_url(story), payload(story, body=placed))

    for response in (as_lead, in_body):
        assert response.status_code == 200
        [error] = response.context["adminform"].form.non_field_errors()
        assert (
            "Night shift on the quay" in error
            and "without a credit" in error
            and "Nothing has been saved" in error
        )
    story.refresh_from_db()
    assert (story.lead_photo_id, story.headline) == (lead.pk, "Quay reopens")
    assert "figure" not in story.body and not story.story_photos.exists()

    uncredited.credit = "Port Authority"
    uncredited.save()
    client.post(change_url(story), payload(story, lead_photo=uncredited.pk))
    story.refresh_from_db()
    assert story.lead_photo_id == uncredited.pk


def test_a_picture_that_lost_its_credit_elsewhere_does_not_block_the_edit_that_replaces_it(client):
    lead = make_photo(credit="")  # its credit cleared after the story went out
    story = make_story(status=Story.Status.PUBLISHED, lead_photo=lead, headline="Quay reopens")
    replacement = make_photo(credit="Harbour Trust")
    logged_in(client, make_editor())

    client.post(change_url(story), payload(story, headline="Quay reopens early"))
    story.refresh_from_db()
    assert story.headline == "Quay reopens early"  # the editor can still fix the words

    client.post(change_url(story), payload(story, lead_photo=replacement.pk))
    story.refresh_from_db()
    assert story.lead_photo_id == replacement.pk


def test_a_draft_may_carry_a_picture_without_a_credit_until_it_goes_out(client):
    story = make_story(status=Story.Status.DRAFT)
    uncredited = make_photo(credit="")
    logged_in(client, make_editor())

    client.post(change_url(story), payload(story, lead_photo=uncredited.pk))

    story.refresh_from_db()
    assert story.lead_photo_id == uncredited.pk
