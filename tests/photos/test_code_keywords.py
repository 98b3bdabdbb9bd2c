"""An agency's internal codes in a photo's keywords (Reuters' ``:rel:d:bm:...``, GUIDs, qcodes) are
not keywords: never stored as the photo's keywords, never offered to the desk as tags."""

import json

import pytest

from articles.forms import story_photo_keywords
from articles.models import Photo, StoryPhoto
from articles.photos.forms import KeywordsField
from articles.photos.keywords import desk_keywords, is_code
from articles.photos.library import store_photo
from articles.photos.metadata import read_embedded_metadata
from tests.builders import make_agency, make_photo, make_story
from tests.images import bag, with_iim
from tests.ingest.builders import run_import, write_document
from tests.photo_metadata_images import ALTERNATIVE_HEADER, packet, plain_jpeg, with_xmp

CODES = [
    ":rel:d:bm:GF2EA7M0GIR01",  # Reuters: picture-desk code and the picture's identifier
    ":rel:d:bm:LX9TQ4B2ZK801",
    "rel:d:bm:GF2EA7M0GIR01",
    "urn:uuid:0b4f6a6e-12c1-4c9e-9a55-5d2f0f0c9e11",
    "tag:northline.example,2024:pic-4411",
    "0b4f6a6e-12c1-4c9e-9a55-5d2f0f0c9e11",
    "{0B4F6A6E-12C1-4C9E-9A55-5D2F0F0C9E11}",
    "9e107d9d372bb6826bd81d3542a419d6",  # an MD5
    "subj:15054000",
    "medtop:20000763",
    "IPTC:10020211",
    "GF2EA7M0GIR01",
    "  :rel:d:bm:GF2EA7M0GIR01  ",
]
KEYWORDS = [
    "COVID-19: vaccine",
    "COVID-19:vaccine",
    "Paris: Fashion Week",
    "FIFA World Cup 2022",
    "ferry",
    "SOCCER",
    "G7",
    "H5N1",
    "COVID19",
    "Tokyo2020",
    "B737MAX8",
    "iPhone15",
    "2022",
    "Covid19Vaccine2021",
    "deadbeefcafebabe",  # sixteen hexadecimal letters without a digit: a (strange) word
    "Zürich",
    "rel d bm",
    "St. John's: harbour",
    "A3:2024",  # a qcode needs six digits after its scheme
]


@pytest.mark.parametrize("code", CODES)
def test_codes_are_recognised(code):
    assert is_code(code)


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_real_keywords_are_kept(keyword):
    assert not is_code(keyword)


def test_desk_keywords_keep_order_and_drop_codes_blanks_and_repeats():
    found = [":rel:d:bm:GF2EA7M0GIR01", "Ferry", " ", "harbour", "FERRY", "subj:15054000", "Salthaven"]

    assert desk_keywords(found) == ["Ferry", "harbour", "Salthaven"]


REUTERS_LIKE_IIM = [
    ((2, 25), b":rel:d:bm:GF2EA7M0GIR01"),
    ((2, 25), b"FERRY"),
    ((2, 25), b"TRANSPORT"),
    ((2, 25), b"COVID-19: travel"),
    ((2, 25), b"0b4f6a6e-12c1-4c9e-9a55-5d2f0f0c9e11"),
    ((2, 120), b"A ferry leaves Salthaven pier."),
    ((2, 110), b"Northline Pictures"),
]


def coded_jpeg():
    return with_iim(plain_jpeg(), REUTERS_LIKE_IIM)


def test_iim_codes_are_not_read_as_keywords_but_stay_in_the_record():
    metadata = read_embedded_metadata(coded_jpeg())

    assert metadata.keywords == ("FERRY", "TRANSPORT", "COVID-19: travel")
    assert metadata.raw["iim"]["2:25"][0] == ":rel:d:bm:GF2EA7M0GIR01"


def test_xmp_subjects_that_are_all_codes_give_way_to_the_iim_keywords():
    xmp = packet(f"<dc:subject>{bag(':rel:d:bm:GF2EA7M0GIR01', 'subj:15054000')}</dc:subject>")
    jpeg = with_iim(with_xmp(plain_jpeg(), xmp, header=ALTERNATIVE_HEADER), REUTERS_LIKE_IIM)

    assert read_embedded_metadata(jpeg).keywords == ("FERRY", "TRANSPORT", "COVID-19: travel")


def test_xmp_subjects_lose_their_codes_too():
    xmp = packet(f"<dc:subject>{bag('harbour', ':rel:d:bm:GF2EA7M0GIR01', 'Salthaven')}</dc:subject>")

    assert read_embedded_metadata(with_xmp(plain_jpeg(), xmp)).keywords == ("harbour", "Salthaven")


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_a_stored_photo_keeps_the_keywords_and_not_the_codes():
    photo, created = store_photo(coded_jpeg(), filename="ferry.jpg")

    assert created
    photo.refresh_from_db()
    assert photo.keywords == ["FERRY", "TRANSPORT", "COVID-19: travel"]
    assert photo.embedded_metadata["read"]["keywords"] == ["FERRY", "TRANSPORT", "COVID-19: travel"]
    assert ":rel:d:bm:GF2EA7M0GIR01" in json.dumps(photo.embedded_metadata["iim"])


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_keywords_a_caller_gives_lose_their_codes_as_well():
    photo, _created = store_photo(
        plain_jpeg(),
        filename="ferry.jpg",
        defaults={"credit": "Staff", "keywords": ["ferry", "subj:15054000"]},
    )

    assert photo.keywords == ["ferry"]


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_an_agency_picture_imported_alone_is_stored_without_codes(tmp_path):
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "ferry.jpg").write_bytes(coded_jpeg())
    item = {
        "uri": "urn:northline:pic:ferry-1",
        "type": "picture",
        "version": "1",
        "headline": "Ferry leaves Salthaven",
        "renditions": {"original": {"href": "ferry.jpg", "mimetype": "image/jpeg"}},
    }
    path = write_document(tmp_path / "feed", "picture.json", json.dumps(item).encode())

    tally, reporter = run_import(path, agency=make_agency("Northline Pictures", credit="NLP"))

    assert tally.pictures_added == 1, reporter.failures
    photo = Photo.objects.get(source_identifier="urn:northline:pic:ferry-1")
    assert photo.keywords == ["FERRY", "TRANSPORT", "COVID-19: travel"]
    assert photo.credit == "Northline Pictures"


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_codes_stored_before_they_were_recognised_are_not_offered_as_tags():
    lead = make_photo(keywords=[":rel:d:bm:GF2EA7M0GIR01", "ferry", "GF2EA7M0GIR01"])
    story = make_story(lead_photo=lead)
    StoryPhoto.objects.create(
        story=story, photo=make_photo(keywords=["subj:15054000", "Salthaven"]), position=0
    )

    assert story_photo_keywords(story) == ["ferry", "Salthaven"]


def test_the_photo_form_neither_shows_nor_keeps_codes():
    field = KeywordsField()

    assert (
        field.prepare_value([":rel:d:bm:GF2EA7M0GIR01", "ferry", "COVID-19: travel"])
        == "ferry, COVID-19: travel"
    )
    assert field.clean("ferry, :rel:d:bm:GF2EA7M0GIR01, Ferry, harbour") == ["ferry", "harbour"]
