"""Text wires (IPTC 7901, ANPA 1312, ZCZC) cost time linear in their size, whatever their shape.

The reader splits messages with ``str.find`` from the last position and lines once, and uses no
regular expression; these shapes would make a naive reader rescan: SOHs without EOTs, FFs without
VTs, STXs without ETXs, endless heading lines, brackets that never close where a dateline's credit
would, lines of ``^`` header markers, of MORE, of digits. Each is fed doubling from 4 KB to 1 MB;
CPU time may at most about triple with each doubling (as in test_slow_patterns.py).
"""

import pytest

from articles.ingest.formats.detect import detect_format
from articles.ingest.formats.iptc7901 import parse_iptc7901
from articles.ingest.items import ParseError
from tests.growth import assert_linear

pytestmark = pytest.mark.slow


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


@pytest.mark.parametrize("shape_name", SHAPES)
@pytest.mark.parametrize("reader_name", READERS)
def test_every_text_wire_pass_is_linear(reader_name, shape_name):
    shape = SHAPES[shape_name]
    assert_linear(
        READERS[reader_name],
        lambda size: shape(size).encode("latin-1"),
        f"{reader_name}, {shape_name}",
        refusals=(ParseError,),  # refusing fast is an answer
    )
