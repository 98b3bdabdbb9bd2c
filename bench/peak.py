"""The news peak: readers all over a 200,000-story archive while the desks keep working.

gunicorn serves the site as in production (``bench.settings``, the page cache in a private Redis that
starts empty but for the pages every reader passes through, :func:`warm_up`), and for about a minute:

- readers, through ``wrk`` with 64 connections, ask for 2,000 story addresses drawn from the whole
  archive with Zipf-like popularity (a few hot stories, a long tail read once or twice: most are cold)
  plus the home page, section pages, tag pages, searches and feeds, in the mix of ``MIX``;
- the wire desk imports two agency items a second as drafts through the real ``ingest`` command
  (``bench.wire``);
- an editor publishes a story every 10 seconds through ``articles.services.publish_story`` and then
  reads the home page until it shows the story (``bench.publisher --watch``).

Reported: the readers' requests per second as a fraction of the bare Django baseline, p50/p99,
errors (socket errors, time-outs and any answer but 200), and the seconds from each publish to the
home page showing it. Only 127.0.0.1 is ever asked; every loop is bounded in time.
"""

import json
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from itertools import accumulate
from pathlib import Path

from bench.load import WRK_INSTALL_HINT, Gunicorn, RedisServer

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS, SECONDS, QUICK_SECONDS = 64, 60, 20
STORIES = 2_000
WIRE_EVERY, PUBLISH_EVERY = 0.5, 10.0
# Shares of the readers' requests. Story pages are most of a news site's traffic; the home page is
# the single busiest address; searches and tag pages are the long tail of listings.
MIX = {"story": 0.60, "home": 0.12, "section": 0.10, "tag": 0.06, "search": 0.04, "feed": 0.08}
ZIPF_EXPONENT = 1.0
DRAWN_PATHS = 50_000
BUDGET_RATIO, BUDGET_P99_MS, BUDGET_VISIBLE_S = 0.30, 150.0, 1.0
# Each kind of page asked for this many times before the peak (several per worker process).
WARM_UP_ROUNDS = 12
SEARCH_WORDS = (
    "council harbour monsoon ministry budget league festival research court market river election "
    "hospital railway farmers exporters satellite coalition reservoir university district orchestra"
).split()

SCRIPT = """
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = offset % #paths
  unexpected = 0
end
function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
function response(status, headers, body)
  if status ~= 200 then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
  io.write(string.format("Unexpected status: %d\\n", total))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("Percentile %d: %.3f ms\\n", p, latency:percentile(p) / 1000))
  end
  local e = summary.errors
  io.write(string.format("Errors: %d\\n", e.connect + e.read + e.write + e.timeout))
end
"""


def zipf_picker(items, rng):
    """Draw from ``items`` with weight 1/rank^s: the first few often, most of them rarely."""
    weights = list(accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(items) + 1)))
    return lambda: rng.choices(items, cum_weights=weights)[0]


def reader_paths(addresses, count=DRAWN_PATHS, seed=7):
    """``count`` addresses in the order readers ask for them (the load generator cycles through)."""
    rng = random.Random(seed)
    story = zipf_picker(addresses["stories"], rng)
    section = zipf_picker(addresses["sections"], rng)
    tag = zipf_picker(addresses["tags"], rng)
    word = zipf_picker(SEARCH_WORDS, rng)
    section_feed = zipf_picker(addresses["section_slugs"], rng)
    kinds, shares = list(MIX), list(accumulate(MIX.values()))

    def feed():
        which = rng.random()
        if which < 0.5:
            return "/feeds/latest/"
        if which < 0.8:
            return f"/feeds/section/{section_feed()}/"
        return f"/feeds/tag/{tag()}/"

    draw = {
        "story": story,
        "home": lambda: "/",
        "section": section,
        "tag": lambda: f"/tag/{tag()}/",
        "search": lambda: f"/search/?q={word()}",
        "feed": feed,
    }
    return [draw[rng.choices(kinds, cum_weights=shares)[0]]() for _ in range(count)]


def stop_requested():
    """For a process :class:`Background` runs beside the load: a function telling whether it has
    been asked to stop (SIGTERM, or SIGINT at a terminal), so its loop ends its step and prints its
    summary instead of dying mid-publish."""
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_args: stop.set())
    return stop.is_set


class Background:
    """A bench process (``python -m MODULE``) beside the load; its JSON summary is its last line."""

    def __init__(self, env, *args):
        self.command, self.env, self.lines = [sys.executable, "-m", *args], env, []
        self.printed = threading.Event()

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command, env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.reader = threading.Thread(target=self.collect, daemon=True)
        self.reader.start()
        return self

    def collect(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip())
            self.printed.set()

    def wait_for(self, start, timeout=60):
        """Until the process has printed a line beginning with ``start`` (its first step done);
        raises if it stops or the time runs out first."""
        deadline = time.monotonic() + timeout
        while not self.has_printed(start):
            ended = not self.reader.is_alive()  # its output has ended: the process stopped
            if (ended and not self.has_printed(start)) or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.command[2]} did not print {start!r}:\n" + "\n".join(self.lines[-20:])
                )
            self.printed.wait(0.1)
            self.printed.clear()

    def has_printed(self, start):
        return any(line.startswith(start) for line in self.lines)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.reader.join(timeout=5)

    @property
    def summary(self):
        for line in reversed(self.lines):
            if line.startswith("{"):
                return json.loads(line)
        return {"failures": [f"{self.command[2]} printed no summary:", *self.lines[-20:]]}


def script_run_figures(result):
    """The output of a wrk run with one of our Lua scripts, its requests per second and latency
    percentiles (ms by percentile), from the finished ``subprocess.run``; raises when wrk failed."""
    output = result.stdout
    if result.returncode != 0 or "Requests/sec" not in output:
        raise RuntimeError(f"wrk failed:\n{output}\n{result.stderr}")
    percentiles = {int(p): float(v) for p, v in re.findall(r"Percentile (\d+): ([\d.]+) ms", output)}
    return output, float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), percentiles


def run_wrk(url, paths_file, script, seconds):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "-s", script, url]
        + ["--", str(paths_file)],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    output, rps, percentiles = script_run_figures(result)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": rps,
        "p50_ms": percentiles[50],
        "p90_ms": percentiles[90],
        "p99_ms": percentiles[99],
        "socket_errors": int(re.search(r"Errors: (\d+)", output).group(1)),
        "unexpected_status": int(re.search(r"Unexpected status: (\d+)", output).group(1)),
    }


def warm_up(server, addresses, rounds=WARM_UP_ROUNDS):
    """A running site, not one starting. Each worker process has made each kind of page (imports,
    compiled templates, URL patterns, database connections), and the pages every reader passes
    through are in the cache, as they are on any site before its peak: the home page, the sections
    and their feeds, the latest feed and the searches. The 2,000 story addresses and the 500 tags
    (pages and feeds) stay cold, as a news peak's long tail is."""
    kinds = [addresses["stories"][0], f"/tag/{addresses['tags'][0]}/"]
    front = ["/", "/feeds/latest/", *addresses["sections"]]
    front += [f"/feeds/section/{slug}/" for slug in addresses["section_slugs"]]
    front += [f"/search/?q={word}" for word in SEARCH_WORDS]
    for path in kinds * rounds + front:
        with urllib.request.urlopen(server.url(path), timeout=30) as answer:
            answer.read()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else None


def measure(env, addresses, seconds=SECONDS):
    """One news peak against the database in ``env``: readers, wire desk and editor at once."""
    if not shutil.which("wrk"):
        raise RuntimeError(WRK_INSTALL_HINT)
    with tempfile.TemporaryDirectory() as folder:
        paths_file, script = Path(folder) / "paths.txt", Path(folder) / "peak.lua"
        paths_file.write_text("\n".join(reader_paths(addresses)) + "\n")
        script.write_text(SCRIPT)
        with RedisServer() as redis:
            site_env = {**env, "CACHE_URL": redis.url()}
            with Gunicorn(site_env) as server:
                wire = Background(site_env, "bench.wire", "--every", str(WIRE_EVERY))
                editor = Background(
                    site_env, "bench.publisher", "--every", str(PUBLISH_EVERY), "--watch", server.url("/")
                )
                with wire, editor:
                    # The desks are at work when the readers come, as on any news day: their
                    # processes have started (a second of CPU each, imports and setup, which is the
                    # bench's, not the site's) and taken their first step.
                    wire.wait_for("first item imported")
                    editor.wait_for("  shown on")
                    warm_up(server, addresses)
                    readers = run_wrk(server.url("/"), paths_file, str(script), seconds)
    return {"readers": readers, "wire": wire.summary, "editor": editor.summary, "seconds": seconds}


def phase_peak(report, env, addresses, baseline_rps, quick=False):
    figures = measure(env, addresses, seconds=QUICK_SECONDS if quick else SECONDS)
    readers, wire, editor = figures["readers"], figures["wire"], figures["editor"]
    ratio = readers["rps"] / baseline_rps
    report.note("peak readers: req/s", readers["rps"])
    report.add("peak readers / baseline", ratio, f">= {BUDGET_RATIO:.2f}x", ratio >= BUDGET_RATIO, "x")
    report.note("peak readers: p50 / p90", f"{readers['p50_ms']:.1f} / {readers['p90_ms']:.1f}", " ms")
    report.add(
        "peak readers: p99", readers["p99_ms"], f"<= {BUDGET_P99_MS:.0f} ms", readers["p99_ms"] <= 150, " ms"
    )
    errors = readers["socket_errors"] + readers["unexpected_status"]
    report.add("peak readers: errors", errors, "none", errors == 0)
    visible = editor.get("visible_seconds", [])
    shown = [seconds for seconds in visible if seconds is not None]
    slowest = max(shown) if shown and len(shown) == len(visible) else float("inf")
    report.add(
        f"peak publish -> home shows it: max of {len(visible)}",
        slowest,
        f"<= {BUDGET_VISIBLE_S:.0f} s",
        bool(visible) and slowest <= BUDGET_VISIBLE_S,
        " s",
    )
    if shown:
        report.note("peak publish -> home shows it: p95", percentile(shown, 0.95), " s")
    report.note("peak wire drafts imported: per s", wire.get("per_second", 0.0), "/s")
    desk_failures = len(wire.get("failures", [])) + len(editor.get("failures", []))
    report.add("peak wire and editor failures", desk_failures, "none", desk_failures == 0)
    figures["baseline_rps"], figures["ratio"] = baseline_rps, ratio
    return figures
