"""``make bench``: pages under load, queries, scale, ingest, renditions and the news peak, on PostgreSQL.

Prints one table, each figure with its budget and PASS or FAIL, and writes the same figures to
var/bench/results.json. Timings are ratios against a baseline measured in the same run: a bare
Django project (``bench.bare``, no middleware, one view) served by gunicorn as the site is.

    python -m bench [--quick] [--only load,queries,scale,ingest,renditions,peak,live]

The databases (``<name>_small``, ``<name>_large``, ``<name>_ingest`` from BENCH_DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/newsroom_bench) are created and filled on first use and
kept, so later runs skip generating the 200,000-story archive.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "bench" / "results.json"
SMALL, LARGE = 1_000, 200_000
PHASES = ("queries", "load", "scale", "ingest", "renditions", "peak", "live")


def database_url(base, suffix):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{suffix}"))


def ensure_database(url, *, fresh=False):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def environment(database, cache="dummy://"):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database,
        "CACHE_URL": cache,
        "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
        "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
        "PYTHONPATH": str(ROOT),
    }


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def worker(env, *args):
    result = subprocess.run(
        [sys.executable, "-m", "bench.worker", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench.worker {args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Report:
    def __init__(self):
        self.rows = []

    def add(self, name, value, budget, passed, unit=""):
        self.rows.append(
            {
                "figure": name,
                "value": value,
                "unit": unit,
                "budget": budget,
                "result": "PASS" if passed else "FAIL",
            }
        )

    def note(self, name, value, unit=""):
        self.rows.append({"figure": name, "value": value, "unit": unit, "budget": "", "result": ""})

    def print(self):
        width = max(len(row["figure"]) for row in self.rows) + 2
        print(f"\n{'figure':<{width}}{'value':>14}  {'budget':<18}result")
        print("-" * (width + 42))
        for row in self.rows:
            value = row["value"]
            shown = f"{value:,.2f}" if isinstance(value, float) else f"{value}"
            print(f"{row['figure']:<{width}}{shown + row['unit']:>14}  {row['budget']:<18}{row['result']}")

    @property
    def passed(self):
        return all(row["result"] != "FAIL" for row in self.rows)


def phase_queries(report, pages_by_size, envs):
    counts = {size: worker(envs[size], "queries", *pages.values()) for size, pages in pages_by_size.items()}
    for name in pages_by_size[SMALL]:
        small = counts[SMALL][pages_by_size[SMALL][name]]["queries"]
        large_url = pages_by_size.get(LARGE, {}).get(name)
        large = counts[LARGE][large_url]["queries"] if large_url else small
        budget = 6 if name in ("article", "older_article", "home", "section", "section_deep", "tag") else None
        label = f"queries {name} (1k / 200k)"
        if budget is None:
            report.add(label, f"{small} / {large}", "same at both sizes", small == large)
        else:
            report.add(label, f"{small} / {large}", f"<= {budget}, same", small == large and small <= budget)
    return counts


def phase_load(report, pages, env, seconds):
    """Every page cached; every page made afresh (whole pages not kept: ``NEWSROOM_PAGE_CACHE=off``,
    as on a cache miss, with the cache the views use for the story's own part); and the article with
    no cache at all, for information."""
    from bench.load import RedisServer, measure_bare, measure_pages

    bare = measure_bare(env, seconds=seconds)
    results = {"bare": bare}
    with RedisServer() as redis:
        results["cached"] = measure_pages(pages, {**env, "CACHE_URL": redis.url()}, seconds=seconds)
        results["uncached"] = measure_pages(
            pages, {**env, "CACHE_URL": redis.url(), "NEWSROOM_PAGE_CACHE": "off"}, seconds=seconds
        )
    results["no cache"] = measure_pages(
        {"article": pages["article"]}, {**env, "CACHE_URL": "dummy://"}, seconds=seconds
    )
    baseline = bare["rps"]
    report.note("baseline, bare Django: req/s", baseline)
    report.note("baseline, bare Django: p50 / p99", f"{bare['p50_ms']:.1f} / {bare['p99_ms']:.1f}", " ms")
    for mode in ("cached", "uncached", "no cache"):
        for name, figure in results[mode].items():
            label = f"{mode} {'in-stack trivial view' if name == 'baseline' else name}"
            shown = f"{figure['rps']:,.0f} ({figure['rps'] / baseline:.3f}x)"
            report.note(f"{label}: req/s (x baseline)", shown)
            report.note(f"{label}: p50 / p99", f"{figure['p50_ms']:.1f} / {figure['p99_ms']:.1f}", " ms")
            if figure["socket_errors"] or figure["bad_status"]:
                report.add(f"{label}: errors", figure["socket_errors"] or figure["bad_status"], "none", False)
            if mode == "cached" and name != "baseline":
                report.add(f"cached {name}: p99", figure["p99_ms"], "<= 50 ms", figure["p99_ms"] <= 50, " ms")
    cached_ratio = results["cached"]["article"]["rps"] / baseline
    uncached_ratio = results["uncached"]["article"]["rps"] / baseline
    report.add("cached article / baseline", cached_ratio, ">= 0.80x", cached_ratio >= 0.8, "x")
    report.add("uncached article / baseline", uncached_ratio, ">= 0.15x", uncached_ratio >= 0.15, "x")
    return results


def phase_scale(report, pages_by_size, envs):
    medians = {size: worker(envs[size], "latency", *pages.values()) for size, pages in pages_by_size.items()}
    ratios = {}
    for name in pages_by_size[SMALL]:
        small = medians[SMALL][pages_by_size[SMALL][name]]["median_ms"]
        large = medians[LARGE][pages_by_size[LARGE][name]]["median_ms"]
        ratios[name] = large / small
        report.add(f"scale {name}: 200k / 1k median", ratios[name], "<= 1.5x", ratios[name] <= 1.5, "x")
    return {"medians": medians, "ratios": ratios}


def phase_ingest(report, base_url):
    from bench.ingest import measure

    url = database_url(base_url, "ingest")
    ensure_database(url, fresh=True)
    env = environment(url)
    manage(env, "migrate", "--noinput")
    worker(env, "catalogue")
    figures = measure(ROOT / "var" / "bench" / "ingest", env)
    report.add(
        "ingest NewsML-G2 items/s",
        figures["newsml_items_per_s"],
        ">= 300/s",
        figures["newsml_items_per_s"] >= 300,
        "/s",
    )
    report.note("ingest RSS items/s", figures["rss_items_per_s"], "/s")
    report.note("ingest time / parse time", figures["import_to_parse_ratio"], "x")
    report.add(
        "re-import unchanged speed-up",
        figures["reimport_speedup"],
        ">= 5x",
        figures["reimport_speedup"] >= 5,
        "x",
    )
    report.add(
        "peak memory 10k / 1k items", figures["memory_ratio"], "<= 1.3x", figures["memory_ratio"] <= 1.3, "x"
    )
    return figures


def phase_renditions(report, quick):
    from bench import renditions

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    figures = renditions.run(repeat=1 if quick else 3, formats=("jpeg", "webp") if quick else None)
    for name in ("on_demand", "set"):
        ratio = figures.get(f"{name}_ratio")
        if ratio is not None:
            report.add(f"renditions {name} / plain Pillow", ratio, "<= 1.0x", ratio <= 1.0, "x")
    return figures


def phase_peak(report, env, results, quick):
    """Last: it adds drafts and published stories to the large archive, after the others read it."""
    from bench import peak
    from bench.load import measure_bare

    if "load" in results:
        baseline = results["load"]["bare"]["rps"]
    else:
        bare = measure_bare(env, seconds=5 if quick else 10)
        report.note("baseline, bare Django: req/s", bare["rps"])
        baseline = bare["rps"]
    addresses = worker(env, "peak-addresses", str(peak.STORIES))
    return peak.phase_peak(report, env, addresses, baseline, quick=quick)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter load runs, fewer repetitions")
    parser.add_argument("--only", default=",".join(PHASES), help="comma-separated phases to run")
    options = parser.parse_args(argv)
    phases = [name.strip() for name in options.only.split(",") if name.strip()]
    base_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
    started = time.monotonic()
    report, results = Report(), {"cores": os.cpu_count(), "phases": phases}

    sizes = set()
    if {"load", "live"} & set(phases):
        sizes.add(SMALL)
    if {"queries", "scale"} & set(phases):
        sizes |= {SMALL, LARGE}
    if "peak" in phases:
        sizes.add(LARGE)  # the news peak reads the 200,000-story archive
    sizes = sorted(sizes)
    envs, pages = {}, {}
    for size in sizes:
        url = database_url(base_url, "small" if size == SMALL else "large")
        ensure_database(url)
        envs[size] = environment(url)
        manage(envs[size], "migrate", "--noinput")
        if size == sizes[0]:
            manage(envs[size], "collectstatic", "--noinput")
        print(f"preparing {size:,} stories in {urlsplit(url).path.lstrip('/')}...", flush=True)
        prepared = worker(envs[size], "prepare", str(size))
        pages[size] = prepared["pages"]
        results[f"prepared_{size}"] = prepared
    if "load" in phases:
        worker(envs[SMALL], "prepare", str(SMALL))  # the baseline file holds the small archive's article
        results["load"] = phase_load(report, pages[SMALL], envs[SMALL], seconds=5 if options.quick else 10)
    if "queries" in phases:
        results["queries"] = phase_queries(report, pages, envs)
    if "scale" in phases:
        results["scale"] = phase_scale(report, pages, envs)
    if "ingest" in phases:
        results["ingest"] = phase_ingest(report, base_url)
    if "renditions" in phases:
        results["renditions"] = phase_renditions(report, options.quick)
    if "peak" in phases:
        results["peak"] = phase_peak(report, envs[LARGE], results, options.quick)
    if "live" in phases:
        from bench.live import phase_live  # a live story polled while the desk posts (bench/live.py)

        results["live"] = phase_live(report, envs[SMALL], results, options.quick)

    results["rows"] = report.rows
    results["seconds"] = time.monotonic() - started
    report.print()
    print(f"\n{os.cpu_count()} cores, {results['seconds']:.0f} s. Figures in {RESULTS.relative_to(ROOT)}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
