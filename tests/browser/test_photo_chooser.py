"""The picture chooser in real Chromium: a library picture into the story's body and as its lead photo,
a new picture uploaded in place, and the existing photo offered for a look-alike."""

import lxml.html
import pytest
from playwright.sync_api import expect

from articles.models import Photo, Story
from articles.photos.library import store_photo
from tests.browser.desk import sign_in
from tests.builders import make_story
from tests.images import encode, scene, with_iim
from tests.newsroom_staff import make_editor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]


def desk_page(browser, live_server):
    editor = make_editor(username="picture-editor")
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            page.errors.append(message.text)
            if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    sign_in(page, live_server, editor.username)
    return page, editor


def library():
    """Three pictures in the library, the one the tests look for among them."""
    photos = {}
    for seed, caption in enumerate(["Lighthouse at dusk", "Harbour crane at work", "Fish market stalls"]):
        file = with_iim(
            encode(scene(seed + 20), "JPEG"), [((2, 120), caption.encode()), ((2, 110), b"Staff")]
        )
        photos[caption], _created = store_photo(file, filename=f"picture-{seed}.jpg")
    return photos


def open_story(page, live_server, story):
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")
    expect(page.locator(".prose-editor > .ProseMirror")).to_be_visible()


def choose_in_grid(page, search, caption, screenshot=None):
    dialog = page.locator("dialog.photo-chooser-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".photo-chooser-item")).to_have_count(3)  # the library's first page
    if screenshot:
        expect(dialog.locator(".photo-chooser-item img").last).to_have_js_property("complete", True)
        page.screenshot(path=str(screenshot))
    dialog.locator("input[name=q]").fill(search)
    dialog.locator("input[name=q]").press("Enter")
    expect(dialog.locator(".photo-chooser-item")).to_have_count(1)
    tile = dialog.locator(".photo-chooser-item", has_text=caption)
    expect(tile.locator(".photo-chooser-credit")).to_have_text("Staff")
    expect(tile.locator("img")).to_have_js_property("complete", True)
    assert tile.locator("img").evaluate("image => image.naturalWidth") > 0  # the thumbnail loaded
    tile.click()
    expect(dialog).to_be_hidden()


def save(page):
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()


def test_the_picture_chooser_inserts_a_library_picture_into_the_body(
    browser, live_server, world, screenshots
):
    photos = library()
    lighthouse = photos["Lighthouse at dusk"]
    page, editor = desk_page(browser, live_server)
    story = make_story(
        section=world, status=Story.Status.DRAFT, created_by=editor, body="<p>The coast at night.</p>"
    )
    open_story(page, live_server, story)

    page.locator(".prose-editor > .ProseMirror p").last.click()
    page.keyboard.press("End")
    page.click(".prose-menubar [data-name=photoEmbed]")
    choose_in_grid(page, "lighthouse", "Lighthouse at dusk")

    embedded = page.locator(f'.ProseMirror figure.photo-embed[data-photo="{lighthouse.pk}"]')
    expect(embedded.locator("img")).to_be_visible()
    expect(embedded).to_contain_text("Lighthouse at dusk")
    page.locator(".field-body").screenshot(path=str(screenshots / "photo-chooser-body.png"))
    save(page)

    story.refresh_from_db()
    body = lxml.html.fragment_fromstring(story.body, create_parent="div")
    figures = body.xpath("./figure[@data-embed='photo']")
    assert [figure.get("data-photo") for figure in figures] == [str(lighthouse.pk)]
    assert body.xpath("string(./p)") == "The coast at night."
    assert page.errors == []


def test_a_picture_in_the_body_takes_a_caption_of_its_own_for_this_story(
    browser, live_server, world, screenshots
):
    photos = library()
    crane = photos["Harbour crane at work"]
    page, editor = desk_page(browser, live_server)
    story = make_story(
        section=world,
        status=Story.Status.PUBLISHED,
        created_by=editor,
        body=f'<p>The port at work.</p><figure data-embed="photo" data-photo="{crane.pk}"></figure>',
        photos=[crane],
    )
    open_story(page, live_server, story)

    figure = page.locator(f'.ProseMirror figure.photo-embed[data-photo="{crane.pk}"]')
    expect(figure).to_contain_text("Harbour crane at work")  # the photo's own, until one is typed
    field = figure.get_by_label("Caption in this story")
    field.click()
    field.type("The crane unloads the first ship of the season")
    field.press("Enter")  # keeps the caption; does not send the form
    expect(figure.locator("figcaption")).to_have_text("The crane unloads the first ship of the season")
    assert page.url.endswith("/change/")
    page.locator(".field-body").screenshot(path=str(screenshots / "photo-embed-caption.png"))
    save(page)

    story.refresh_from_db()
    [embedded] = lxml.html.fragment_fromstring(story.body, create_parent="div").xpath("./figure")
    assert embedded.get("data-caption") == "The crane unloads the first ship of the season"
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator(".story__figure--in-body figcaption")).to_contain_text(
        "The crane unloads the first ship of the season"
    )
    crane.refresh_from_db()
    assert crane.caption == "Harbour crane at work"  # the library's photo keeps its own
    assert page.errors == []


def test_the_picture_chooser_picks_the_lead_photo(browser, live_server, world, screenshots):
    photos = library()
    crane = photos["Harbour crane at work"]
    page, editor = desk_page(browser, live_server)
    story = make_story(section=world, status=Story.Status.DRAFT, created_by=editor)
    open_story(page, live_server, story)

    field = page.locator(".field-lead_photo")
    expect(field.locator("input[name=lead_photo]")).to_be_hidden()  # the chooser stands in for it
    field.locator(".photo-chooser-open").click()
    choose_in_grid(page, "crane", "Harbour crane at work", screenshots / "photo-chooser.png")

    expect(field.locator(".photo-chooser-thumbnail")).to_be_visible()
    expect(field.locator(".photo-chooser-label")).to_contain_text("Harbour crane at work")
    save(page)

    story.refresh_from_db()
    assert story.lead_photo == crane
    expect(page.locator(".field-lead_photo .photo-chooser-label")).to_contain_text("credit: Staff")
    assert page.errors == []


def test_a_picture_uploaded_in_the_chooser_becomes_the_lead_photo_and_a_look_alike_is_offered(
    browser, live_server, world, tmp_path
):
    photos = library()
    page, editor = desk_page(browser, live_server)
    story = make_story(section=world, status=Story.Status.DRAFT, created_by=editor)
    fresh = tmp_path / "ferry.jpg"
    fresh.write_bytes(encode(scene(41), "JPEG"))
    copy = tmp_path / "lighthouse-small.jpg"
    copy.write_bytes(encode(scene(20).resize((300, 200)), "JPEG", quality=70))
    open_story(page, live_server, story)
    field = page.locator(".field-lead_photo")
    dialog = page.locator("dialog.photo-chooser-dialog")

    # A copy of a library picture: the existing photo is offered, and taken.
    field.locator(".photo-chooser-open").click()
    dialog.locator(".photo-chooser-tab[data-tab=upload]").click()
    dialog.locator("input[name=files]").set_input_files(str(copy))
    dialog.locator("input[type=submit]").click()
    expect(dialog.locator(".photo-chooser-look-alike")).to_contain_text("looks like")
    dialog.locator(".photo-chooser-use-existing").click()
    expect(dialog).to_be_hidden()
    expect(field.locator(".photo-chooser-label")).to_contain_text("Lighthouse at dusk")

    # A new picture, with its words typed in.
    field.locator(".photo-chooser-open").click()
    dialog.locator(".photo-chooser-tab[data-tab=upload]").click()
    dialog.locator("input[name=files]").set_input_files(str(fresh))
    dialog.locator("textarea[name=caption]").fill("The morning ferry leaves the pier")
    dialog.locator("input[name=credit]").fill("Port Desk")
    dialog.locator("textarea[name=usage_terms]").fill("Web only")
    dialog.locator("input[type=submit]").click()
    expect(dialog).to_be_hidden()
    expect(field.locator(".photo-chooser-label")).to_contain_text("The morning ferry leaves the pier")
    save(page)

    story.refresh_from_db()
    assert story.lead_photo.caption == "The morning ferry leaves the pier"
    assert (story.lead_photo.credit, story.lead_photo.usage_terms) == ("Port Desk", "Web only")
    assert Photo.objects.count() == len(photos) + 1  # the look-alike was not stored
    assert page.errors == []
