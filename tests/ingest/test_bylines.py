"""Bylines (issue 13, items 6 and 9): every person a byline names, each once, with their place and
agency kept apart from the name; a name that is not a person's stays a byline, not an Author."""

import pytest

from articles.ingest.bylines import BylinePerson, byline_people, is_person_name, person_names
from articles.ingest.formats import parse_document
from articles.ingest.shaping import StoryShaper
from articles.ingest.tally import CollectingReporter, ImportTally
from articles.models import Author, Story
from tests.ingest.builders import copy_fixture, fixture_bytes, run_import

FOLDER = "wire-shaping"


def items_of(name):
    return {item.guid: item for item in parse_document(fixture_bytes(f"{FOLDER}/{name}"), name=name)}


@pytest.mark.parametrize(
    ("byline", "language", "names"),
    [
        # A surname that is also a word ("Press") is still a surname.
        ("Lena Marsh and Owen Press", "", ["Lena Marsh", "Owen Press"]),
        ("Lena Marsh and Owen Smith", "", ["Lena Marsh", "Owen Smith"]),
        ("By Lena Marsh & Owen Press, The Northern Press", "en", ["Lena Marsh", "Owen Press"]),
        ("Lena Marsh; Owen Press", "", ["Lena Marsh", "Owen Press"]),
        ("Lena Marsh, Owen Press, Ada Quinn", "", ["Lena Marsh", "Owen Press", "Ada Quinn"]),
        ("Lena Marsh with Owen Press", "", ["Lena Marsh", "Owen Press"]),
        ("By LENA MARSH and OWEN PRESS", "", ["Lena Marsh", "Owen Press"]),
        ("Hugo Brandt in Lisbon", "", ["Hugo Brandt"]),
        ("Ada Quinn, Meridian News", "", ["Ada Quinn"]),
        ("Additional reporting by Ada Quinn", "", ["Ada Quinn"]),
        # the document's language: "och", "og", "ja", "und", "et", "y", "e"
        ("Lisa Berg och Anders Holm", "sv", ["Lisa Berg", "Anders Holm"]),
        ("Lisa Berg med Anders Holm", "sv-SE", ["Lisa Berg", "Anders Holm"]),
        ("Kari Nordvik og Per Lund i Bergen", "nb-NO", ["Kari Nordvik", "Per Lund"]),
        ("Aino Virta ja Eero Laine", "fi", ["Aino Virta", "Eero Laine"]),
        ("Von Jana Vogt und Timo Brandl, dpa", "de", ["Jana Vogt", "Timo Brandl"]),
        ("Par Claire Morel et Luc Girard", "fr", ["Claire Morel", "Luc Girard"]),
        ("Por Lucía Vega y Pablo Ortiz", "es", ["Lucía Vega", "Pablo Ortiz"]),
        ("Di Giulia Conti e Marco Sala", "it", ["Giulia Conti", "Marco Sala"]),
        # "y" and "e" split only where the document says it is Spanish or Italian: elsewhere they
        # may join a double surname
        ("Lucía Vega y Pablo Ortiz", "", ["Lucía Vega y Pablo Ortiz"]),
        # not people
        ("Grow Your Own Greens!", "", []),
        ("Pull Up Your Plants!", "", []),
        ("The Northern Press", "", []),
        ("Associated Press", "", []),
        ("Staff Writers", "", []),
        ("NB-AFP-DPA", "", []),
        ("Newsdesk", "", []),
        ("Harbour Bulletin Blog", "", []),
        ("Peter and Jane", "", []),
    ],
)
def test_person_names(byline, language, names):
    assert person_names(byline, language) == names


def test_each_person_keeps_their_place_and_agency_apart_from_the_name():
    assert byline_people("Hugo Brandt in Lisbon & Ines Costa, Meridian News") == [
        BylinePerson("Hugo Brandt", place="Lisbon"),
        BylinePerson("Ines Costa", agency="Meridian News"),
    ]
    assert byline_people("By Lena Marsh, Allied Wire Business Writer") == [BylinePerson("Lena Marsh")]
    assert byline_people("Kari Nordvik og Per Lund i Bergen, NB", "nb") == [
        BylinePerson("Kari Nordvik"),
        BylinePerson("Per Lund", place="Bergen"),
    ]


def test_a_person_named_twice_is_one_person():
    assert person_names("Ada Quinn and Ada Quinn") == ["Ada Quinn"]


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("Owen Press", True),
        ("Frances d'Arcy", True),
        ("Pull Up Your Plants!", False),
        ("Grow Your Own Greens!", False),
        ("Canadian Press", False),
        ("Harbour Weekly News", False),
        ("Ada", False),
    ],
)
def test_is_person_name(candidate, expected):
    assert is_person_name(candidate) is expected


def test_every_person_in_each_format():
    newsml = items_of("newsml-datelines.xml")
    assert newsml["urn:test:dateline:element"].bylines == ["Lena Marsh", "Owen Press"]
    assert newsml["urn:test:dateline:body"].bylines == ["Tomas Reyes", "Ada Quinn"]
    assert items_of("newsml-richhtml-header.xml")["urn:test:richhtml:library"].bylines == [
        "Lisa Berg",
        "Anders Holm",
    ]
    nitf = items_of("nitf-datelines-bylines.xml")["urn:test:nitf:lakes"]
    assert nitf.byline == "By Lena Marsh and Owen Press"  # the job title is not printed
    assert nitf.bylines == ["Lena Marsh", "Owen Press"]
    assert items_of("nitf-norwegian.xml")["urn:test:nitf:bro"].bylines == ["Kari Nordvik", "Per Lund"]
    assert items_of("ninjs3-richhtml.json")["urn:test:ninjs3:exercise"].bylines == ["Mats Ek", "Sara Lind"]
    rss = items_of("rss-not-people.xml")
    assert rss["urn:test:rss:breakwater"].bylines == ["Hugo Brandt", "Ines Costa"]
    assert rss["urn:test:rss:peas"].bylines == []
    assert rss["urn:test:rss:peas"].byline == "Grow Your Own Greens!"


def test_a_by_line_at_the_top_of_a_wire_body_is_the_byline():
    item = items_of("newsml-wire-text.xml")["urn:test:wire:copper"]
    assert item.byline == "By Nora Quill"
    assert item.bylines == ["Nora Quill"]
    assert "By Nora Quill" not in item.body_html


@pytest.mark.django_db
def test_import_makes_authors_of_people_only(tmp_path, world):
    path = copy_fixture(f"{FOLDER}/rss-not-people.xml", tmp_path)
    tally, _reporter = run_import(path, section=world)
    assert tally.created == 2
    peas = Story.objects.get(source_guid="urn:test:rss:peas")
    assert not peas.bylines.exists()
    breakwater = Story.objects.get(source_guid="urn:test:rss:breakwater")
    assert [byline.author.name for byline in breakwater.bylines.order_by("position")] == [
        "Hugo Brandt",
        "Ines Costa",
    ]
    assert sorted(Author.objects.values_list("name", flat=True)) == ["Hugo Brandt", "Ines Costa"]


@pytest.mark.django_db
def test_the_importer_makes_no_author_of_a_name_that_is_not_a_person(world):
    shaper = StoryShaper(
        section=world,
        feed=None,
        zone=None,
        remote_photos=False,
        reporter=CollectingReporter(),
        tally=ImportTally(),
    )
    ids = shaper.author_rows(["Pull Up Your Plants!", "Harbour Desk Staff", "Owen Press"])
    assert list(Author.objects.filter(pk__in=ids).values_list("name", flat=True)) == ["Owen Press"]
    assert Author.objects.count() == 1
