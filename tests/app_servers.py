"""Application servers for tests: gunicorn with ``newsroom.wsgi`` on a free port of 127.0.0.1, and the
management commands an operator runs beside it, in processes of their own with the same environment
(tests/test_app_servers.py)."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.load import stop_process_group
from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "tests.app_server_settings"
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class AppServer:
    """One gunicorn for a ``with`` block. Its port is chosen when it is made, so that a Varnish in
    front can name it before it starts; ``env`` is read when it starts."""

    def __init__(self, name, log_folder):
        self.name = name
        self.port = free_port()
        self.log_path = Path(log_folder) / f"{name}.log"
        self.process = None
        self.env = None

    @property
    def address(self):
        return ("127.0.0.1", self.port)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, env, timeout=60):
        return self.launch(env).wait_until_ready(timeout)

    def launch(self, env):
        """Start gunicorn and return at once (:meth:`wait_until_ready` waits for it to answer)."""
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ]
        self.env = {**env, "DJANGO_SETTINGS_MODULE": SETTINGS}
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with LOCAL.open(self.url("/robots.txt"), timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        log = self.log_tail()
        self.stop()
        raise RuntimeError(f"gunicorn {self.name} did not answer within {timeout} s:\n{log}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        stop_process_group(self.process, grace=15)

    def log_tail(self):
        return self.log_path.read_text(errors="replace")[-3000:] if self.log_path.exists() else ""

    def manage(self, *args, env=None):
        """``manage.py ARGS`` as an operator runs it on this server (same settings and environment,
        plus ``env``), started now; returns the ``Popen`` (text output on its pipes)."""
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            # Unbuffered: a test reads the command's lines as it writes them.
            env={**self.env, "PYTHONUNBUFFERED": "1", **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
