"""Readers' error pages are the same in development and production (#17 item 4): ``make run``'s
settings leave Django's debug pages off unless a developer asks, and the 500 page needs nothing that
may have failed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parent.parent


def dev_setting(name, **environment):
    code = f"import newsroom.settings.dev as s; print(repr(s.{name}))"
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "ALLOWED_HOSTS"}}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **environment}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_runs_settings_show_readers_pages_unless_debug_is_asked_for():
    assert dev_setting("DEBUG") == "False"
    assert dev_setting("DEBUG", DEBUG="1") == "True"


def test_make_runs_settings_answer_for_the_site_address_host():
    hosts = dev_setting("ALLOWED_HOSTS", NEWSROOM_SITE_URL="http://ledger.test:8201")
    assert "'ledger.test'" in hosts and "'127.0.0.1'" in hosts


@pytest.mark.django_db
def test_the_500_page_is_the_sites_own_and_needs_no_database():
    with CaptureQueriesContext(connection) as queries:
        response = server_error(RequestFactory().get("/broken/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "/static/css/site.css" in page
    assert "Traceback" not in page
    assert len(queries) == 0


def test_make_run_serves_no_media_file_but_through_the_rendition_view():
    # A plain file server of MEDIA_ROOT (it was on for `make run`) answered originals of unpublished
    # photos, and renditions of withdrawn ones at a variant of their address.
    code = (
        "import django; django.setup(); from django.urls import resolve, Resolver404\n"
        "for path in ('/media/photos/2026/12/original.jpg', '/media//renditions/1/0123abcd/w640.jpg',\n"
        "             '/media/renditions/1/0123abcd/w640.jpg/', '/media/renditions/1/0123abcd/./w640.jpg'):\n"
        "    try:\n"
        "        print(path, resolve(path).func.__name__)\n"
        "    except Resolver404:\n"
        "        print(path, 'none')\n"
        "print(resolve('/media/renditions/1/0123abcd/w640.jpg').func.__name__)\n"
    )
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "ALLOWED_HOSTS"}}
    environment = {**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    *variants, rendition = result.stdout.strip().splitlines()
    assert [line.rsplit(" ", 1)[1] for line in variants] == ["none"] * 4, variants
    assert rendition.endswith("serve_rendition")
