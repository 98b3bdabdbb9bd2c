"""Sockets and addresses for tests: local servers, a free port, the test database for other processes."""

import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a test starts in a process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def url_of_the_test_database():
    """The PostgreSQL test database as a DATABASE_URL, for commands a test runs in another process."""
    database = settings.DATABASES["default"]
    credentials = (database.get("USER") or "postgres") + (
        f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    )
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{database['NAME']}"


def command_environment(tmp_path, **extra):
    """The environment of a ``manage.py`` command a test runs in another process: the test database
    (PostgreSQL), a media folder of its own under ``tmp_path``, and ``extra``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": url_of_the_test_database(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


class ConnectionCounter:
    """Accepts TCP connections on 127.0.0.1 and counts them (closing each at once)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.accept_forever, daemon=True)
        self.thread.start()

    def accept_forever(self):
        while self.running:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


class Routes(BaseHTTPRequestHandler):
    """Answers from ``server.routes``: path -> (status, headers dict, body bytes)."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.requests.append((self.path, dict(self.headers)))
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"missing"))
        if callable(body):
            status, headers, body = body(self)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers and not headers.get("X-Close-Delimited"):
            self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 answering from ``routes`` (see Routes)."""

    def __init__(self, routes):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Routes)
        self.server.routes = routes
        self.server.requests = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requests(self):
        return self.server.requests

    @property
    def port(self):
        return self.server.server_address[1]

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
