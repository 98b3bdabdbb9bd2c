"""Datelines, body starts and bylines of the real agency documents (issue 13, items 3, 5 and 6).

Runs when NEWSROOM_SAMPLE_FEEDS names the shared corpus (CI sets it), through the ``sample_feeds``
fixture; the documents are read in place. Only short factual fields are asserted: the place, the
first words of the body, the people.
"""

import pytest

from articles.ingest.bylines import BylinePerson, byline_people
from articles.ingest.datelines import place_of_dateline
from articles.ingest.formats import parse_document
from articles.ingest.xml import find, parse_xml, text_of


def first_item(sample_feeds, relative, guid=None):
    items = parse_document((sample_feeds / relative).read_bytes(), name=relative)
    if guid is None:
        return items[0]
    return next(item for item in items if item.guid == guid)


# (document, dateline, how the body starts): the place only, and the body without its dateline.
DATELINES_AND_BODY_STARTS = [
    # AP NITF: "NEW YORK (AP) — The gas..." opens the body; the dateline says it once.
    ("nitf/superdesk__ap-nitf.xml", "NEW YORK", "<p>The gas produced by hog manure"),
    # dpa: "London (dpa) - " as dateline element and as a span opening the body.
    ("newsml-g2/superdesk__dpa.xml", "London", "<p>2019 gab es bittere Tränen"),
    # ANSA: agency first ("(ANSA) - ROMA, 1 LUG - "); the dateline element holds a date and a test word.
    ("newsml-g2/superdesk__ansa_culture.xml", "ROMA", "<p>TEST FROM XAWES"),
    ("newsml-g2/superdesk__ansa-newsmlg2-text.xml", "Rome", "<p>Italian Foreign Minister Angelino Alfano"),
    # A dateline element that is a date: no dateline (no located either), the body as sent.
    ("newsml-g2/superdesk__video.xml", "", "<p>(ROUGH CUT ONLY - NO REPORTER NARRATION)</p>"),
    # Reuters' update: no place anywhere (its opening "Jan 30 (Reuters) - " is a date).
    ("newsml-g2/superdesk__tag_reuters.com_0000_newsml_L4N1FL0N0_1132689232.xml", "", "<p>* Spot gold may"),
    # Only located (a Reuters filing desk) and a body that is a by-line: both kept.
    ("newsml-g2/superdesk__text.xml", "Bangalore", "<p>By Toby Davis</p>"),
    # The body's "(New York, NY - October 21)" is its dateline in brackets.
    ("newsml-g2/iptc__LISTING_2_NewsML-G2_Text_Document.xml", "New York, NY", "<p>Et, sent luptat luptat"),
    ("nitf/superdesk__efe_nitf.xml", "Tegucigalpa", "<p>Test body."),
    ("nitf/superdesk__mapping_test.xml", "København", "<p>En 41-årig mand"),
    ("nitf/superdesk__aap-cyber.xml", "SYDNEY", "<p>body1"),
    ("nitf/iptc-ninjs-repo__NTB_nitf_sample.xml", "Unnao", "<p>Koronapandemien herjer også"),
    ("ninjs/iptc__v1.4_ninjsExComplex1.json", "Grossetto, Italy", "<p>The trial of the captain"),
    # TT's richhtml5: the header's "Försvar" + "TT" is not glued to the first sentence.
    ("ninjs/iptc__v2.1_tt_text_image_2.json", "", "<p>Pandemin satte stopp för den stora"),
]


@pytest.mark.parametrize(
    ("relative", "dateline", "body_start"),
    DATELINES_AND_BODY_STARTS,
    ids=[row[0] for row in DATELINES_AND_BODY_STARTS],
)
def test_dateline_and_body_start(sample_feeds, relative, dateline, body_start):
    item = first_item(sample_feeds, relative)
    assert item.dateline == dateline
    assert item.body_html.startswith(body_start), item.body_html[:200]


def test_the_agency_credit_is_not_repeated_in_the_dateline(sample_feeds):
    for relative, _dateline, _start in DATELINES_AND_BODY_STARTS:
        dateline = first_item(sample_feeds, relative).dateline
        for credit in ("(AP)", "(dpa)", "(ANSA)", "(EFE)", "/ritzau/", "AAP", "(Reuters)"):
            assert credit not in dateline, relative


def test_listing_28_dateline_names_the_place_located_would_give_as_a_code(sample_feeds):
    relative = "newsml-g2/iptc__LISTING_28_Illustrating_Located_Subject_and_Dateline.xml"
    content_meta = parse_xml((sample_feeds / relative).read_bytes(), relative)
    assert place_of_dateline(text_of(find(content_meta, "dateline"))) == "MOSCOW"


def test_reuters_update_advisory_and_by_line_leave_the_body(sample_feeds):
    item = first_item(
        sample_feeds, "newsml-g2/superdesk__tag_reuters.com_0000_newsml_L4N1FL0N0_1132689232.xml"
    )
    assert item.editorial_note == "Adds comments, detail"
    assert item.bylines == ["Arpan Varghese"]
    assert "By Arpan Varghese" not in item.body_html
    assert "<p>Jan 30 (Reuters) - Gold rose on Tuesday" in item.body_html


def test_dpa_notepad_and_header_are_not_in_the_body(sample_feeds):
    item = first_item(sample_feeds, "newsml-g2/superdesk__dpa.xml")
    assert "Fußball" not in item.body_html[:200]
    assert "(dpa)" not in item.body_html


# (document, the people its byline names)
BYLINES = [
    ("nitf/superdesk__ap-nitf.xml", ["Bernard Condon"]),
    ("ninjs/iptc__v2.1_dpa_text.json", ["Christian Hollmann"]),
    ("ninjs/iptc__v1.4_ninjsExComplex1.json", ["Paulo Santalucia", "Frances d'Emilio"]),
    ("nitf/iptc-ninjs-repo__NTB_nitf_sample.xml", []),
    ("ninjs/superdesk__ninjs1.json", []),
    ("rss-atom/prof18__rdf-feed-test.xml", []),
    ("rss-atom/rss-parser__content-encoded.rss", ["Jeremy Puma"]),
]


@pytest.mark.parametrize(("relative", "names"), BYLINES, ids=[row[0] for row in BYLINES])
def test_every_person_of_the_byline(sample_feeds, relative, names):
    assert first_item(sample_feeds, relative).bylines == names


def test_agency_tail_is_the_person_s_agency(sample_feeds):
    item = first_item(sample_feeds, "ninjs/iptc__v2.1_dpa_text.json")
    assert byline_people(item.byline, item.language) == [BylinePerson("Christian Hollmann", agency="dpa")]
