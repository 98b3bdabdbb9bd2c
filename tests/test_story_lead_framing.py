"""A story's own framing of its lead photo: the crop and focal point it chooses change the renditions its
page and its cards use, and the rendition view makes those crops (and no others)."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from articles.models import Story
from tests.builders import make_photo, make_section, make_story
from tests.desk_builders import change_url, logged_in, payload
from tests.newsroom_staff import make_editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def story():
    photo = make_photo(size=(1600, 900), focal_point_x=0.5, focal_point_y=0.5, caption="The quay at dusk")
    return make_story(section=make_section(slug="harbour"), lead_photo=photo, headline="Quay reopens")


def story_page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def frame(client, story, crop="", x=None, y=None):
    """Set the story's framing as the desk does: the change form, saved through the one write path
    (which tells the site's caches)."""
    editor = logged_in(client, make_editor())
    fields = payload(story, lead_photo_crop=crop, lead_photo_focal_x=x, lead_photo_focal_y=y)
    assert editor.post(change_url(story), fields).status_code == 302
    client.logout()
    story.refresh_from_db()


def lead_sources(page):
    """The addresses in the srcset of the story's lead picture."""
    lead = page.split('<figure class="story__lead">')[1].split("</figure>")[0]
    return [part.split(" ")[0] for part in lead.split('srcset="')[1].split('"')[0].split(", ")]


def image_at(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_without_an_override_the_story_page_shows_the_whole_picture(client, story):
    sources = lead_sources(story_page(client, story))
    assert sources and all(f"/media/renditions/{story.lead_photo_id}/" in source for source in sources)
    assert not any("-c" in source.rsplit("/", 1)[1] for source in sources)


def test_the_stories_crop_and_focal_point_change_the_rendition_its_page_uses(client, story):
    Story.objects.filter(pk=story.pk).update(
        lead_photo_crop="4:5", lead_photo_focal_x=0.2, lead_photo_focal_y=0.7
    )

    addresses = lead_sources(story_page(client, story))
    assert all("-c4x5-f200x700." in address for address in addresses)
    picture = image_at(client, addresses[0])
    assert abs(picture.width / picture.height - 4 / 5) < 0.01
    # The photo itself still has its own focal point; other stories' crops keep it.
    other = make_story(lead_photo=story.lead_photo)
    assert not any("-c4x5-" in source for source in lead_sources(story_page(client, other)))


def test_the_stories_focal_point_frames_its_cards_too(client, story):
    client.get("/harbour/")  # cached as it was
    frame(client, story, x="0.1", y="0.3")

    section_page = client.get("/harbour/").content.decode()

    assert f"renditions/{story.lead_photo_id}/" in section_page and "-c16x9-f100x300." in section_page


def test_a_focal_point_no_story_asks_for_is_sent_to_the_photos_own(client, story):
    Story.objects.filter(pk=story.pk).update(
        lead_photo_crop="1:1", lead_photo_focal_x=0.2, lead_photo_focal_y=0.7
    )
    asked = lead_sources(story_page(client, story))[0]

    made_up = asked.replace("-f200x700.", "-f333x444.")
    response = client.get(made_up)

    assert response.status_code == 302 and response["Location"].endswith(
        "-f500x500." + made_up.rsplit(".", 1)[1]
    )


def test_the_desk_sets_the_framing_on_the_story_form(client, story):
    editor = logged_in(client, make_editor())
    response = editor.post(
        change_url(story),
        payload(story, lead_photo_crop="1:1", lead_photo_focal_x="0.2504", lead_photo_focal_y="0.75"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    story.refresh_from_db()
    assert (story.lead_photo_crop, story.lead_photo_focal_x, story.lead_photo_focal_y) == ("1:1", 0.25, 0.75)


def test_a_focal_point_needs_both_values_inside_the_picture(client, story):
    editor = logged_in(client, make_editor())
    half = editor.post(change_url(story), payload(story, lead_photo_focal_x="0.3"))
    outside = editor.post(
        change_url(story), payload(story, lead_photo_focal_x="1.5", lead_photo_focal_y="0.5")
    )

    assert half.status_code == outside.status_code == 200
    story.refresh_from_db()
    assert story.lead_focal_point is None


def test_choosing_another_lead_photo_forgets_the_old_ones_focal_point(client, story):
    Story.objects.filter(pk=story.pk).update(lead_photo_focal_x=0.1, lead_photo_focal_y=0.3)
    story.refresh_from_db()
    other = make_photo(size=(800, 600))
    editor = logged_in(client, make_editor())

    response = editor.post(
        change_url(story),
        payload(story, lead_photo=str(other.pk), lead_photo_focal_x="0.1", lead_photo_focal_y="0.3"),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.lead_photo == other and story.lead_focal_point is None


def test_the_story_form_shows_the_framing_fields(client, story):
    page = logged_in(client, make_editor()).get(reverse("admin:articles_story_change", args=[story.pk]))
    content = page.content.decode()
    assert 'name="lead_photo_crop"' in content and 'name="lead_photo_focal_x"' in content
