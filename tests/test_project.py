"""The project's set-up: checks, migrations, settings from the environment, demo content."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Photo, Section, Story

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_overrides=None):
    env = {**os.environ, **(env_overrides or {})}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_system_check_and_migrations_are_clean():
    check = run_manage("check", env_overrides={"DJANGO_SETTINGS_MODULE": "newsroom.settings.test"})
    assert check.returncode == 0, check.stderr
    migrations = run_manage(
        "makemigrations",
        "--check",
        "--dry-run",
        env_overrides={"DJANGO_SETTINGS_MODULE": "newsroom.settings.test"},
    )
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr


@pytest.mark.parametrize("secret", ["", "short", "dev-only-insecure-key-never-use-in-production"])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    result = run_manage(
        "check",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
            "SECRET_KEY": secret,
            "ALLOWED_HOSTS": "news.example.com",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = run_manage(
        "check",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
            "SECRET_KEY": "abcde" * 10,  # 50 characters, 5 different: what check --deploy asks
            "ALLOWED_HOSTS": "news.example.com",
        },
    )
    assert result.returncode == 0, result.stderr


def test_cache_url_chooses_the_backend():
    from newsroom.settings.base import cache_from_url

    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(Exception, match="CACHE_URL"):
        cache_from_url("memcached://nowhere")


@pytest.mark.django_db
def test_seed_demo_loads_a_believable_newsroom_and_can_run_again():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Story.objects.count(), Section.objects.count(), Photo.objects.count())

    assert counts[0] >= 60 and counts[1] >= 8
    assert {status for (status,) in Story.objects.values_list("status")} == set(Story.Status.values)
    assert Story.objects.published().filter(lead_photo__isnull=False).count() >= 20
    assert Section.objects.get(slug="kerala").parent.slug == "nation"
    published = Story.objects.published()
    span = published.latest("publish_at").publish_at - published.earliest("publish_at").publish_at
    assert span.days >= 10  # spread over two weeks

    # The home front as an editor left it: a column pinned among the top stories, on the home page.
    from articles.models import FrontVersion

    [version] = FrontVersion.objects.all()
    [pin] = version.pins.all()
    assert (version.status, pin.slot, pin.story.genre) == ("live", "top", "opinion")

    call_command("seed_demo", stdout=io.StringIO())
    assert (Story.objects.count(), Section.objects.count(), Photo.objects.count()) == counts
    assert FrontVersion.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_sessions_keep_generic_plans_and_run_without_jit():
    """JIT compiled some page queries for seconds; planning every prepared statement for its values
    cost more than running it (newsroom/settings/base.py)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db(transaction=True)
def test_the_live_server_opens_its_own_database_connection(django_db_setup, live_server):
    """An in-memory SQLite database would be one connection shared by the test's thread and the live
    server's (when the test database exists before the server starts, as in a whole run); a request
    finishing while the next test set up its data interleaved their transactions (autocommit left
    off for every later test in one CI run). The test settings use a file."""
    assert live_server.thread.connections_override == {}
