"""`manage.py publish_scheduled`: every due story once, in order, catching up, safe with two copies."""

import io
import os
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Story, StoryTransition
from tests.builders import make_photo, make_section, make_story
from tests.servers import free_port, url_of_the_test_database

S = Story.Status
REPO = Path(settings.BASE_DIR)


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("publish_scheduled", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def scheduled(minutes_from_now, **fields):
    return make_story(
        status=S.SCHEDULED, publish_at=timezone.now() + timedelta(minutes=minutes_from_now), **fields
    )


def publish_steps(story):
    return StoryTransition.objects.filter(story=story, to_status=S.PUBLISHED).count()


@pytest.mark.django_db
def test_publishes_due_stories_oldest_first_and_leaves_the_rest(frozen_now):
    section = make_section()
    later = scheduled(-5, section=section, headline="Due five minutes ago")
    earlier = scheduled(-90, section=section, headline="Due ninety minutes ago")  # a missed run: caught up
    future = scheduled(30, section=section, headline="Not yet")
    embargoed = scheduled(-10, section=section, embargo_until=timezone.now() + timedelta(hours=1))

    out, err = run_command()

    assert err == ""
    for story in (later, earlier, future, embargoed):
        story.refresh_from_db()
    assert (earlier.status, later.status) == (S.PUBLISHED, S.PUBLISHED)
    assert (future.status, embargoed.status) == (S.SCHEDULED, S.SCHEDULED)
    assert earlier.first_published_at == earlier.publish_at  # published at its scheduled time, however late
    assert out.index("Due ninety minutes ago") < out.index("Due five minutes ago")
    steps = list(
        StoryTransition.objects.filter(to_status=S.PUBLISHED).order_by("pk").values_list("story", flat=True)
    )
    assert steps == [earlier.pk, later.pk]
    assert set(Story.objects.published()) == {earlier, later}


@pytest.mark.django_db
def test_running_again_publishes_nothing_twice():
    story = scheduled(-1)
    run_command()
    run_command()
    assert publish_steps(story) == 1


@pytest.mark.django_db
def test_readers_never_see_a_story_before_its_time_even_without_the_command():
    due = scheduled(-1)
    future = scheduled(10)
    published = Story.objects.published()
    assert due not in published and future not in published
    assert not due.is_published


@pytest.mark.django_db
def test_a_story_with_an_uncredited_photo_stays_scheduled_and_the_rest_go_out():
    stuck = scheduled(-20, lead_photo=make_photo(credit="", caption="Rain over the square"))
    fine = scheduled(-10)

    out, err = run_command()

    stuck.refresh_from_db()
    fine.refresh_from_db()
    assert stuck.status == S.SCHEDULED
    assert fine.status == S.PUBLISHED
    assert "Rain over the square" in err


@pytest.mark.django_db
def test_loop_keeps_looking():
    story = scheduled(-1)
    run_command("--loop", "0.01", "--iterations", "2")
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert publish_steps(story) == 1


def test_loop_needs_a_positive_interval():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("publish_scheduled", "--loop", "0")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_copies_at_once_publish_each_story_exactly_once():
    section = make_section()
    stories = [
        scheduled(-60 + minute, section=section, headline=f"Story {minute:02d}") for minute in range(40)
    ]
    env = {
        **os.environ,
        "DATABASE_URL": url_of_the_test_database(),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
    }
    command = [sys.executable, "manage.py", "publish_scheduled"]

    copies = [
        subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [copy.communicate(timeout=120) for copy in copies]

    assert all(copy.returncode == 0 for copy in copies), outputs
    published_lines = [
        line for out, _err in outputs for line in out.splitlines() if line.startswith("Published #")
    ]
    assert len(published_lines) == 40
    for story in stories:
        story.refresh_from_db()
        assert story.status == S.PUBLISHED
        assert publish_steps(story) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_threads_racing_skip_each_others_locked_rows():
    stories = [scheduled(-30 + minute) for minute in range(30)]
    start = threading.Barrier(2)
    counts = []

    def copy():
        try:
            start.wait()
            out, _err = run_command()
            counts.append(out.count("Published #"))
        finally:
            connection.close()

    threads = [threading.Thread(target=copy) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sum(counts) == 30
    assert all(publish_steps(story) == 1 for story in stories)


def test_serve_runs_the_scheduler_beside_the_web_server(tmp_path):
    """`make run`'s command: a story scheduled a moment ahead is published with no cron."""
    database = tmp_path / "serve.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True, timeout=180)
    create = (
        "from datetime import timedelta; from django.utils import timezone;"
        "from articles.models import Section, Story;"
        "section = Section.objects.create(name='World', slug='world');"
        "Story.objects.create(headline='Timed story', section=section, status='scheduled',"
        " publish_at=timezone.now() + timedelta(seconds=2))"
    )
    subprocess.run([*manage, "shell", "-c", create], cwd=REPO, env=env, check=True, timeout=60)

    port = free_port()
    server = subprocess.Popen(
        [*manage, "serve", "--noreload", "--scheduler-every", "0.5", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        check = "from articles.models import Story; print(Story.objects.get().status)"
        deadline, status = time.monotonic() + 60, ""
        while time.monotonic() < deadline and status != "published":
            time.sleep(1)
            status = (
                subprocess.run(
                    [*manage, "shell", "-c", check],
                    cwd=REPO,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                .stdout.strip()
                .splitlines()[-1:]
            )
            status = status[0] if status else ""
        assert status == "published"
        assert server.poll() is None  # the web server is still up beside the scheduler
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    scheduler_pid = int(re.search(r"process (\d+)", output).group(1))
    with pytest.raises(ProcessLookupError):  # stopping the server stopped the scheduler too
        os.kill(scheduler_pid, 0)


@pytest.mark.django_db
def test_the_scheduler_speaks_in_the_desks_time_and_counts_in_words():
    section = make_section()
    story = scheduled(-5, section=section, headline="Due five minutes ago")

    out, _err = run_command()

    due = timezone.localtime(story.publish_at)  # TIME_ZONE (Asia/Kolkata), as the desk shows it
    assert f"(due {due:%Y-%m-%d %H:%M})" in out
    assert out.rstrip().endswith("published 1 story.")
