"""A real ``varnishd`` with the project's VCL (``deploy/varnish/default.vcl``) in front of the live test
server, for the tests that need the HTTP cache readers meet first.

- :func:`varnish` (session): one varnishd for the whole run, its application server a
  :class:`Switch` (a small TCP proxy to pytest-django's ``live_server``) that a test can stop, make
  fail or start again, so Varnish sees the application go down while the live server runs on. Skips
  with the reason where varnishd is not installed (``apt-get install varnish varnish-modules``).
- :func:`varnish_in_front` (per test): the application purges that Varnish (``FRONTEND_CACHE_URLS``),
  which starts the test empty, with the application switched on, and every purge sent before the
  test ends.
- :class:`Varnish` (``bench.frontends``) starts varnishd in front of any application servers, such as
  two gunicorns: ``with Varnish([("127.0.0.1", port_a), ("127.0.0.1", port_b)]) as cache: ...``.

Registered for every test module by ``pytest_plugins`` in ``tests/conftest.py``.
"""

import contextlib
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from bench.frontends import Varnish, executable, free_port

__all__ = ["Answer", "Switch", "Varnish", "fetch", "varnish", "varnish_in_front", "varnishd_installed"]

# How long a test may wait for the application's purges to reach Varnish.
PURGE_WAIT_SECONDS = 10
# The grace the tests' Varnish serves stale pages for (its default_grace).
TEST_GRACE = "120s"
NOT_INSTALLED = "varnishd is not installed: apt-get install -y varnish varnish-modules (.ci/run does)"
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def varnishd_installed():
    return executable("varnishd") is not None


@dataclass
class Answer:
    status: int
    headers: dict
    body: str

    @property
    def cache(self):
        """Varnish's X-Cache: HIT, HIT-STALE, MISS, PASS or SYNTH."""
        return self.headers.get("X-Cache", "")


def fetch(url, headers=None, timeout=10):
    """GET ``url`` (errors included) as an :class:`Answer`; no redirect is followed."""

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirects())
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers), response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read().decode(errors="replace"))


class Switch:
    """A TCP proxy on a port of its own to the application at ``target_port``: the application as
    Varnish sees it. :meth:`stop` refuses every connection (the application is down), :meth:`fail`
    answers 503 to everything (up, but failing), :meth:`start` passes bytes through again."""

    FAILURE = (
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
        b"Connection: close\r\n\r\ndown\n"
    )

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.failing = False
        self._listener = None
        self._open = set()
        self._lock = threading.Lock()

    def start(self):
        self.failing = False
        if self._listener is not None:
            return self
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def fail(self):
        self.start()
        self.failing = True
        self._close_open()

    def stop(self):
        listener, self._listener = self._listener, None
        if listener is not None:
            # shutdown() first: close() alone leaves a socket that a thread waits in accept() on
            # listening, and Varnish would still get through.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        self._close_open()

    def _close_open(self):
        with self._lock:
            connections, self._open = self._open, set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # closed by stop()
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        if self.failing:
            try:
                client.recv(65536)
                client.sendall(self.FAILURE)
            finally:
                client.close()
            return
        try:
            upstream = socket.create_connection(self.target, timeout=30)
        except OSError:
            client.close()
            return
        with self._lock:
            self._open |= {client, upstream}
        threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
        self._pump(client, upstream)

    def _pump(self, source, destination):
        try:
            while chunk := source.recv(65536):
                destination.sendall(chunk)
        except OSError:
            pass  # the other side closed, or stop() did
        for connection in (source, destination):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._open.discard(connection)
            connection.close()


@pytest.fixture(scope="session")
def varnish(live_server):
    """varnishd with the project's VCL in front of the live server (through a :class:`Switch`, as
    ``varnish.switch``), for the whole session."""
    if not varnishd_installed():
        pytest.skip(NOT_INSTALLED)
    host, port = live_server.url.removeprefix("http://").rsplit(":", 1)
    switch = Switch(int(port)).start()
    # No health probe: between tests the live server refuses its database reads. Without one Varnish
    # learns the application is down from the fetch that fails (the VCL's restart for a stale copy).
    with Varnish([(host, switch.port)], grace=TEST_GRACE, probe=False) as cache:
        cache.switch = switch
        yield cache
    switch.stop()


@pytest.fixture
def varnish_in_front(varnish, settings, transactional_db):
    """The session's Varnish, purged by the application (``FRONTEND_CACHE_URLS``), empty and in
    front of a running application when the test starts; every purge the test caused has been sent
    when it ends."""
    from articles import frontend_cache

    settings.FRONTEND_CACHE_URLS = [varnish.base_url]
    # The second purge of each change (a page made while it committed) comes soon, so that a test
    # waiting for every purge does not wait long.
    settings.FRONTEND_CACHE_REPURGE_SECONDS = 0.3
    varnish.switch.start()
    varnish.purge(frontend_cache.keys.SITE)
    yield varnish
    varnish.switch.start()
    frontend_cache.wait_for_purges(PURGE_WAIT_SECONDS)
