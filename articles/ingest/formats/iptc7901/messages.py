"""Cutting a text-wire document into messages, and the control characters inside them.

IPTC 7901 and ANPA 1312 frame a message with control characters: SOH opens the heading, STX the
text, ETX closes the text (a filing-time line may follow) and EOT the message; ANPA sends two SYN
before the SOH. On teleprinter circuits the same frame is written in letters: ``ZCZC`` opens a
message and ``NNNN`` closes it, and the text has no STX of its own. One file may hold one message
or many.

Every pass here moves forward through the document once (``str.find`` from the last position, a
line at a time), so a file of a million SOHs without an EOT costs one read, not one per SOH.
"""

from dataclasses import dataclass

SOH, STX, ETX, EOT, SYN = "\x01", "\x02", "\x03", "\x04", "\x16"
TELEPRINTER_START, TELEPRINTER_END = "ZCZC", "NNNN"
# ANPA's typesetting instructions run from FF (start of instruction) to VT (end of instruction):
# they are meant for a typesetting machine, never for readers.
INSTRUCTION_START, INSTRUCTION_END = "\x0c", "\x0b"
# Kept in the text: line ends (paragraphs) and tabs (ANPA's paragraph indent).
KEPT_CONTROLS = {"\n", "\t"}
# What may stand before the first SOH: line noise and ANPA's SYN padding.
LEADING_NOISE = b" \t\r\n\x00\x16\x7f"


NO_STX = "the message has no STX: its text cannot be told from its heading"
NO_END = (
    "the message does not end (no ETX, or no NNNN, before the next message or the end of the file): "
    "it may have been cut off in transmission"
)


class MessageError(ValueError):
    """One message of a document that cannot be read; the others may still be."""


@dataclass
class Message:
    """One message as framed: ``heading`` between SOH (or ZCZC) and the text, ``text`` between STX
    and ETX (or the rest of a teleprinter message), ``trailer`` between ETX and EOT."""

    heading: str
    text: str
    trailer: str = ""
    teleprinter: bool = False
    number: int = 0  # its place in the document, from 1
    problem: str = ""  # why the frame is broken (no STX, no ETX): the message is refused with it


def decoded(raw):
    """The document as text: UTF-8 when it is valid UTF-8 (a BOM is dropped), else Windows-1252,
    the 8-bit set national agencies send beyond 7-bit ASCII (undefined bytes read as Latin-1)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(chunk_cp1252(raw))


def chunk_cp1252(raw):
    for byte in raw:
        single = bytes((byte,))
        try:
            yield single.decode("cp1252")
        except UnicodeDecodeError:
            yield single.decode("latin-1")


def opens_as_text_wire(raw):
    """Does ``raw`` open as a text-wire document: SOH (after SYN padding), or a ZCZC line?"""
    head = raw[:4096].lstrip(LEADING_NOISE)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip(LEADING_NOISE)
    return head[:1] == b"\x01" or head[:4] == TELEPRINTER_START.encode()


def split_messages(text):
    """The messages of a decoded document, in order; ``[]`` when it holds none."""
    if SOH in text:
        return list(framed_messages(text))
    return list(teleprinter_messages(text))


def framed_messages(text):
    """Messages framed by control characters. A message ends at its EOT, or at the next SOH when
    the EOT is missing (some agencies leave it out between messages of one file)."""
    position = text.find(SOH)
    next_eot = -1
    number = 0
    while position != -1:
        next_soh = text.find(SOH, position + 1)
        if next_eot != -1 and next_eot <= position:
            next_eot = -1
        if next_eot == -1:
            next_eot = text.find(EOT, position + 1)
            if next_eot == -1:
                next_eot = len(text) + 1  # none left: never look again
        ends = [end for end in (next_soh, next_eot) if end != -1]
        stop = min(min(ends), len(text))
        number += 1
        yield framed_message(text[position + 1 : stop], number)
        position = next_soh


def framed_message(body, number):
    start = body.find(STX)
    if start == -1:
        return Message(heading=body, text="", number=number, problem=NO_STX)
    end = body.find(ETX, start + 1)
    if end == -1:
        return Message(heading=body[:start], text=body[start + 1 :], number=number, problem=NO_END)
    return Message(heading=body[:start], text=body[start + 1 : end], trailer=body[end + 1 :], number=number)


def teleprinter_messages(text):
    """Messages framed by ZCZC and NNNN lines; the heading is the rest of the ZCZC line and the
    lines the reader takes from the text (see ``headings.read_teleprinter``)."""
    lines = None
    number = 0
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith(TELEPRINTER_START):
            if lines is not None:  # no NNNN before the next ZCZC: the message ends there
                number += 1
                yield Message(
                    heading="", text="\n".join(lines), teleprinter=True, number=number, problem=NO_END
                )
            lines = [stripped[len(TELEPRINTER_START) :].strip()] if stripped != TELEPRINTER_START else []
            continue
        if lines is None:
            continue  # before the first message: line noise
        if stripped.startswith(TELEPRINTER_END):
            number += 1
            yield Message(heading="", text="\n".join(lines), trailer="", teleprinter=True, number=number)
            lines = None
            continue
        lines.append(line)
    if lines is not None:
        number += 1
        yield Message(heading="", text="\n".join(lines), teleprinter=True, number=number, problem=NO_END)


def without_controls(text):
    """``text`` without typesetting instructions and control characters; line ends as ``\\n``.

    Tabs and line ends stay (they mark paragraphs); every other C0 control and DEL goes, as do the
    C1 controls an 8-bit line may carry.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if INSTRUCTION_START in text:
        text = without_instructions(text)
    if not any(is_control(character) for character in text):
        return text
    return "".join(character for character in text if not is_control(character))


def is_control(character):
    code = ord(character)
    return (code < 32 and character not in KEPT_CONTROLS) or 127 <= code < 160


def without_instructions(text):
    """Drop every FF ... VT typesetting instruction; an FF without its VT drops only itself."""
    kept = []
    position = 0
    while True:
        start = text.find(INSTRUCTION_START, position)
        if start == -1:
            kept.append(text[position:])
            return "".join(kept)
        end = text.find(INSTRUCTION_END, start + 1)
        kept.append(text[position:start])
        if end == -1:
            kept.append(text[start + 1 :])
            return "".join(kept)
        position = end + 1
