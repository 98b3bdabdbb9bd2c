"""Paste from Word and Google Docs: the server's sanitizer keeps lists, headings, links, bold and italic
and drops the word processors' styling (tests/fixtures/paste/ holds clipboard HTML shaped as each
puts it on the clipboard, with our own text)."""

from pathlib import Path

import lxml.html
import pytest

from articles.office_paste import looks_pasted_from_office
from articles.sanitize import clean_html

FIXTURES = Path(__file__).parent / "fixtures" / "paste"


def paste(name):
    return clean_html((FIXTURES / name).read_text(encoding="utf-8"))


def tree(html):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def texts(elements):
    return [" ".join(element.text_content().split()) for element in elements]


def test_word_bullets_become_a_real_list_with_its_nesting():
    body = tree(paste("word_lists.html"))
    bullets = body.xpath("./ul")
    assert len(bullets) == 1
    assert texts(bullets[0].xpath("./li")) == [
        "Early crossings leave at 06:40 instead of 06:10The island boat keeps its first sailing",
        "Evening crossings stop at 21:00",
        "Cars must book a slot online",
    ]
    assert texts(bullets[0].xpath("./li[1]/ul/li")) == ["The island boat keeps its first sailing"]
    # No bullet characters or Word's spacing left over as text.
    assert not any(text.startswith(("·", "o ", "\u00a0")) for text in texts(body.iter("li")))


def test_word_numbering_becomes_an_ordered_list():
    body = tree(paste("word_lists.html"))
    assert texts(body.xpath("./ol/li")) == ["Keep your ticket", "Fill in the form at the kiosk"]
    assert "1." not in body.xpath("./ol")[0].text_content()


def test_word_keeps_headings_links_bold_and_italic_and_drops_its_styling():
    html = paste("word_lists.html")
    body = tree(html)
    # Word's Heading 1 and 2 under the story's own headline: h2 and h3.
    assert texts(body.xpath("./h2")) == ["Ferry timetable changes"]
    assert texts(body.xpath("./h3")) == ["How to get a refund"]
    assert body.xpath("//a/@href") == ["https://harbour.example.org/ferries"]
    assert texts(body.xpath("//b")) == ["north pier", "Evening"]
    assert texts(body.xpath("//i")) == ["resurfaced", "early spring"]
    for trace in ("mso-", "style=", "class=", "<span", "o:p", "MsoNormal", "_Toc", "[if"):
        assert trace not in html
    # Word's empty spacer paragraph is gone.
    assert all(text for text in texts(body.xpath("./p")))


def test_google_docs_wrapper_does_not_make_everything_bold():
    html = paste("google_docs.html")
    body = tree(html)
    assert not body.xpath("./b") and "docs-internal-guid" not in html
    assert texts(body.xpath("//strong")) == ["tram depot", "Bicycle parking", "Bring a bag"]
    assert texts(body.xpath("//em")) == ["sensible but late", "Bring a bag"]
    assert texts(body.xpath("./p[1]")) == [
        "Stallholders voted to move the winter market into the old tram depot, a decision the council "
        "called sensible but late. The plans are on the council website."
    ]


def test_google_docs_keeps_lists_headings_and_links():
    body = tree(paste("google_docs.html"))
    assert texts(body.xpath("./h2")) == ["Night market moves indoors"]
    assert texts(body.xpath("./h3")) == ["What changes for shoppers"]
    assert texts(body.xpath("./ul/li")) == [
        "Opening hours stay the same",
        "Bicycle parking moves to the east gate",
    ]
    assert texts(body.xpath("./ol/li")) == ["First night: 4 December"]
    assert body.xpath("//a/@href") == ["https://council.example.org/markets"]
    assert "style=" not in lxml.html.tostring(body, encoding="unicode")
    # The line breaks it puts between blocks for spacing are not kept.
    assert not body.xpath("./br")


@pytest.mark.parametrize("name", ["word_lists.html", "google_docs.html"])
def test_a_cleaned_paste_is_stable(name):
    once = paste(name)
    assert clean_html(once) == once
    assert not looks_pasted_from_office(once)


def test_word_lists_of_two_kinds_in_a_row_stay_two_lists():
    html = (
        "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><!--[if !supportLists]-->"
        "<span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span><!--[endif]-->Tide tables</p>"
        "<p class=MsoListParagraphCxSpLast style='mso-list:l2 level1 lfo3'><!--[if !supportLists]-->"
        "<span style='mso-list:Ignore'>a)<span>&nbsp;&nbsp;</span></span><!--[endif]-->Harbour dues</p>"
    )
    assert clean_html(html) == "<ul><li>Tide tables</li></ul><ol><li>Harbour dues</li></ol>"


def test_word_downlevel_revealed_markers_are_taken_out_too():
    # Older Word and Word for Mac write the condition without the comment marks.
    html = (
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]>"
        "<span>1.<span>&nbsp; </span></span><![endif]>Bring the permit</p>"
    )
    assert clean_html(html) == "<ol><li>Bring the permit</li></ol>"


def test_ordinary_html_is_not_touched_by_the_paste_pass():
    html = "<h2>Harbour</h2><p><b>Bold</b> and <span style='font-weight:700'>not</span></p><p></p>"
    assert not looks_pasted_from_office(html)
    assert clean_html(html) == "<h2>Harbour</h2><p><b>Bold</b> and not</p><p></p>"
