"""Curated fronts in a real browser: an editor pins a story as the home page's lead, reorders the top
stories (by dragging, and with the keyboard's buttons), previews and schedules a front version, and a
reader sees each at its time: the pins once published, the scheduled version once its time has come
and the scheduler (``publish_scheduled``, as cron runs it) has been round."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import FrontVersion
from tests.browser.desk import sign_in
from tests.builders import make_photo, make_section, make_story
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db(transaction=True)

LEAD_PICK = "Night ferry service returns after ten years"
TOP = ["Fish market moves to the new quay", "Lighthouse keeper retires", "Dredger clears the harbour mouth"]
LATER_LEAD = "Tall ships race starts at dawn"


def log_in(context, live_server, username):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, username)
    return page, errors


def pin(page, headline, slot):
    """Pin a story the way a person does: find it in the autocomplete, choose the slot, press Pin."""
    page.click("#id_story + .select2 .select2-selection")
    search = page.locator(".select2-container--open .select2-search__field")
    search.press_sequentially(headline[:12], delay=20)
    page.locator(".select2-results__option", has_text=headline).first.click()
    page.select_option("#id_slot", label=slot)
    page.click(".front-pin-form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text(f"“{headline}” is pinned in the draft")


def slot_headlines(page, slot):
    return page.locator(f'ol[data-slot="{slot}"] li.front-entry--pinned .front-entry__headline')


def reader_lead_and_top(page, live_server):
    page.goto(f"{live_server.url}/")
    lead = page.locator("article.lead-story h3").inner_text().strip()
    top = [text.strip() for text in page.locator("ul.secondary-stories h3").all_inner_texts()]
    return lead, top


def test_an_editor_arranges_the_home_page_and_readers_see_each_change_at_its_time(
    browser, live_server, screenshots, world
):
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        sport = make_section("Sport", slug="sport")
        now = timezone.now()
        # The newest stories would lead by themselves; the editor's picks are older.
        for hours, headline in enumerate(["Council approves the new budget", "Rain expected by evening"], 1):
            make_story(section=world, headline=headline, publish_at=now - timedelta(minutes=hours))
        picks = [LEAD_PICK, *TOP, LATER_LEAD]
        for hours, headline in enumerate(picks, 5):
            make_story(
                section=sport if "race" in headline else world,
                headline=headline,
                publish_at=now - timedelta(hours=hours),
                lead_photo=make_photo(size=(640, 360)),
            )
        make_editor(username="front-editor")

        reader = browser.new_context(viewport={"width": 1280, "height": 1400}).new_page()
        lead, _top = reader_lead_and_top(reader, live_server)
        assert lead == "Council approves the new budget"

        # The editor pins the lead and publishes it: readers see it at once.
        editor = browser.new_context(viewport={"width": 1280, "height": 1800})
        page, errors = log_in(editor, live_server, "front-editor")
        page.goto(f"{live_server.url}/admin/articles/front/")
        page.get_by_role("link", name="Home page").click()
        expect(page.locator("#front-readers-see")).to_contain_text("arranged automatically")
        pin(page, LEAD_PICK, "Lead")
        expect(slot_headlines(page, "lead")).to_have_text([LEAD_PICK])
        page.screenshot(path=str(screenshots / "fronts-1-lead-pinned.png"), full_page=True)
        assert reader_lead_and_top(reader, live_server)[0] != LEAD_PICK  # a draft: not for readers yet
        page.get_by_role("button", name="Publish now").click()
        expect(page.locator(".messagelist")).to_contain_text("Version 1 is live")
        assert reader_lead_and_top(reader, live_server)[0] == LEAD_PICK

        # Three top stories, reordered by dragging the last to the top, then one moved up by keyboard.
        for headline in TOP:
            pin(page, headline, "Top stories")
        expect(slot_headlines(page, "top")).to_have_text(TOP)
        pinned = page.locator('ol[data-slot="top"] li.front-entry--pinned')
        pinned.nth(2).drag_to(pinned.nth(0), target_position={"x": 40, "y": 3})
        expect(slot_headlines(page, "top")).to_have_text([TOP[2], TOP[0], TOP[1]])
        move_up = page.get_by_role("button", name=f"Move “{TOP[1]}” up")
        move_up.focus()
        page.keyboard.press("Enter")
        expect(slot_headlines(page, "top")).to_have_text([TOP[2], TOP[1], TOP[0]])
        page.screenshot(path=str(screenshots / "fronts-2-top-reordered.png"), full_page=True)
        page.get_by_role("button", name="Publish now").click()
        expect(page.locator(".messagelist")).to_contain_text("Version 2 is live")
        assert reader_lead_and_top(reader, live_server) == (LEAD_PICK, [TOP[2], TOP[1], TOP[0]])

        # A version for the evening: a new lead, previewed, then scheduled for an hour from now.
        page.get_by_role("button", name=f"Unpin “{LEAD_PICK}”").click()
        pin(page, LATER_LEAD, "Lead")
        with editor.expect_page() as opened:
            page.get_by_role("link", name="Preview the draft").click()
        preview = opened.value
        expect(preview.locator(".preview-banner")).to_contain_text("version 3 (draft)")
        expect(preview.locator("article.lead-story h3")).to_have_text(LATER_LEAD)
        preview.screenshot(path=str(screenshots / "fronts-3-preview.png"), full_page=True)
        preview.close()
        go_live = timezone.localtime(timezone.now() + timedelta(hours=1))
        page.fill("#id_go_live_at", f"{go_live:%Y-%m-%dT%H:%M}")
        page.get_by_role("button", name="Schedule").click()
        expect(page.locator(".messagelist")).to_contain_text("Version 3 goes live at the time you chose")
        expect(page.locator("#front-readers-see")).to_contain_text("Version 3 is scheduled to go live")
        page.screenshot(path=str(screenshots / "fronts-4-scheduled.png"), full_page=True)
        assert reader_lead_and_top(reader, live_server)[0] == LEAD_PICK

        # Its time comes; the scheduler goes round; readers see the evening's front.
        traveller.shift(timedelta(hours=1, minutes=1))
        out = io.StringIO()
        call_command("publish_scheduled", stdout=out)
        assert "Front “Home page”: version 3 is live." in out.getvalue()
        lead, top = reader_lead_and_top(reader, live_server)
        assert lead == LATER_LEAD
        assert top == [TOP[2], TOP[1], TOP[0]]
        reader.screenshot(path=str(screenshots / "fronts-5-reader-evening.png"), full_page=True)
        assert list(FrontVersion.objects.order_by("number").values_list("status", flat=True)) == [
            "past",
            "past",
            "live",
        ]

        # The history shows every version, and the first can be restored.
        page.reload()
        rows = page.locator(".front-history tbody tr")
        expect(rows).to_have_count(3)
        page.get_by_role("button", name="Restore version 1").click()
        expect(page.locator(".messagelist")).to_contain_text("Restored from version 1")
        lead, top = reader_lead_and_top(reader, live_server)
        assert lead == LEAD_PICK  # version 1 pinned the lead alone: the top stories are automatic again
        assert top == ["Council approves the new budget", "Rain expected by evening", TOP[0]]
        assert errors == []


def test_two_editors_on_one_draft_neither_publishes_the_others_pin_unseen(
    browser, live_server, screenshots, world
):
    now = timezone.now()
    for hours, headline in enumerate([LEAD_PICK, TOP[0]], 1):
        make_story(section=world, headline=headline, publish_at=now - timedelta(hours=hours))
    make_editor(username="asha")
    ben = make_editor(username="ben")

    asha_page, asha_errors = log_in(
        browser.new_context(viewport={"width": 1280, "height": 1600}), live_server, "asha"
    )
    asha_page.goto(f"{live_server.url}/admin/articles/front/home/")
    pin(asha_page, LEAD_PICK, "Lead")

    # Ben opens the same front in his own browser and pins a top story into the same draft.
    ben_page, ben_errors = log_in(
        browser.new_context(viewport={"width": 1280, "height": 1600}), live_server, "ben"
    )
    ben.first_name, ben.last_name = "Ben", "Okafor"  # after signing in, which looks for the username
    ben.save()
    ben_page.goto(f"{live_server.url}/admin/articles/front/home/")
    expect(ben_page.locator("#front-draft-changed")).to_contain_text("changed it last")
    pin(ben_page, TOP[0], "Top stories")

    # Asha's page still shows the draft without Ben's pin: her Publish is refused and names him.
    expect(slot_headlines(asha_page, "top")).to_have_count(0)
    asha_page.get_by_role("button", name="Publish now").click()
    expect(asha_page.locator(".messagelist")).to_contain_text("Ben Okafor changed this draft at")
    expect(asha_page.locator("#front-draft-changed")).to_contain_text("Ben Okafor changed it last")
    expect(slot_headlines(asha_page, "top")).to_have_text([TOP[0]])
    asha_page.screenshot(path=str(screenshots / "fronts-two-editors-refused.png"), full_page=True)
    assert not FrontVersion.objects.filter(status="live").exists()

    # Having seen it, she publishes both pins.
    asha_page.get_by_role("button", name="Publish now").click()
    expect(asha_page.locator(".messagelist")).to_contain_text("Version 1 is live")
    lead, top = reader_lead_and_top(ben_page, live_server)
    assert (lead, top[0]) == (LEAD_PICK, TOP[0])
    assert asha_errors == [] and ben_errors == []
