"""One view: the bytes the site's in-stack baseline sends (the article page's HTML, read once), from
memory, so the bare and the in-stack rows differ by the site's middleware and URLconf alone."""

from django.http import HttpResponse
from django.urls import path

from bench.baseline_page import BASELINE_BYTES


def baseline(request):
    return HttpResponse(BASELINE_BYTES, content_type="text/html; charset=utf-8")


urlpatterns = [path("_bench/baseline/", baseline)]
