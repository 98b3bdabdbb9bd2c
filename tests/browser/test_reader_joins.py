"""#17 in real Chromium at 1280 and 390 px: the join between stories when scrolling on (item 8), the
home page's lead column and its "Latest" times (item 9), a correction's Updated line (item 2), the
addresses from NEWSROOM_SITE_URL (item 1) and the readers' 404 page (item 4)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.services.workflow_steps import take_step
from articles.workflow import Action
from tests.builders import make_photo, make_section, make_story
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WIDTHS = {"wide": (1280, 900), "phone": (390, 844)}
SENTENCES = [
    "The ferry office opened an hour late because the night shift had been sent to the jetty.",
    "Passengers waited under the awning while the clerk counted the tickets sold the day before.",
    "A harbour pilot said the channel markers had drifted in the storm and would be reset by noon.",
    "Traders on the quay moved their crates twice as the tide came further up than forecast.",
]


def body(seed):
    return "".join(f"<p>{sentence} ({seed}.{n})</p>" for n in range(5) for sentence in SENTENCES)


@pytest.fixture
def site(world, settings, live_server):
    settings.NEWSROOM_SITE_URL = live_server.url
    sport = make_section("Sport", slug="sport")
    now = timezone.now()
    world_stories = [
        make_story(
            section=world,
            headline=f"Ferry timetable changes, part {n}",
            standfirst="The port authority moved the first sailing to seven.",
            body=body(n),
            publish_at=now - timedelta(hours=n),
            lead_photo=make_photo(size=(800, 450)),
        )
        for n in range(1, 4)
    ]
    newest_sport = make_story(
        section=sport,
        headline="Rowing club wins the river cup",
        body=body("s"),
        publish_at=now - timedelta(hours=5),
    )
    yesterday = make_story(
        section=sport, headline="Cricket nets reopen", publish_at=now - timedelta(hours=24)
    )
    # Recent enough to fill the top stories, so yesterday's story is in the "Latest" column.
    for n in range(6):
        make_story(section=sport, headline=f"Sport brief {n}", publish_at=now - timedelta(hours=6 + n))
    return {"world": world_stories, "sport": newest_sport, "yesterday": yesterday}


def open_page(browser, screen):
    width, height = WIDTHS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    return context, page, problems


@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_scrolling_on_keeps_a_divider_drops_repeated_blocks_and_leaves_the_section(
    browser, live_server, screenshots, site, screen
):
    context, page, problems = open_page(browser, screen)
    second, third = site["world"][1], site["world"][2]
    page.goto(live_server.url + second.get_absolute_url())
    stories = page.locator("article.story")

    page.locator("[data-next-story]").first.scroll_into_view_if_needed()
    expect(stories).to_have_count(2, timeout=10000)
    expect(stories.nth(1).locator(".story__headline")).to_have_text(third.headline)
    divider = stories.nth(0).locator(".next-story")
    expect(divider).to_be_visible()
    expect(divider).to_contain_text(f"Next story in World: {third.headline}")
    # The first story's "More headlines" and "Related" are not repeated under the added one.
    expect(stories.nth(0).locator(".story__aside")).to_have_count(1)
    expect(stories.nth(1).locator(".story__aside")).to_have_count(0)

    # World runs out after the third story: the newest story of the rest of the site comes next.
    stories.nth(1).locator("[data-next-story]").scroll_into_view_if_needed()
    expect(stories).to_have_count(3, timeout=10000)
    expect(stories.nth(2).locator(".story__headline")).to_have_text(site["sport"].headline)
    expect(stories.nth(1).locator(".next-story")).to_contain_text("Next story in Sport")
    page.screenshot(path=screenshots / f"joins-scroll-{screen}.png")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
    context.close()


@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_the_home_page_fills_the_lead_column_and_dates_the_latest(
    browser, live_server, screenshots, site, screen
):
    context, page, problems = open_page(browser, screen)
    page.goto(live_server.url + "/")
    page.screenshot(path=screenshots / f"joins-home-{screen}.png", full_page=True)
    if screen == "wide":
        gap = page.evaluate(
            """() => {
                const lead = document.querySelector('.front__lead').getBoundingClientRect();
                const beside = document.querySelector('.top-stories').getBoundingClientRect();
                return Math.abs(beside.bottom - lead.bottom);
            }"""
        )
        assert gap < 300, f"{gap:.0f} px of empty column between the lead column and the stories beside it"
    expect(page.locator(".secondary-stories li").first).to_be_visible()
    latest = page.locator(".front__latest li", has_text=site["yesterday"].headline).locator("time")
    expect(latest).to_have_text(
        "Yesterday " + timezone.localtime(site["yesterday"].publish_at).strftime("%H:%M")
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
    context.close()


@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_a_corrected_story_says_updated_and_its_addresses_are_the_sites(browser, live_server, site, screen):
    story = site["world"][0]
    take_step(Action.CORRECT, story, by=make_editor(), note="The sailing time was wrong.")
    context, page, problems = open_page(browser, screen)
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(".story__updated")).to_be_visible()
    expect(page.locator(".story__updated")).to_contain_text("Updated")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    og_url = page.locator('meta[property="og:url"]').get_attribute("content")
    assert canonical == og_url == live_server.url + story.get_absolute_url()
    assert problems == []
    context.close()


@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_a_missing_page_is_the_sites_own_404(browser, live_server, site, screen):
    context, page, _problems = open_page(browser, screen)
    response = page.goto(live_server.url + "/no-such-story/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("We could not find that page")
    expect(page.locator(".masthead__name")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "URLconf" not in page.content()
    context.close()
