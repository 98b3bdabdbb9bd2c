"""Accidents that must not happen, in a real browser: Enter in a published story's headline saves and
withdraws nothing; withdrawing asks first, says what readers will get, and only then withdraws."""

import pytest
from playwright.sync_api import expect

from articles.models import Story, StoryTransition
from tests.browser.desk import signed_in_page
from tests.builders import make_section, make_story
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db(transaction=True)


def reader_status(browser, url):
    """The status code an anonymous reader gets at ``url``."""
    reader = browser.new_context()
    try:
        return reader.new_page().goto(url).status
    finally:
        reader.close()


def published_story():
    return make_story(
        status=Story.Status.PUBLISHED,
        section=make_section("World", slug="world"),
        headline="Harbour ferry returns to its winter timetable",
        body="<p>The first boat now leaves at half past six.</p>",
    )


def test_enter_in_the_headline_of_a_published_story_saves_and_does_not_withdraw(
    browser, live_server, screenshots
):
    make_editor(username="editor")
    story = published_story()
    address = f"{live_server.url}{story.get_absolute_url()}"
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = signed_in_page(context, live_server, "editor")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")
    assert page.locator("input[name=_withdraw]").count() == 1  # the button Enter used to press

    # The note that let Enter withdraw the story before, then Enter in the headline.
    page.fill("#id_transition_note", "Checking the timetable with the operator")
    headline = page.locator("#id_headline")
    headline.fill("Harbour ferry returns to its winter timetable on Monday")
    headline.press("Enter")

    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    expect(page.locator("#reader-status .status-badge")).to_have_text("Published")
    page.screenshot(path=str(screenshots / "safe-steps-1-enter-saved.png"), full_page=True)
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert story.headline == "Harbour ferry returns to its winter timetable on Monday"
    assert not StoryTransition.objects.filter(story=story).exists()
    assert reader_status(browser, address) == 200
    assert errors == []
    context.close()


def test_withdraw_asks_for_confirmation(browser, live_server, screenshots):
    make_editor(username="editor")
    story = published_story()
    address = f"{live_server.url}{story.get_absolute_url()}"
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = signed_in_page(context, live_server, "editor")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")

    page.fill("#id_transition_note", "The operator withdrew the timetable")
    page.click("input[name=_withdraw]")

    # Asked first, with what readers will get; nothing withdrawn yet.
    expect(page.locator("#step-consequences")).to_contain_text(
        f"Readers will get “This story has been withdrawn” (410) at {address}"
    )
    expect(page.locator("#id_note")).to_have_value("The operator withdrew the timetable")
    page.screenshot(path=str(screenshots / "safe-steps-2-withdraw-asks.png"), full_page=True)
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert reader_status(browser, address) == 200

    # "No, take me back" leaves it out; asked again, "Yes" withdraws it.
    page.click("text=No, take me back")
    expect(page.locator("input[name=_withdraw]")).to_be_visible()
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    page.fill("#id_transition_note", "The operator withdrew the timetable")
    page.click("input[name=_withdraw]")
    page.click("input[value='Yes, withdraw']")

    expect(page.locator(".messagelist")).to_contain_text("is now Withdrawn")
    expect(page.locator("#reader-status .status-badge")).to_have_text("Withdrawn")
    page.screenshot(path=str(screenshots / "safe-steps-3-withdrawn.png"), full_page=True)
    story.refresh_from_db()
    assert (story.status, story.withdrawal_reason) == (
        Story.Status.WITHDRAWN,
        "The operator withdrew the timetable",
    )
    assert reader_status(browser, address) == 410
    assert errors == []
    context.close()
