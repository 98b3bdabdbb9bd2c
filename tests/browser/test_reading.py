"""A reader in real Chromium: home → section → article on a wide screen and a phone, every picture
loaded and no console errors; at the end of an article the next story loads and the address follows.

Uses the ``browser`` and ``screenshots`` fixtures of tests/browser/conftest.py; screenshots are
kept in var/screenshots/ as test artifacts.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from playwright.sync_api import expect

from tests.browser.waiting import wait_until
from tests.builders import make_agency, make_author, make_photo, make_section, make_story

# Transactional, as the live server reads from its own thread; groups made by migrations come back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARAGRAPHS = [
    "Crews worked through the night to clear the silt that had closed the channel since the storm.",
    "“We have not seen water this high in twenty years,” said the harbour master, standing on the pier.",
    "“The boats that went out on Tuesday came back empty, and the ones that stayed lost their moorings.",
    "“Now we count the cost,” she said.",
    "Fishing families say the compensation promised last season has still not reached them.",
    "The state government said an assessment team would visit the coast before the end of the week.",
]
WIDTHS = {"wide": (1280, 900), "phone": (390, 844)}


def long_body(seed):
    return "".join(f"<p>{paragraph} ({seed}.{n})</p>" for n in range(4) for paragraph in PARAGRAPHS)


@pytest.fixture
def newsroom(world):
    sport = make_section("Sport", slug="sport")
    agency = make_agency("Associated Press", credit="AP")
    writer = make_author("Asha Rao", bio="Writes about the coast.")
    now = timezone.now()
    stories = []
    for hours, palette in zip(
        range(1, 5), [(40, 90, 150), (150, 60, 40), (60, 130, 70), (90, 90, 90)], strict=True
    ):
        stories.append(
            make_story(
                section=world,
                headline=f"Harbour reopens after storm, day {hours}",
                dateline="Kochi",
                standfirst="Dredgers clear the channel as fishing families count their losses.",
                body=long_body(hours),
                publish_at=now - timedelta(hours=hours),
                tags=["Harbour", "Storms"],
                authors=[writer],
                agency=agency if hours % 2 else None,
                lead_photo=make_photo(
                    size=(1600, 900),
                    color=palette,
                    credit="",
                    agency=agency,
                    alt_text="Boats tied up along the harbour wall",
                ),
            )
        )
    make_story(
        section=sport,
        headline="Rowing regatta postponed",
        lead_photo=make_photo(size=(1200, 800)),
        publish_at=now - timedelta(hours=5),
    )
    return stories


def open_page(browser, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return context, page, problems


def assert_every_image_loaded(page):
    # Lazy pictures load only near the viewport: walk down the page first.
    page.evaluate("""async () => {
        for (let y = 0; y <= document.body.scrollHeight; y += window.innerHeight / 2) {
            window.scrollTo(0, y);
            await new Promise(resolve => setTimeout(resolve, 60));
        }
    }""")
    wait_until(page, "Array.from(document.images).every(img => img.complete)")
    broken = page.evaluate(
        "Array.from(document.images).filter(img => !(img.naturalWidth > 0))"
        ".map(img => img.currentSrc || img.src)"
    )
    assert page.evaluate("document.images.length") > 0
    assert broken == []


@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_home_section_article_at_two_widths(browser, live_server, screenshots, newsroom, screen):
    context, page, problems = open_page(browser, WIDTHS[screen])

    page.goto(live_server.url + "/")
    expect(page.locator(".lead-story h3")).to_have_text(newsroom[0].headline)
    assert_every_image_loaded(page)
    page.screenshot(path=screenshots / f"reading-home-{screen}.png", full_page=True)

    page.locator(".sections-nav a", has_text="World").click()
    expect(page).to_have_url(live_server.url + "/world/")
    expect(page.locator("h1")).to_have_text("World")
    assert_every_image_loaded(page)
    page.screenshot(path=screenshots / f"reading-section-{screen}.png", full_page=True)

    page.locator(".section-front .lead-story__headline a").click()  # the section's newest leads its page
    expect(page).to_have_url(live_server.url + newsroom[0].get_absolute_url())
    expect(page.locator("article.story h1")).to_have_text(newsroom[0].headline)
    expect(page.locator(".story__lead figcaption")).to_contain_text("(Photo | AP)")
    expect(page.locator(".story__body p").first).to_contain_text("KOCHI:")
    page.screenshot(path=screenshots / f"reading-article-{screen}.png")
    assert_every_image_loaded(page)

    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_overflow, "the page scrolls sideways"
    assert problems == []
    context.close()


@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_a_word_longer_than_the_screen_breaks_instead_of_widening_the_page(
    browser, live_server, world, screen
):
    # A pasted address or a held-down key: one word of 200 letters in a search and in a headline.
    word = "harbour" * 28 + "s"
    story = make_story(section=world, headline=f"Wire slug {word}", standfirst=word, tags=[word[:90]])
    context, page, problems = open_page(browser, WIDTHS[screen])
    tag_page = reverse("articles:tag", args=[slugify(word[:90])])
    for address in (f"/search/?q={word}", story.get_absolute_url(), "/", "/world/", tag_page):
        page.goto(live_server.url + address)
        expect(page.locator("main")).to_contain_text(word[:40])
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 8)""")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (address, wide)
    assert problems == []
    context.close()


def test_scrolling_to_the_end_loads_the_next_story_and_moves_the_address(
    browser, live_server, screenshots, newsroom
):
    context, page, problems = open_page(browser, WIDTHS["wide"])
    first, second = newsroom[0], newsroom[1]
    page.goto(live_server.url + first.get_absolute_url())
    expect(page.locator("article.story")).to_have_count(1)

    page.locator("[data-next-story]").scroll_into_view_if_needed()
    expect(page.locator("article.story")).to_have_count(2, timeout=10000)
    appended = page.locator("article.story").nth(1)
    expect(appended.locator(".story__headline")).to_have_text(second.headline)

    appended.locator(".story__body").scroll_into_view_if_needed()
    page.mouse.wheel(0, 300)
    expect(page).to_have_url(live_server.url + second.get_absolute_url(), timeout=10000)
    assert second.headline in page.title()
    page.screenshot(path=screenshots / "reading-next-story.png")

    page.evaluate("window.scrollTo(0, 0)")
    expect(page).to_have_url(live_server.url + first.get_absolute_url(), timeout=10000)
    assert problems == []
    context.close()


def test_without_javascript_next_story_is_a_plain_link(browser, live_server, newsroom):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + newsroom[0].get_absolute_url())
    page.locator("[data-next-story]").click()
    expect(page).to_have_url(live_server.url + newsroom[1].get_absolute_url())
    expect(page.locator("article.story")).to_have_count(1)
    context.close()
