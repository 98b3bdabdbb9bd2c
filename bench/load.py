"""Pages under load: gunicorn with the production settings on loopback, driven by wrk.

The yardstick is the bare Django project (``bench.bare``) served the same way; the site's own trivial
view (``/_bench/baseline/`` through all its middleware) is measured beside it.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONNECTIONS = 32
# gunicorn's sync workers, one per core plus one: each process serves one request at a time, so no
# request waits for another thread's turn at the GIL (gthread with 3 x 4 threads had a p99 of
# 100-470 ms on cached pages here, sync 15-40 ms), and the spare worker overlaps database waits of
# uncached pages. Sync workers close the connection after each answer (no keep-alive): in
# production they sit behind a buffering proxy (nginx, a CDN) that keeps the clients' connections.
WORKERS, THREADS, WORKER_CLASS = (os.cpu_count() or 2) + 1, 1, "sync"
WRK_THREADS = 2
WRK_INSTALL_HINT = "wrk is missing: apt-get install -y wrk (Debian package)"
BASELINE_PATH = "/_bench/baseline/"
SITE = ("newsroom.wsgi:application", "bench.settings")
BARE = ("bench.bare.wsgi:application", "bench.bare.settings")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn server (the site with the bench settings, or ``app=BARE``) for a ``with`` block."""

    def __init__(self, env, workers=WORKERS, threads=THREADS, worker_class=WORKER_CLASS, app=SITE):
        self.port = free_port()
        self.env = env
        application, settings_module = app
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            application,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
            "--env",
            f"DJANGO_SETTINGS_MODULE={settings_module}",
        ]

    def __enter__(self):
        # cwd: ``python -m`` puts the working folder first on sys.path, and the baseline file is
        # relative to it; the bench may be run from another checkout (a worktree of older code).
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url(BASELINE_PATH), timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not start within 30 s")

    def __exit__(self, *exc):
        stop_process_group(self.process)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


LATENCY_LINE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def stop_process_group(process, grace=10):
    """Stop a server started in a process group of its own (``start_new_session=True``): SIGTERM to
    the group, SIGKILL if it has not gone within ``grace`` seconds."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wrk(url, seconds=10, connections=CONNECTIONS):
    if not shutil.which("wrk"):
        raise RuntimeError(WRK_INSTALL_HINT)
    run = subprocess.run(
        ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    output = run.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {f"p{p}": float(v) * UNITS[u] for p, v, u in LATENCY_LINE.findall(output)}
    errors = re.search(r"Socket errors: (.*)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50_ms": percentiles.get("p50"),
        "p99_ms": percentiles.get("p99"),
        "socket_errors": errors.group(1) if errors else "",
        "bad_status": int(non_2xx.group(1)) if non_2xx else 0,
    }


def measure_bare(env, seconds=10, warmup=2):
    """Requests per second and latency of the bare Django project: the baseline of every ratio."""
    with Gunicorn(env, app=BARE) as server:
        wrk(server.url(BASELINE_PATH), seconds=warmup)
        return wrk(server.url(BASELINE_PATH), seconds=seconds)


class RedisServer:
    """A private, memory-only redis-server on a free port for a ``with`` block: cached runs start
    empty without flushing anyone else's Redis, and no other user's keys share its memory."""

    def __enter__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("redis-server did not start within 10 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def url(self, database=0):
        return f"redis://127.0.0.1:{self.port}/{database}"


def measure_pages(pages, env, seconds=10, warmup=2):
    """Requests per second and latency for the in-stack baseline and each page, with env's cache."""
    results = {}
    with Gunicorn(env) as server:
        for name, path in [("baseline", BASELINE_PATH), *pages.items()]:
            wrk(server.url(path), seconds=warmup)
            results[name] = wrk(server.url(path), seconds=seconds)
    return results
