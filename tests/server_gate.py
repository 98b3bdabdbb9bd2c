"""A gate in front of pytest-django's live server, closed between tests while the database is emptied.

A browser test ends by closing its pages, and a closed editor page still sends its goodbyes
(``navigator.sendBeacon`` on ``pagehide``: the lock's release and the last autosave). Those requests
reach the live server while pytest-django's flush is truncating every table; the beacon's
``SELECT ... FOR UPDATE`` and the ``TRUNCATE`` then wait on each other's table locks and PostgreSQL
cancels the flush (a CI run failed so, at teardown of an autosave test). Waiting for the page to go
quiet does not help: the beacon leaves after the page has gone. A Varnish background fetch could
arrive as late.

So between tests the gate answers every request with 503 before Django sees it, and the flush waits
until the requests already inside have been answered. The live server lives for the whole session,
so every test that uses it opens the gate first (``tests/conftest.py``).
"""

import contextlib
import threading


class ServerGate:
    """A WSGI application around the live server's own, counting the requests inside it."""

    def __init__(self, application):
        self.application = application
        self.is_open = True
        self.inside = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            if not self.is_open:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"The test has ended.\n"]
            self.inside += 1
        try:
            response = self.application(environ, start_response)
        except BaseException:
            self._left()
            raise
        return _AnsweredThenLeft(response, self._left)

    def open(self):
        with self.changed:
            self.is_open = True

    def close_and_wait(self, timeout=10.0):
        """Turn new requests away, then wait until those inside have been answered.

        Returns how many are still inside after ``timeout`` seconds (0 when all were answered).
        """
        with self.changed:
            self.is_open = False
            self.changed.wait_for(lambda: self.inside == 0, timeout=timeout)
            return self.inside

    def _left(self):
        with self.changed:
            self.inside -= 1
            self.changed.notify_all()


class _AnsweredThenLeft:
    """The response's body, which counts the request as answered once the server has closed it.

    The WSGI server closes the body after sending it; Django's ``request_finished`` (which closes the
    request's database connection) runs inside that close, so the request is out of the database
    when ``left`` is called.
    """

    def __init__(self, response, left):
        self.response = response
        self.left = left

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            close = getattr(self.response, "close", None)
            if close is not None:
                close()
        finally:
            self.left()


@contextlib.contextmanager
def answering(gate, timeout=10.0):
    """Open ``gate`` for the time of a test; then close it and wait for the requests inside."""
    gate.open()
    yield gate
    still_inside = gate.close_and_wait(timeout)
    assert still_inside == 0, f"{still_inside} request(s) to the live server unanswered after {timeout:g} s"


def gate_of(live_server):
    """The gate in front of ``live_server``, put there on first use."""
    httpd = live_server.thread.httpd
    application = httpd.get_app()
    if not isinstance(application, ServerGate):
        application = ServerGate(application)
        httpd.set_app(application)
    return application
