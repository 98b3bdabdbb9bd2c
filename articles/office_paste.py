"""HTML pasted from Word or Google Docs, reduced to what a story keeps of it: lists, headings, links,
bold and italic, without the word processors' styling.

Both put their structure where a sanitizer cannot see it. Word writes a bulleted or numbered list as
paragraphs styled ``mso-list:l0 level1 lfo1`` whose bullet ("·", "o", "1.") is text between
``<!--[if !supportLists]-->`` and ``<!--[endif]-->``; Google Docs writes bold and italic as styled
spans and wraps the whole paste in ``<b style="font-weight:normal" id="docs-internal-guid-...">``.
The sanitizer drops styles and comments, so without this pass a Word list would become paragraphs
starting with "·" and a Google Docs paste would be bold from end to end. The editor does the same in
the browser (``static/admin/js/office_paste.js``); this pass covers HTML that reaches the server by
any other way.

Used by ``articles.sanitize.clean_html`` before its allow-list, only on HTML that carries the word
processors' marks; the result is sanitized afterwards either way.
"""

import re

import lxml.html
from lxml import etree

OFFICE_MARKS = ("mso-", "docs-internal-guid", "urn:schemas-microsoft-com", 'class="Mso', "class=Mso")
LIST_LEVEL = re.compile(r"\blevel(\d{1,2})\b")
LIST_ID = re.compile(r"\bl(\d{1,5})\b")
# A numbered item's marker: "1.", "(2)", "a)", "iv." ; anything else ("·", "o", "§", "-") is a bullet.
NUMBERED_MARKER = re.compile(r"\(?(?:\d{1,4}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,8})[.)]")
DECLARATION = re.compile(r"\s*([a-zA-Z-]+)\s*:\s*([^;]*)")
BOLD_WEIGHTS = re.compile(r"bold|bolder|[6-9]00")
NOT_BOLD_WEIGHTS = re.compile(r"normal|lighter|[1-4]00")
BLANK = re.compile(r"[\s\u00a0]*")
DEEPEST_HEADING = 4


def looks_pasted_from_office(html):
    return any(mark in html for mark in OFFICE_MARKS)


def structure_only(html):
    """``html`` with Word's list paragraphs as real lists, Google Docs' styled spans as ``strong``
    and ``em``, headings within the body's levels (h2-h4), and the rest left for the sanitizer."""
    try:
        document = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    body = document.find("body")
    if body is None:
        return html
    unwrap_docs_wrapper(body)
    styled_spans_as_emphasis(body)
    word_lists(body)
    headings_within_levels(body)
    links_without_address(body)
    drop_empty_paragraphs(body)
    return (body.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)


def style_of(element):
    """An element's inline style as {property: value}, properties lower-cased."""
    return {
        name.lower(): value.strip().lower() for name, value in DECLARATION.findall(element.get("style") or "")
    }


def unwrap_docs_wrapper(body):
    """Google Docs' ``<b style="font-weight:normal">`` around the whole paste (and any ``b``, ``strong``,
    ``i`` or ``em`` its style says is not bold or italic) is only a wrapper."""
    for element in list(body.iter("b", "strong", "i", "em")):
        style = style_of(element)
        weight, font_style = style.get("font-weight", ""), style.get("font-style", "")
        if (element.tag in ("b", "strong") and NOT_BOLD_WEIGHTS.fullmatch(weight)) or (
            element.tag in ("i", "em") and font_style == "normal"
        ):
            element.drop_tag()


def styled_spans_as_emphasis(body):
    """A span styled bold or italic (Google Docs' way) becomes ``strong`` or ``em`` (both: nested)."""
    for span in list(body.iter("span")):
        style = style_of(span)
        bold = bool(BOLD_WEIGHTS.fullmatch(style.get("font-weight", "")))
        italic = style.get("font-style", "") == "italic"
        if bold and italic:
            span.tag = "strong"
            inner = etree.SubElement(span, "em")
            inner.text, span.text = span.text, None
            for child in list(span)[:-1]:
                inner.append(child)
        elif bold or italic:
            span.tag = "strong" if bold else "em"


def word_lists(body):
    """Runs of Word's list paragraphs (siblings in a row) as nested ``ul``/``ol`` with ``li`` items."""
    run = []
    for paragraph in list(body.iter("p")):
        style = style_of(paragraph)
        if "mso-list" not in style or style["mso-list"] == "ignore":
            continue
        if run and not follows(run[-1], paragraph):
            build_list(run)
            run = []
        run.append(paragraph)
    if run:
        build_list(run)


def follows(previous, paragraph):
    """Whether ``paragraph`` comes right after ``previous`` (only blanks between them)."""
    return previous.getnext() is paragraph and BLANK.fullmatch(previous.tail or "") is not None


def build_list(paragraphs):
    parent = paragraphs[0].getparent()
    stack = []  # (level, Word's list id, list element)
    top = None
    for paragraph in paragraphs:
        style = style_of(paragraph)
        level_found, list_found = LIST_LEVEL.search(style["mso-list"]), LIST_ID.search(style["mso-list"])
        level = int(level_found.group(1)) if level_found else 1
        list_id = list_found.group(1) if list_found else ""
        marker = take_marker(paragraph)
        while stack and stack[-1][0] > level:
            stack.pop()
        if stack and stack[-1][0] == level and stack[-1][1] != list_id:
            stack.pop()  # another of Word's lists right after this one: a list of its own
        if not stack or stack[-1][0] < level:
            kind = "ol" if NUMBERED_MARKER.fullmatch(marker) else "ul"
            new_list = etree.Element(kind)
            if stack:
                items = stack[-1][2].findall("li")
                (items[-1] if items else stack[-1][2]).append(new_list)
            else:
                top = new_list
                paragraph.addprevious(new_list)
            stack.append((level, list_id, new_list))
        item = etree.SubElement(stack[-1][2], "li")
        item.text = paragraph.text
        for child in list(paragraph):
            item.append(child)
        tail = paragraph.tail
        parent.remove(paragraph)
        top.tail = tail


def take_marker(paragraph):
    """Remove a Word list paragraph's bullet or number (the part between the ``[if !supportLists]``
    and ``[endif]`` comments, or a span styled ``mso-list:Ignore``) and return its text."""
    marker = []
    inside = False
    for child in list(paragraph):
        if isinstance(child, etree._Comment):
            text = (child.text or "").strip().lower()
            if text.startswith("[if !supportlists]"):
                inside = True
            elif text.startswith("[endif]") and inside:
                inside = False
            drop_keeping_tail(child, keep_tail=not inside, tail_into=marker)
            continue
        if inside:
            marker.append(child.text_content())
            drop_keeping_tail(child, keep_tail=False, tail_into=marker)
    for span in list(paragraph.iter("span")):
        if style_of(span).get("mso-list") == "ignore":
            marker.append(span.text_content())
            drop_keeping_tail(span, keep_tail=True)
    if paragraph.text is not None:
        paragraph.text = paragraph.text.lstrip(" \u00a0")
    return "".join(marker).replace("\u00a0", " ").strip()


def drop_keeping_tail(element, *, keep_tail=True, tail_into=None):
    """Remove ``element`` and what it holds; its tail text stays in place unless ``keep_tail`` is
    false (then it goes to ``tail_into``, when given)."""
    tail = element.tail or ""
    if not keep_tail:
        if tail_into is not None:
            tail_into.append(tail)
        tail = ""
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def headings_within_levels(body):
    """The body's headings are h2-h4 under the story's headline: a paste that uses h1 moves every
    heading one level down; anything deeper than h4 becomes h4."""
    headings = list(body.iter("h1", "h2", "h3", "h4", "h5", "h6"))
    shift = 1 if any(element.tag == "h1" for element in headings) else 0
    for element in headings:
        element.tag = f"h{min(int(element.tag[1]) + shift, DEEPEST_HEADING)}"


def links_without_address(body):
    """Word's bookmarks (``<a name="_Toc...">`` in its headings) link nowhere: only their text stays."""
    for anchor in list(body.iter("a")):
        if not anchor.get("href"):
            anchor.drop_tag()


def drop_empty_paragraphs(body):
    """Word's spacer paragraphs (``<p class=MsoNormal><o:p>&nbsp;</o:p></p>``) and the line breaks
    Google Docs puts between blocks."""
    for line_break in [child for child in body if child.tag == "br"]:
        line_break.drop_tag()
    for paragraph in list(body.iter("p")):
        if BLANK.fullmatch(paragraph.text_content()) and not any(
            child.tag in ("img", "br") for child in paragraph.iter() if isinstance(child.tag, str)
        ):
            paragraph.drop_tree()
