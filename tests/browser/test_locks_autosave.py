"""Working on a story together, in a real browser: a second editor sees who is editing and takes over
(the first editor's tab learns it at its next heartbeat); what was typed survives closing the tab and
comes back on request; the preview shows the form as typed, before anything is saved.

The tab's intervals are settings (30 s in production); here they are a second, so the tests wait for
what the page shows, not for the clock."""

import pytest
from playwright.sync_api import expect

from articles.models import EditLock, Notification, Revision, Story, StoryAutosave
from tests.browser.desk import sign_in
from tests.builders import make_story
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Council approves the new riverside cycle path"
TYPED_HEADLINE = "Riverside cycle path approved after a six-hour debate"
TYPED_SENTENCE = "Councillors voted nine to four shortly before midnight."


@pytest.fixture
def quick_tabs(settings):
    settings.NEWSROOM_EDIT_LOCK_HEARTBEAT_SECONDS = 1
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1


def log_in(browser, live_server, username):
    """A new browser (its own cookies) logged in as ``username``; the page and the script errors it
    collects."""
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, username)
    return context, page, errors


def change_address(live_server, story):
    return f"{live_server.url}/admin/articles/story/{story.pk}/change/"


def draft(world):
    return make_story(
        status=Story.Status.DRAFT,
        section=world,
        headline=HEADLINE,
        body="<p>The path will run for four kilometres along the east bank.</p>",
    )


def type_in_body(page, text):
    body = page.locator(".prose-editor > .ProseMirror")
    body.click()
    page.keyboard.press("Control+End")
    body.press_sequentially(f" {text}", delay=2)


def test_a_second_editor_sees_the_lock_and_takes_over(browser, live_server, screenshots, world, quick_tabs):
    asha, bilal = make_editor(username="asha"), make_editor(username="bilal")
    story = draft(world)

    first, first_page, first_errors = log_in(browser, live_server, "asha")
    first_page.goto(change_address(live_server, story))
    expect(first_page.locator("#id_headline")).to_be_editable()
    first_page.fill("#id_headline", TYPED_HEADLINE)  # asha is typing

    second, second_page, second_errors = log_in(browser, live_server, "bilal")
    second_page.goto(change_address(live_server, story))
    notice = second_page.locator("#edit-lock")
    expect(notice).to_contain_text("asha is editing this story (since ")
    expect(second_page.locator("#id_headline")).to_have_count(0)  # read-only: no field to type in
    expect(second_page.locator("input[name=_continue]")).to_have_count(0)
    second_page.screenshot(path=str(screenshots / "lock-1-read-only.png"), full_page=True)

    second_page.click("#take-over")
    expect(second_page.locator(".messagelist")).to_contain_text("You are editing this story now.")
    expect(second_page.locator("#id_headline")).to_be_editable()
    assert EditLock.objects.get(story=story).user == bilal
    told = Notification.objects.get()
    assert (told.recipient, told.kind, told.actor) == (asha, "lock_taken_over", bilal)

    # asha's tab learns it at its next heartbeat, and keeps her text in her autosave.
    lost = first_page.locator("#edit-lock-lost")
    expect(lost).to_be_visible()
    expect(lost).to_contain_text("bilal is editing this story")
    first_page.screenshot(path=str(screenshots / "lock-2-taken-over.png"), full_page=True)
    expect(first_page.locator("#story-autosave-status")).to_contain_text("autosaved")
    assert dict(StoryAutosave.objects.get(user=asha).form_fields)["headline"] == TYPED_HEADLINE

    # Her save is refused while bilal edits, and her text is shown back.
    first_page.click("input[name=_continue]")
    expect(first_page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(first_page.locator("#id_headline")).to_have_value(TYPED_HEADLINE)
    story.refresh_from_db()
    assert story.headline == HEADLINE

    # bilal saves and leaves: the lock is let go.
    second_page.click("input[name=_continue]")
    expect(second_page.locator(".messagelist")).to_contain_text("was changed successfully")
    second.close()
    assert first_errors == [] and second_errors == []
    first.close()
    story.refresh_from_db()
    assert story.edit_version == 1  # bilal's one save; asha's was refused


def test_an_autosave_survives_closing_the_tab(browser, live_server, screenshots, world, quick_tabs):
    make_editor(username="asha")
    story = draft(world)

    first, page, errors = log_in(browser, live_server, "asha")
    page.goto(change_address(live_server, story))
    page.fill("#id_headline", TYPED_HEADLINE)
    type_in_body(page, TYPED_SENTENCE)
    expect(page.locator("#story-autosave-status")).to_contain_text("autosaved")

    # Leaving the changed form asks first.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert errors == []
    first.close()  # the tab, and the browser, are gone

    story.refresh_from_db()
    assert story.headline == HEADLINE and TYPED_SENTENCE not in story.body
    assert not Revision.objects.exists()

    second, page, errors = log_in(browser, live_server, "asha")
    page.goto(change_address(live_server, story))
    offer = page.locator("#autosave-offer")
    expect(offer).to_contain_text("Restore your unsaved changes from ")
    page.screenshot(path=str(screenshots / "autosave-1-offer.png"), full_page=True)
    page.click("#autosave-restore")
    expect(page.locator("#id_headline")).to_have_value(TYPED_HEADLINE)
    expect(page.locator(".prose-editor > .ProseMirror")).to_contain_text(TYPED_SENTENCE)
    expect(page.locator("#autosave-restored")).to_be_visible()

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("#autosave-offer")).to_have_count(0)
    story.refresh_from_db()
    assert story.headline == TYPED_HEADLINE and TYPED_SENTENCE in story.body
    assert not StoryAutosave.objects.exists()
    assert errors == []
    second.close()


def test_preview_shows_unsaved_text(browser, live_server, screenshots, world):
    make_editor(username="asha")
    story = draft(world)

    context, page, errors = log_in(browser, live_server, "asha")
    page.goto(change_address(live_server, story))
    page.fill("#id_headline", TYPED_HEADLINE)
    type_in_body(page, TYPED_SENTENCE)

    with context.expect_page() as opened:
        page.click("#story-preview-link")  # the Preview link at the top of the form
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator(".story__headline")).to_have_text(TYPED_HEADLINE)
    expect(preview.locator(".story__body")).to_contain_text(TYPED_SENTENCE)
    expect(preview.locator(".preview-banner")).to_contain_text("Nothing has been saved")
    preview.screenshot(path=str(screenshots / "preview-typed.png"), full_page=True)

    # The form is still open as it was, and nothing was saved.
    expect(page.locator("#id_headline")).to_have_value(TYPED_HEADLINE)
    story.refresh_from_db()
    assert story.headline == HEADLINE and TYPED_SENTENCE not in story.body
    assert not Revision.objects.exists()
    assert errors == []
    context.close()


def test_two_tabs_saving_the_same_story_show_a_readable_comparison(browser, live_server, screenshots, world):
    # The same editor, two tabs: the second save is refused and shows what changed, side by side.
    story = draft(world)
    editor = make_editor()
    context, first, errors = log_in(browser, live_server, editor.username)
    second = context.new_page()
    second.goto(change_address(live_server, story))
    first.goto(change_address(live_server, story))
    first.fill("#id_headline", TYPED_HEADLINE)
    first.click("input[name=_continue]")
    expect(first.locator(".messagelist")).to_contain_text("changed successfully")

    second.fill("#id_headline", "Cycle path vote delayed to next week " + "after a long debate " * 8)
    second.click("input[name=_continue]")

    panel = second.locator("#edit-conflict")
    expect(panel).to_be_visible()
    expect(panel.locator("table.diff").first).to_contain_text(TYPED_HEADLINE)
    # difflib's jump links ("n", "t") are hidden, and the table stays inside the panel.
    expect(panel.locator("table.diff .diff_next a").first).to_be_hidden()
    assert panel.evaluate("panel => panel.scrollWidth <= panel.clientWidth")
    panel.screenshot(path=screenshots / "edit-conflict-two-tabs.png")
    story.refresh_from_db()
    assert story.headline == TYPED_HEADLINE
    assert errors == []
    context.close()
