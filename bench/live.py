"""``make bench`` phase ``live``: readers polling a live story while the desk posts an entry every 5 s.

gunicorn serves the site as in the other phases (``bench.settings``, the page cache in a private
Redis), on the small archive, with one live story (:func:`prepare`: 30 entries to begin with). For
about a minute:

- 64 readers' pages, through ``wrk`` with 64 connections, ask the story's polling address
  (``<story>/live/entries?since=<version>``) as ``static/js/live.js`` does, without waiting between
  asks: each sends the ETag it holds (``If-None-Match``) and, when an answer brings news, asks from
  its new version on (:data:`SCRIPT`);
- the desk posts an entry every :data:`POST_EVERY` seconds through ``articles.services.live``
  (``python -m bench.live post``, a process of its own, printing each entry's commit time);
- a watcher in this process asks as one reader's page does, every ``NEWSROOM_LIVE_POLL_SECONDS``
  (the interval the site ships), and notes when each entry first reaches it.

Reported: the pollers' requests per second as a fraction of the bare Django baseline (budget
0.5x: most answers are 304s or page-cache hits), their p99 and errors, the share of 304s, and the
slowest time from an entry's commit to the watcher seeing it (budget: the polling interval plus
1 s). Only 127.0.0.1 is asked; every loop is bounded in time.

    python -m bench.live prepare          the live story (made once, kept): its address, as JSON
    python -m bench.live post --story ID  post an entry every few seconds until stopped
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS, SECONDS, QUICK_SECONDS = 64, 60, 30
POST_EVERY = 5.0
BUDGET_RATIO, BUDGET_EXTRA_S = 0.5, 1.0
FIRST_ENTRIES = 30
HEADLINE = "Bench live: the cyclone reaches the coast"
DESK_USER = "bench-live-desk"

# Each wrk thread is a group of readers' pages that share what they last heard (Lua state is per
# thread): the version to ask from and the ETag of that address.
SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  base = args[1]
  cursor = args[2]
  etag = nil
  fresh, unchanged, unexpected = 0, 0, 0
end
function request()
  local headers = {}
  if etag then headers["If-None-Match"] = etag end
  return wrk.format("GET", base .. "?since=" .. cursor, headers)
end
function response(status, headers, body)
  if status == 304 then
    unchanged = unchanged + 1
  elseif status == 200 then
    fresh = fresh + 1
    local version = string.match(body, '"cursor": (%d+)')
    if version and version ~= cursor then
      cursor = version
      etag = nil
    else
      etag = headers["ETag"] or headers["etag"]
    end
  else
    unexpected = unexpected + 1
  end
end
function done(summary, latency, requests)
  local ok, same, bad = 0, 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("fresh")
    same = same + thread:get("unchanged")
    bad = bad + thread:get("unexpected")
  end
  io.write(string.format("Answers 200: %d\\n", ok))
  io.write(string.format("Answers 304: %d\\n", same))
  io.write(string.format("Unexpected status: %d\\n", bad))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("Percentile %d: %.3f ms\\n", p, latency:percentile(p) / 1000))
  end
  local e = summary.errors
  io.write(string.format("Errors: %d\\n", e.connect + e.read + e.write + e.timeout))
end
"""


# In the bench's database (``python -m bench.live prepare|post``) --------------------------------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _desk_user():
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username=DESK_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def prepare():
    """The live story in the bench section (made once and kept), live, with its first entries."""
    _django()
    from django.utils import timezone

    from articles.models import LiveEntry, Section, Story
    from articles.services import live

    desk = _desk_user()
    story = Story.objects.filter(headline=HEADLINE).first()
    if story is None:
        story = Story.objects.create(
            headline=HEADLINE,
            standfirst="Landfall is expected before dawn; the port and the airport are closed.",
            body="<p>What we know so far, and how the coast is preparing.</p>",
            section=Section.objects.get(slug="bench-world", parent=None),
            status=Story.Status.PUBLISHED,
            publish_at=timezone.now(),
            first_published_at=timezone.now(),
        )
    live.start_coverage(story, by=desk)
    for number in range(FIRST_ENTRIES - LiveEntry.objects.shown().filter(story=story).count()):
        live.post_entry(story, _entry(f"early-{number}"), by=desk)
    story = Story.objects.select_related("section").get(pk=story.pk)
    return {
        "story": story.pk,
        "entries": story.get_absolute_url() + "live/entries",
        "cursor": story.live_version,
    }


def _entry(mark):
    from articles.services.live import EntryContent

    return EntryContent(
        text=f"Gusts of 120 km/h reported at the lighthouse; fishing boats told to stay in harbour ({mark})."
    )


def post(story_id, every):
    """Post an entry every ``every`` seconds until SIGTERM; one JSON line per entry (its id and the
    wall-clock second of its commit), and a summary last."""
    _django()
    from django.db import close_old_connections

    from articles.models import Story
    from articles.services import live
    from bench.peak import stop_requested

    stopping = stop_requested()
    desk, story = _desk_user(), Story.objects.get(pk=story_id)
    posted, failures, number = 0, [], 0
    while not stopping():
        started = time.monotonic()
        number += 1
        try:
            entry = live.post_entry(story, _entry(f"{os.getpid()}-{number}"), by=desk)  # commits on return
            print(json.dumps({"entry": entry.pk, "at": time.time()}), flush=True)
            posted += 1
        except Exception as error:  # noqa: BLE001 - reported in the summary; the run then fails
            failures.append(f"{type(error).__name__}: {error}")
            close_old_connections()
        while not stopping() and time.monotonic() < started + every:
            time.sleep(0.05)
    print(json.dumps({"posted": posted, "failures": failures}), flush=True)


# The phase (run by ``python -m bench``) ---------------------------------------------------------------


class Watcher(threading.Thread):
    """One reader's page: asks every ``interval`` seconds from the version it has, and notes the
    wall-clock second each entry first reaches it."""

    def __init__(self, url, cursor, interval):
        super().__init__(daemon=True)
        self.url, self.cursor, self.interval = url, cursor, interval
        self.seen, self.failures = {}, []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            asked = time.monotonic()
            try:
                with urllib.request.urlopen(f"{self.url}?since={self.cursor}", timeout=10) as answer:
                    body = json.loads(answer.read())
                now = time.time()
                for entry in body["entries"]:
                    self.seen.setdefault(entry["id"], now)
                self.cursor = body["cursor"]
            except (OSError, ValueError) as error:
                self.failures.append(f"{type(error).__name__}: {error}")
            self.stopping.wait(max(0.0, self.interval - (time.monotonic() - asked)))


def run_wrk(url, cursor, script, seconds):
    from bench.peak import script_run_figures

    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            script,
            url,
            "--",
            url,
            str(cursor),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    output, rps, percentiles = script_run_figures(result)

    def number(label):
        return int(re.search(rf"{label}: (\d+)", output).group(1))

    return {
        "rps": rps,
        "p50_ms": percentiles[50],
        "p99_ms": percentiles[99],
        "answers_200": number("Answers 200"),
        "answers_304": number("Answers 304"),
        "unexpected_status": number("Unexpected status"),
        "socket_errors": number("Errors"),
    }


def measure(env, seconds):
    from bench.load import WRK_INSTALL_HINT, Gunicorn, RedisServer
    from bench.peak import Background

    if not shutil.which("wrk"):
        raise RuntimeError(WRK_INSTALL_HINT)
    prepared = _worker_json(env, "prepare")
    interval = int(env.get("NEWSROOM_LIVE_POLL_SECONDS", "15"))
    with tempfile.TemporaryDirectory() as folder, RedisServer() as redis:
        script = Path(folder) / "live.lua"
        script.write_text(SCRIPT)
        site_env = {**env, "CACHE_URL": redis.url()}
        with Gunicorn(site_env) as server:
            url = server.url(prepared["entries"])
            for _ in range(12):  # every worker process has answered once: a running site
                urllib.request.urlopen(f"{url}?since={prepared['cursor']}", timeout=30).read()
            watcher = Watcher(url, prepared["cursor"], interval)
            watcher.start()
            desk = Background(
                site_env, "bench.live", "post", "--story", str(prepared["story"]), "--every", str(POST_EVERY)
            )
            with desk:
                pollers = run_wrk(url, prepared["cursor"], str(script), seconds)
            # The last entries reach the watcher within one more interval.
            time.sleep(interval + BUDGET_EXTRA_S + 0.5)
            watcher.stopping.set()
            watcher.join(timeout=15)
    posts = [json.loads(line) for line in desk.lines if line.startswith('{"entry"')]
    delays = [
        watcher.seen[post["entry"]] - post["at"] if post["entry"] in watcher.seen else None for post in posts
    ]
    return {
        "pollers": pollers,
        "interval": interval,
        "posted": len(posts),
        "seconds_to_reader": delays,
        "desk": desk.summary,
        "watcher_failures": watcher.failures,
        "seconds": seconds,
    }


def _worker_json(env, *args):
    result = subprocess.run(
        [sys.executable, "-m", "bench.live", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench.live {args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def phase_live(report, env, results, quick=False):
    from bench.load import measure_bare

    if "load" in results:
        baseline = results["load"]["bare"]["rps"]
    else:
        bare = measure_bare(env, seconds=5 if quick else 10)
        report.note("baseline, bare Django: req/s", bare["rps"])
        baseline = bare["rps"]
    figures = measure(env, QUICK_SECONDS if quick else SECONDS)
    pollers = figures["pollers"]
    ratio = pollers["rps"] / baseline
    answers = pollers["answers_200"] + pollers["answers_304"]
    report.note("live pollers: req/s", pollers["rps"])
    report.add("live pollers / baseline", ratio, f">= {BUDGET_RATIO:.1f}x", ratio >= BUDGET_RATIO, "x")
    report.note("live pollers: p50 / p99", f"{pollers['p50_ms']:.1f} / {pollers['p99_ms']:.1f}", " ms")
    report.note("live pollers: 304 share", 100.0 * pollers["answers_304"] / max(answers, 1), " %")
    errors = pollers["socket_errors"] + pollers["unexpected_status"]
    report.add("live pollers: errors", errors, "none", errors == 0)
    delays = figures["seconds_to_reader"]
    shown = [delay for delay in delays if delay is not None]
    slowest = max(shown) if shown and len(shown) == len(delays) else float("inf")
    budget = figures["interval"] + BUDGET_EXTRA_S
    report.add(
        f"live entry -> reader's page: max of {len(delays)}",
        slowest,
        f"<= {budget:.0f} s ({figures['interval']} + 1)",
        bool(delays) and slowest <= budget,
        " s",
    )
    failures = len(figures["desk"].get("failures", [])) + len(figures["watcher_failures"])
    report.add("live desk and watcher failures", failures, "none", failures == 0)
    figures["baseline_rps"], figures["ratio"] = baseline, ratio
    return figures


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.live")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare")
    posting = commands.add_parser("post")
    posting.add_argument("--story", type=int, required=True)
    posting.add_argument("--every", type=float, default=POST_EVERY)
    options = parser.parse_args(argv)
    if options.command == "prepare":
        print(json.dumps(prepare()))
    else:
        post(options.story, options.every)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
