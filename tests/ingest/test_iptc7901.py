"""IPTC 7901 and ANPA 1312 text wires: headings, control characters, bodies, takes, bad input.

Fixtures (tests/fixtures/feeds/iptc7901) are original stories in three agency styles: a European
national agency's IPTC 7901 (SOH/STX/ETX/EOT, 7901 heading, keyword line, "=" headline, "(more)"),
a US agency's ANPA 1312 (SYN SYN SOH, US, selector codes, DC3/DC1 format identifiers, ``^`` header
lines, tabbed paragraphs, "_" dash, "MORE", "1st Add", "Kill") and an Indian agency's teleprinter
framing (ZCZC ... NNNN, "URG GEN NAT", ".MUMBAI DWS17", "2 LAST", MMDDHHMM time line).
"""

from datetime import UTC, datetime

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.formats.detect import IPTC7901, detect_format
from articles.ingest.formats.iptc7901 import parse_iptc7901
from articles.ingest.items import CANCELED, CATEGORY, CORRECTION, UPDATE, ParseError, Take
from tests.ingest.builders import fixture_bytes

NOW = datetime(2025, 12, 1, tzinfo=UTC)


def one(name, **options):
    batch = parse_iptc7901(fixture_bytes(f"iptc7901/{name}"), name=name, now=NOW, **options)
    assert len(batch) == 1 and not batch.rejected
    return batch[0]


def test_iptc_7901_heading_keyword_headline_byline_and_opening_dateline():
    item = one("mep-budget-1.txt")
    assert item.guid == "mep/2025-07-14/parliament-budget"
    assert item.urgency == 3
    assert item.slugline == "Parliament/Budget"
    assert item.keywords == ["Parliament", "Budget"]
    assert [(subject.code, subject.name, subject.kind) for subject in item.subjects] == [
        ("iptc7901:pol", "Politics", CATEGORY)
    ]
    assert item.headline == "Regional parliament passes budget after all-night sitting"
    assert item.byline == "By Lena Hofer"
    assert item.bylines == ["Lena Hofer"]
    assert item.dateline == "Linz"
    assert item.credit == item.provider == "MEP"
    # The opening "Linz (MEP) - " is the dateline, not the first words of the body.
    assert item.body_html.startswith("<p>The regional parliament approved next year's budget shortly")
    assert "<p>The vote was 31 to 24. Two members were absent.</p>" in item.body_html
    assert "(more)" not in item.body_html
    assert item.version_created == item.first_created == datetime(2025, 7, 14, 6, 5, tzinfo=UTC)
    assert item.take == Take(number=1, last=False, story="mep/parliament-budget")


def test_iptc_7901_later_takes_carry_their_number_and_the_last_its_end():
    second, third = one("mep-budget-2.txt"), one("mep-budget-3.txt")
    assert second.take == Take(number=2, last=False, story="mep/parliament-budget")
    assert third.take == Take(number=3, last=True, story="mep/parliament-budget")
    assert second.guid == third.guid == "mep/2025-07-14/parliament-budget"
    assert second.body_html.startswith("<p>Finance councillor Ilse Brandner said")
    # "(ends)" and the sign-off "mep lh/kr" are not story text.
    assert third.body_html.endswith("a spokesman for the transport authority added.</p>")
    assert "mep lh" not in third.body_html


def test_several_whole_stories_in_one_windows_1252_file():
    batch = parse_iptc7901(fixture_bytes("iptc7901/mep-two-briefs.txt"), name="briefs.txt")
    assert [item.headline for item in batch] == ["Home crew wins lake regatta", "Cooler week ahead"]
    assert [item.take.number for item in batch] == [0, 0]
    assert [item.urgency for item in batch] == [4, 5]
    assert [item.subjects[0].name for item in batch] == ["Sport", "Weather"]
    assert "the club’s first win since 2019" in batch[0].body_html  # 0x92 read as Windows-1252
    assert [item.dateline for item in batch] == ["Gmunden", "Salzburg"]


def test_anpa_heading_priority_category_slug_byline_and_underscore_dash():
    item = one("cw-storm-1.txt")
    assert item.guid == "cw/2025-07-14/storm-coast"
    assert item.urgency == 3  # "u": urgent
    assert item.subjects[0].code == "anpa1312:a" and item.subjects[0].name == "Domestic general news"
    assert item.slugline == "bc-Storm-Coast"
    assert item.keywords == []  # an ANPA slug is a filing code
    assert item.headline == "Storm surge floods coastal highway, thousands without power"
    assert item.byline == "By MARISOL DUARTE" and item.bylines == ["Marisol Duarte"]
    assert item.dateline == "PORT ARANSAS, Texas"
    assert item.body_html.startswith("<p>A late-season storm pushed seawater across the coastal highway")
    assert "Continental Wire Writer" not in item.body_html and "^" not in item.body_html
    assert item.version_created == datetime(2025, 7, 14, 15, 32, tzinfo=UTC)
    assert item.take == Take(number=1, last=False, story="cw/storm-coast")


def test_anpa_first_add_is_take_two_and_a_kill_cancels():
    add = one("cw-storm-2.txt")
    assert add.take == Take(number=2, last=True, story="cw/storm-coast")
    assert add.urgency == 5  # "r": regular
    kill = one("cw-storm-kill.txt")
    assert kill.status == CANCELED
    assert kill.guid == add.guid
    assert kill.editorial_note.startswith("Editors: Continental Wire withdraws BC-Storm-Coast.")


def test_teleprinter_framing_priority_word_desk_line_and_time_line():
    first, second = one("dws-rain-1.txt"), one("dws-rain-2.txt")
    assert first.urgency == 3  # URG
    assert [subject.code for subject in first.subjects] == ["teleprinter:gen", "teleprinter:nat"]
    assert first.slugline == "MH-RAIN FLOOD"
    assert first.headline == "Heavy rain halts suburban trains in Mumbai"
    assert first.dateline == "Mumbai"  # "Mumbai, Jul 14 (DWS)": a dateline is a place, not a date
    assert first.body_html.startswith("<p>Torrential overnight rain flooded tracks")
    assert "DWS AK RS" not in first.body_html and "MORE" not in first.body_html
    assert first.version_created == datetime(2025, 7, 14, 10, 15, tzinfo=UTC)  # the year before NOW
    assert first.take == Take(number=1, last=False, story="dws/mh-rain-flood")
    assert second.take == Take(number=2, last=True, story="dws/mh-rain-flood")
    assert second.guid == first.guid == "dws/2025-07-14/mh-rain-flood"


def test_a_time_without_gmt_is_in_the_feeds_time_zone():
    from zoneinfo import ZoneInfo

    vienna = ZoneInfo("Europe/Vienna")
    item = one("mep-budget-1.txt", default_timezone=vienna)
    assert item.version_created == datetime(2025, 7, 14, 6, 5, tzinfo=vienna)
    assert one("cw-storm-1.txt", default_timezone=vienna).version_created.tzinfo == UTC  # "1532GMT"


def message(heading, text, trailer="\r\n150930 JUL 25\r\n"):
    return f"\x01{heading}\x02{text}\x03{trailer}\x04".encode("latin-1")


def test_control_characters_and_typesetting_instructions_never_reach_the_text():
    raw = message(
        "abc0001 4 pol 30\r\nTrams/Strike\r\n",
        "Tram drivers \x0estrike\x0f=\r\n"
        "   Graz (ABC) - Drivers\x07 walked out\x0cQL 9pt\x0b at dawn,\x18 the\x1e union\x7f said.\r\n",
    )
    item = parse_iptc7901(raw)[0]
    assert item.headline == "Tram drivers strike"
    assert item.body_html == "<p>Drivers walked out at dawn, the union said.</p>"
    for character in map(chr, [*range(0, 9), *range(11, 32), 127]):
        assert character not in item.body_html + item.headline


def test_correction_and_writethru_words_become_signals():
    raw = message("abc0002 2 pol 30\r\nTrams/Strike Correction\r\n", "Tram strike ends=\r\n   It ended.\r\n")
    item = parse_iptc7901(raw)[0]
    assert CORRECTION in item.signals and item.take.number == 0
    raw = (
        b"\x16\x16\x01a0001\x1fr cw\r\nu a\x13\x11 bc-Trams 1st Ld-Writethru 07-15 0010\r\n"
        b"\x02\tIt ended.\r\n\x03"
    )
    assert UPDATE in parse_iptc7901(raw)[0].signals


def test_detection_from_content_and_parse_document():
    for name in ("mep-budget-1.txt", "cw-storm-1.txt", "dws-rain-1.txt"):
        raw = fixture_bytes(f"iptc7901/{name}")
        assert detect_format(raw, name) == IPTC7901
        assert len(parse_document(raw, name=name)) == 1
    assert detect_format(b"\r\n\x16\x16\x01a0001", "x") == IPTC7901
    assert detect_format(b'<?xml version="1.0"?><rss/>', "x") != IPTC7901


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"just some text\r\nwith lines\r\n", "no message opens with SOH"),
        (b"\x01abc0001 3 pol 10\r\nKeyword\r\nno STX here\x03\x04", "no STX"),
        (b"\x01abc0001 3 pol 10\r\nKeyword\r\n\x02Cut off in the mid", "may have been cut off"),
        (b"\x01hello world\r\n\x02Text=\r\n   More text.\r\n\x03\x04", "neither IPTC 7901"),
        (b"\x16\x16\x01a0001\x1fr\r\nzz top\r\n\x02\tText\r\n\x03\x04", "priority letter"),
        (b"\x16\x16\x01abc\x1fr\r\nu a bc-Slug\r\n\x02\tText\r\n\x03\x04", "service level letter"),
        (b"ZCZC\r\nHELLO GEN\r\nSLUG\r\n   Text.\r\nNNNN\r\n", "priority word"),
        (b"ZCZC\r\nURG GEN\r\nSLUG\r\n   Text that never ends", "may have been cut off"),
        (b"\x01abc0001 3 pol 10\r\n\x02\x03\x04", "neither a keyword nor any text"),
    ],
)
def test_bad_input_is_refused_with_a_reason(raw, reason):
    with pytest.raises(ParseError) as refused:
        parse_iptc7901(raw, name="bad.txt")
    assert reason in str(refused.value)
    assert "bad.txt" in str(refused.value)


def test_a_bad_message_is_left_out_and_the_good_ones_kept():
    good = message("abc0003 3 pol 10\r\nTrams/Strike\r\n", "Tram strike=\r\n   Drivers walked out.\r\n")
    batch = parse_iptc7901(b"\x01abc0004 3 pol 10\r\nNo text\r\n\x04" + good, name="two.txt")
    assert [item.headline for item in batch] == ["Tram strike"]
    assert len(batch.rejected) == 1 and "no STX" in batch.rejected[0].reason
