"""Datelines (issue 13, item 3): the place, by precedence; never a time; the agency's credit once.

Precedence: the place part of the dateline element, then the body's opening dateline, then
``located``. The body's own opening dateline is taken out of the body when it names the story's
place, since the story page prints the dateline at the start of the first paragraph.
"""

import pytest

from articles.ingest.datelines import (
    opening_dateline,
    place_of_dateline,
    settle_dateline,
    without_opening_dateline,
)
from articles.ingest.formats import parse_document
from articles.ingest.items import AgencyItem, Location
from articles.models import Story
from tests.ingest.builders import copy_fixture, fixture_bytes, run_import

FOLDER = "wire-shaping"


def items_of(name):
    return {item.guid: item for item in parse_document(fixture_bytes(f"{FOLDER}/{name}"), name=name)}


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("HARBOUR GATE, Md. (AW)", "HARBOUR GATE, Md."),
        ("SALTMARSH, Feb 3 (Meridian) -", "SALTMARSH"),
        ("KESTREL BAY, Monday (Meridian)", "KESTREL BAY"),
        ("Lindholm (dpa) - ", "Lindholm"),
        ("PORTLEVEN March 22 AAP -", "PORTLEVEN"),
        ("Skerry Point, Norway, July 2", "Skerry Point, Norway"),
        ("Strandvik /nb/", "Strandvik"),
        ("Frankfurt am Main", "Frankfurt am Main"),
        ("2025-02-03 20:13:08 GMT+00:00", ""),
        ("MARCH 04, 2013", ""),
        ("Monday", ""),
        ("", ""),
    ],
)
def test_the_place_part_of_a_dateline(dateline, place):
    assert place_of_dateline(dateline) == place


def test_a_part_naming_the_item_agency_is_not_the_place():
    assert place_of_dateline("XNA TEST - PORTOVERDE, 01 LUG -", {"xna"}) == "PORTOVERDE"


@pytest.mark.parametrize(
    ("text", "place", "rest"),
    [
        ("HARBOUR GATE, Md. (AW) — A maker of ferries said", "HARBOUR GATE, Md.", "A maker of ferries said"),
        ("SALTMARSH, Feb 3 (Meridian) - Rescue crews", "SALTMARSH", "Rescue crews"),
        ("NEW HAVENFORD: Reservoirs held more water", "NEW HAVENFORD", "Reservoirs held more water"),
        ("Lindholm (dpa) - Der Hafen", "Lindholm", "Der Hafen"),
        ("Tegucalpa, Jan 2 (XNA).- Test body.", "Tegucalpa", "Test body."),
        ("Strandvik /nb/: Den nye broen", "Strandvik", "Den nye broen"),
        ("(XNA) - Portoverde, 1 LUG - Il sindaco ha detto", "Portoverde", "Il sindaco ha detto"),
        ("(Eastmere, EM - October 21) The council met", "Eastmere, EM", "The council met"),
        ("GROSSHAVEN, Germany (AW) -- The trial began", "GROSSHAVEN, Germany", "The trial began"),
    ],
)
def test_a_body_opening_with_a_dateline(text, place, rest):
    found, length = opening_dateline(text)
    assert found == place
    assert text[length:] == rest


@pytest.mark.parametrize(
    "text",
    [
        "Update: the council met again on Monday.",
        "UPDATE: the council met again on Monday.",
        "EDITORS: please note the embargo.",
        "FAQ: how the ferries run in winter.",
        "EDIT: fixed a typo in the second paragraph.",
        "RESULTS: the coastal league on Saturday.",
        "Meanwhile, in 2020 - the river rose.",
        "Jan 30 (Meridian) - Copper held steady.",
        "(ROUGH CUT ONLY - NO REPORTER NARRATION) Cardinals arrived.",
        "(Adds analyst quote, detail) Copper held steady.",
        "Rescue crews reached three villages on Monday.",
        "The mayor said: we will rebuild.",
    ],
)
def test_openings_that_are_not_datelines(text):
    assert opening_dateline(text) is None


def test_the_body_loses_its_opening_dateline_with_inline_markup_around_it():
    body = "<p><span>Lindholm <em>(dpa)</em> - </span>Der Hafen <b>bleibt</b> offen.</p><p>Zweiter.</p>"
    place, rest = without_opening_dateline(body)
    assert place == "Lindholm"
    assert rest == "<p>Der Hafen <b>bleibt</b> offen.</p><p>Zweiter.</p>"


def test_a_dateline_in_a_paragraph_of_its_own_goes_with_its_paragraph():
    place, rest = without_opening_dateline("<p>KESTREL BAY (Meridian) -</p><p>Boats stayed in port.</p>")
    assert (place, rest) == ("KESTREL BAY", "<p>Boats stayed in port.</p>")


def test_a_body_without_an_opening_dateline_is_left_as_it_is():
    body = "<h2>Background</h2><p>KESTREL BAY (Meridian) - Boats stayed in port.</p>"
    assert without_opening_dateline(body) == ("", body)


def test_newsml_dateline_element_beats_located_and_the_body_shows_it_once():
    item = items_of("newsml-datelines.xml")["urn:test:dateline:element"]
    assert item.location.city == "Brookfield"  # the company's headquarters, not the story's place
    assert item.dateline == "HARBOUR GATE, Md."
    assert item.body_html.startswith("<p>A maker of small passenger ferries said on Monday")
    assert "(AW)" not in item.body_html and "HARBOUR GATE" not in item.body_html


def test_newsml_body_opening_beats_located_when_there_is_no_dateline_element():
    item = items_of("newsml-datelines.xml")["urn:test:dateline:body"]
    assert item.location.city == "Eastport"  # the filing desk
    assert item.dateline == "SALTMARSH"
    assert item.body_html.startswith("<p>Rescue crews reached three villages on Monday")


def test_newsml_timestamp_is_never_a_dateline():
    item = items_of("newsml-datelines.xml")["urn:test:dateline:timestamp"]
    assert item.dateline == ""
    assert item.body_html.startswith("<p>Results of matches played on Saturday")


def test_newsml_place_and_colon_opening():
    item = items_of("newsml-datelines.xml")["urn:test:dateline:colon"]
    assert item.dateline == "NEW HAVENFORD"
    assert item.body_html.startswith("<p>Reservoirs in the hill district held more water")


def test_newsml_dateline_without_a_place_leaves_located_and_the_body_as_sent():
    item = items_of("newsml-wire-text.xml")["urn:test:wire:copper"]
    assert item.dateline == "Eastport"
    assert "<p>Jan 30 (Meridian) - Copper held steady on Thursday" in item.body_html


def test_nitf_dateline_element_with_location_and_credit():
    item = items_of("nitf-datelines-bylines.xml")["urn:test:nitf:lakes"]
    assert item.dateline == "CEDAR FALLS, Minn."
    assert item.body_html.startswith("<p>Three lake towns agreed on Wednesday")
    assert "(AW)" not in item.body_html


def test_nitf_dateline_only_in_the_body():
    item = items_of("nitf-norwegian.xml")["urn:test:nitf:bro"]
    assert item.dateline == "Strandvik"
    assert item.body_html.startswith("<p>Den nye broen over fjorden åpner for trafikk i mai")


def test_ninjs3_located_and_the_body_opening_agree():
    item = items_of("ninjs3-richhtml.json")["urn:test:ninjs3:exercise"]
    assert item.dateline == "ÖSTERHAMN"
    assert item.body_html.startswith("<p>En stor övning med fartyg från fem länder")


@pytest.mark.django_db
def test_the_story_gets_the_place_and_a_body_that_does_not_repeat_it(tmp_path, world):
    path = copy_fixture(f"{FOLDER}/newsml-datelines.xml", tmp_path)
    tally, _reporter = run_import(path, section=world)
    assert tally.created == 4
    stories = {story.source_guid: story for story in Story.objects.all()}
    assert stories["urn:test:dateline:element"].dateline == "HARBOUR GATE, Md."
    assert stories["urn:test:dateline:element"].body.startswith("<p>A maker of small passenger ferries")
    assert stories["urn:test:dateline:body"].dateline == "SALTMARSH"
    assert stories["urn:test:dateline:timestamp"].dateline == ""
    assert stories["urn:test:dateline:colon"].dateline == "NEW HAVENFORD"


def settled(dateline="", body="", city="", credit=""):
    item = AgencyItem(guid="urn:test:settle", dateline=dateline, body_html=body, credit=credit)
    item.location = Location(city=city)
    settle_dateline(item)
    return item.dateline, item.body_html


def test_precedence_element_then_body_then_located():
    body = "<p>KESTREL BAY (AW) - Boats stayed in port.</p>"
    assert settled("KESTREL BAY (AW)", body, "Brookfield") == ("KESTREL BAY", "<p>Boats stayed in port.</p>")
    assert settled("", body, "Brookfield") == ("KESTREL BAY", "<p>Boats stayed in port.</p>")
    assert settled("", "<p>Boats stayed in port.</p>", "Brookfield") == (
        "Brookfield",
        "<p>Boats stayed in port.</p>",
    )
    assert settled("12:30 GMT", "<p>Boats stayed in port.</p>", "") == ("", "<p>Boats stayed in port.</p>")


def test_a_body_naming_another_place_than_the_dateline_element_keeps_its_opening():
    body = "<p>PORT ELLEN (AW) - Boats stayed in port.</p>"
    assert settled("KESTREL BAY", body) == ("KESTREL BAY", body)


def test_the_item_agency_unbracketed_is_a_credit_not_a_place():
    assert settled("PORTLEVEN Feb 3 XNA -", "<p>Text.</p>", credit="XNA") == ("PORTLEVEN", "<p>Text.</p>")
