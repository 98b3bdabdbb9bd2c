"""What the agency said about its copy, kept on ``AgencyCopy`` for the wire desk's list.

Urgency, slugline, the agency's own filing time, the number of words it sent and its subject codes
describe the agency's last version, whether that version was written over the story or waits for an
editor; they are taken from the item, never from the story as the desk has edited it.
"""

from html.parser import HTMLParser

from .vocabularies import subject_name

SLUGLINE_MAX_LENGTH = 300
# More than any agency sends; a bound on what one item can put in a row.
SUBJECTS_KEPT = 100
SUBJECT_TEXT_KEPT = 300


class _WordCounter(HTMLParser):
    """Counts the words of an HTML body's text (entities decoded, tags as word breaks)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words = 0

    def handle_data(self, data):
        self.words += len(data.split())


def word_count(body_html):
    counter = _WordCounter()
    counter.feed(body_html or "")
    counter.close()
    return counter.words


def urgency_of(item):
    """The agency's urgency, 1 (flash) to 9; anything outside that scale is not kept."""
    urgency = item.urgency
    return urgency if isinstance(urgency, int) and 1 <= urgency <= 9 else None


def subjects_of(item):
    """The item's classifications as the agency sent them, once each; a code without a name gets
    its official IPTC name when it is a Media Topic or Subject Code."""
    kept, seen = [], set()
    for subject in item.subjects:
        code = (subject.code or "").strip()[:SUBJECT_TEXT_KEPT]
        name = (subject.name or "").strip()[:SUBJECT_TEXT_KEPT]
        key = (subject.kind, code or name.casefold())
        if not (code or name) or key in seen:
            continue
        seen.add(key)
        kept.append({"code": code, "name": name or subject_name(code), "kind": subject.kind})
        if len(kept) == SUBJECTS_KEPT:
            break
    return kept


def copy_facts(item):
    """The ``AgencyCopy`` fields that describe ``item`` (a text item whose body has been fetched)."""
    return {
        "urgency": urgency_of(item),
        "slugline": (item.slugline or "").strip()[:SLUGLINE_MAX_LENGTH],
        "filed_at": item.version_created or item.first_created,
        "word_count": word_count(item.body_html),
        "subjects": subjects_of(item),
    }


def note_facts(copy, item):
    """Write ``item``'s facts on ``copy`` (unsaved)."""
    for name, value in copy_facts(item).items():
        setattr(copy, name, value)
