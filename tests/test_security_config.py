"""Deployment configuration: check --deploy, the production key, security headers, CSP and admin log-in
throttling (look-alike names, proxies and a cache outage: tests/security/test_login.py and
test_cache_outage_admin.py)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parent.parent


def check_deploy(**environment):
    """`manage.py check --deploy` in a process of its own, with production settings."""
    # The browser tests allow sync database calls in async contexts; a real deployment never does.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "news.example.com",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_the_documented_environment():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_nothing_with_the_shortest_key_production_accepts():
    result = check_deploy(SECRET_KEY=secrets.token_hex(25), NEWSROOM_TRUSTED_PROXIES="1")  # 50 characters
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout and "W009" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        secrets.token_hex(20),  # 40 random characters: W009 once slipped through this way
        "ab" * 30,  # long enough, too few different characters
        "django-insecure-" + secrets.token_hex(25),  # the placeholder startproject writes
    ],
    ids=["40-characters", "5-different", "django-insecure"],
)
def test_production_refuses_to_start_with_a_key_check_deploy_would_warn_about(weak_key):
    result = check_deploy(SECRET_KEY=weak_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "at least 50 random characters" in result.stderr
    assert "W009" not in result.stdout + result.stderr  # refused at start, not merely warned about


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_trusted_proxy_count_that_is_not_a_number_of_proxies_is_refused(value):
    result = check_deploy(NEWSROOM_TRUSTED_PROXIES=value)
    assert result.returncode != 0
    assert "NEWSROOM_TRUSTED_PROXIES is the number of proxies" in result.stderr


@pytest.mark.django_db
def test_reader_pages_carry_a_content_security_policy_and_hardening_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_admin_policy_allows_only_the_editor_import_map_by_hash(admin_client):
    from newsroom.security import admin_inline_script_hashes

    response = admin_client.get("/admin/")
    script_sources = response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert admin_inline_script_hashes() and all(h in script_sources for h in admin_inline_script_hashes())
    assert "'unsafe-inline'" not in script_sources


@pytest.mark.django_db
def test_admin_login_is_throttled_after_repeated_failures(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    get_user_model().objects.create_user("desk", password="right-password-123", is_staff=True)
    for _ in range(3):
        failed = client.post("/admin/login/", {"username": "desk", "password": "wrong"})
        assert failed.status_code == 200  # the form again, with an error

    refused = client.post("/admin/login/", {"username": "desk", "password": "right-password-123"})
    assert refused.status_code == 429
    assert "Too many failed log-in attempts" in refused.text
    assert int(refused["Retry-After"]) > 0


@pytest.mark.django_db
def test_a_successful_login_clears_the_count(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    get_user_model().objects.create_user("desk", password="right-password-123", is_staff=True)
    for _ in range(2):
        client.post("/admin/login/", {"username": "desk", "password": "wrong"})
    assert (
        client.post("/admin/login/", {"username": "desk", "password": "right-password-123"}).status_code
        == 302
    )
    client.logout()
    for _ in range(2):
        assert client.post("/admin/login/", {"username": "desk", "password": "wrong"}).status_code == 200
    assert (
        client.post("/admin/login/", {"username": "desk", "password": "right-password-123"}).status_code
        == 302
    )
