"""The one HTML policy for everything that ends up in a story body.

Editors' input, agency bodies and captions all pass through :func:`clean_html`, so the site only
ever stores markup a reader's browser can show safely: paragraphs, headings, lists, quotes,
emphasis, links and tables. Scripts, styles, event handlers, iframes, forms and any URL scheme other
than http(s)/mailto are removed; links get ``rel="noopener noreferrer"``. Sanitizing is idempotent:
cleaning clean HTML changes nothing.
"""

import html as html_entities
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "abbr",
    "cite",
    "q",
    "code",
    "pre",
    "hr",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "noscript",
    "xmp",
    "iframe",
    "object",
    "embed",
    "template",
    "svg",
    "math",
    "textarea",
    "select",
    "title",
}
URL_ATTRIBUTES = {"href", "cite"}
URL_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
BLANKS_AND_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")
MAX_PASSES = 3
# The HTML parser behind nh3 checks the open elements on every start tag, so markup nested
# 100,000 deep (a 600 KB feed body) takes minutes to clean. No story nests more than a few
# dozen levels; tags beyond this depth are dropped (their text kept) before the real parse.
MAX_NESTING = 256
# Possessive quantifiers: the name and the rest of a tag never trade characters, so a start tag
# that is never closed ("<a<a<a..." with no ">") costs one scan, not a search over every split.
TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*+)[^>]*+>")
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Not counted: elements the parser closes by itself (a new <p> ends the open one) and those it
# inserts by itself (<tbody>), so that clean output never counts deeper than its input did.
NOT_COUNTED = {
    *("p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp"),
    *("tbody", "thead", "tfoot", "colgroup", "html", "head", "body"),
}


def clean_html(html):
    """Return ``html`` reduced to the allowed tags, attributes and URL schemes."""
    if not html:
        return ""
    cleaned = clean_once(within_nesting_limit(str(html)))
    for _ in range(MAX_PASSES - 1):
        # Misnested markup (a link inside a table inside a link) can serialize into a tree the
        # parser rebuilds differently; cleaning until nothing changes keeps the promise above.
        again = clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def clean_once(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=only_allowed_urls,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def only_allowed_urls(element, attribute, value):
    """nh3 checks the scheme of ``href`` but not of ``cite``: every URL attribute gets the same rule."""
    if attribute in URL_ATTRIBUTES:
        squeezed = BLANKS_AND_CONTROLS.sub("", value).lower()
        scheme = URL_SCHEME.match(squeezed)
        if scheme and scheme.group(1) not in ALLOWED_URL_SCHEMES:
            return None
    return value


def clean_text(text):
    """Plain text from imported markup (an agency headline or caption): tags dropped, entities decoded.

    The result is text, not HTML: templates escape it when they show it. Editors' own plain-text
    fields are stored as typed and escaped on output, so a headline about ``<b>`` stays readable.
    """
    if not text:
        return ""
    stripped = nh3.clean(within_nesting_limit(str(text)), tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return " ".join(html_entities.unescape(stripped).split())


def within_nesting_limit(html, limit=MAX_NESTING):
    """``html`` with every tag nested deeper than ``limit`` removed (text kept); usually unchanged.

    The depth is counted the simple way (start tags in, end tags out), which is all it takes to
    bound the parser's work: the result is sanitized by nh3 afterwards either way.
    """
    if html.count("<") <= limit:
        return html
    # No tag can end after the last ">": matching stops there, so every "<" is scanned at most up to
    # the next ">" (a run of "<a" with no ">" at all would otherwise be rescanned from each "<").
    end = html.rfind(">") + 1
    depth = 0

    def keep_or_drop(match):
        nonlocal depth
        closing, name = match.group(1), match.group(2).lower()
        if name in VOID_ELEMENTS or name in NOT_COUNTED or match.group(0).endswith("/>"):
            return match.group(0)
        if closing:
            depth = max(depth - 1, 0)
            return match.group(0) if depth < limit else ""
        depth += 1
        return match.group(0) if depth <= limit else ""

    return TAG.sub(keep_or_drop, html[:end]) + html[end:]
