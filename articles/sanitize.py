"""The one HTML policy for everything that ends up in a story body.

Editors' input, agency bodies and captions all pass through :func:`clean_html`, so the site only
ever stores markup a reader's browser can show safely: paragraphs, headings, lists, quotes,
emphasis, links and tables. Scripts, styles, event handlers, iframes, forms and any URL scheme other
than http(s)/mailto are removed; links get ``rel="noopener noreferrer"``. Sanitizing is idempotent:
cleaning clean HTML changes nothing.
"""

import html as html_entities

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


def clean_html(html):
    """Return ``html`` reduced to the allowed tags, attributes and URL schemes."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def clean_text(text):
    """Plain text from imported markup (an agency headline or caption): tags dropped, entities decoded.

    The result is text, not HTML: templates escape it when they show it. Editors' own plain-text
    fields are stored as typed and escaped on output, so a headline about ``<b>`` stays readable.
    """
    if not text:
        return ""
    stripped = nh3.clean(str(text), tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return " ".join(html_entities.unescape(stripped).split())
