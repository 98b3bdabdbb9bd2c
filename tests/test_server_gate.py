"""The gate that keeps a closed page's beacons away from the database while it is emptied."""

import threading
import urllib.error
import urllib.request

import pytest

from tests.server_gate import ServerGate, answering, gate_of


class Body:
    """A response body that records when the server closes it."""

    def __init__(self):
        self.closed = False

    def __iter__(self):
        return iter([b"ok"])

    def close(self):
        self.closed = True


def start_response_recorder():
    statuses = []

    def start_response(status, headers):
        statuses.append(status)

    return statuses, start_response


def test_a_closed_gate_answers_503_without_calling_the_application():
    called = []
    gate = ServerGate(lambda environ, start_response: called.append(environ) or [b"ok"])
    assert gate.close_and_wait(timeout=0.1) == 0
    statuses, start_response = start_response_recorder()

    assert b"".join(gate({}, start_response)) == b"The test has ended.\n"
    assert statuses == ["503 Service Unavailable"]
    assert called == []

    gate.open()
    assert b"".join(gate({}, start_response)) == b"ok"
    assert len(called) == 1


def test_closing_waits_until_the_request_inside_has_been_answered():
    body = Body()
    gate = ServerGate(lambda environ, start_response: body)
    statuses, start_response = start_response_recorder()
    answered = gate({}, start_response)  # inside: the server has not closed the body yet

    assert gate.close_and_wait(timeout=0.05) == 1

    closer = threading.Timer(0.1, answered.close)
    closer.start()
    assert gate.close_and_wait(timeout=5) == 0
    assert body.closed
    closer.join()


def test_a_request_that_raises_is_not_counted_as_inside():
    def broken(environ, start_response):
        raise RuntimeError("the view failed")

    gate = ServerGate(broken)
    statuses, start_response = start_response_recorder()
    with pytest.raises(RuntimeError, match="the view failed"):
        gate({}, start_response)
    assert gate.close_and_wait(timeout=0.05) == 0


def test_a_test_finds_the_live_server_answering_after_an_earlier_test_closed_it(live_server):
    # The live server lives for the session; the gate the last test closed is opened for this one.
    robots = live_server.url + "/robots.txt"
    gate = gate_of(live_server)
    gate.close_and_wait()  # as an earlier test's end leaves it
    with pytest.raises(urllib.error.HTTPError) as turned_away:
        urllib.request.urlopen(robots, timeout=5)
    assert turned_away.value.code == 503

    with answering(gate), urllib.request.urlopen(robots, timeout=5) as answer:
        assert answer.status == 200
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(robots, timeout=5)
    gate.open()  # for the rest of this test, as the fixture expects
