"""Growth tests: a text pass over untrusted input is timed on inputs that double from 4 KB to 1 MB,
and each doubling may cost at most about three times as much (linear, with room for noise).

Shared by the slow-pattern tests of every module that reads outside input (tests/security/,
tests/ingest/, tests/photos/); ``SHAPES`` are the hostile texts every HTML or text pass meets.
"""

import contextlib
import gc
import time

SMALLEST = 4 * 1024
LARGEST = 1024 * 1024
# Doubling the input may at most triple the time, plus this much for timer and allocator noise.
GROWTH = 3.0
NOISE_SECONDS = 0.05
LARGEST_SECONDS = 5.0

# Each shape makes a string of about ``size`` characters.
SHAPES = {
    "unclosed start tags": lambda size: "x" + "<a" * (size // 2),
    "unclosed closing tags": lambda size: "</a" * (size // 3),
    "comment openers": lambda size: "<!--" * (size // 4),
    "ampersands": lambda size: "&" * size,
    "entity names without semicolons": lambda size: "&amp" * (size // 4),
    "less-than signs": lambda size: "<" * size,
    "blanks after a less-than": lambda size: "<" + " " * size,
    "blanks around a slash": lambda size: "< " + " " * (size // 2) + "/" + " " * (size // 2),
    "nested tags": lambda size: "<b><i>" * (size // 6) + "deep",
    "nested blocks": lambda size: "<div><blockquote>" * (size // 17) + "deep",
    "misnested links and tables": lambda size: "<a href=x><table><tr><td>" * (size // 25),
    "long attribute run": lambda size: "<a " + 'title="x" ' * (size // 10),
    "long closed attribute run": lambda size: "<p " + "x=1 " * (size // 4) + ">text</p>",
    "doctype openers": lambda size: "<!DOCTYPE x [" * (size // 13) + "<rss/>",
    "closed doctypes": lambda size: "<!DOCTYPE x>" * (size // 12) + "<rss/>",
    "processing instruction openers": lambda size: "<?" * (size // 2),
    "credits without a full stop": lambda size: "photo:a" * (size // 7) + ".x",
    "blank lines and indents": lambda size: "\n \n\t" * (size // 4) + "x",
    "byline separators": lambda size: "by " + "and , " * (size // 6),
    "digits": lambda size: "1" * size,
}


def cpu_seconds(function, argument, refusals=()):
    """CPU time of one call, with the garbage collector held off while it runs: a full collection
    costs time in the whole test session's heap (0.15 s, once, in a PostgreSQL run), not in the
    input. An exception in ``refusals`` (a limit refusing the input) is an answer too."""
    gc.disable()
    try:
        started = time.process_time()
        with contextlib.suppress(*refusals):
            function(argument)
        return time.process_time() - started
    finally:
        gc.enable()


def settled_pair(function, smaller, larger, refusals=()):
    """The best of three alternating timings of ``smaller`` and ``larger``. Taken back to back, both
    meet the same neighbours: the other test worker on the machine's second core slows a pass two to
    four times while it runs (a CI run measured 0.086 s at 128 KB, then 0.337 s at 256 KB three times
    over, for a pass that takes 0.05 and 0.10 s on a quiet machine), and it slows both sizes alike."""
    small_times, large_times = [], []
    for _ in range(3):
        small_times.append(cpu_seconds(function, smaller, refusals))
        large_times.append(cpu_seconds(function, larger, refusals))
    return min(small_times), min(large_times)


def grows_linearly(small_seconds, large_seconds, factor, noise=NOISE_SECONDS):
    """Whether ``large_seconds`` is within ``factor`` times ``small_seconds``, plus ``noise``."""
    return large_seconds <= factor * small_seconds + noise


def assert_linear(function, shape, label, *, smallest=SMALLEST, largest=LARGEST, refusals=()):
    """Time ``function`` on ``shape(size)`` from ``smallest`` to ``largest``, doubling, failing at the
    first size that costs more than linear growth allows, measured twice: a quadratic pass fails both
    times (four times the time for twice the input), a busy machine only the first."""
    size, previous = smallest, None
    timings = {}
    while size <= largest:
        argument = shape(size)
        elapsed = cpu_seconds(function, argument, refusals)
        if previous is not None and not grows_linearly(previous, elapsed, GROWTH):
            previous, elapsed = settled_pair(function, shape(size // 2), argument, refusals)
            timings[size // 2] = previous
        timings[size] = elapsed
        if previous is not None:
            assert grows_linearly(previous, elapsed, GROWTH), (
                f"{label}: {elapsed:.3f}s at {size:,} after {previous:.3f}s at {size // 2:,} ({timings})"
            )
        previous = elapsed
        size *= 2
    assert timings[largest] < LARGEST_SECONDS, f"{label}: {timings[largest]:.2f}s at {largest:,}"
    # Over the whole range too, not only step by step: eight times the input, about eight times the time.
    eighth, whole = timings[largest // 8], timings[largest]
    if not grows_linearly(eighth, whole, 12, 4 * NOISE_SECONDS):
        eighth, whole = settled_pair(function, shape(largest // 8), shape(largest), refusals)
    assert grows_linearly(eighth, whole, 12, 4 * NOISE_SECONDS), (
        f"{label}: {timings} (again: {eighth:.3f}s and {whole:.3f}s)"
    )
