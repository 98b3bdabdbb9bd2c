"""The site's addresses plus ``/_bench/baseline/``: the article page's bytes straight from memory.

This in-stack baseline goes through the site's middleware and URLconf; ``bench.bare`` sends the same
bytes with neither. Every page's throughput is reported as a fraction of the bare one, and this one
beside it shows what the site's middleware costs before any page is made.
"""

from django.http import HttpResponse
from django.urls import include, path

from bench.baseline_page import BASELINE_BYTES


def baseline(request):
    return HttpResponse(BASELINE_BYTES, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("_bench/baseline/", baseline),
    path("", include("newsroom.urls")),
]
