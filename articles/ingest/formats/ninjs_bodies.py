"""Which of a ninjs item's texts is the story's body.

ninjs 1.x names its bodies by field (``body_html``, ``body_xhtml``, ``body_text``). 2.x and 3.x
send ``bodies``: a list whose ``role`` is a free string ("main", "article", "full", "richhtml5",
an agency's own word) and whose ``contenttype`` (3.x ``contentType``) says HTML, plain text or
something else (TT's ``ttnitf`` XML next to its HTML). The story's text is taken by role and
content type, HTML before plain text. A body whose role is no known name for the story's text is
taken only when no known one is there, and the choice is reported as a guess. A summary is never
the body: an item with no body is refused with the reason.
"""

from dataclasses import dataclass, field

from ..text import body_from_markup, html_from_plain_text, looks_like_html
from .json_values import as_list, fields, text

HTML = "HTML"
PLAIN = "plain-text"

# What agencies call the story's own text. Compared after lower-casing and dropping separators and
# any vocabulary prefix ("bodyrole:main", "http://example.org/roles/full-text").
MAIN_TEXT_ROLES = frozenset(
    {
        "",
        "main",
        "body",
        "bodytext",
        "article",
        "full",
        "fulltext",
        "complete",
        "story",
        "content",
        "default",
        "text",
        "plain",
        "plaintext",
        "html",
        "xhtml",
        "html5",
        "richhtml",
        "richhtml5",
        "richtext",
    }
)
# Roles of texts that travel next to the story and are not it: never taken as the body.
NOT_THE_STORY_ROLES = frozenset(
    {
        "summary",
        "abstract",
        "teaser",
        "lead",
        "lede",
        "intro",
        "standfirst",
        "preview",
        "excerpt",
        "snippet",
        "short",
        "caption",
        "headline",
        "title",
        "kicker",
        "byline",
        "dateline",
        "note",
        "ednote",
        "editornote",
        "editorsnote",
        "correction",
        "alert",
        "flash",
        "social",
        "tweet",
        "sms",
        "push",
        "factbox",
        "sidebar",
        "box",
        "embed",
        "script",
    }
)
PLAIN_CONTENT_TYPES = frozenset({"text/plain", "text", "plain", "text/markdown"})
ONE_POINT_ONE_FIELDS = (("body_html", HTML), ("body_xhtml", HTML), ("body_text", PLAIN))

CERTAIN = 2  # a known role for the story's text, or a 1.x body field
GUESSED = 1  # a role we do not know


@dataclass
class BodyChoice:
    """The body's sanitized HTML; ``guess`` says why it was a guess, ``problem`` why there is none."""

    html: str = ""
    guess: str = ""
    problem: str = ""


@dataclass
class Candidate:
    certainty: int
    kind: str
    position: int
    label: str
    value: str = field(repr=False)

    def rank(self):
        # Surer first, then HTML before plain text, then the agency's own order.
        return (-self.certainty, self.kind != HTML, self.position)


def role_word(role):
    """``role`` as a comparable word: "bodyrole:Full-Text" -> "fulltext"."""
    word = role.strip().lower()
    for separator in (":", "/", "#"):
        word = word.rsplit(separator, 1)[-1]
    for mark in (" ", "-", "_", "."):
        word = word.replace(mark, "")
    return word


def shown(value, limit=60):
    """An agency's word as quoted in a reason: a megabyte-long role is not repeated whole."""
    return value if len(value) <= limit else value[:limit] + "…"


def content_kind(content_type, value):
    """HTML, plain text, or ``None`` for content that is neither (NITF XML, JSON...)."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not media_type:
        return HTML if looks_like_html(value) or "<" in value else PLAIN
    if "html" in media_type:  # text/html, application/xhtml+xml
        return HTML
    if media_type in PLAIN_CONTENT_TYPES:
        return PLAIN
    return None


def choose_body(entry):
    """The :class:`BodyChoice` for one ninjs item (``entry`` read through :func:`fields`)."""
    candidates, left_out = [], []
    for position, (key, kind) in enumerate(ONE_POINT_ONE_FIELDS):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            candidates.append(Candidate(CERTAIN, kind, position - len(ONE_POINT_ONE_FIELDS), key, value))
    for position, raw in enumerate(as_list(entry.get("bodies"))):
        body = fields(raw)
        value = body.get("value")
        if not isinstance(value, str) or not value.strip():
            continue
        role, content_type = text(body.get("role")), text(body.get("contenttype"))
        label = f"the body with role “{shown(role)}”" if role else "the body without a role"
        word = role_word(role)
        if word in NOT_THE_STORY_ROLES:
            left_out.append(f"{label} is not the story's text")
            continue
        kind = content_kind(content_type, value)
        if kind is None:
            left_out.append(f"{label} is {shown(content_type)}, neither text nor HTML")
            continue
        certainty = CERTAIN if word in MAIN_TEXT_ROLES else GUESSED
        candidates.append(Candidate(certainty, kind, position, label, value))
    for candidate in sorted(candidates, key=Candidate.rank):
        if candidate.kind == HTML:
            html = body_from_markup(candidate.value)[0]
        else:
            html = html_from_plain_text(candidate.value)
        if not html:
            left_out.append(f"{candidate.label} is empty once cleaned")
            continue
        guess = ""
        if candidate.certainty == GUESSED:
            guess = (
                "body chosen by guess: no body has a known role for the story's text, "
                f"so {candidate.label} ({candidate.kind}) was taken"
            )
        return BodyChoice(html=html, guess=guess)
    problem = "the text item has no body"
    if left_out:
        problem += ": " + "; ".join(dict.fromkeys(left_out))
    return BodyChoice(problem=problem)
