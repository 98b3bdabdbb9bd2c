"""Preview of the story form as typed: the "Preview" button posts the unsaved form and gets the story
page as readers will see it (text, byline, tags, further photos as typed), privately, for people who
may change the story; nothing is saved."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Author, Photo, Revision, Story, StoryAutosave
from tests.builders import make_author, make_photo, make_story
from tests.desk_builders import logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter, make_wire_desk
from tests.pages import page_tree

pytestmark = pytest.mark.django_db
S = Story.Status
TYPED_HEADLINE = "Night buses return to the harbour routes"
TYPED_BODY = "<p>The first bus left the depot at midnight with eleven passengers.</p>"


def preview_url(story=None):
    if story is None:
        return reverse("admin:articles_story_preview_new")
    return reverse("admin:articles_story_preview", args=[story.pk])


def with_rows(fields, prefix, rows):
    """``fields`` with the inline formset ``prefix`` holding ``rows`` (new rows, in order)."""
    fields = {**fields, f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        fields.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return fields


def test_the_preview_shows_the_form_as_typed_at_the_public_layout_and_saves_nothing(client):
    story = make_story(status=S.PUBLISHED, headline="Night buses cut", tags=["Transport"])
    author = make_author("Meera Iyer")
    photo = make_photo(caption="Buses lined up at the depot", credit="Staff photographer")
    before = Story.objects.values().get(pk=story.pk)
    new_tags = "Late services, Night life"
    fields = payload(story, headline=TYPED_HEADLINE, body=TYPED_BODY, new_tags=new_tags)
    fields = with_rows(fields, "bylines", [{"author": author.pk, "position": "0"}])
    fields = with_rows(fields, "story_photos", [{"photo": photo.pk, "caption": "", "position": "0"}])

    response = logged_in(client, make_editor()).post(preview_url(story), fields)

    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert "noindex" in response["X-Robots-Tag"]
    text = response.text
    assert "Preview of your unsaved changes" in text
    assert f'<h1 class="story__headline">{TYPED_HEADLINE}</h1>' in text
    assert "eleven passengers" in text
    assert "Meera Iyer" in text  # the byline as typed
    assert "Night life" in text and "Transport" not in text  # the tags as typed (the old one removed)
    assert "Buses lined up at the depot" in text  # the further photo as typed
    assert Story.objects.values().get(pk=story.pk) == before
    assert not Revision.objects.exists() and not StoryAutosave.objects.exists()
    assert not Tag.objects.filter(name="Night life").exists()
    assert list(story.bylines.all()) == [] and list(story.story_photos.all()) == []
    assert Photo.objects.count() == 1 and Author.objects.count() == 1


def test_a_new_storys_form_can_be_previewed_and_nothing_is_created(client, world):
    response = logged_in(client, make_reporter()).post(
        preview_url(), payload(section=world, headline=TYPED_HEADLINE, body=TYPED_BODY)
    )
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert TYPED_HEADLINE in response.text and "eleven passengers" in response.text
    assert not Story.objects.exists()


def test_the_preview_says_what_saving_would_refuse(client, world):
    response = logged_in(client, make_editor()).post(preview_url(), payload(section=world, headline=""))
    assert response.status_code == 200
    assert "Saving would be refused until these are put right" in response.text
    assert "This field is required." in response.text
    assert not Story.objects.exists()


def test_the_change_form_offers_the_preview_of_the_form_as_typed(client):
    story = make_story(status=S.DRAFT)
    response = logged_in(client, make_editor()).get(reverse("admin:articles_story_change", args=[story.pk]))
    assert f'formaction="{preview_url(story)}"' in response.text
    assert 'formtarget="_blank"' in response.text


@pytest.mark.parametrize("who", ["reporter", "wire desk"])
def test_someone_who_may_not_change_the_story_may_not_preview_changes_to_it(client, who):
    story = make_story(status=S.DRAFT, headline="Night buses cut")  # another reporter's
    outsider = make_reporter() if who == "reporter" else make_wire_desk()
    typed = payload(story, headline=TYPED_HEADLINE)
    response = logged_in(client, outsider).post(preview_url(story), typed)
    assert response.status_code == 403
    assert TYPED_HEADLINE not in response.text


def test_someone_who_may_not_write_stories_may_not_preview_a_new_one(client, world):
    logged_in(client, make_wire_desk())
    response = client.post(preview_url(), payload(section=world, headline=TYPED_HEADLINE))
    assert response.status_code == 403


def test_the_preview_of_the_form_is_for_logged_in_staff_only(client):
    story = make_story(status=S.DRAFT)
    response = client.post(preview_url(story), payload(story, headline=TYPED_HEADLINE))
    assert response.status_code == 302 and "/login/" in response.url


def test_the_preview_of_a_story_never_published_says_so_instead_of_an_empty_time(client, world):
    response = logged_in(client, make_reporter()).post(preview_url(), payload(section=world))

    times = page_tree(response).xpath("string(//p[@class='story__times'])")
    assert "Not published yet" in times and "Published" not in times
