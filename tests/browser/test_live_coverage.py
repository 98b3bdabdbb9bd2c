"""Live coverage in real Chromium: a reader has a live story open while an editor posts an entry from
the story's page in the admin; the reader's page offers "1 new update" without reloading and shows
the entry at the top when asked. Then the editor corrects an earlier entry while the reader reads
the story's body below the entries: the correction appears in place, and the paragraph being read
stays where it is on the screen."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import LiveEntry, Story
from articles.services import live
from articles.services.live import EntryContent
from tests.browser.desk import signed_in_page
from tests.builders import make_author, make_story
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADLINE = "Monsoon floods: the river rises through the night"
BODY = "".join(
    f"<p>Background paragraph {n}: the district has seen three floods in a decade, and the embankment "
    f"repaired after the last one was meant to hold a metre more water than it did.</p>"
    for n in range(1, 13)
)
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
FIRST = "Sandbags are stacked along the embankment road as the water climbs."
NEW = "Water levels are falling at the old bridge, the district office says."


def test_a_reader_sees_a_new_entry_arrive_and_a_correction_in_place(
    browser, live_server, screenshots, world, settings
):
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1  # the page asks every second here; 15 on the site
    editor = make_editor(username="live-desk")
    make_author("Ritu Sharma", user=editor)
    story = make_story(section=world, headline=HEADLINE, body=BODY, publish_at=timezone.now())
    live.start_coverage(story, by=editor)
    first = live.post_entry(story, EntryContent(text=FIRST), by=editor)
    story = Story.objects.get(pk=story.pk)

    # The reader opens the live page.
    reader = browser.new_context(viewport={"width": 1280, "height": 900})
    page = reader.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    entries = page.locator("[data-live-entries] article.live-entry")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(FIRST)
    new_updates = page.locator("[data-live-show]")
    expect(new_updates).to_be_hidden()

    # The editor posts from the compact form on the story's page in the admin.
    desk = browser.new_context(viewport={"width": 1280, "height": 1200})
    admin = signed_in_page(desk, live_server, "live-desk")
    admin.goto(f"{live_server.url}/admin/articles/story/{story.pk}/change/")
    expect(admin.locator("#live-coverage")).to_contain_text("Live coverage")
    admin.fill("#id_live-text", NEW)
    admin.click("#live-post-button")
    expect(admin.locator(".messagelist")).to_contain_text("Posted: readers see it now.")
    posted = LiveEntry.objects.get(text__contains="old bridge")
    expect(admin.locator(f"#live-entry-{posted.pk}")).to_contain_text("Ritu Sharma")
    admin.locator("#live-coverage").scroll_into_view_if_needed()
    admin.screenshot(path=str(screenshots / "live-1-desk-posts.png"), full_page=False)

    # Without reloading, the reader's page offers it, and shows it at the top when asked.
    expect(new_updates).to_have_text("1 new update", timeout=10_000)
    assert page.title().startswith("(1) ")
    expect(entries).to_have_count(1)  # nothing arrives under the reader's eyes until asked
    new_updates.click()
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text(NEW)
    expect(entries.first).to_contain_text("Ritu Sharma")
    expect(entries.nth(1)).to_contain_text(FIRST)
    expect(new_updates).to_be_hidden()
    assert not page.title().startswith("(")
    page.screenshot(path=str(screenshots / "live-2-reader-sees-it.png"), full_page=False)

    # The reader reads the story's body below the entries; the desk corrects the first entry.
    paragraph = page.locator(".story__body p", has_text="Background paragraph 6:")
    paragraph.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    before = paragraph.bounding_box()["y"]
    live.correct_entry(
        first,
        EntryContent(
            text=FIRST + " Volunteers from three villages joined the police and the fire service overnight, "
            "filling bags with sand from the riverbank quarry until the early hours."
        ),
        "We first said the army stacked the sandbags; it was volunteers and the police.",
        by=editor,
    )
    correction = page.locator(f"#entry-{first.pk} .live-entry__correction")
    expect(correction).to_contain_text("it was volunteers and the police", timeout=10_000)
    after = paragraph.bounding_box()["y"]
    assert abs(after - before) <= 2, (before, after)
    page.screenshot(path=str(screenshots / "live-3-correction-in-place.png"), full_page=False)

    # Key points and a key event come to the open page too, at the top, linked to the entry it holds.
    live.set_key_points(
        story, "<ul><li>The embankment held overnight</li><li>No one is missing</li></ul>", by=editor
    )
    live.pin_entry(posted, True, by=editor)
    key_events = page.locator(".live__key-events")
    expect(key_events).to_contain_text("Water levels are falling", timeout=10_000)
    expect(key_events.locator(f'a[href="#entry-{posted.pk}"]')).to_have_count(1)
    expect(page.locator(".live__key-points")).to_contain_text("No one is missing")
    assert abs(paragraph.bounding_box()["y"] - before) <= 2
    assert problems == []

    # The live page passes axe-core as every reader page does (test_reader_axe): a page of its own
    # that lets the checker's script in, with the new entry, the correction, key points and a key event.
    checked = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
    checked.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(checked.locator(".live-entry__correction")).to_be_visible()
    expect(checked.locator(".live__key-events")).to_contain_text("Water levels are falling")
    checked.add_script_tag(path=str(AXE))
    violations = checked.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(results => results.violations.map(v => [v.id, v.nodes.map(n => n.target)]))"
    )
    assert violations == []
