"""The bytes both baseline views send: the article page ``bench.worker prepare`` saved, or a stand-in
before the first prepare. Plain Python, so the bare project can import it without the site's apps."""

import os
from pathlib import Path

BASELINE_FILE = Path(os.environ.get("BENCH_BASELINE_FILE", "var/bench/baseline.html"))
BASELINE_BYTES = BASELINE_FILE.read_bytes() if BASELINE_FILE.exists() else b"<!doctype html><p>baseline</p>"
