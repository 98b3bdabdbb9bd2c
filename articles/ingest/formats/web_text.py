"""Text of web feeds (RSS, Atom, JSON Feed), read as the type the feed gives it.

A web feed says whether each text is HTML or plain text: Atom with ``type``, feedparser with the
content type it reports, JSON Feed by the field's name (``content_html``, ``content_text``). HTML is
unescaped exactly once, as a browser reads it; plain text never, so "AT&amp;T" written as plain text
stays as written. A text is never read as the other type because of what it happens to contain.
"""

import html

from ..text import body_from_markup, html_from_plain_text, plain

MAX_STANDFIRST_CHARACTERS = 600  # a longer summary is the story itself, not its standfirst
# Control characters have no place in a headline or a standfirst (tab, newline and return are
# blanks, folded by the split below).
CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def is_plain_text(content_type):
    return "plain" in (content_type or "") or (content_type or "") == "text"


def text_of(value, content_type):
    """One line of text from a title or a summary: HTML read as HTML, plain text as written."""
    if not value:
        return ""
    if is_plain_text(content_type):
        return " ".join(value.translate(CONTROL_CHARACTERS).split())
    return plain(value)


def markup_body(value, content_type):
    """Sanitized body HTML and the figures found in it, from a text of ``content_type``.

    HTML without a single tag ("A &laquo;quoted&raquo; word") is still HTML: its entities are
    decoded here, once, and its text then escaped into paragraphs like any plain text. Read as plain
    text it would show readers the literal ``&laquo;``.
    """
    if not value or not value.strip():
        return "", []
    if is_plain_text(content_type):
        return html_from_plain_text(value), []
    if "<" not in value:
        return html_from_plain_text(html.unescape(value)), []
    return body_from_markup(value)


def standfirst_of(summary, body_html):
    """``summary`` as the standfirst, unless it is long or the body already says it.

    Blanks are left out of the comparison: a body's paragraphs run together in its text, and a
    feed's summary is often its content again.
    """
    if not summary or len(summary) >= MAX_STANDFIRST_CHARACTERS:
        return ""
    if "".join(summary.split()) in "".join(plain(body_html).split()):
        return ""
    return summary
