"""The wire desk during the news peak: agency copy arriving as drafts at a steady rate, until stopped.

    python -m bench.wire [--every SECONDS] [--folder PATH]

Every ``--every`` seconds (0.5: two a second) one new NewsML-G2 item, generated here (original
filler words, bench.ingest's template), is written to the folder and imported by the real ``ingest``
command, in this process, for the bench agency into the bench World section: a draft for the desk,
as the importer makes of agency copy that is not published at once. Ticks keep to the clock; an
import slower than the interval delays the next one instead of piling up.

Prints a line after its first import (the desk is at work) and one JSON summary on its last line
when stopped (SIGTERM).
"""

import argparse
import io
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections  # noqa: E402

from bench.ingest import WORDS, newsml_item  # noqa: E402
from bench.peak import stop_requested  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def write_item(folder, run, number, rng):
    path = folder / f"wire-{run}-{number:05d}.xml"
    headline = f"Wire {run} {number}: {' '.join(rng.choice(WORDS) for _ in range(6))}"
    path.write_text(newsml_item(rng, run=f"peak-{run}", number=number, headline=headline))
    return path


def import_item(path):
    """The ``ingest`` command on one document; its last line says what it created."""
    out = io.StringIO()
    try:
        call_command(
            "ingest", str(path), "--agency", "bench-wire", "--section", "bench-world", stdout=out, stderr=out
        )
    except SystemExit as exit_:  # the command exits 1 when an item failed
        if exit_.code:
            raise RuntimeError(out.getvalue()[-500:]) from None
    last = (out.getvalue().strip().splitlines() or [""])[-1]
    if not last.startswith("created 1,"):
        raise RuntimeError(f"unexpected summary: {last!r}")


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.wire")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between two agency items")
    parser.add_argument("--folder", default=str(ROOT / "var" / "bench" / "peak-wire"))
    options = parser.parse_args(argv)
    folder = Path(options.folder)
    folder.mkdir(parents=True, exist_ok=True)
    stopping = stop_requested()
    run, rng = time.strftime("%Y%m%d%H%M%S"), random.Random(0)
    created, failures, slowest, late = 0, [], 0.0, 0
    started = time.monotonic()
    tick = started
    while not stopping():
        began = time.monotonic()
        try:
            import_item(write_item(folder, run, created + len(failures), rng))
            created += 1
            if created == 1:
                print("first item imported", flush=True)  # bench.peak starts the readers after it
        except Exception as error:  # noqa: BLE001 - reported in the summary; the run then fails
            failures.append(f"{type(error).__name__}: {error}"[:300])
            close_old_connections()
        slowest = max(slowest, time.monotonic() - began)
        tick += options.every
        if time.monotonic() > tick:
            late += 1
            tick = time.monotonic()
        while not stopping() and time.monotonic() < tick:
            time.sleep(min(0.05, max(0.0, tick - time.monotonic())))
    elapsed = time.monotonic() - started
    summary = {
        "created": created,
        "failures": failures,
        "per_second": created / elapsed if elapsed else 0.0,
        "slowest_seconds": slowest,
        "late_ticks": late,
    }
    print(json.dumps(summary), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
