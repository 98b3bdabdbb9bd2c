"""The text of a text-wire message: headline, byline, paragraphs, the take markers at its end
("MORE", "ENDS"), the sign-off, the opening "PLACE (AGENCY) _" and the filing time.

Text-wire copy is plain text in lines: ANPA marks header lines with ``^`` (ended by ``<``, quad
left) and starts paragraphs with a tab; IPTC 7901 services end the headline with ``=`` and indent
or space out paragraphs; teleprinter copy indents paragraphs with blanks. Every pass goes through
the lines once with ``str`` methods.
"""

import calendar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from articles.sanitize import clean_html

from ...items import escape_text
from .headings import ANPA1312

MORE_WORDS = {"MORE", "MEHR", "SUITE", "SIGUE", "CONTINUES", "MORE TO COME", "MORE FOLLOWS"}
END_WORDS = {"END", "ENDS", "ENDIT", "ENDE", "FIN", "30", "XXX", "END IT", "ENDS HERE"}
MARKER_PUNCTUATION = " ()[]-–—=_.#*"
LINES_AT_THE_END = 4  # sign-off, marker and time lines are looked for this far from the end
MAX_HEADLINE = 300
MAX_BYLINE = 150
MAX_OPENING = 120  # "PLACE, Region, Mon DD (AGENCY) _" opens within this many characters
MAX_CREDIT = 12
EDITORS_NOTES = (
    "eds:",
    "eds note",
    "editors:",
    "editor's note",
    "editors' note",
    "editors note",
    "note to editors",
)
MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name}
TIME_ZONES_UTC = {"GMT", "UTC", "Z", "UT"}


@dataclass
class WireText:
    headline: str = ""
    byline: str = ""
    editorial_note: str = ""
    paragraphs: list[str] = field(default_factory=list)
    continues: bool = False  # "MORE": another take follows
    ends: bool = False  # "ENDS": the agency marked the end of the story
    dateline: str = ""
    credit: str = ""
    time_line: str = ""  # a teleprinter message's filing time, the last line of its text


def read_text(lines, *, style, agencies=()):
    """A :class:`WireText` from the text's lines (control characters already gone)."""
    lines = [line.rstrip() for line in lines]
    text = WireText()
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    end = read_the_end(lines, start, end, text, agencies)
    lines = lines[start:end]
    lines = read_anpa_headers(lines, text) if style == ANPA1312 else read_plain_headers(lines, text)
    text.paragraphs = paragraphs_of(lines, anpa=style == ANPA1312)
    if text.paragraphs:
        opening = opening_credit(text.paragraphs[0], agencies)
        if opening:
            text.dateline, text.credit, rest = opening
            text.paragraphs[0] = rest
            if not rest:
                text.paragraphs.pop(0)
    return text


def read_the_end(lines, start, end, text, agencies):
    """Take the filing-time line, the sign-off and the take marker off the end; the new end."""
    codes = {code.casefold() for code in agencies}
    looked = 0
    while end > start and looked < LINES_AT_THE_END:
        line = lines[end - 1].strip()
        if not line:
            end -= 1
            continue
        looked += 1
        marker = line.strip(MARKER_PUNCTUATION).upper()
        if marker in MORE_WORDS:
            text.continues = True
            return end - 1
        if marker in END_WORDS:
            text.ends = True
            return end - 1
        if not text.time_line and is_time_line(line):
            text.time_line = line
            end -= 1
            continue
        if is_sign_off(line, codes):
            end -= 1
            continue
        break
    return end


def is_time_line(line):
    compact = line.replace(" ", "")
    return compact.isdigit() and len(compact) in (6, 8, 10, 12)


def is_sign_off(line, codes):
    """ "DWS AK RS" or "mep ks/hb": the agency's code then the editors' initials."""
    words = line.replace("/", " ").split()
    return (
        bool(words)
        and words[0].casefold() in codes
        and len(words) <= 6
        and all(word.isalpha() and len(word) <= 5 for word in words)
    )


def read_anpa_headers(lines, text):
    """``^`` lines at the top: the keyword line, headline, byline and its title, editors' notes."""
    position = 0
    headers = []
    while position < len(lines) and (lines[position].startswith("^") or not lines[position].strip()):
        header = lines[position].strip().lstrip("^").rstrip("<=").strip()
        if header:
            headers.append(header)
        position += 1
    after_byline = False
    for header in headers:
        folded = header.casefold()
        if folded.startswith(EDITORS_NOTES):
            text.editorial_note = " ".join(
                (text.editorial_note, header.partition(":")[2].strip() or header)
            ).strip()
        elif folded.startswith("by "):
            text.byline, after_byline = header[:MAX_BYLINE], True
        elif after_byline:
            after_byline = False  # the byline's title: "Continental Wire Writer"
        elif folded[:3] in ("bc-", "am-", "pm-", "ap-") and not text.headline:
            continue  # the keyword line repeats the heading
        elif not text.headline:
            text.headline = header[:MAX_HEADLINE]
    return lines[position:]


def read_plain_headers(lines, text):
    """The headline (a first line ended by ``=``, or followed by a blank or an indented line) and
    a "By ..." line under it."""
    if not lines:
        return lines
    first = lines[0]
    following = lines[1] if len(lines) > 1 else ""
    if not first[:1].isspace() and (
        first.endswith("=") or (len(lines) > 1 and (not following.strip() or following[:1].isspace()))
    ):
        text.headline = first.rstrip("= ").strip()[:MAX_HEADLINE]
        lines = lines[1:]
    position = 0
    while position < len(lines) and not lines[position].strip():
        position += 1
    if position < len(lines):
        candidate = lines[position].strip()
        if candidate.casefold().startswith("by ") and len(candidate) <= MAX_BYLINE:
            text.byline = candidate.rstrip("=").strip()
            lines = lines[position + 1 :]
    return lines


def paragraphs_of(lines, *, anpa):
    """Paragraphs: an indented line (a tab, or two blanks) or a blank line starts one; without
    either, every line is a paragraph. ANPA's " _ " is its dash."""
    indented = any(is_indented(line) for line in lines)
    spaced = any(not line.strip() for line in lines)
    paragraphs, current = [], []
    for line in lines:
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        if current and (is_indented(line) or not (indented or spaced)):
            paragraphs.append(current)
            current = []
        current.append(line.strip().rstrip("=").strip() if line.rstrip().endswith(" =") else line.strip())
    if current:
        paragraphs.append(current)
    joined = [" ".join(" ".join(paragraph).split()) for paragraph in paragraphs]
    if anpa:
        joined = [paragraph.replace(" _ ", " — ").replace(" _", " —") for paragraph in joined]
    return [paragraph for paragraph in joined if paragraph]


def is_indented(line):
    return line.startswith("\t") or line.startswith("  ")


def opening_credit(paragraph, agencies=()):
    """``(dateline, credit, rest)`` when ``paragraph`` opens "PLACE[, Region][, Mon DD] (AGENCY)"
    and a dash, underscore or colon (or nothing, as Indian agencies write it); else ``None``.

    The credit must be one of the codes the message names, when it names any, so that
    "Prime Minister (PM) said" is not taken for a dateline."""
    head = paragraph[:MAX_OPENING]
    opening = head.find(" (")
    if opening <= 0:
        return None
    closing = head.find(")", opening)
    credit = head[opening + 2 : closing] if closing != -1 else ""
    if (
        not credit
        or len(credit) > MAX_CREDIT
        or not credit.replace("-", "").isalnum()
        or not credit.isupper()
    ):
        return None
    codes = {code.casefold() for code in agencies}
    if codes and credit.casefold() not in codes:
        return None
    place = head[:opening].strip(" ,")
    words = place.split()
    if (
        not place[:1].isupper()
        or len(words) > 8
        or ". " in place
        or any(word[:1].islower() for word in words)
    ):
        return None
    rest = paragraph[closing + 1 :].lstrip()
    for separator in ("--", "-", "–", "—", "_", ":"):
        if rest.startswith(separator):
            rest = rest[len(separator) :].lstrip()
            break
    return place, credit, rest


def body_html(paragraphs):
    return clean_html("".join(f"<p>{escape_text(paragraph)}</p>" for paragraph in paragraphs))


# Filing times ---------------------------------------------------------------------------------------


def filing_time(trailer, time_line, *, zone=UTC, now=None):
    """The agency's filing time from a 7901 trailer ("141032 JUL 25"), an ANPA trailer
    ("CW-HOU-07-14-25 1532GMT") or a teleprinter time line ("07141530", month, day, hour, minute:
    the year is the one that puts it nearest before now); ``None`` when there is none."""
    for candidate in (trailer or "", time_line or ""):
        words = candidate.replace("\r", " ").replace("\n", " ").split()
        if not words:
            continue
        zone_of = UTC if words[-1].upper() in TIME_ZONES_UTC else zone
        moment = (
            iptc_trailer_time(words, zone_of)
            or anpa_trailer_time(words, zone)
            or teleprinter_time("".join(words), zone, now)
        )
        if moment is not None:
            return moment
    return None


def iptc_trailer_time(words, zone):
    if len(words) < 3 or len(words[0]) != 6 or not words[0].isdigit():
        return None
    month = MONTHS.get(words[1][:3].casefold())
    year = words[2]
    if month is None or not year.isdigit() or len(year) not in (2, 4):
        return None
    day, hour, minute = int(words[0][:2]), int(words[0][2:4]), int(words[0][4:])
    return moment_or_none(full_year(int(year)), month, day, hour, minute, zone)


def anpa_trailer_time(words, zone):
    """``CW-HOU-07-14-25 1532GMT``: the last three parts of the first word, then HHMM."""
    if len(words) < 2:
        return None
    parts = words[-2].split("-")
    clock = words[-1].upper()
    utc = clock.endswith("GMT") or clock.endswith("UTC")
    clock = clock[:-3] if utc else clock
    if (
        len(parts) < 3
        or not all(part.isdigit() for part in parts[-3:])
        or len(clock) != 4
        or not clock.isdigit()
    ):
        return None
    month, day, year = (int(part) for part in parts[-3:])
    return moment_or_none(full_year(year), month, day, int(clock[:2]), int(clock[2:]), UTC if utc else zone)


def teleprinter_time(compact, zone, now):
    if not compact.isdigit():
        return None
    if len(compact) == 8:  # MMDDHHMM
        now = (now or datetime.now(UTC)).astimezone(zone)
        month, day, hour, minute = (int(compact[i : i + 2]) for i in range(0, 8, 2))
        for year in (now.year, now.year - 1):
            moment = moment_or_none(year, month, day, hour, minute, zone)
            if moment is not None and moment <= now + timedelta(days=1):
                return moment
        return None
    if len(compact) in (10, 12):  # YYMMDDHHMM, YYYYMMDDHHMM
        year_digits = len(compact) - 8
        year = full_year(int(compact[:year_digits]))
        month, day, hour, minute = (int(compact[i : i + 2]) for i in range(year_digits, year_digits + 8, 2))
        return moment_or_none(year, month, day, hour, minute, zone)
    return None


def full_year(year):
    return year + 2000 if year < 100 else year


def moment_or_none(year, month, day, hour, minute, zone):
    try:
        return datetime(year, month, day, hour, minute, tzinfo=zone)
    except ValueError:
        return None
