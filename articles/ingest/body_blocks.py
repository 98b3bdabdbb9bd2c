"""Blocks of an agency body that are not the story, set aside before the body is kept.

TT's richhtml5 opens with ``<div class="dat"><span class="vignette">Försvar</span><span
class="source">TT</span></div>``, which as text glues "FörsvarTT" to the first sentence; other
agencies close with an "ends" marker, put notes to editors in ``<aside>``, leave ``EMBED``
markers where a picture was, or (Reuters' wire text) send the whole story as one paragraph of
indented lines opening with an advisory ("(Adds comments, detail)") and a "By ..." line.

Notes to editors and a byline found this way go to :class:`SetAside`, for the parser to put in the
item's own fields; the agency's header, footers, markers and embeds go away.
"""

import re
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree

from .bylines import person_names

# Blocks whose content is for editors: kept as the item's editorial note.
NOTE_TAGS = {"aside"}
# Blocks around the story that repeat metadata or the agency's page furniture.
FURNITURE_TAGS = {"footer", "nav"}
# Classes agencies give to their header's category, agency, kicker and byline blocks.
FURNITURE_CLASSES = {
    *("dat", "vignette", "source", "kicker", "category", "slugline", "byline", "bylines", "author"),
    *("credit-line", "creditline", "copyright", "footer", "header", "infobox-meta", "embed"),
}
NOTE_CLASSES = {"ednote", "ed-note", "editornote", "editor-note", "notetoeditors", "note-to-editors"}
NOTE_CLASSES |= {"np-nonpublic", "nonpublic", "internal", "editorial-note"}
# What some agencies put after the last paragraph: "ends", "-30-", "###", "(END)", "Slutt".
END_MARKERS = {"ends", "end", "30", "###", "# # #", "xxx", "nnnn", "slutt", "slut", "loppu", "ende"}
END_MARKER_TRIM = " -–—()[]/.*"
# Reuters' advisory on an update, the whole first paragraph: "(Adds comments, detail)".
ADVISORY = re.compile(
    r"\((?:adds|updates|corrects|recasts|changes|repeats|refiles|removes|rewrites|fixes|inserts|"
    r"deletes|moves|writes\s+through|new|updated|advisory)\b[^()]{0,200}\)",
    re.I,
)
MAX_ADVISORY_CHARACTERS = 300
# Paragraphs looked at for a "By ..." line at the top of a body.
BYLINE_SEARCH_PARAGRAPHS = 6
MAX_BYLINE_PARAGRAPH = 200
# Wire text inside one <p>: lines starting with an indent each start a paragraph.
INDENTED_LINE = re.compile(r"\n[ \t]{2,}(?=\S)")
UNINDENTED_LINE = re.compile(r"\n(?=[^\s])")
EMBED_MARKER = ("embed start", "embed end", "[embed", "<!-- embed", "{embed")
BLOCKS = ("p", "div", "h2", "h3", "h4", "blockquote", "li")


@dataclass
class SetAside:
    """What a body held besides the story: notes to editors and a byline line."""

    notes: list[str] = field(default_factory=list)
    byline: str = ""


def set_aside_blocks(container, set_aside=None):
    """Remove from ``container`` what is not the story; fill ``set_aside`` (when given) with the notes
    and the byline found."""
    caller_takes_byline = set_aside is not None
    set_aside = set_aside if set_aside is not None else SetAside()
    # Comments ("<!-- EMBED START ... -->") and processing instructions go in one pass in C.
    etree.strip_elements(container, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    root = container.getroottree().getroot()
    for element in [element for element in container.iter() if is_candidate(element)]:
        if element.getroottree().getroot() is not root:
            continue  # inside a block removed a moment ago
        tag = element.tag.lower()
        classes = set((element.get("class") or "").casefold().split())
        if tag in NOTE_TAGS or classes & NOTE_CLASSES:
            note = text_of(element)
            if note:
                set_aside.notes.append(note)
            drop_keeping_tail(element)
        elif (
            tag in FURNITURE_TAGS
            or is_marker(element)
            or classes & FURNITURE_CLASSES
            and not any(ancestor.tag == "figure" for ancestor in element.iterancestors())
        ):
            drop_keeping_tail(element)
    split_wire_paragraphs(container)
    take_advisory(container, set_aside)
    if caller_takes_byline:  # else the "By ..." line stays: the byline would be lost
        take_byline_line(container, set_aside)
    drop_end_markers(container)
    return set_aside


def is_candidate(element):
    """Whether ``element`` may be set aside: a note or furniture tag, a class, a marker's block."""
    tag = element.tag
    return isinstance(tag, str) and (
        tag in NOTE_TAGS or tag in FURNITURE_TAGS or element.get("class") or is_marker(element)
    )


def is_marker(element):
    """An ``EMBED START``/``EMBED END`` marker left where an embedded picture or video was."""
    return element.tag in BLOCKS and opening_words(element).casefold().startswith(EMBED_MARKER)


def split_wire_paragraphs(container):
    """A ``<p>`` of plain wire text (no markup inside) whose paragraphs start with an indent and whose
    wrapped lines do not becomes one ``<p>`` per paragraph. (Where every line is indented, the
    indent is the XML's pretty-printing, not paragraphs.)"""
    for paragraph in list(container.iter("p")):
        text = paragraph.text or ""
        if len(paragraph) or len(INDENTED_LINE.findall(text)) < 2 or not UNINDENTED_LINE.search(text):
            continue
        lines = [" ".join(line.split()) for line in INDENTED_LINE.split(text.replace("\r", ""))]
        previous = paragraph
        for line in lines:
            if line:
                new = etree.Element("p")
                new.text = line
                previous.addnext(new)  # next to the last one: inserting by index costs the index
                previous = new
        drop_keeping_tail(paragraph)


def take_advisory(container, set_aside):
    first = first_paragraph(container)
    if first is None:
        return
    words = text_of(first)
    if len(words) <= MAX_ADVISORY_CHARACTERS and ADVISORY.fullmatch(words):
        set_aside.notes.append(words.strip("()"))
        drop_keeping_tail(first)


def take_byline_line(container, set_aside):
    """A paragraph "By Jane Roe" near the top, with story after it: the byline, not the story."""
    paragraphs = list(islice((p for p in container.iter("p") if text_of(p)), BYLINE_SEARCH_PARAGRAPHS + 1))
    for index, paragraph in enumerate(paragraphs[:BYLINE_SEARCH_PARAGRAPHS]):
        words = text_of(paragraph)
        if (
            len(words) <= MAX_BYLINE_PARAGRAPH
            and words.casefold().startswith(("by ", "von ", "av ", "par "))
            and person_names(words)
            and index + 1 < len(paragraphs)
        ):
            set_aside.byline = set_aside.byline or words
            drop_keeping_tail(paragraph)
            return


def drop_end_markers(container):
    """Trailing paragraphs that only say the story ends ("ENDS", "-30-", "(Slut)")."""
    for block in reversed(word_blocks(container)):
        if text_of(block).casefold().strip(END_MARKER_TRIM) not in END_MARKERS:
            return
        drop_keeping_tail(block)


def first_paragraph(container):
    return next((p for p in container.iter("p") if text_of(p)), None)


def word_blocks(container):
    """The blocks with words and no blocks inside them, in document order."""
    return [
        element
        for element in container.iter(*BLOCKS)
        if not any(isinstance(child.tag, str) and child.tag in BLOCKS for child in element)
        and text_of(element)
    ]


def opening_words(element, length=20):
    """The first ``length`` characters of ``element``'s text, read no further than needed."""
    words = ""
    for piece in element.itertext():
        words += piece if words else piece.lstrip()
        if len(words) >= length:
            break
    return words[:length]


def text_of(element):
    return " ".join("".join(element.itertext()).split())


def drop_keeping_tail(element):
    """Remove ``element`` and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
