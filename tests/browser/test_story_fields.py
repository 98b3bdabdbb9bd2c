"""The story form's byline, secondary sections and sharing fields, in a real browser: a reporter's new
story starts with their own byline, they list it in a second section and give it a social title and
image in the collapsed "SEO and social" fieldset; readers find it in both sections, and sharing
previews show what was typed."""

import threading

import pytest
from playwright.sync_api import expect

from articles import services
from articles.models import Story
from tests.browser.desk import sign_in
from tests.builders import make_author, make_photo, make_section
from tests.newsroom_staff import make_reporter

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Fishers' cooperative buys its first cold-storage truck"


@pytest.fixture
def database_turn(live_server):
    """One request at a time (the form's heartbeats and autosaves send their own), and the test's
    queries between them: on SQLite in memory the live server's threads share the test's connection."""
    turn = threading.RLock()
    server = live_server.thread.httpd
    application = server.get_app()

    def in_turn(environ, start_response):
        with turn:
            return application(environ, start_response)

    server.set_app(in_turn)
    yield turn
    server.set_app(application)


def pick_autocomplete(page, field_id, text):
    """Choose ``text`` in one of the admin's select2 autocompletes, the way a person does."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    search = page.locator(".select2-container--open .select2-search__field")
    search.press_sequentially(text[:4], delay=30)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_a_new_story_with_its_writer_a_second_section_and_a_social_card(
    browser, live_server, screenshots, database_turn
):
    with database_turn:
        business = make_section("Business", slug="business")
        make_section("Kerala", slug="kerala")
        reporter = make_reporter(username="devika")
        writer = make_author("Devika Nair", user=reporter)
        picture = make_photo(size=(1600, 900), caption="The new refrigerated truck at the harbour")

    context = browser.new_context(viewport={"width": 1280, "height": 1800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, "devika")
    page.goto(f"{live_server.url}/admin/articles/story/add/")

    # The byline starts with the person writing.
    expect(page.locator("#bylines-0 .select2-selection__rendered")).to_contain_text("Devika Nair")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_standfirst", "The truck will carry the morning catch to inland markets.")
    pick_autocomplete(page, "id_section", "Kerala")
    pick_autocomplete(page, "id_secondary_sections", "Business")
    # The sharing fields wait in a collapsed fieldset.
    social_title = page.locator("#id_social_title")
    expect(social_title).to_be_hidden()
    page.locator("summary", has_text="SEO and social").click()
    social_title.fill("A cold chain for small fishers")
    page.fill("#id_social_description", "Fresh fish, two hundred kilometres inland.")
    # Photos are picked with the picture chooser (tests/browser/test_photo_chooser.py).
    page.locator(".field-social_image .photo-chooser-open").click()
    chooser = page.locator("dialog.photo-chooser-dialog")
    chooser.locator("input[name=q]").fill("refrigerated truck")
    chooser.locator("input[name=q]").press("Enter")
    chooser.locator(".photo-chooser-item", has_text="The new refrigerated truck").click()
    expect(page.locator(".field-social_image .photo-chooser-label")).to_contain_text(
        "The new refrigerated truck"
    )
    page.screenshot(path=str(screenshots / "story-fields-1-form.png"), full_page=True)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()

    with database_turn:
        story = Story.objects.get()
        assert [byline.author for byline in story.bylines.all()] == [writer]
        assert list(story.secondary_sections.all()) == [business]
        assert (story.social_title, story.social_image) == ("A cold chain for small fishers", picture)
        services.publish_story(story)
    context.close()

    reader = browser.new_context(viewport={"width": 1280, "height": 1200})
    page = reader.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/business/")
    page.locator("main a", has_text=HEADLINE).first.click()  # in the section's front or its list
    expect(page).to_have_url(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator('meta[property="og:title"]')).to_have_attribute(
        "content", "A cold chain for small fishers"
    )
    shared = page.locator('meta[property="og:image"]').get_attribute("content")
    assert f"/media/renditions/{picture.pk}/" in shared
    expect(page.locator('meta[name="twitter:image"]')).to_have_attribute("content", shared)
    reader.close()
    assert errors == []
