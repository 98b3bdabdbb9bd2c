"""The reader's pages as a designer checks them, in real Chromium at a desktop and a phone width:
the author's portrait stays round, the story's times stand with its byline, and a line of body text
holds 65 to 75 characters at desktop width.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.reader_pages import WIDTHS, build_reader_site, open_reader_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The characters on each full line of an element's text (the last line, usually short, left out),
# found by the line each character's box sits on.
CHARACTERS_PER_LINE = """element => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const lines = [];
    let lastTop = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const box = range.getClientRects()[0];
            if (!box) continue;
            if (lastTop === null || box.top > lastTop + box.height / 2) lines.push(0);
            lastTop = box.top;
            lines[lines.length - 1] += 1;
        }
    }
    return lines.slice(0, -1);
}"""


@pytest.fixture
def reader_site():
    return build_reader_site()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_author_portrait_is_as_wide_as_it_is_tall(browser, live_server, reader_site, width):
    author = reader_site.authors[0]
    page, problems = open_reader_page(browser, live_server.url + author.get_absolute_url(), width)
    portrait = page.locator(".author-header__photo img")
    expect(portrait).to_have_js_property("complete", True)
    box = portrait.bounding_box()

    assert box["width"] == pytest.approx(box["height"], abs=0.5), f"a squashed portrait at {width}: {box}"
    assert box["width"] >= 80
    # The bio beside it is long enough to push: the portrait keeps its size rather than giving way.
    bio = page.locator(".author-header__bio").bounding_box()
    assert bio["x"] >= box["x"] + box["width"]
    assert problems == []


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_publication_and_update_times_stand_with_the_byline(browser, live_server, reader_site, width):
    story = reader_site.story
    page, problems = open_reader_page(browser, live_server.url + story.get_absolute_url(), width)
    header = page.locator("article.story .story__header")
    byline = header.locator(".story__byline")
    times = header.locator(".story__times")

    expect(byline).to_have_text("By Meera Pillai and Tomas Lindqvist")
    expect(times).to_contain_text("Published")
    expect(times.locator(".story__updated")).to_contain_text("Updated")
    expect(page.locator("article.story .story__footer .story__times")).to_have_count(0)
    byline_box, times_box = byline.bounding_box(), times.bounding_box()
    body_top = page.locator("article.story .story__body").bounding_box()["y"]
    # Right under the byline (or beside it), above the first paragraph, in text a reader can read.
    assert 0 <= times_box["y"] - (byline_box["y"] + byline_box["height"]) < 16
    assert times_box["y"] + times_box["height"] < body_top
    assert float(times.evaluate("element => getComputedStyle(element).fontSize").removesuffix("px")) >= 14
    assert problems == []


def test_body_lines_hold_65_to_75_characters_at_desktop_width(browser, live_server, reader_site):
    page, problems = open_reader_page(
        browser, live_server.url + reader_site.story.get_absolute_url(), "desktop"
    )
    # The second paragraph: the first opens with the dateline in bold.
    paragraph = page.locator("article.story .story__body p").nth(1)
    lines = paragraph.evaluate(CHARACTERS_PER_LINE)

    assert len(lines) >= 2, lines
    assert all(60 <= characters <= 80 for characters in lines), lines
    assert 65 <= sum(lines) / len(lines) <= 75, lines
    assert problems == []


def test_body_text_uses_the_phone_screen_width(browser, live_server, reader_site):
    page, problems = open_reader_page(
        browser, live_server.url + reader_site.story.get_absolute_url(), "phone"
    )
    paragraph = page.locator("article.story .story__body p").nth(1).bounding_box()
    headline = page.locator("article.story .story__headline").bounding_box()

    # The measure only narrows wide screens: on a phone the text runs the column's full width.
    assert paragraph["width"] == pytest.approx(headline["width"], abs=1)
    assert paragraph["width"] >= WIDTHS["phone"][0] - 40
    assert problems == []
