"""The heading of a text-wire message: who sent it, its number, priority, category and keyword.

Three shapes share one meaning:

- IPTC 7901 (after SOH): ``mep0231 3 pol 412 MEP ...`` is the source and message number, the
  priority (1 flash ... 6), the category, the word count and optional information; the lines after
  it, up to STX, are the keyword line ("Parliament/Budget") with any take words ("(2)", "2 last").
- ANPA 1312 (after SYN SYN SOH): ``a0123`` (service level letter and number), US, the selector
  codes; then ``r a`` (priority letter, category letter), the format identifiers (DC1-DC4), the
  keyword with its cycle designator (``bc-Storm-Coast``), the version words ("1st Add",
  "Ld-Writethru", "Kill"), a reference (month-day) and the word count.
- Teleprinter (ZCZC): a priority word and selector codes (``URG GEN NAT``), a line with the filing
  desk and number (``.MUMBAI DWS17``), then the keyword line with its take words.

Every reader splits lines and tokens with ``str`` methods: nothing here can backtrack.
"""

from dataclasses import dataclass, field

from .messages import MessageError

IPTC7901, ANPA1312, TELEPRINTER = "iptc7901", "anpa1312", "teleprinter"
US = "\x1f"
FORMAT_IDENTIFIERS = "\x11\x12\x13\x14"
CYCLES = ("am-", "pm-", "bc-", "ap-")
MAX_HEADING_LINE = 1000

# ANPA priority letters (AP's filing guide): flash, bulletin, urgent, regular, deferred, advance.
ANPA_PRIORITIES = {"f": 1, "b": 2, "u": 3, "r": 5, "d": 6, "a": 7}
# Teleprinter priority words, in the agencies' abbreviations.
PRIORITY_WORDS = {
    **dict.fromkeys(("FLASH", "FLS"), 1),
    **dict.fromkeys(("BULLETIN", "BLT", "BLTN"), 2),
    **dict.fromkeys(("URGENT", "URG"), 3),
    **dict.fromkeys(("PRIORITY", "PRI"), 4),
    **dict.fromkeys(("ROUTINE", "RTN", "REG", "REGULAR"), 5),
    **dict.fromkeys(("DEFERRED", "DEF"), 6),
}
# ANPA category letters as AP files them.
ANPA_CATEGORIES = {
    "a": "Domestic general news",
    "d": "Food",
    "e": "Entertainment",
    "f": "Business and finance",
    "i": "International",
    "k": "Commentary",
    "l": "Lifestyle",
    "n": "State and regional",
    "o": "Weather",
    "p": "National politics",
    "q": "Sports results",
    "r": "Racing",
    "s": "Sports",
    "t": "Travel",
    "v": "Advisories",
    "w": "Washington",
}
# The IPTC's three-letter subject categories (IIM 2:15), which many 7901 services use.
IPTC_CATEGORIES = {
    "ace": "Arts, culture and entertainment",
    "clj": "Crime, law and justice",
    "dis": "Disasters and accidents",
    "fin": "Economy, business and finance",
    "edu": "Education",
    "evn": "Environmental issues",
    "hth": "Health",
    "hum": "Human interest",
    "lab": "Labour",
    "lif": "Lifestyle and leisure",
    "pol": "Politics",
    "rel": "Religion and belief",
    "sci": "Science and technology",
    "soi": "Social issues",
    "spo": "Sport",
    "war": "Unrest, conflicts and war",
    "wea": "Weather",
}


@dataclass
class Heading:
    """What a message's heading says; ``keyword`` is the slug as sent, ``take_words`` what follows
    it (take number, "last", version words), ``agencies`` the agency codes the message names."""

    style: str
    source: str = ""
    number: str = ""
    priority: int | None = None
    categories: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    word_count: int | None = None
    keyword: str = ""
    take_words: str = ""
    place: str = ""
    agencies: list[str] = field(default_factory=list)


def heading_lines(heading):
    lines = heading.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.strip(" \x16\x00") for line in lines if line.strip(" \x16\x00\t")]


def read_heading(heading):
    """The :class:`Heading` of a framed (SOH) message; :class:`MessageError` when it is neither
    IPTC 7901 nor ANPA 1312."""
    lines = heading_lines(heading)
    if not lines:
        raise MessageError("the message has no heading between SOH and STX")
    if any(len(line) > MAX_HEADING_LINE for line in lines):
        raise MessageError(f"a heading line is longer than {MAX_HEADING_LINE} characters: not a wire heading")
    if US in lines[0]:
        return read_anpa(lines)
    heading = read_7901_line(lines[0])
    if heading is None:
        raise MessageError(
            f"the heading “{printable(lines[0])[:80]}” is neither IPTC 7901 (source and number, "
            "priority, category, word count) nor ANPA 1312 (number, US, selector codes)"
        )
    keyword_line = " ".join(line for line in lines[1:] if not has_controls(line))
    heading.keyword, heading.take_words = split_take_words(keyword_line.strip(" /="))
    return heading


def read_7901_line(line):
    """``mep0231 3 pol 412 MEP 140725`` → a 7901 heading, or ``None`` when the line is not one."""
    tokens = line.split()
    if len(tokens) < 3:
        return None
    source, number = split_letters_digits(tokens[0])
    if not source or not number or not tokens[1].isdigit() or len(tokens[1]) > 2:
        return None
    heading = Heading(style=IPTC7901, source=source.lower(), number=number)
    priority = int(tokens[1])
    heading.priority = priority if 1 <= priority <= 9 else None
    category = tokens[2]
    if not category.isalpha() or len(category) > 8:
        return None
    heading.categories = [(category.lower(), IPTC_CATEGORIES.get(category.lower(), ""))]
    rest = tokens[3:]
    if rest and rest[0].isdigit():
        heading.word_count = int(rest[0][:9])
        rest = rest[1:]
    heading.agencies = [source.upper()] + [token for token in rest if token.isalpha() and token.isupper()]
    return heading


def read_anpa(lines):
    """``a0123 US r cwn`` then ``r a DC3 DC1 bc-Storm-Coast 1st Add 07-14 0342``."""
    service, _, selectors = lines[0].partition(US)
    service = service.strip(" \x01\x16")
    level, number = service[:1], service[1:]
    if not level.isalpha() or not number.isdigit():
        raise MessageError(
            f"the ANPA heading “{printable(service)[:40]}” should open with a service level letter "
            "and a message number (a0123)"
        )
    heading = Heading(style=ANPA1312, source=level.lower(), number=number)
    heading.agencies = [code.upper() for code in selectors.split() if code.isalpha() and len(code) > 1]
    if len(lines) < 2:
        raise MessageError("the ANPA heading has no priority, category and keyword line")
    second = lines[1]
    for identifier in FORMAT_IDENTIFIERS:
        second = second.replace(identifier, " ")
    tokens = second.split()
    if len(tokens) < 3 or len(tokens[0]) != 1 or not tokens[0].isalpha():
        raise MessageError(
            f"the ANPA heading line “{printable(lines[1])[:80]}” should give a priority letter, a "
            "category letter and a keyword"
        )
    heading.priority = ANPA_PRIORITIES.get(tokens[0].lower())
    category = tokens[1].lower()
    heading.categories = [(category, ANPA_CATEGORIES.get(category, ""))]
    rest = tokens[2:]
    if len(rest) > 1 and rest[-1].isdigit():
        heading.word_count = int(rest[-1][:9])
        rest = rest[:-1]
    if len(rest) > 1 and is_reference(rest[-1]):
        rest = rest[:-1]
    keyword, _, version = rest[0].partition(",")
    heading.keyword = keyword
    heading.take_words = " ".join([version, *rest[1:]]).strip(" ,")
    return heading


def read_teleprinter(lines):
    """(:class:`Heading`, the text's lines) from the lines of a ZCZC message."""
    position = 0
    while position < len(lines) and not lines[position].strip():
        position += 1
    if position == len(lines):
        raise MessageError("the teleprinter message (ZCZC ... NNNN) is empty")
    first = lines[position].strip()
    if len(first) > MAX_HEADING_LINE:
        raise MessageError(f"a heading line is longer than {MAX_HEADING_LINE} characters: not a wire heading")
    heading = read_7901_line(first)
    if heading is not None:
        heading.style = TELEPRINTER
    else:
        words = first.split()
        if words[0].upper() not in PRIORITY_WORDS:
            raise MessageError(
                f"the teleprinter heading “{printable(first)[:80]}” should open with a priority word "
                f"({', '.join(sorted(PRIORITY_WORDS))}) or an IPTC 7901 heading"
            )
        heading = Heading(style=TELEPRINTER, priority=PRIORITY_WORDS[words[0].upper()])
        heading.categories = [(word.lower(), "") for word in words[1:] if word.isalnum()]
    position += 1
    if position < len(lines) and lines[position].lstrip().startswith("."):
        desk = lines[position].strip()[1:].split()
        if desk:
            heading.place = desk[0].title() if len(desk) > 1 else ""
            source, number = split_letters_digits(desk[-1])
            if source and number:
                heading.source, heading.number = source.lower(), number
                heading.agencies.append(source.upper())
        position += 1
    while position < len(lines) and not lines[position].strip():
        position += 1
    if position < len(lines):
        heading.keyword, heading.take_words = split_take_words(lines[position].strip(" /="))
        position += 1
    return heading, lines[position:]


def split_take_words(line):
    """ "Parliament/Budget (2)" → ("Parliament/Budget", "(2)"); "MH-RAIN FLOOD 2 LAST" →
    ("MH-RAIN FLOOD", "2 LAST"): the take words are the tail from the first word that is one."""
    words = line.split()
    for position, word in enumerate(words):
        if position and is_take_word(word):
            return " ".join(words[:position]), " ".join(words[position:])
    keyword, _, version = line.partition(",")
    return keyword.strip(), version.strip()


TAKE_WORDS = {
    *("take", "add", "last", "more", "ld", "lead", "writethru", "writethrough", "ld-writethru"),
    *("correction", "corrected", "corrective", "corrects", "kill", "killed", "withdrawal"),
    *("withdrawn", "elimination", "update", "updated", "urgent", "sub", "repeat", "refile"),
}


def is_take_word(word):
    folded = word.strip("(),;=").casefold()
    return (
        folded in TAKE_WORDS
        or (folded.isdigit() and len(folded) <= 3)
        or (folded[:-2].isdigit() and folded[-2:] in {"st", "nd", "rd", "th"})
    )


def split_letters_digits(token):
    """ "mep0231" → ("mep", "0231"); ("", "") unless it is letters then digits."""
    position = 0
    while position < len(token) and token[position].isalpha():
        position += 1
    letters, digits = token[:position], token[position:]
    return (letters, digits) if letters and digits.isdigit() else ("", "")


def is_reference(token):
    month, _, day = token.partition("-")
    return month.isdigit() and day.isdigit() and len(month) <= 2 and len(day) <= 2


def has_controls(line):
    return any(ord(character) < 32 and character != "\t" for character in line)


def printable(text):
    return "".join(character if character.isprintable() else " " for character in text)


def story_key(keyword):
    """The keyword as every take of a story repeats it: cycle designator ("BC-") dropped, case and
    punctuation folded ("BC-Storm-Coast" and "bc-storm coast" give "storm-coast")."""
    folded = keyword.strip().casefold()
    for cycle in CYCLES:
        if folded.startswith(cycle):
            folded = folded[len(cycle) :]
            break
    words = "".join(character if character.isalnum() else " " for character in folded).split()
    return "-".join(words)[:200]
