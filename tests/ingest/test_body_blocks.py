"""Blocks of an agency body that are not the story (issue 13, item 5): the agency's header with its
category and agency, notes to editors, footers, end and EMBED markers, a wire advisory and a "By"
line go to their own fields or away, never glued into the first sentence."""

from articles.ingest.body_blocks import SetAside
from articles.ingest.formats import parse_document
from articles.ingest.text import body_from_markup
from tests.ingest.builders import fixture_bytes

FOLDER = "wire-shaping"
AGENCY_HEADER = (
    '<div class="dat"><span class="vignette">Litteratur</span><span class="source">NT</span></div>'
)


def items_of(name):
    return {item.guid: item for item in parse_document(fixture_bytes(f"{FOLDER}/{name}"), name=name)}


def test_the_agency_header_is_not_glued_to_the_first_sentence():
    body, _photos = body_from_markup(
        f"<section><h1>Title</h1>{AGENCY_HEADER}<p>Första meningen.</p></section>"
    )
    assert body == "<p>Första meningen.</p>"
    assert "LitteraturNT" not in body and "Litteratur" not in body


def test_notes_to_editors_go_to_the_set_aside_and_markers_away():
    set_aside = SetAside()
    body, _photos = body_from_markup(
        "<p>The story.</p>"
        "<!-- EMBED START Image {id: 'a1'} --><p>EMBED START Image {id: 'a1'}</p>"
        "<aside>Note to editors: pictures follow.</aside>"
        "<p>Last words.</p><p>-ends-</p><footer>Allied Wire, 1 Quay Street</footer>",
        set_aside=set_aside,
    )
    assert body == "<p>The story.</p><p>Last words.</p>"
    assert set_aside.notes == ["Note to editors: pictures follow."]


def test_end_markers_in_several_forms_leave_only_at_the_end():
    for marker in ("ENDS", "(END)", "-30-", "###", "# # #", "Slutt", "(Slut)"):
        body, _photos = body_from_markup(f"<p>Ends well.</p><p>Then more.</p><p>{marker}</p>")
        assert body == "<p>Ends well.</p><p>Then more.</p>", marker
    body, _photos = body_from_markup("<p>End</p><p>The word above is a story's own.</p>")
    assert body.startswith("<p>End</p>")


def test_a_credit_inside_a_figure_is_the_picture_s_not_furniture():
    body, photos = body_from_markup(
        '<p>Text.</p><figure><img src="https://example.org/a.jpg"><div class="byline">Ola Lind/NT</div>'
        "<figcaption>A boat.</figcaption></figure>"
    )
    assert body == "<p>Text.</p>"
    assert photos[0].caption == "A boat."


def test_a_by_line_stays_in_the_body_unless_the_caller_takes_it():
    markup = "<p>By Nora Quill</p><p>Copper held steady.</p>"
    assert body_from_markup(markup)[0] == markup
    set_aside = SetAside()
    assert body_from_markup(markup, set_aside=set_aside)[0] == "<p>Copper held steady.</p>"
    assert set_aside.byline == "By Nora Quill"


def test_a_body_that_is_only_a_by_line_keeps_it():
    set_aside = SetAside()
    assert body_from_markup("<p>By Nora Quill</p>", set_aside=set_aside)[0] == "<p>By Nora Quill</p>"
    assert set_aside.byline == ""


def test_newsml_richhtml_body_starts_with_the_story():
    item = items_of("newsml-richhtml-header.xml")["urn:test:richhtml:library"]
    assert item.body_html.startswith("<p>Biblioteket i Ekeby öppnar på måndag, ett år efter branden")
    assert "Litteratur" not in item.body_html and "EMBED" not in item.body_html
    assert "NT Nyhetsbyrå" not in item.body_html and "(Slut)" not in item.body_html
    assert item.body_html.endswith("<p>– Vi har längtat, säger bibliotekarien.</p>")
    assert item.editorial_note == "Till redaktionen: bilder skickas separat."


def test_ninjs3_richhtml_body_starts_with_the_story():
    item = items_of("ninjs3-richhtml.json")["urn:test:ninjs3:exercise"]
    assert item.body_html == (
        "<p>En stor övning med fartyg från fem länder hålls på Österö nästa vår.</p>"
        "<p>Övningen pågår i två veckor.</p>"
    )


def test_wire_text_in_one_paragraph_becomes_paragraphs_without_advisory_byline_or_end_marker():
    item = items_of("newsml-wire-text.xml")["urn:test:wire:copper"]
    assert item.body_html == (
        "<p>* Copper flat near two-week high</p>"
        "<p>* Factory surveys due on Friday</p>"
        "<p>Jan 30 (Meridian) - Copper held steady on Thursday as traders waited for factory surveys "
        "from the largest buyers of the metal.</p>"
        '<p>"Nobody wants to move before the numbers," one dealer said.</p>'
    )
    assert item.editorial_note == "Adds analyst quote, detail"


def test_pretty_printed_paragraphs_are_not_wire_text():
    markup = "<p>\n      One sentence that the XML\n      wrapped over lines.\n      </p>"
    assert body_from_markup(markup)[0] == "<p>One sentence that the XML wrapped over lines. </p>"
