"""In-process measurements, run by ``bench`` in a subprocess bound to one database.

    python -m bench.worker prepare 1000        ensure the archive, print the pages to measure
    python -m bench.worker catalogue           only the bench sections, agency and authors
    python -m bench.worker queries URL...      SQL queries per page with a cold cache
    python -m bench.worker latency URL...      median time per page, cache off
    python -m bench.worker peak-addresses N    the news peak's addresses: N stories, sections, tags
    python -m bench.worker parse PATH          parse agency documents only (no database)

Each prints one JSON document on its last line.
"""

import html
import json
import os
import re
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Section, Story  # noqa: E402
from bench.generate import bench_photo, generate_archive  # noqa: E402

OLDER_LINK = re.compile(r'<a rel="next" href="([^"]+)"')
DEEP_PAGE = 50


def prepare(count):
    have = Story.objects.filter(slug__startswith="bench-story-").count()
    if have < count:
        generate_archive(count - have, photo=bench_photo(), seed=have, stdout=sys.stderr)
        if connection.vendor == "postgresql":
            # Fresh bulk rows have no planner statistics, and the search index's newest entries wait
            # in its pending list, until autovacuum comes by; a real archive has been by it. (Left
            # pending, 1,000 fresh stories made every search read them all: 25 ms instead of 0.2.)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    client = Client()
    section = Section.objects.get(slug="bench-world", parent=None)
    article = (
        Story.objects.published().in_section(section).filter(lead_photo__isnull=False).newest_first().first()
    )
    deep, depth = section.get_absolute_url(), 1
    while depth < DEEP_PAGE:
        match = OLDER_LINK.search(client.get(deep).text)
        if not match:
            break
        target = html.unescape(match.group(1))
        deep = target if target.startswith("/") else section.get_absolute_url() + target
        depth += 1
    # The archive's most used tag, so that its page is a full page in the small archive too (with
    # 500 tags on 1,000 stories, a tag picked at random lists ten stories there and 2,000 in the
    # large one, and the scale figure would compare a half page with a full one).
    busiest_tag = (
        Tag.objects.filter(slug__startswith="bench-topic-")
        .annotate(stories=Count("tagged_stories"))
        .order_by("-stories", "pk")
        .first()
    )
    # A story from the middle of its section's history: what most of the news peak's readers open,
    # and where a block walked from the newest story down to it would show (200k/1k).
    in_section = Story.objects.published().in_section(section).filter(lead_photo__isnull=False)
    older_article = in_section.newest_first()[in_section.count() // 2]
    baseline = client.get(article.get_absolute_url())
    os.makedirs("var/bench", exist_ok=True)
    with open("var/bench/baseline.html", "wb") as out:
        out.write(baseline.content)
    return {
        "stories": Story.objects.published().count(),
        "deep_page_number": depth,
        "pages": {
            "home": "/",
            "section": section.get_absolute_url(),
            "section_deep": deep,
            "tag": f"/tag/{busiest_tag.slug}/",
            "article": article.get_absolute_url(),
            "older_article": older_article.get_absolute_url(),
            # One topic word: about 7 % of stories mention it, so the first page of results is full
            # in both archives (two words matched 5 stories in 1,000 and a full page in 200,000,
            # and the scale figure compared a quarter page of snippets with a full one).
            "search": "/search/?q=monsoon",
            "feed": "/feeds/latest/",
        },
    }


def count_queries(urls):
    client, counts = Client(), {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[url] = {"status": response.status_code, "queries": len(queries)}
    return counts


def latency(urls, repeat=15):
    client, medians = Client(), {}
    for url in urls:
        for _ in range(2):
            client.get(url)
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        medians[url] = {"status": response.status_code, "median_ms": statistics.median(timings) * 1000}
    return medians


def peak_addresses(count, seed=2026):
    """What the news peak's readers ask for: ``count`` story addresses drawn at random from the whole
    archive (in the order of their popularity rank), every top-level section and the bench tags."""
    import random

    rng = random.Random(seed)
    archive = Story.objects.published().filter(slug__startswith="bench-story-")
    ids = list(archive.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, min(count, len(ids)))
    stories = Story.objects.filter(pk__in=chosen).select_related("section", "section__parent").in_bulk()
    sections = Section.objects.filter(parent=None, slug__startswith="bench-").order_by("position")
    return {
        "stories": [stories[pk].get_absolute_url() for pk in chosen],
        "sections": [section.get_absolute_url() for section in sections],
        "section_slugs": [section.slug for section in sections],
        "tags": [f"bench-topic-{number}" for number in range(500)],
    }


def parse_only(source):
    """Parse the documents the ingest benchmark imports, without touching the database."""
    from pathlib import Path

    from articles.ingest.formats import parse_document

    source = Path(source)
    paths = sorted(source.glob("*.xml")) if source.is_dir() else [source]
    start, items = time.perf_counter(), 0
    for path in paths:
        items += len(parse_document(path.read_bytes(), name=path.name))
    return {"seconds": time.perf_counter() - start, "items": items}


def main(argv):
    task, args = argv[0], argv[1:]
    if task == "prepare":
        result = prepare(int(args[0]))
    elif task == "catalogue":
        generate_archive(0)
        result = {"sections": Section.objects.count()}
    elif task == "queries":
        result = count_queries(args)
    elif task == "parse":
        result = parse_only(args[0])
    elif task == "latency":
        result = latency(args)
    elif task == "peak-addresses":
        result = peak_addresses(int(args[0]))
    else:
        raise SystemExit(f"unknown task {task!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
