"""Notes and the dashboard in a real browser: a mention written on a story reaches the colleague's desk."""

import pytest
from playwright.sync_api import expect

from articles.models import Notification, Story, StoryNote
from tests.browser.desk import sign_in
from tests.builders import make_story
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Fishing fleet stays in port as the storm season opens early"
NOTE = "@meera the harbour master called back: please add his figures before six."


def log_in(context, live_server, username):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, username)
    return page, errors


def test_a_mention_reaches_the_dashboard(browser, live_server, screenshots, world):
    make_editor(username="desk-chief")
    make_reporter(username="meera")
    story = make_story(status=Story.Status.IN_REVIEW, headline=HEADLINE, section=world)

    # The editor writes a note on the story, mentioning the reporter.
    editor = browser.new_context(viewport={"width": 1280, "height": 1600})
    page, editor_errors = log_in(editor, live_server, "desk-chief")
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")
    expect(page.locator("#story-notes")).to_contain_text("No notes yet.")
    page.fill("#id_note_text", NOTE)
    page.click("#new-note-form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("Your note was posted.")
    expect(page.locator("#story-notes .note-text")).to_have_text(NOTE)
    page.screenshot(path=str(screenshots / "notes-1-editor-mentions.png"), full_page=True)
    assert editor_errors == []
    editor.close()

    assert StoryNote.objects.get().text == NOTE

    # The reporter logs in and finds it on the dashboard, with a link to the story.
    reporter = browser.new_context(viewport={"width": 1280, "height": 1200})
    page, reporter_errors = log_in(reporter, live_server, "meera")
    mention = page.locator("#desk-notifications li.notification-mention")
    expect(mention).to_contain_text("desk-chief")
    expect(mention).to_contain_text("please add his figures before six")
    expect(mention.get_by_role("link", name=HEADLINE)).to_be_visible()
    page.screenshot(path=str(screenshots / "notes-2-dashboard.png"), full_page=True)

    # She replies on the story, then marks the mention read.
    mention.get_by_role("link", name=HEADLINE).click()
    page.locator("#story-notes details summary").click()
    page.fill(".note-reply-form textarea", "On it: figures in by five.")
    page.click(".note-reply-form input[type=submit]")
    expect(page.locator("#story-notes .replies .note-text")).to_have_text("On it: figures in by five.")
    page.goto(f"{live_server.url}/admin/")
    page.locator("#desk-notifications li.notification-mention input[type=submit]").click()
    expect(page.locator("#desk-notifications")).to_contain_text("Nothing new.")
    assert reporter_errors == []
    reporter.close()

    assert Notification.objects.get(kind="mention").read_at is not None


def test_typing_at_suggests_colleagues_and_the_keyboard_puts_one_in(browser, live_server, screenshots, world):
    make_editor(username="desk-chief")
    meera = make_reporter(username="meera")
    meera.first_name, meera.last_name = "Meera", "Nair"
    meera.save()
    make_reporter(username="menon")
    make_reporter(username="joseph")
    story = make_story(status=Story.Status.IN_REVIEW, headline=HEADLINE, section=world)
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page, errors = log_in(context, live_server, "desk-chief")
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")

    field = page.locator("#id_note_text")
    field.click()
    field.type("Figures from @me")
    suggestions = page.locator("#note-mentions li")
    expect(suggestions).to_have_text(["@meeraMeera Nair", "@menon"])
    page.screenshot(path=str(screenshots / "notes-3-mention-suggestions.png"))
    field.press("ArrowDown")
    field.press("ArrowUp")
    field.press("Enter")  # puts the name in; does not send the note
    expect(field).to_have_value("Figures from @meera ")
    expect(page.locator("#note-mentions")).to_be_hidden()
    field.type("by six, please.")
    field.press("Escape")
    page.click("#new-note-form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("Your note was posted.")

    assert StoryNote.objects.get().text == "Figures from @meera by six, please."
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["meera"]
    assert errors == []
    context.close()
