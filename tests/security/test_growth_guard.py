"""The growth guard every slow-pattern test leans on must still catch a quadratic pass after it learnt
to measure a suspicious step again (tests/growth.py), and must pass a linear one."""

import pytest

from tests.growth import assert_linear

pytestmark = pytest.mark.slow


def rescan_from_every_4th_character(text):
    """A naive pass: look for a closing mark from every fourth position on, as a reader that restarts its
    search after every opener would. Twice the text, four times the work."""
    for start in range(0, len(text), 4):
        text.find("\x00", start)


def scan_once(text):
    text.find("\x00")
    text.count("<")


def test_the_guard_catches_a_quadratic_pass():
    with pytest.raises(AssertionError, match="quadratic"):
        assert_linear(rescan_from_every_4th_character, lambda size: "<!--" * (size // 4), "quadratic")


def test_the_guard_passes_a_linear_pass():
    assert_linear(scan_once, lambda size: "<!--" * (size // 4), "linear")
