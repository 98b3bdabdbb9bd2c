"""The story change form's server time: the figure issue #15 holds the desk's new features to.

    python -m bench.admin_form [--repeat 60]

Builds the demo newsroom (``seed_demo``) in a throw-away SQLite database, logs in as the demo editor
with Django's test client and times GET of the change form of a published story with photos, and of
the story list and the admin index. Prints the median and p90 of each in milliseconds of CPU time of
this process (``time.process_time``), which other work on the machine disturbs far less than wall time.
Run it on two commits on the same machine to compare them.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time


def measure(client, url, repeat):
    client.get(url)  # the first request fills template and URL caches
    samples = []
    for _ in range(repeat):
        started = time.process_time()
        response = client.get(url)
        samples.append((time.process_time() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.admin_form", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60)
    options = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="newsroom-admin-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/db.sqlite3"
    os.environ["MEDIA_ROOT"] = os.path.join(folder, "media")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from articles.models import Story

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="editor"))
    story = Story.objects.published().filter(lead_photo__isnull=False).order_by("-publish_at").first()
    print(f"{Story.objects.count()} demo stories; timing story #{story.pk}")
    pages = {
        "story change form": reverse("admin:articles_story_change", args=[story.pk]),
        "story list": reverse("admin:articles_story_changelist"),
        "admin index": reverse("admin:index"),
    }
    print(f"{'page':<20} {'median ms':>10} {'p90 ms':>8}")
    for name, url in pages.items():
        median, p90 = measure(client, url, options.repeat)
        print(f"{name:<20} {median:>10.1f} {p90:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
