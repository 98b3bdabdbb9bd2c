"""The shared corpus of real agency documents, imported through the importer into Story and Photo rows.

Read in place from NEWSROOM_SAMPLE_FEEDS (CI: ../shared/feeds); skipped with a reason otherwise. Remote
pictures are not fetched (no test reaches the internet); pictures named by a relative reference are
given a generated JPEG under that name in a temporary folder, the document itself still read in place.
Where a picture cannot be read, the story imports without it and the reason is reported.
"""

from datetime import UTC, datetime

import pytest

from articles.ingest.importer import Importer
from articles.ingest.runs import import_source
from articles.ingest.tally import CollectingReporter
from articles.ingest.transports import Document
from articles.models import AgencyCopy, Photo, Story
from tests.builders import make_section
from tests.images import jpeg_bytes

pytestmark = pytest.mark.django_db

FORMAT_FOLDERS = ("rss-atom", "newsml-g2", "nitf", "ninjs")
# Documents no story can come from, each for a reason the parser gives (see tests/ingest).
REFUSED = {
    "iptc__LISTING_1_A_NewsML-G2_News_Item.xml",
    "iptc__LISTING_24_News_Message_conveying_a_complete_News_Package.xml",
    "iptc__LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml",
    "iptc__LISTING_28_Illustrating_Located_Subject_and_Dateline.xml",
    "iptc__LISTING_6_Simple_NewsML-G2_Package.xml",
    "iptc__ap_metadata_example.xml",
    # An AP text item whose words are served separately from an address that cannot be reached.
    "superdesk__ap_media_text_feed.json",
    # A ninjs text item with a headline and a one-sentence summary but no body.
    "iptc__v2.1_ntb_text.json",
}


def test_every_document_yields_stories_with_headline_and_body_or_a_clear_reason(sample_feeds, world):
    reporter = CollectingReporter(limit=10_000)
    importer = Importer(section=world, remote_photos=False, reporter=reporter)
    for folder in FORMAT_FOLDERS:
        import_source(importer, sample_feeds / folder)
    tally = importer.finish()

    assert not any("unexpected error" in line for line in reporter.failures), reporter.failures
    stories_by_document = {}
    for copy in AgencyCopy.objects.select_related("story"):
        stories_by_document.setdefault(copy.source_name.rsplit("/", 1)[-1], []).append(copy.story)
    for folder in FORMAT_FOLDERS:
        for path in sorted((sample_feeds / folder).iterdir()):
            if not path.is_file():
                continue
            failures = [line for line in reporter.failures if str(path) in line]
            stories = stories_by_document.get(path.name, [])
            if path.name in REFUSED:
                assert not stories and failures, path.name
                assert all(len(line.split(": ", 1)[1]) > 15 for line in failures), failures
                continue
            assert stories or failures, f"{path.name}: neither stories nor a reason"
            for story in stories:
                assert story.headline.strip(), path.name
                assert story.body.strip(), path.name
                assert "<script" not in story.body and "javascript:" not in story.body, path.name
    assert tally.failed == len(REFUSED)
    assert tally.created == Story.objects.count() >= 50
    # Pictures that arrived alone, all remote or missing here, each failed with its reason.
    picture_failures = [line for line in reporter.failures if "picture not imported" in line]
    assert len(picture_failures) == tally.pictures_failed >= 5
    assert all(
        ("not fetched in this run" in line or "cannot read the file" in line) for line in picture_failures
    )


# (document, guid or None for the first story, {field: expected}) read from the documents.
NAMED = [
    (
        "newsml-g2/iptc__LISTING_2_NewsML-G2_Text_Document.xml",
        {
            "headline": 'Fed to halt QE to avert "bubble"',
            "byline": ["Meredith Jameson"],
            "dateline": "New York, NY",
            "agency": "Associated Press",
        },
    ),
    (
        "newsml-g2/superdesk__dpa.xml",
        {
            "headline": "Eintracht in London: Hintereggers Tränen und Attacke auf Reporter",
            "byline": [],
            "dateline": "London",
            "language": "de",
        },
    ),
    (
        "newsml-g2/superdesk__video.xml",
        {
            "headline": "Cardinals arrive for pre-conclave meeting",
            "dateline": "",  # the agency's dateline is a date: a dateline is a place
            "agency": "Reuters",
        },
    ),
    ("newsml-g2/superdesk__ansa_culture.xml", {"dateline": "ROMA", "agency": "ANSA"}),
    (
        "nitf/superdesk__ap-nitf.xml",
        {
            "headline": "Can trading pollution like stocks help fight climate change?",
            "byline": ["Bernard Condon"],
            "dateline": "NEW YORK",
        },
    ),
    (
        "nitf/iptc-ninjs-repo__NTB_nitf_sample.xml",
        {
            "headline": "Pandemien herjer på den legeløse indiske landsbygda",
            "byline": [],
            "dateline": "Unnao",
            "agency": "NTB",
            "caption": "Kremasjonsbål for koronaofre brenner i Indias hovedstad New Delhi.",
            "credit": "Amit Sharma / AP / NTB",
        },
    ),
    (
        "nitf/superdesk__efe_nitf.xml",
        {
            "headline": "Honduran president announces Cabinet changes",
            "dateline": "Tegucigalpa",
            "agency": "Agencia EFE",
        },
    ),
    ("nitf/superdesk__aap.xml", {"byline": ["John Doe"], "dateline": "Sydney"}),
    (
        "ninjs/superdesk__ninjs2.json",
        {
            "headline": "Oil prices edge up on first drop in US drilling in months",
            "byline": ["Henning Gloystein"],
            "dateline": "Singapore",
            "agency": "Reuters",
        },
    ),
    (
        "ninjs/iptc__v1.4_ninjsExComplex1.json",
        {
            "headline": "Captain of wrecked cruise ship on trial in Italy",
            "byline": ["Paulo Santalucia", "Frances d'Emilio"],
            "dateline": "Grossetto, Italy",
        },
    ),
    (
        "ninjs/superdesk__ninjs_embargoed.json",
        {"byline": ["Aaron Staples"], "embargo_until": datetime(2022, 6, 29, 2, 30, tzinfo=UTC)},
    ),
    (
        "rss-atom/prof18__feed-char-escape.xml",
        {
            "headline": "Where the Grass is Greener, Except When It’s ‘Nonfunctional Turf’",
            "byline": ["Alan Burdick"],
        },
    ),
    (
        "rss-atom/prof18__feed-atom-test.xml",
        {
            "headline": "Sonos wins $32.5 million patent infringement victory over Google",
            "byline": ["Chris Welch"],
        },
    ),
]


def import_in_place(sample_feeds, relative, picture_folder, picture_names=()):
    """Import one corpus document (its bytes read in place) with pictures resolved in ``picture_folder``."""
    for number, name in enumerate(picture_names):
        (picture_folder / name).write_bytes(jpeg_bytes(color=(30 + number, 90, 160)))
    reporter = CollectingReporter(limit=1000)
    importer = Importer(section=make_section(), remote_photos=False, reporter=reporter)
    importer.add_document(
        Document(name=relative, content=(sample_feeds / relative).read_bytes(), base=str(picture_folder))
    )
    return importer.finish(), reporter


@pytest.mark.parametrize(("relative", "expected"), NAMED, ids=[row[0] for row in NAMED])
def test_named_documents_give_stories_with_the_expected_fields(sample_feeds, tmp_path, relative, expected):
    pictures = ["JsxLggxsoo4"] if "NTB_nitf" in relative else []
    tally, reporter = import_in_place(sample_feeds, relative, tmp_path, pictures)
    assert tally.created >= 1, reporter.failures
    story = Story.objects.select_related("agency", "lead_photo").order_by("pk").first()
    for name, value in expected.items():
        if name == "byline":
            actual = [byline.author.name for byline in story.bylines.order_by("position")]
        elif name == "agency":
            actual = story.agency.name
        elif name in ("caption", "credit"):
            actual = getattr(story.lead_photo, name)
        else:
            actual = getattr(story, name)
        assert actual == value, f"{relative}: {name}"


def test_a_picture_alone_goes_to_the_library_with_the_feed_caption_and_credit(sample_feeds, tmp_path):
    relative = "newsml-g2/iptc__LISTING_3_Photo_in_NewsML-G2.xml"
    tally, reporter = import_in_place(sample_feeds, relative, tmp_path, ["GYI0062134533.jpg"])
    assert tally.pictures_added == 1 and tally.created == 0, reporter.failures
    photo = Photo.objects.get()
    assert photo.caption.startswith("A general view of part of downtown")
    assert photo.credit == "Getty Images" and photo.photographer == "Spencer Platt"


def test_a_story_whose_picture_is_remote_imports_without_it_and_says_why(sample_feeds, tmp_path):
    tally, reporter = import_in_place(sample_feeds, "ninjs/superdesk__ninjs2.json", tmp_path)
    assert tally.created == 1 and tally.photos_skipped == 1
    assert Story.objects.get().lead_photo is None
    assert any("remote pictures are not fetched" in note for note in reporter.notes)


def test_embedded_iptc_of_a_real_photo_fills_caption_and_credit_the_feed_left_out(sample_feeds):
    # Our own minimal picture item pointing at IPTC's reference image, read in place.
    document = Document(
        name="own-picture.json",
        content=b'{"uri": "urn:test:iptc-reference", "type": "picture", "version": "1",'
        b' "renditions": {"original": {"href": "imagemeta__IPTC-PhotometadataRef-Std2021.1.jpg"}}}',
        base=str(sample_feeds / "photos"),
    )
    importer = Importer(remote_photos=False)
    importer.add_document(document)
    tally = importer.finish()
    assert tally.pictures_added == 1
    photo = Photo.objects.get()
    assert photo.caption == "The description aka caption (ref2021.1)"
    assert photo.credit == "Credit Line (ref2021.1)"
    assert photo.photographer == "Creator1 (ref2021.1)"
    assert (photo.width, photo.height) == (2000, 1000)
