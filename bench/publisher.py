"""Publish a story every few seconds through ``articles.services.publish_story``, as an editor would,
until stopped; ``make loadtest`` runs it beside gunicorn so pages are read while the cache is purged.

    python -m bench.publisher [--every SECONDS] [--watch URL]

With ``--watch`` (the news peak, ``bench.peak``) each publish is followed by reading URL (the home
page, as any reader gets it) until it links to the new story: the seconds from the publish's commit
to the first answer that shows it are the summary's ``visible_seconds``.

Prints one line per story and, when stopped (SIGTERM), a JSON summary on its last line.
"""

import argparse
import json
import os
import sys
import time
import urllib.request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import close_old_connections  # noqa: E402

from articles.models import Section, Story  # noqa: E402
from articles.services import publish_story  # noqa: E402
from bench.peak import stop_requested  # noqa: E402

SECTION_SLUG = "bench-world"
# Headlines (so slugs and addresses) differ from one run to the next on a kept database.
RUN = time.strftime("%H%M%S")
WATCH_EVERY, WATCH_GIVE_UP = 0.05, 10.0


def publish_one(section, number):
    story = Story.objects.create(
        headline=f"Load-test bulletin {RUN}-{number}: ferry timetable revised for the monsoon",
        standfirst="Morning crossings move half an hour earlier from Monday.",
        body="<p>The harbour office posted the new times at dawn.</p><p>Evening boats are unchanged.</p>",
        section=section,
        status=Story.Status.DRAFT,
    )
    publish_story(story)  # commits before it returns
    return story


def seconds_until_shown(url, story):
    """Read ``url`` until it links to ``story``: seconds from now (the publish's commit), or None."""
    start = time.monotonic()
    marker = Story.objects.get(pk=story.pk).get_absolute_url().encode()
    while time.monotonic() - start < WATCH_GIVE_UP:
        try:
            with urllib.request.urlopen(url, timeout=WATCH_GIVE_UP) as response:
                if marker in response.read():
                    return time.monotonic() - start
        except OSError:
            pass  # an error answer or a refused connection: the page does not show it yet
        time.sleep(WATCH_EVERY)
    return None


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.publisher")
    parser.add_argument("--every", type=float, default=3.0, help="seconds between two stories")
    parser.add_argument("--watch", metavar="URL", help="read URL after each publish until it shows the story")
    options = parser.parse_args(argv)
    stopping = stop_requested()
    section = Section.objects.get(slug=SECTION_SLUG, parent=None)
    published, failures, slowest, visible = 0, [], 0.0, []
    while not stopping():
        started = time.monotonic()
        try:
            story = publish_one(section, published + len(failures) + 1)
            published += 1
            print(f"published {story.pk} in {time.monotonic() - started:.3f} s", flush=True)
            if options.watch:
                shown = seconds_until_shown(options.watch, story)
                visible.append(shown)
                print(f"  shown on {options.watch} after {shown} s", flush=True)
        except Exception as error:  # noqa: BLE001 - reported in the summary; the run then fails
            failures.append(f"{type(error).__name__}: {error}")
            close_old_connections()
        slowest = max(slowest, time.monotonic() - started)
        deadline = started + options.every
        while not stopping() and time.monotonic() < deadline:
            time.sleep(0.1)
    summary = {"published": published, "failures": failures, "slowest_seconds": slowest}
    if options.watch:
        summary["visible_seconds"] = visible
    print(json.dumps(summary), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
