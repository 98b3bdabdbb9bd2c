"""axe-core, the accessibility checker, on every kind of reader page at a desktop and a phone width:
home, a section, a tag, an author, search results, a story, and a story after two more have been
added below it by scrolling. Zero violations of any impact.

axe-core comes from npm (tests/browser/package.json and its lock file; ``make test`` runs ``npm ci``
there) and is injected into each page as a script tag.
"""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.reader_pages import WIDTHS, append_stories, build_reader_site, open_reader_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# Each page, and what it must show for its check to mean something.
PAGES = {
    "home": ".lead-story",
    "section": ".section-front .card",  # its front: a lead and top stories above the list
    "tag": ".listing .card",
    "author": ".author-header__photo img",
    "search": ".search-result",
    "story": "article.story .story__body p",
}


@pytest.fixture
def reader_site():
    return build_reader_site()


@pytest.fixture(scope="module")
def axe_script():
    if not AXE.exists():
        pytest.fail(
            f"axe-core is not installed ({AXE} is missing): run `make test`, or "
            "`npm ci --prefix tests/browser` (needs Node.js and npm: apt-get install -y npm)"
        )
    return AXE


def axe_violations(page, axe_script):
    """Each violation axe-core finds on the page as it is now: rule, impact, help and the elements."""
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "elements": [node["target"] for node in violation["nodes"]][:5],
            "why": violation["nodes"][0]["failureSummary"],
        }
        for violation in results["violations"]
    ]


def assert_no_violations(page, axe_script, name):
    violations = axe_violations(page, axe_script)
    assert violations == [], f"axe-core on {name}:\n" + json.dumps(violations, indent=2)


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", PAGES)
def test_reader_page_has_no_axe_violations(browser, live_server, reader_site, axe_script, name, width):
    page, problems = open_reader_page(
        browser, live_server.url + reader_site.paths[name], width, bypass_csp=True
    )
    expect(page.locator(PAGES[name]).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, axe_script, f"{name} at {width}")
    assert problems == []


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_story_with_two_appended_stories_has_no_axe_violations(
    browser, live_server, reader_site, axe_script, width
):
    page, problems = open_reader_page(
        browser, live_server.url + reader_site.paths["story"], width, bypass_csp=True
    )
    append_stories(page, 2)
    headlines = page.locator("[data-story-stream] article.story .story__headline")
    assert headlines.all_text_contents() == [story.headline for story in reader_site.world_stories[:3]]
    assert_no_violations(page, axe_script, f"a story and two appended at {width}")
    assert problems == []
