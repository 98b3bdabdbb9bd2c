"""Official English names of IPTC Media Topics and Subject Codes, from the data shipped with the importer."""

import pytest

from articles.ingest import vocabularies
from articles.ingest.vocabularies import is_retired, subject_name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("medtop:20000763", "information technology and computer science"),
        ("medtop:04000000", "economy, business and finance"),
        ("MEDTOP:15000000", "sport"),
        ("http://cv.iptc.org/newscodes/mediatopic/20000763", "information technology and computer science"),
        ("https://cv.iptc.org/newscodes/mediatopic/04000000/", "economy, business and finance"),
        ("subj:15054000", "soccer"),
        ("subj:04005004", "oil and gas - upstream activities"),
        ("http://cv.iptc.org/newscodes/subjectcode/03000000", "disaster and accident"),
        ("subj:16000000", "unrest, conflicts and war"),
        # NITF's tobject.subject.refnum and ninjs 1.x send the Subject Reference Number bare.
        ("15054000", "soccer"),
        (" 04005004 ", "oil and gas - upstream activities"),
        # Only Media Topics have 20xxxxxx numbers.
        ("20000763", "information technology and computer science"),
    ],
)
def test_official_names_of_media_topics_and_subject_codes(code, name):
    assert subject_name(code) == name


@pytest.mark.parametrize(
    "code",
    [
        "",
        None,
        "medtop:",
        "medtop:99999999",
        "subj:99999999",
        "sttsubj:15000000",  # an agency's own scheme, whatever its numbers look like
        "http://cv.iptc.org/newscodes/genre/Analysis",
        "http://example.test/newscodes/mediatopic/04000000",
        "1500000",
        "150540000",
        "Sport",
        "medtop:" + "1" * 10_000,
    ],
)
def test_codes_of_other_schemes_or_unknown_codes_have_no_name(code):
    assert subject_name(code) == ""


def test_retired_media_topics_keep_their_name_and_are_marked():
    assert subject_name("medtop:20000030") == "music theatre"
    assert is_retired("medtop:20000030")
    assert not is_retired("medtop:20000763")
    assert not is_retired("subj:01018001")


def test_the_vocabularies_are_read_once_per_process():
    vocabularies.load.cache_clear()
    for _ in range(3):
        subject_name("medtop:04000000")
        subject_name("subj:04000000")
    info = vocabularies.load.cache_info()
    assert (info.misses, info.currsize) == (2, 2)


def test_the_shipped_vocabularies_are_whole():
    media_topics = vocabularies.names("mediatopic")
    subject_codes = vocabularies.names("subjectcode")
    assert len(media_topics) == 1387 and len(subject_codes) == 1404
    tops = [f"{number:02d}000000" for number in range(1, 18)]
    assert all(media_topics[code] and subject_codes[code] for code in tops)
    assert all(name.strip() == name and name for name in [*media_topics.values(), *subject_codes.values()])
