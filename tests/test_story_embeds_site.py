"""Body embeds on the site: a library picture shown in place with srcset, caption and credit (one of
the story's photos, public with it), click-to-load cards that fetch nothing from the provider, the
small embed page whose policy alone lets the provider in, and the page's queries unchanged."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Photo, Story, StoryPhoto
from articles.workflow import Action, TransitionNotAllowed
from tests.builders import make_agency, make_photo, make_story
from tests.desk_builders import change_url, logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter
from tests.pages import page_tree

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
POST = "https://x.com/harbourdesk/status/1790000000000000001"
# The story page's queries (tests/test_query_counts.py): story, sections, labels, photos, around it.
ARTICLE_QUERIES = 5


def picture_in_body(photo, caption=""):
    caption_attribute = f' data-caption="{caption}"' if caption else ""
    return f'<figure data-embed="photo" data-photo="{photo.pk}"{caption_attribute}></figure>'


def post_in_body(address):
    return f'<figure data-embed="video" data-url="{address}"></figure>'


def edited(story, body, *, by):
    """``story`` with ``body``, saved the way the desk saves it."""
    story.body = body
    return services.save_story(story, fields=["body"], by=by, expected_version=story.edit_version).story


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def pier_photo():
    return make_photo(size=(1600, 1000), caption="The pier from the library", credit="Harbour Trust")


def test_a_picture_is_shown_in_place_with_srcset_caption_and_credit(client, world, editor, pier_photo):
    story = make_story(section=world, body="<p>Storms battered the coast.</p>")
    placed = picture_in_body(pier_photo, "The old pier before the storm")
    body = f"<p>First paragraph.</p>{placed}<p>Last.</p>"
    story = edited(story, body, by=editor)

    tree = page_tree(client.get(story.get_absolute_url()))
    figures = tree.xpath("//div[@class='story__body']//figure")
    assert len(figures) == 1  # in the body, and not again after it
    figure = figures[0]
    assert figure.getprevious().text_content() == "First paragraph."
    # (libxml2's HTML parser nests <source> elements, hence the descendant axis.)
    assert len(figure.xpath(".//source[@type='image/webp']/@srcset")[0].split(", ")) >= 3
    assert f"/renditions/{pier_photo.pk}/" in figure.xpath(".//img/@src")[0]
    assert " ".join(figure.xpath("string(./figcaption)").split()) == (
        "The old pier before the storm (Photo | Harbour Trust)"
    )


def test_a_placed_picture_is_one_of_the_story_photos_and_public_with_it(client, world, editor, pier_photo):
    story = make_story(section=world, status=Story.Status.DRAFT)
    story = edited(story, picture_in_body(pier_photo), by=editor)
    assert list(story.story_photos.values_list("photo_id", flat=True)) == [pier_photo.pk]
    assert pier_photo not in Photo.objects.shown_publicly()  # a draft's picture stays private

    services.publish_story(story, by=editor)
    assert pier_photo in Photo.objects.shown_publicly()
    tree = page_tree(client.get(story.get_absolute_url()))
    rendition = tree.xpath("//div[@class='story__body']//img/@src")[0]
    assert client.get(rendition).status_code == 200
    # Without a caption of its own it reads with the photo's.
    assert "The pier from the library" in tree.xpath("string(//div[@class='story__body']//figcaption)")


def test_taking_a_picture_out_of_the_body_takes_it_out_of_the_story(world, editor, pier_photo):
    kept = make_photo(caption="A further photo")
    story = make_story(section=world, status=Story.Status.DRAFT, photos=[kept])
    story = edited(story, picture_in_body(pier_photo), by=editor)
    assert set(story.story_photos.values_list("photo_id", flat=True)) == {kept.pk, pier_photo.pk}
    story = edited(story, "<p>No picture now.</p>", by=editor)
    assert list(story.story_photos.values_list("photo_id", flat=True)) == [kept.pk]


def test_an_agency_body_cannot_attach_a_library_picture(client, world, pier_photo):
    story = make_story(section=world, agency=make_agency())
    story.body = "<p>Wire copy.</p>" + picture_in_body(pier_photo)
    services.save_story(story, fields=["body"], by=None)

    assert not StoryPhoto.objects.filter(story=story).exists()
    assert pier_photo not in Photo.objects.shown_publicly()
    response = client.get(story.get_absolute_url())
    assert "The pier from the library" not in response.text
    assert f"/renditions/{pier_photo.pk}/" not in response.text


def test_a_picture_whose_rights_ran_out_leaves_with_its_caption(client, world, editor, pier_photo):
    story = edited(make_story(section=world), picture_in_body(pier_photo, "Gone soon"), by=editor)
    Photo.objects.filter(pk=pier_photo.pk).update(expires_at=timezone.now() - timedelta(days=1))
    cache.clear()
    response = client.get(story.get_absolute_url())
    assert "Gone soon" not in response.text and f"/renditions/{pier_photo.pk}/" not in response.text


def test_publishing_checks_the_credit_of_a_placed_picture(world, editor):
    uncredited = make_photo(credit="", caption="Nobody's picture")
    story = make_story(section=world, status=Story.Status.DRAFT)
    story.body = picture_in_body(uncredited)
    result = services.save_story(
        story, fields=["body"], by=editor, expected_version=story.edit_version, step=Action.PUBLISH
    )
    assert result.step_refused is not None and "credit" in str(result.step_refused)
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT


def test_a_video_is_a_card_that_references_no_third_party_resource(client, world):
    story = make_story(section=world, body=f"<p>Watch it.</p>{post_in_body(VIDEO)}{post_in_body(POST)}")
    response = client.get(story.get_absolute_url())
    tree = page_tree(response)

    cards = tree.xpath("//figure[@data-embed-card]")
    assert [card.get("class") for card in cards] == [
        "embed embed--video embed--youtube",
        "embed embed--social embed--x",
    ]
    load = cards[0].xpath(".//a[@data-embed-load]")[0]
    assert load.text == "Play the video"
    assert urlsplit(load.get("href")).path == "/embed/"
    assert cards[0].xpath(".//a[@class='embed__original']/@href") == [VIDEO]
    assert "YouTube may then set cookies" in cards[0].text_content()
    assert not tree.xpath("//iframe")
    # Nothing the browser fetches by itself (src, srcset, poster, data, stylesheets, preloads) leaves
    # our host; the provider is named only by plain links the reader may follow.
    for element in tree.iter():
        for attribute in ("src", "srcset", "poster", "data"):
            value = element.get(attribute) or ""
            assert "youtube" not in value and "twitter" not in value and "x.com" not in value
        if element.tag == "link":
            assert not urlsplit(element.get("href", "")).netloc.endswith(("youtube.com", "x.com"))
    # The story page's own policy lets no provider in as a frame.
    policy = response["Content-Security-Policy"]
    assert "youtube" not in policy and "twitter" not in policy and "frame-ancestors 'none'" in policy


def test_the_embed_page_alone_lets_the_provider_in_and_only_our_pages_frame_it(client):
    response = client.get("/embed/", {"url": "https://youtu.be/dQw4w9WgXcQ"})
    assert response.status_code == 200
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["frame-src"] == "https://www.youtube-nocookie.com"
    assert directives["frame-ancestors"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    frame = page_tree(response).xpath("//iframe")[0]
    assert frame.get("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "https://evil.example/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/", ""],
)
def test_the_embed_page_refuses_anything_but_a_recognised_post(client, address):
    assert client.get("/embed/", {"url": address}).status_code == 404


def test_embeds_add_no_query_to_the_story_page(client, world, editor):
    ContentType.objects.get_for_model(Story)
    photos = [make_photo(size=(800, 500)) for _ in range(4)]
    plain = make_story(section=world, tags=["harbour"], lead_photo=make_photo(), photos=[make_photo()])
    embedded = make_story(section=world, tags=["harbour"], lead_photo=make_photo(), photos=[make_photo()])
    body = "".join(picture_in_body(photo) for photo in photos) + post_in_body(VIDEO) + post_in_body(POST)
    embedded = edited(embedded, f"<p>Start.</p>{body}", by=editor)

    counts = []
    for story in (plain, embedded):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(story.get_absolute_url())
        assert response.status_code == 200
        counts.append(len([query for query in queries if "readerpagesgeneration" not in query["sql"]]))
        assert response.text.count("story__figure--in-body") == (4 if story is embedded else 0)
    assert counts == [ARTICLE_QUERIES, ARTICLE_QUERIES]


def test_a_person_who_may_not_edit_the_story_cannot_place_embeds(client, world, pier_photo):
    reporter = make_reporter()
    story = make_story(section=world, created_by=reporter, body="<p>As published.</p>")
    with pytest.raises(TransitionNotAllowed):
        edited(story, picture_in_body(pier_photo) + post_in_body(VIDEO), by=reporter)

    body = picture_in_body(pier_photo) + post_in_body(VIDEO)
    response = logged_in(client, reporter).post(change_url(story), payload(story, body=body))
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.body == "<p>As published.</p>"
    assert not StoryPhoto.objects.filter(story=story).exists()


def test_the_desk_form_saves_embeds_through_the_sanitizer(client, world, pier_photo):
    editor = make_editor()
    story = make_story(section=world, status=Story.Status.DRAFT, created_by=editor)
    hostile = '<figure data-embed="video" data-url="javascript:alert(1)"></figure>'
    body = f"<p>Text.</p>{picture_in_body(pier_photo)}{hostile}{post_in_body('https://youtu.be/dQw4w9WgXcQ')}"
    response = logged_in(client, editor).post(change_url(story), payload(story, body=body))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.body == (
        f'<p>Text.</p><figure data-embed="photo" data-photo="{pier_photo.pk}"></figure>'
        f'<figure data-embed="video" data-provider="youtube" data-url="{VIDEO}"></figure>'
    )
    assert list(story.story_photos.values_list("photo_id", flat=True)) == [pier_photo.pk]
