"""Text wires (IPTC 7901, ANPA 1312, ZCZC) cost time linear in their size, whatever their shape.

The reader splits messages with ``str.find`` from the last position and lines once, and uses no
regular expression; these shapes would make a naive reader rescan: SOHs without EOTs, FFs without
VTs, STXs without ETXs, endless heading lines, brackets that never close where a dateline's credit
would, lines of ``^`` header markers, of MORE, of digits. Each is fed doubling from 4 KB to 1 MB;
CPU time may at most about triple with each doubling (as in test_slow_patterns.py).
"""

import contextlib
import time

import pytest

from articles.ingest.formats.detect import detect_format
from articles.ingest.formats.iptc7901 import parse_iptc7901
from articles.ingest.items import ParseError

pytestmark = pytest.mark.slow

SMALLEST = 4 * 1024
LARGEST = 1024 * 1024
GROWTH = 3.0
NOISE_SECONDS = 0.05
LARGEST_SECONDS = 5.0

HEADING = "\x01abc0001 3 pol 10\r\nKey/Word\r\n\x02"
ANPA = "\x16\x16\x01a0001\x1fr cw\r\nu a\x13\x11 bc-Slug 07-14 0010\r\n\x02"
SHAPES = {
    "SOHs without EOT": lambda size: "\x01" * size,
    "SOH and heading, repeated": lambda size: (HEADING + "x") * (size // (len(HEADING) + 1)),
    "STXs without ETX": lambda size: HEADING + "\x02" * size,
    "FFs without VT": lambda size: HEADING + "text\x0c" * (size // 5) + "\x03\x04",
    "FF then VTs": lambda size: HEADING + "\x0c" + "\x0b" * size + "\x03\x04",
    "one endless heading line": lambda size: "\x01" + "a" * size + "\x02x\x03\x04",
    "endless keyword line": lambda size: "\x01abc0001 3 pol 10\r\n" + "2 " * (size // 2) + "\x02x\x03\x04",
    "brackets where a credit would be": lambda size: (
        HEADING + "Head=\r\n   " + " (" * (size // 2) + "\x03\x04"
    ),
    "place then brackets": lambda size: HEADING + "Head=\r\n   Linz" + " (MEP" * (size // 5) + "\x03\x04",
    "ANPA header markers": lambda size: ANPA + "^x<\r\n" * (size // 5) + "\x03\x04",
    "ANPA tabs": lambda size: ANPA + "\t" * size + "x\x03\x04",
    "MORE lines": lambda size: HEADING + "MORE\r\n" * (size // 6) + "\x03\x04",
    "blank lines and indents": lambda size: HEADING + "\r\n \r\n\t" * (size // 5) + "x\x03\x04",
    "digits": lambda size: HEADING + "1" * size + "\x03\x04",
    "ZCZC lines": lambda size: "ZCZC\r\n" * (size // 6),
    "ZCZC message of lines": lambda size: "ZCZC\r\nURG GEN\r\nSLUG\r\n" + "   x\r\n" * (size // 6) + "NNNN",
    "SYN padding": lambda size: "\x16" * size + "\x01",
}
READERS = {
    "parse_iptc7901": lambda raw: parse_iptc7901(raw),
    "detect_format": lambda raw: detect_format(raw),
}


def cpu_seconds(function, raw):
    started = time.process_time()
    with contextlib.suppress(ParseError):  # refusing fast is an answer
        function(raw)
    return time.process_time() - started


@pytest.mark.parametrize("shape_name", SHAPES)
@pytest.mark.parametrize("reader_name", READERS)
def test_every_text_wire_pass_is_linear(reader_name, shape_name):
    function, shape = READERS[reader_name], SHAPES[shape_name]
    size, previous, timings = SMALLEST, None, {}
    while size <= LARGEST:
        raw = shape(size).encode("latin-1")
        elapsed = cpu_seconds(function, raw)
        if previous is not None and elapsed > GROWTH * previous + NOISE_SECONDS:
            elapsed = min(elapsed, *(cpu_seconds(function, raw) for _ in range(2)))
        timings[size] = elapsed
        if previous is not None:
            assert elapsed <= GROWTH * previous + NOISE_SECONDS, f"{reader_name}, {shape_name}: {timings}"
        previous = elapsed
        size *= 2
    assert timings[LARGEST] < LARGEST_SECONDS, f"{reader_name}, {shape_name}: {timings}"
    assert timings[LARGEST] <= 12 * timings[LARGEST // 8] + 4 * NOISE_SECONDS, f"{shape_name}: {timings}"
