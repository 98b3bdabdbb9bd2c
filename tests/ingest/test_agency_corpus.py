"""The shared corpus of real agency documents: one agency per agency whatever name it sends, and the
official names of the subject codes agencies send.

Read in place from NEWSROOM_SAMPLE_FEEDS (CI: ../shared/feeds); skipped with a reason otherwise. No
remote picture is fetched.
"""

import feedparser
import pytest

from articles.ingest.formats import parse_document
from articles.ingest.importer import Importer
from articles.ingest.items import ParseError
from articles.ingest.runs import import_source
from articles.ingest.tally import CollectingReporter
from articles.ingest.vocabularies import split_code, subject_name
from articles.models import AgencyCopy, Story

pytestmark = pytest.mark.django_db

FORMAT_FOLDERS = ("rss-atom", "newsml-g2", "nitf", "ninjs")

# Documents of one agency that name it differently, and the agency they must all land in.
SAME_AGENCY = {
    "Associated Press": (
        "nitf/superdesk__ap-nitf.xml",  # "The Associated Press"
        "nitf/superdesk__ap_media_text_nitf.xml",
        "newsml-g2/iptc__LISTING_2_NewsML-G2_Text_Document.xml",  # "Associated Press"
    ),
    "Australian Associated Press": (
        "nitf/superdesk__aap.xml",  # "Australian Associated Press"
        "nitf/superdesk__aap-cyber.xml",  # "AAP"
        "ninjs/superdesk__ninjs1.json",
    ),
    "Reuters": (
        "newsml-g2/superdesk__text.xml",  # provider "reuters.com", credit "Reuters"
        "ninjs/superdesk__ninjs2.json",  # "Reuters"
    ),
    "Deutsche Presse-Agentur": (
        "newsml-g2/superdesk__dpa.xml",  # "Deutsche Presse-Agentur GmbH"
        "ninjs/iptc__v2.1_dpa_text.json",  # "dpa"
    ),
    "ANSA": (
        "newsml-g2/superdesk__ansa-newsmlg2-text.xml",  # "ansa.it"
        "newsml-g2/superdesk__ansa_culture.xml",  # "ANSA"
    ),
}


def corpus_documents(root):
    for folder in FORMAT_FOLDERS:
        for path in sorted((root / folder).iterdir()):
            if path.is_file():
                yield f"{folder}/{path.name}", path


def test_each_agency_of_the_corpus_is_one_agency_whatever_name_it_sends(sample_feeds, world):
    reporter = CollectingReporter(limit=10_000)
    importer = Importer(section=world, remote_photos=False, reporter=reporter)
    for folder in FORMAT_FOLDERS:
        import_source(importer, sample_feeds / folder)
    importer.finish()

    agency_of = {
        copy.source_name.rsplit("/", 1)[-1]: copy.story.agency
        for copy in AgencyCopy.objects.select_related("story__agency")
    }
    for name, documents in SAME_AGENCY.items():
        agencies = {agency_of[document.rsplit("/", 1)[-1]] for document in documents}
        assert len(agencies) == 1, f"{name}: {sorted(agency.name for agency in agencies)}"
        assert agencies.pop().name == name
    assert agency_of["superdesk__ap-nitf.xml"] != agency_of["superdesk__aap.xml"]
    # No feed title became an agency: RSS and Atom items name none.
    titles = {
        feedparser.parse(path.read_bytes()).feed.get("title", "")
        for path in (sample_feeds / "rss-atom").iterdir()
        if path.is_file()
    }
    assert len(titles - {""}) >= 5
    assert not Story.objects.filter(agency__name__in=titles).exists()


def test_the_subject_codes_agencies_send_have_official_names(sample_feeds):
    iptc_codes, named = set(), set()
    for relative, path in corpus_documents(sample_feeds):
        try:
            items = list(parse_document(path.read_bytes(), name=relative).drain())
        except ParseError:
            continue
        for item in items:
            for subject in item.subjects:
                if split_code(subject.code)[0]:
                    iptc_codes.add(subject.code)
                    if subject_name(subject.code):
                        named.add(subject.code)
    assert len(iptc_codes) >= 10
    assert named == iptc_codes, sorted(iptc_codes - named)
