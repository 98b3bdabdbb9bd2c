"""``make loadtest``: the public site under load while the desk publishes.

gunicorn with the production settings (``bench.settings``) on 127.0.0.1, PostgreSQL with 20,000
stories, the page cache in Redis (so a publish purges it for every worker), and ``wrk`` with 64
connections for 30 seconds on each of the home page, a section page, an article and the feed, while
``bench.publisher`` publishes a story every few seconds through ``articles.services.publish_story``
in a process of its own.

    python -m bench.loadtest [--seconds 30] [--connections 64] [--stories 20000] [--every 3] [--varnish]

``--varnish``: the same through Varnish, against an nginx static-file ceiling (``bench.loadtest_varnish``).

Prints requests per second and latency percentiles per page. Exits non-zero on any socket error, any
answer other than 200, or a failed publish. Environment: ``LOADTEST_DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/newsroom_loadtest, created and filled on first use and kept) and
``LOADTEST_CACHE_URL`` (default redis://127.0.0.1:6379/14, flushed at the start).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import loadtest_varnish
from bench.__main__ import ROOT, ensure_database, environment, manage, worker
from bench.load import WRK_INSTALL_HINT, Gunicorn
from bench.peak import Background

PAGES = ("home", "section", "article", "feed")
PERCENTILES = (50, 75, 90, 99)
# Counts every answer that is not 200 (wrk's own "Non-2xx or 3xx" line lets redirects through) and
# prints latency percentiles in milliseconds.
STATUS_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) unexpected = 0 end
function response(status, headers, body) if status ~= 200 then unexpected = unexpected + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
  io.write(string.format("Unexpected status: %d\\n", total))
  for _, p in ipairs({PERCENTILES}) do
    io.write(string.format("Percentile %d: %.3f ms\\n", p, latency:percentile(p) / 1000))
  end
end
""".replace("PERCENTILES", ", ".join(str(p) for p in PERCENTILES))


def run_wrk(url, *, seconds, connections, script):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    output = result.stdout
    if result.returncode != 0 or "Requests/sec" not in output:
        raise RuntimeError(f"wrk failed on {url}:\n{output}\n{result.stderr}")
    socket_errors = re.search(r"Socket errors: (.*)", output)
    non_2xx_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "url": url,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "percentiles_ms": {int(p): float(v) for p, v in re.findall(r"Percentile (\d+): ([\d.]+) ms", output)},
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
        "non_2xx_3xx": int(non_2xx_3xx.group(1)) if non_2xx_3xx else 0,
        "unexpected_status": int(re.search(r"Unexpected status: (\d+)", output).group(1)),
    }


def publisher(env, every):
    """``bench.publisher`` in its own process, its output collected by a background thread."""
    return Background(env, "bench.publisher", "--every", str(every))


def prepare(env, stories):
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    print(f"preparing {stories:,} stories (kept between runs)...", flush=True)
    return worker(env, "prepare", str(stories))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between two published stories")
    parser.add_argument(
        "--varnish", action="store_true", help="through Varnish, against an nginx static-file ceiling"
    )
    options = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit(WRK_INSTALL_HINT)

    database = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_loadtest")
    cache = os.environ.get("LOADTEST_CACHE_URL", "redis://127.0.0.1:6379/14")
    ensure_database(database)
    env = {
        **environment(database, cache=cache),
        "MEDIA_ROOT": str(ROOT / "var" / "loadtest" / "media"),
        "STATIC_ROOT": str(ROOT / "var" / "loadtest" / "static"),
    }
    pages = prepare(env, options.stories)["pages"]
    if cache.startswith("redis://"):
        database_number = cache.rsplit("/", 1)[-1] or "0"
        subprocess.run(["redis-cli", "-n", database_number, "flushdb"], capture_output=True, check=False)

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "status.lua"
        script.write_text(STATUS_SCRIPT)
        if options.varnish:
            selected = {name: pages[name] for name in PAGES}
            figures = loadtest_varnish.run(env, selected, options, str(script), run_wrk)
            failed = loadtest_varnish.print_report(figures, options)
            save({**figures, "options": vars(options)}, "results-varnish.json")
            return 1 if failed else 0
        with Gunicorn(env) as server, publisher(env, options.every) as publishing:
            for name in PAGES:
                url = server.url(pages[name])
                print(
                    f"wrk {options.connections} connections, {options.seconds} s: {name} {pages[name]}",
                    flush=True,
                )
                results[name] = run_wrk(
                    url, seconds=options.seconds, connections=options.connections, script=str(script)
                )
        published = publishing.summary

    failed = print_report(results, published, options)
    save({"pages": results, "publisher": published, "options": vars(options)}, "results.json")
    return 1 if failed else 0


def save(figures, name):
    out = ROOT / "var" / "loadtest" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    print(f"figures in {out.relative_to(ROOT)}")


def print_report(results, published, options):
    header = f"{'page':<9}{'req/s':>10}" + "".join(f"{'p' + str(p):>10}" for p in PERCENTILES)
    print(f"\n{header}{'errors':>10}  not 200")
    print("-" * (len(header) + 19))
    failed = False
    for name, figures in results.items():
        latencies = "".join(f"{figures['percentiles_ms'][p]:>8.1f}ms" for p in PERCENTILES)
        bad = figures["unexpected_status"] + figures["non_2xx_3xx"]
        errors = figures["socket_errors"] or "0"
        print(f"{name:<9}{figures['rps']:>10,.0f}{latencies}{errors:>10}  {bad}")
        failed |= bool(figures["socket_errors"]) or bad > 0
    print(
        f"\npublished while loaded: {published['published']} stories "
        f"(one every {options.every:g} s), slowest publish {published.get('slowest_seconds', 0):.2f} s"
    )
    for failure in published["failures"]:
        print(f"  publish failed: {failure}")
    failed |= bool(published["failures"]) or published.get("published", 0) == 0
    print("FAIL" if failed else "PASS: no socket errors, every answer 200, every publish done")
    return failed


if __name__ == "__main__":
    sys.exit(main())
