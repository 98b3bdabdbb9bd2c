"""IPTC 7901 and ANPA 1312: the text-wire formats national agencies still send.

A document holds one message or many (:mod:`.messages`); each message is a heading
(:mod:`.headings`) and a text (:mod:`.texts`), and becomes one :class:`AgencyItem`. A story the
agency sends in parts ("takes": take 1 ... MORE, take 2 ... MORE, take 3 ... ENDS) gives one item
per take, each with a :class:`~articles.ingest.items.Take` naming the story; the importer joins
them (:mod:`articles.ingest.takes`).

What a message gives:

- guid: the agency code, the filing date and the keyword ("mep/2025-07-14/parliament-budget"), the
  same for every take of a story (the message number changes from take to take);
- urgency from the priority (7901: 1-6 as sent; ANPA f, b, u, r, d, a; teleprinter FLASH, URG, PRI);
- slugline (the keyword as sent), categories as subjects, 7901 keywords ("Parliament/Budget") as
  keywords; version_created from the filing time after ETX (or the teleprinter time line);
- headline, byline, editors' note, and from the body's opening "PLACE (AGENCY) _" the dateline and
  credit; "MORE"/"ENDS", take numbers ("2 LAST", "(2)", "1st Add") and version words ("Kill",
  "Correction", "Ld-Writethru") as the take and the item's status and signals.
"""

import hashlib
from datetime import UTC

from ...items import (
    CANCELED,
    CATEGORY,
    CORRECTION,
    UPDATE,
    AgencyItem,
    ItemBatch,
    ParseError,
    RejectedItem,
    Subject,
    Take,
    finish_item,
    nothing_usable,
)
from ...text import person_names
from .headings import IPTC7901, read_heading, read_teleprinter, story_key
from .messages import (
    MessageError,
    decoded,
    opens_as_text_wire,
    split_messages,
    without_controls,
)
from .texts import body_html, filing_time, read_text

MAX_TAKE = 999
KILL_WORDS = {"kill", "killed", "withdrawal", "withdrawn", "elimination"}
CORRECTION_WORDS = {"correction", "corrected", "corrective", "corrects"}
UPDATE_WORDS = {"ld", "lead", "writethru", "writethrough", "ld-writethru", "update", "updated", "sub"}
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")

__all__ = ["IPTC7901", "is_text_wire", "parse_iptc7901"]


def is_text_wire(raw):
    """Does ``raw`` open as a text-wire document (SOH after any SYN padding, or a ZCZC line)?"""
    return opens_as_text_wire(raw)


def parse_iptc7901(raw, *, name="", default_timezone=UTC, now=None):
    """The items of an IPTC 7901 / ANPA 1312 document; :class:`ParseError` when it holds none."""
    text = decoded(raw)
    messages = split_messages(text)
    if not messages:
        raise ParseError(
            "not a text-wire document: no message opens with SOH (IPTC 7901, ANPA 1312) or ZCZC",
            source=name,
        )
    kept, rejected = [], []
    for message in messages:
        label = f"message {message.number}"
        try:
            item = item_from_message(message, zone=default_timezone, now=now)
        except MessageError as error:
            rejected.append(RejectedItem(label, str(error), name))
            continue
        problem = finish_item(item, name)
        if problem:
            rejected.append(RejectedItem(item.guid or label, problem, name))
        else:
            kept.append(item)
    if not kept:
        raise nothing_usable(rejected, name)
    return ItemBatch(kept, rejected)


def item_from_message(message, *, zone=UTC, now=None):
    if message.problem:
        raise MessageError(message.problem)
    if message.teleprinter:
        heading, lines = read_teleprinter(without_controls(message.text).split("\n"))
    else:
        heading = read_heading(message.heading)
        lines = without_controls(message.text).split("\n")
    trailer = without_controls(message.trailer)
    agencies = [code for code in (trailer_agency(trailer), *heading.agencies) if code]
    wire = read_text(lines, style=heading.style, agencies=agencies)
    filed = filing_time(trailer, wire.time_line, zone=zone, now=now)
    words = take_words(heading.take_words)
    # The heading's code before the text's credit: every take names it, only the first has a credit.
    agency = (agencies[0] if agencies else wire.credit or heading.source).strip()
    key = story_key(heading.keyword)
    if not key and not wire.paragraphs and not wire.headline:
        raise MessageError("the message has neither a keyword nor any text")
    take = take_of(words, wire, story=f"{agency.casefold()}/{key}" if key else "")
    item = AgencyItem(
        guid=guid_of(agency, key, filed, heading, message),
        headline=wire.headline,
        slugline=heading.keyword.strip()[:300],
        body_html=body_html(wire.paragraphs),
        byline=wire.byline,
        bylines=person_names(wire.byline),
        credit=agency.upper() if agency else "",
        provider=agency.upper() if agency else "",
        dateline=wire.dateline,
        first_created=filed,
        version_created=filed,
        urgency=heading.priority,
        editorial_note=wire.editorial_note,
        subjects=[
            Subject(f"{heading.style}:{code}", name, CATEGORY) for code, name in heading.categories if code
        ],
        keywords=keywords_of(heading),
        take=take,
    )
    if words & KILL_WORDS:
        item.status = CANCELED
        item.editorial_note = item.editorial_note or (wire.paragraphs[0] if wire.paragraphs else "")
    signals = set()
    if words & CORRECTION_WORDS:
        signals.add(CORRECTION)
    if words & UPDATE_WORDS:
        signals.add(UPDATE)
    item.signals = frozenset(signals)
    return item


def trailer_agency(trailer):
    """ "CW" from an ANPA trailer "CW-HOU-07-14-25 1532GMT"; "" from anything else."""
    words = trailer.split()
    first = words[0].split("-")[0] if len(words) == 2 and "-" in words[0] else ""
    return first.upper() if first.isalpha() and len(first) <= 8 else ""


def take_words(text):
    """The take words as a set of folded tokens, ordinals and numbers kept as written."""
    return {word.strip("(),;=").casefold() for word in text.split()} - {""}


def take_of(words, wire, *, story):
    """Which take this message is: a number from "2", "(2)", "take 2", "2 last"; "1st Add" is
    take 2; MORE without a number is take 1; neither is the whole story (take 0)."""
    number = None
    for word in words:
        if word.isdigit():
            number = int(word)
        elif word[:-2].isdigit() and word.endswith(ORDINAL_SUFFIXES) and "add" in words:
            number = int(word[:-2]) + 1
    if number is None:
        number = 1 if wire.continues else 0
    # A take that says neither MORE nor a number after which more comes is the story's end.
    last = wire.ends or "last" in words or not wire.continues
    if number > MAX_TAKE:
        number = 0
    return Take(number=number, last=last or number == 0, story=story)


def guid_of(agency, key, filed, heading, message):
    """Agency code, filing date and keyword; without a keyword, the message's own number (a
    story without a keyword cannot be joined to others), without either a digest of its text."""
    day = filed.date().isoformat() if filed else ""
    if key:
        label = key
    elif heading.number:
        label = f"{heading.source}{heading.number}"
    else:
        label = hashlib.sha1(message.text.encode("utf-8", "replace")).hexdigest()[:16]
    return "/".join(part for part in (agency.casefold() or heading.style, day, label) if part)


def keywords_of(heading):
    """A 7901 keyword line names keywords ("Parliament/Budget"); an ANPA or teleprinter slug is a
    filing code, not keywords."""
    if heading.style != IPTC7901 or not heading.keyword:
        return []
    return [word.strip() for word in heading.keyword.split("/") if word.strip()][:20]
