"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright, against pytest-django's live_server."""

import contextlib
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still
# plain synchronous calls, so the async-safety guard would only get in the way here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            headless=True,
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(autouse=True)
def pages_finish_before_the_database_is_emptied(request, live_server_answers_only_during_the_test):
    """After each test, let every open page finish its requests, then close it.

    A page can still be fetching (pictures of the page a click led to) when the test ends. Closing
    it sends its beacons; the live server's gate, which this fixture asks for so that it closes after
    the pages have, waits for those before the database flush (see ``tests/server_gate.py``).
    """
    yield
    if "browser" not in request.fixturenames:
        return
    from playwright.sync_api import Error as PlaywrightError

    for context in request.getfixturevalue("browser").contexts:
        for page in context.pages:
            # A page that never goes quiet is closed all the same.
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state("networkidle", timeout=5_000)
        context.close()
