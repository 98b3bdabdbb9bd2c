"""``make run PORT=<free port>`` as a newcomer starts it (#17 items 1 and 4): every absolute address the
site prints uses that port, and a missing page is the readers' 404, not Django's debug page.

The real command, in its own process group, on a throw-away SQLite database and media folder: it
migrates, loads the demo newsroom and serves; the test reads the pages over HTTP.
"""

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
ABSOLUTE = re.compile(r"""https?://[^\s"'<>\\)]+""")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.slow


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("make-run")
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "NEWSROOM_SITE_URL", "DEBUG", "ALLOWED_HOSTS", "CACHE_URL"}
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        PORT=str(port),
    )
    log = (folder / "make-run.log").open("w")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"make run stopped ({process.returncode}):\n{(folder / 'make-run.log').read_text()}"
                )
            try:
                if fetch(base + "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"make run did not serve in 240 s:\n{(folder / 'make-run.log').read_text()}")
            time.sleep(0.5)
        yield base, port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def local_addresses(text):
    """Every absolute address in ``text`` that points at this machine (share links to other sites
    carry ours percent-encoded, and are not ours to check)."""
    return [url for url in ABSOLUTE.findall(text) if urlsplit(url).hostname in LOCAL_HOSTS]


def assert_all_on_port(text, port, where):
    addresses = local_addresses(text)
    assert addresses, f"{where} printed no absolute address of the site"
    wrong = sorted({url for url in addresses if urlsplit(url).port != port})
    assert not wrong, f"{where} points at another port than {port}: {wrong[:5]}"


def test_every_absolute_address_uses_the_port_make_run_serves_on(served):
    base, port = served
    status, index = fetch(base + "/sitemap.xml")
    assert status == 200
    assert_all_on_port(index, port, "the sitemap index")
    child_sitemaps = [loc.text for loc in etree.fromstring(index.encode()).iter(f"{SITEMAP}loc")]
    stories = []
    for address in child_sitemaps:
        parts = urlsplit(address)
        status, child = fetch(base + parts.path + (f"?{parts.query}" if parts.query else ""))
        assert status == 200, address
        assert_all_on_port(child, port, address)
        stories += [
            loc.text for loc in etree.fromstring(child.encode()).iter(f"{SITEMAP}loc") if "/20" in loc.text
        ]
    assert stories, "the sitemaps list no story"
    status, story_page = fetch(base + urlsplit(stories[0]).path)
    assert status == 200
    assert_all_on_port(story_page, port, "the story page")
    for name in ("canonical", "og:url", "og:image"):
        assert f":{port}/" in story_page.split(name, 1)[1][:400], f"{name} is not on port {port}"
    status, feed = fetch(base + "/feeds/latest/")
    assert status == 200
    assert_all_on_port(feed, port, "the latest stories feed")
    status, robots = fetch(base + "/robots.txt")
    assert_all_on_port(robots, port, "robots.txt")


def test_a_missing_page_is_the_readers_404_not_the_debug_page(served):
    base, _port = served
    status, page = fetch(base + "/no-such-page-here/")
    assert status == 404
    assert "URLconf" not in page and "DEBUG = True" not in page
    assert "We could not find that page" in page
    assert '<nav class="sections-nav"' in page  # the site's own page, with its navigation
