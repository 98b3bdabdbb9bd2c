"""``make loadtest LOADTEST_ARGS=--varnish``: the same pages and the same publishing, through Varnish.

gunicorn as in ``bench.loadtest``, with ``deploy/varnish/default.vcl`` in front of it (varnishd on a
free port, ``FRONTEND_CACHE_URLS`` pointing the site's purges at it). Before the load, each page as
Varnish serves it is saved to a folder that nginx serves: the static-file ceiling, measured in the
same run with the same wrk settings. Then wrk reads each page from nginx and, right after, through
Varnish (:data:`ROUNDS` times, the faster run of each kept), while ``bench.publisher`` publishes a
story every few seconds and reads the home page through Varnish until it shows the story.

Reported per page: requests per second and p99 through Varnish, the same for nginx, and their
ratios. Budget: every page at least :data:`BUDGET_RATIO` of the ceiling's requests per second, no
error and every answer 200, and each publish visible on the home page through Varnish within
:data:`BUDGET_VISIBLE_S` of its commit.
"""

import tempfile
import urllib.request
from pathlib import Path

from bench.frontends import LOCAL, Nginx, Varnish, free_port
from bench.load import Gunicorn
from bench.peak import Background

BUDGET_RATIO, BUDGET_VISIBLE_S = 0.5, 1.0
# Each page is measured this many times from each server, alternately, for a share of --seconds each.
# The faster run is kept: on a shared machine a neighbour's burst only ever lowers a figure. Errors and
# answers other than 200 count from every run.
ROUNDS = 2
# The pages stay in Varnish's memory however many stories the run publishes.
STORAGE = "malloc,256m"


def save_pages(cache, pages, folder):
    """Each page's bytes as Varnish serves them, as a file nginx serves; returns the files' paths."""
    folder.chmod(0o755)  # nginx's workers run as another user
    paths = {}
    for name, path in pages.items():
        with LOCAL.open(urllib.request.Request(cache.url(path)), timeout=60) as response:
            body = response.read()
        target = folder / f"{name}.html"
        target.write_bytes(body)
        target.chmod(0o644)
        paths[name] = f"/{name}.html"
    return paths


def run(env, pages, options, script, run_wrk):
    """The measurements: ``{"pages": {name: {"varnish": figures, "nginx": figures}}, "publisher": ...}``."""
    varnish_port = free_port()
    env = {**env, "FRONTEND_CACHE_URLS": f"http://127.0.0.1:{varnish_port}"}
    server = Gunicorn(env)

    seconds = max(1, round(options.seconds / ROUNDS))

    def measure(url, name):
        print(f"wrk {options.connections} connections, {seconds} s: {name}", flush=True)
        return run_wrk(url, seconds=seconds, connections=options.connections, script=script)

    results = {}
    with (
        server,
        Varnish([("127.0.0.1", server.port)], port=varnish_port, storage=STORAGE) as cache,
        tempfile.TemporaryDirectory() as folder,
    ):
        files = save_pages(cache, pages, Path(folder))
        watch = ("--watch", cache.url("/"))
        # Each page from nginx, then through Varnish, one after the other while the desk publishes:
        # both under the same load from the rest of the machine.
        with (
            Nginx(folder) as nginx,
            Background(env, "bench.publisher", "--every", str(options.every), *watch) as publishing,
        ):
            for name, path in pages.items():
                runs = {"nginx": [], "varnish": []}
                for _round in range(ROUNDS):
                    runs["nginx"].append(measure(nginx.url(files[name]), f"{name} from nginx (the ceiling)"))
                    runs["varnish"].append(measure(cache.url(path), f"{name} {path} through Varnish"))
                results[name] = {server: fastest(measured) for server, measured in runs.items()}
        published = publishing.summary
    return {"pages": results, "publisher": published}


def fastest(runs):
    """The run with the most requests a second, with every run's errors and unexpected answers."""
    best = dict(max(runs, key=lambda run: run["rps"]))
    best["socket_errors"] = "; ".join(run["socket_errors"] for run in runs if run["socket_errors"])
    for count in ("unexpected_status", "non_2xx_3xx"):
        best[count] = sum(run[count] for run in runs)
    best["runs_rps"] = [run["rps"] for run in runs]
    return best


def print_report(figures, options):
    print(
        f"\n{'page':<9}{'req/s':>10}{'ceiling':>10}{'ratio':>8}{'p99':>10}{'ceiling':>10}{'ratio':>8}  errors"
    )
    print("-" * 75)
    failed = False
    for name, both in figures["pages"].items():
        cache, ceiling = both["varnish"], both["nginx"]
        ratio = cache["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
        p99, p99_ceiling = cache["percentiles_ms"][99], ceiling["percentiles_ms"][99]
        bad = cache["unexpected_status"] + cache["non_2xx_3xx"] + ceiling["unexpected_status"]
        errors = cache["socket_errors"] or "0"
        p99_ratio = p99 / max(p99_ceiling, 0.001)
        print(
            f"{name:<9}{cache['rps']:>10,.0f}{ceiling['rps']:>10,.0f}{ratio:>7.2f}x"
            f"{p99:>8.1f}ms{p99_ceiling:>8.1f}ms{p99_ratio:>7.1f}x  {errors} / {bad} not 200"
        )
        both["rps_ratio"], both["p99_ratio"] = ratio, p99_ratio
        failed |= ratio < BUDGET_RATIO or bool(cache["socket_errors"]) or bad > 0
    published = figures["publisher"]
    visible = published.get("visible_seconds", [])
    slowest = max((seconds for seconds in visible if seconds is not None), default=None)
    missing = sum(1 for seconds in visible if seconds is None)
    print(
        f"\npublished while loaded: {published.get('published', 0)} stories (one every {options.every:g} s); "
        f"publish to visible through Varnish: slowest {slowest if slowest is None else f'{slowest:.2f} s'}"
        + (f", {missing} never shown" if missing else "")
    )
    for failure in published.get("failures", []):
        print(f"  publish failed: {failure}")
    failed |= bool(published.get("failures")) or not visible or missing > 0 or slowest > BUDGET_VISIBLE_S
    print(
        "FAIL"
        if failed
        else f"PASS: every page >= {BUDGET_RATIO}x the nginx ceiling, no errors, "
        f"every publish visible within {BUDGET_VISIBLE_S:g} s"
    )
    return failed
