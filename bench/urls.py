"""The site's addresses plus ``/_bench/baseline/``: the article page's bytes straight from memory.

The baseline is what the framework can send with no work at all, through the same middleware;
every page's throughput is reported as a fraction of it.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import include, path

BASELINE_FILE = Path(os.environ.get("BENCH_BASELINE_FILE", "var/bench/baseline.html"))
BASELINE_BYTES = BASELINE_FILE.read_bytes() if BASELINE_FILE.exists() else b"<!doctype html><p>baseline</p>"


def baseline(request):
    return HttpResponse(BASELINE_BYTES, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("_bench/baseline/", baseline),
    path("", include("newsroom.urls")),
]
