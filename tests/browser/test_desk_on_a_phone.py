"""The desk's own pages on a phone (390 px): a story's history, the comparison of two versions and
the home front's editor fit the screen; their tables scroll inside their box rather than the page
sideways, and a compared paragraph wraps between words."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles import services
from articles.models import Revision, Story
from tests.browser.desk import signed_in_page
from tests.builders import make_story
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_the_story_history_and_the_front_editor_fit_a_phone(browser, live_server, screenshots, world):
    editor = make_editor()
    story = make_story(
        section=world, status=Story.Status.IN_REVIEW, headline="Harbour dues rise for the winter"
    )
    story.headline = "Harbour dues rise for the winter season, the port authority says"
    services.save_story(story, fields=["headline"], by=editor, revision_note="Longer headline from the desk")
    services.publish_story(story, by=editor)
    context = browser.new_context(viewport=PHONE)
    page = signed_in_page(context, live_server, editor.username)

    for address, shown in (
        (f"/admin/articles/story/{story.pk}/history/", "Longer headline from the desk"),
        ("/admin/articles/front/home/", "Pin a story"),
    ):
        page.goto(live_server.url + address)
        expect(page.locator("#content")).to_contain_text(shown)
        page.screenshot(path=screenshots / f"phone{address.replace('/', '-')}.png", full_page=True)
        wider = page.evaluate("""() => [...document.querySelectorAll('#content *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => `${e.tagName}.${e.className}`)""")
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, (address, wider[:8])
    context.close()


def test_two_versions_compared_on_a_phone_wrap_their_paragraphs(browser, live_server, screenshots, world):
    editor = make_editor()
    sentence = "The harbour authority confirmed that the northern breakwater will close for repairs. "
    story = make_story(section=world, status=Story.Status.DRAFT, body=f"<p>{sentence * 4}</p>")
    older = services.record_revision(story, by=editor)
    story.body = f"<p>{(sentence * 4).replace('northern', 'southern', 1)}</p>"
    services.save_story(story, fields=["body"], by=editor)
    newer = Revision.objects.filter(story=story).latest("created_at")
    context = browser.new_context(viewport=PHONE)
    page = signed_in_page(context, live_server, editor.username)

    compare = reverse("admin:articles_story_compare", args=[story.pk])
    page.goto(f"{live_server.url}{compare}?old={older.pk}&new={newer.pk}")

    changed = page.locator("table.diff td", has_text="southern breakwater")
    expect(changed).to_have_count(1)
    page.screenshot(path=screenshots / "phone-compare.png", full_page=True)
    lines = changed.evaluate(
        "cell => cell.getBoundingClientRect().height / parseFloat(getComputedStyle(cell).lineHeight)"
    )
    assert lines >= 4  # one paragraph of 360 characters, wrapped in its cell
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
