"""No lost updates: a save based on an older version of the story is refused, keeps the text typed,
and may overwrite only after the editor has compared."""

import re

import pytest
from django.urls import reverse

from articles.models import Revision, Story
from tests.builders import make_story
from tests.desk_builders import change_url, logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter, make_superuser

pytestmark = pytest.mark.django_db
S = Story.Status


# No lost updates ---------------------------------------------------------------------------------------


def test_the_second_save_is_refused_keeps_the_text_and_can_overwrite_after_comparing(
    client, django_user_model
):
    first, second = make_editor(username="asha"), make_editor(username="bilal")
    story = make_story(status=S.DRAFT, headline="Original", body="<p>First paragraph.</p>")
    opened = Story.objects.get(pk=story.pk)  # both open the form at the same version

    logged_in(client, first).post(change_url(story), payload(opened, headline="Asha's headline"))
    story.refresh_from_db()
    assert story.headline == "Asha's headline"

    client.force_login(second)
    refused = client.post(
        change_url(story), payload(opened, headline="Bilal's headline", body="<p>Bilal rewrote this.</p>")
    )

    assert refused.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Asha's headline"
    text = refused.text
    assert "asha changed this story at" in text
    assert 'value="Bilal&#x27;s headline"' in text or 'value="Bilal\'s headline"' in text
    assert "Bilal rewrote this." in text  # the body stays in the editor
    assert 'class="diff"' in text and "Asha" in text  # their version and mine, side by side
    conflict_version = re.search(r'name="conflict_version" value="(\d+)"', text).group(1)

    overwritten = client.post(
        change_url(story),
        payload(opened, headline="Bilal's headline", conflict_version=conflict_version, overwrite_newer="on"),
    )
    assert overwritten.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Bilal's headline"
    assert Revision.objects.filter(story=story, snapshot__headline="Asha's headline").exists()


def test_overwrite_only_covers_the_version_that_was_shown(client):
    story = make_story(status=S.DRAFT, headline="Original")
    opened = Story.objects.get(pk=story.pk)
    editor = make_editor()
    logged_in(client, editor).post(change_url(story), payload(opened, headline="Second"))
    story.refresh_from_db()
    seen = story.edit_version
    client.post(change_url(story), payload(story, headline="Third"))  # yet another save after the conflict

    response = client.post(
        change_url(story), payload(opened, headline="Stale", conflict_version=str(seen), overwrite_newer="on")
    )

    assert response.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Third"


def test_a_post_without_a_version_is_treated_as_stale(client):
    story = make_story(status=S.DRAFT, headline="Original")
    data = payload(story, headline="From a script")
    del data["edit_version"]
    response = logged_in(client, make_editor()).post(change_url(story), data)
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Original"


# Preview --------------------------------------------------------------------------------------------------


def test_preview_shows_a_draft_at_its_public_layout_privately(client):
    story = make_story(status=S.DRAFT, headline="Not out yet", dateline="Kochi", body="<p>Quiet streets.</p>")
    preview = reverse("admin:articles_story_preview", args=[story.pk])

    response = logged_in(client, make_reporter()).get(preview)

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control and "public" not in cache_control
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert "Not out yet" in response.text and "Quiet streets." in response.text
    assert "articles/story.html" in [template.name for template in response.templates]


def test_preview_is_for_staff_only_and_the_public_address_is_404(client):
    story = make_story(status=S.DRAFT, headline="Not out yet")
    preview = reverse("admin:articles_story_preview", args=[story.pk])

    anonymous = client.get(preview)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert "Not out yet" not in anonymous.text
    assert client.get(story.get_absolute_url()).status_code == 404

    client.force_login(django_user_without_staff := make_superuser())
    django_user_without_staff.is_staff = False
    django_user_without_staff.save()
    assert client.get(preview).status_code == 302


def test_the_change_form_links_to_the_preview(client):
    story = make_story(status=S.DRAFT)
    response = logged_in(client, make_editor()).get(change_url(story))
    assert reverse("admin:articles_story_preview", args=[story.pk]) in response.text
