"""The one HTML policy for everything that ends up in a story body.

Editors' input, agency bodies and captions all pass through :func:`clean_html`, so the site only
ever stores markup a reader's browser can show safely: paragraphs, headings, lists, quotes,
emphasis, links and tables. Scripts, styles, event handlers, iframes, forms and any URL scheme other
than http(s)/mailto are removed; links get ``rel="noopener noreferrer"``. Sanitizing is idempotent:
cleaning clean HTML changes nothing.

The body's embeds (``articles.reader.embeds`` describes them) are kept in one canonical form: a
picture's id, a post's address recognised by ``articles.embeds`` (which also decides its provider),
a pull quote's or fact box's kind; an embed that is not exactly that is dropped. HTML pasted from
Word or Google Docs is first reduced to its structure (``articles.office_paste``).
"""

import html as html_entities
import re

import nh3

from . import office_paste
from .embeds import recognise

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
    "aside",
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
    # Embeds: values are checked (and figures dropped) by canonical_embeds below.
    "figure": {"data-embed", "data-photo", "data-caption", "data-provider", "data-url"},
    "aside": {"data-embed"},
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
    html = within_nesting_limit(str(html))
    if office_paste.looks_pasted_from_office(html):
        html = office_paste.structure_only(html)
    cleaned = clean_once(html)
    for _ in range(MAX_PASSES - 1):
        # Misnested markup (a link inside a table inside a link) can serialize into a tree the
        # parser rebuilds differently; cleaning until nothing changes keeps the promise above.
        again = clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def clean_once(html):
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=only_allowed_urls,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    return canonical_embeds(cleaned) if "data-" in cleaned else cleaned


# Over nh3's output only, where every attribute is written ` name="value"` with `&"<>` escaped: a
# figure or aside start tag (with, for a figure, an end tag right after it: embeds are empty).
EMBED_START_TAG = re.compile(r'<(figure|aside)((?: [a-z][a-z0-9-]*+="[^"]*+")*+)>(\s*+</figure>)?')
ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*+)="([^"]*+)"')
PHOTO_ID = re.compile(r"[1-9][0-9]{0,11}")
ASIDE_KINDS = {"pullquote", "factbox"}
POST_KINDS = {"video", "social"}  # which of the two is the address's to say
MAX_CAPTION = 1000


def canonical_embeds(html):
    """Each embed in its one stored form; a figure that claims to be an embed and is not a valid one
    is dropped, other figures and asides lose the embed attributes. One pass over ``html``."""

    def rewrite(match):
        name, closed = match.group(1), match.group(3)
        attributes = {key: html_entities.unescape(value) for key, value in ATTRIBUTE.findall(match.group(2))}
        if name == "aside":
            kind = attributes.get("data-embed")
            return f'<aside data-embed="{kind}">' if kind in ASIDE_KINDS else "<aside>"
        if "data-embed" not in attributes:
            return "<figure>" + (closed or "")
        embed = figure_embed(attributes) if closed else None
        if embed is None:
            return "" if closed else "<figure>"
        return "<figure" + "".join(f' {key}="{attribute_text(value)}"' for key, value in embed) + "></figure>"

    return EMBED_START_TAG.sub(rewrite, html)


def figure_embed(attributes):
    """The canonical attributes of an embed figure, in order, or None when it is not a valid one."""
    kind = attributes["data-embed"]
    if kind == "photo":
        photo = attributes.get("data-photo", "").strip()
        if not PHOTO_ID.fullmatch(photo):
            return None
        caption = " ".join(attributes.get("data-caption", "").split())[:MAX_CAPTION]
        kept = [("data-embed", "photo"), ("data-photo", photo)]
        return [*kept, ("data-caption", caption)] if caption else kept
    post = recognise(attributes.get("data-url", "")) if kind in POST_KINDS else None
    if post is None:
        return None
    return [("data-embed", post.provider.kind), ("data-provider", post.provider.slug), ("data-url", post.url)]


def attribute_text(value):
    """``value`` escaped the way nh3 writes an attribute, so cleaning again changes nothing."""
    return (
        value.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\u00a0", "&nbsp;")
    )


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
