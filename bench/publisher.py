"""Publish a story every few seconds through ``articles.services.publish_story``, as an editor would,
until stopped; ``make loadtest`` runs it beside gunicorn so pages are read while the cache is purged.

    python -m bench.publisher [--every SECONDS]

Prints one line per story and, when stopped (SIGTERM), a JSON summary on its last line.
"""

import argparse
import json
import os
import signal
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import close_old_connections  # noqa: E402

from articles.models import Section, Story  # noqa: E402
from articles.services import publish_story  # noqa: E402

SECTION_SLUG = "bench-world"


def publish_one(section, number):
    story = Story.objects.create(
        headline=f"Load-test bulletin {number}: ferry timetable revised for the monsoon",
        standfirst="Morning crossings move half an hour earlier from Monday.",
        body="<p>The harbour office posted the new times at dawn.</p><p>Evening boats are unchanged.</p>",
        section=section,
        status=Story.Status.DRAFT,
    )
    publish_story(story)
    return story


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.publisher")
    parser.add_argument("--every", type=float, default=3.0, help="seconds between two stories")
    options = parser.parse_args(argv)
    stopping = False

    def stop(*_args):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    section = Section.objects.get(slug=SECTION_SLUG, parent=None)
    published, failures, slowest = 0, [], 0.0
    while not stopping:
        started = time.monotonic()
        try:
            story = publish_one(section, published + len(failures) + 1)
            published += 1
            print(f"published {story.pk} in {time.monotonic() - started:.3f} s", flush=True)
        except Exception as error:  # noqa: BLE001 - reported in the summary; the run then fails
            failures.append(f"{type(error).__name__}: {error}")
            close_old_connections()
        slowest = max(slowest, time.monotonic() - started)
        deadline = started + options.every
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.1)
    print(json.dumps({"published": published, "failures": failures, "slowest_seconds": slowest}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
