"""The desk, played in a real browser: a reporter writes and submits, an editor publishes, a reader reads."""

import re

import pytest
from playwright.sync_api import expect
from taggit.models import Tag

from articles.models import Story
from tests.browser.desk import signed_in_page
from tests.images import jpeg_bytes
from tests.newsroom_staff import make_editor, make_reporter

HEADLINE = "Lantern festival draws record crowds to the old harbour"
BODY = "Families lined the sea wall from early evening as the first lanterns were lit."

pytestmark = pytest.mark.django_db(transaction=True)


def pick_autocomplete(page, field_id, text):
    """Choose ``text`` in one of the admin's select2 autocompletes, the way a person does."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    search = page.locator(".select2-container--open .select2-search__field")
    search.press_sequentially(text[:4], delay=30)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_reporter_writes_editor_publishes_reader_reads(browser, live_server, screenshots, tmp_path, world):
    Tag.objects.create(name="Festivals")
    make_reporter(username="reporter")
    make_editor(username="editor")
    picture = tmp_path / "lanterns.jpg"
    picture.write_bytes(jpeg_bytes(size=(640, 400), color=(200, 120, 40)))

    # The reporter writes the story, with a photo, and submits it.
    reporter = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = signed_in_page(reporter, live_server, "reporter")
    page.goto(f"{live_server.url}/admin/articles/story/add/")
    page.locator("#id_headline").press_sequentially(HEADLINE, delay=5)
    expect(page.locator("#id_slug")).to_have_value(re.compile(r"^lantern-festival-draws-record-crowds"))
    page.fill("#id_standfirst", "Organisers counted more visitors than in any year since the festival began.")
    pick_autocomplete(page, "id_section", "World")
    pick_autocomplete(page, "id_tags", "Festivals")
    page.fill("#id_new_tags", "Harbour, Lanterns")
    editor_area = page.locator(".prose-editor > .ProseMirror")
    editor_area.click()
    editor_area.press_sequentially(BODY, delay=2)
    page.set_input_files("#id_new_photo", str(picture))
    page.fill("#id_new_photo_caption", "Lanterns drift past the harbour lighthouse")
    page.fill("#id_new_photo_credit", "Staff photographer")
    page.fill("#id_new_photo_alt_text", "Paper lanterns floating on dark water near a lighthouse")
    assert page.locator("input[name=_publish]").count() == 0  # no publish button for a reporter
    assert page.locator("input[name=_submit_for_review]").count() == 1
    page.screenshot(path=str(screenshots / "desk-1-reporter-writes.png"), full_page=True)
    page.click("input[name=_submit_for_review]")
    expect(page.locator(".messagelist")).to_contain_text("In review")
    assert page.locator("input[name=_publish]").count() == 0
    page.screenshot(path=str(screenshots / "desk-2-reporter-submitted.png"), full_page=True)

    story = Story.objects.get()
    assert story.status == Story.Status.IN_REVIEW
    assert BODY in story.body
    assert sorted(story.tags.names()) == ["Festivals", "Harbour", "Lanterns"]
    assert (story.lead_photo.caption, story.lead_photo.credit) == (
        "Lanterns drift past the harbour lighthouse",
        "Staff photographer",
    )
    reporter.close()

    # The editor finds it in review and publishes it.
    editor = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = signed_in_page(editor, live_server, "editor")
    page.goto(f"{live_server.url}/admin/articles/story/?status__exact=in_review")
    expect(page.locator("#result_list")).to_contain_text(HEADLINE)
    expect(page.locator("#result_list .status-badge")).to_have_text("In review")
    page.screenshot(path=str(screenshots / "desk-3-editor-review-queue.png"), full_page=True)
    page.click(f"#result_list a:has-text('{HEADLINE[:20]}')")
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist")).to_contain_text("Published")
    page.screenshot(path=str(screenshots / "desk-4-editor-published.png"), full_page=True)
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    editor.close()

    # An anonymous reader finds it on the home page and opens it.
    reader = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = reader.new_page()
    page.goto(f"{live_server.url}/")
    page.locator("a", has_text=HEADLINE).first.click()
    expect(page.locator("h1")).to_contain_text(HEADLINE)
    expect(page.locator("body")).to_contain_text(BODY)
    expect(page.locator("body")).to_contain_text("Staff photographer")
    page.screenshot(path=str(screenshots / "desk-5-reader-story.png"), full_page=True)
    reader.close()
