"""The shared corpus of real agency documents, read in place (never copied into the project).

Runs when NEWSROOM_SAMPLE_FEEDS names the folder (CI sets it to ../shared/feeds); skipped with a
reason otherwise, through the ``sample_feeds`` fixture.
"""

from datetime import UTC, datetime

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.items import ParseError

FORMAT_FOLDERS = ("rss-atom", "newsml-g2", "nitf", "ninjs")

# Documents that cannot become stories, and the reason each gives.
EXPECTED_REFUSALS = {
    "newsml-g2/iptc__LISTING_1_A_NewsML-G2_News_Item.xml": "the text item has no body",
    "newsml-g2/iptc__LISTING_24_News_Message_conveying_a_complete_News_Package.xml": "has no headline",
    "newsml-g2/iptc__LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml": "fragment",
    "newsml-g2/iptc__LISTING_28_Illustrating_Located_Subject_and_Dateline.xml": "fragment",
    "newsml-g2/iptc__LISTING_6_Simple_NewsML-G2_Package.xml": "not included in this document",
    "newsml-g2/iptc__ap_metadata_example.xml": "video items are not imported",
    # A headline and a one-sentence description, no body: the summary is not published as the story.
    "ninjs/iptc__v2.1_ntb_text.json": "the text item has no body; its summary is not used",
}


def corpus_documents(root):
    for folder in FORMAT_FOLDERS:
        for path in sorted((root / folder).iterdir()):
            if path.is_file():
                yield f"{folder}/{path.name}", path


def test_every_document_yields_stories_or_a_clear_reason(sample_feeds):
    parsed = refused = 0
    for relative, path in corpus_documents(sample_feeds):
        try:
            items = parse_document(path.read_bytes(), name=relative)
        except ParseError as error:
            refused += 1
            assert error.reason.strip(), relative
            assert relative in EXPECTED_REFUSALS, f"{relative} unexpectedly refused: {error}"
            assert EXPECTED_REFUSALS[relative] in error.reason, f"{relative}: {error.reason}"
            continue
        parsed += 1
        assert relative not in EXPECTED_REFUSALS, f"{relative} should have been refused"
        assert items, relative
        for item in items:
            assert item.guid, relative
            assert item.headline, f"{relative} {item.guid}: no headline"
            assert item.version_created is None or item.version_created.tzinfo is not None, relative
            if item.is_picture:
                assert item.photos and item.photos[0].href, f"{relative} {item.guid}: picture without file"
            else:
                assert item.body_html or item.body_href, f"{relative} {item.guid}: no body"
            assert "<script" not in item.body_html and "javascript:" not in item.body_html
    assert parsed >= 40 and refused == len(EXPECTED_REFUSALS)


def field(item, path):
    value = item
    for step in path.split("."):
        value = value[int(step)] if step.isdigit() else getattr(value, step)
    return value


# (document, item index, {field path: expected value}): short factual fields read from the documents.
EXPECTATIONS = [
    (
        "newsml-g2/superdesk__picture.xml",
        0,
        {
            "headline": "A woman casts her ballot inside a polling station in Kenya's town of Gatundu",
            "kind": "picture",
            "version": 360624134,
            "photos.0.credit": "REUTERS",
            "photos.0.photographer": "Marko Djurica",
            "photos.0.renditions.0.width": 3500,
        },
    ),
    (
        "newsml-g2/superdesk__dpa.xml",
        0,
        {
            "headline": "Eintracht in London: Hintereggers Tränen und Attacke auf Reporter",
            "dateline": "London",
            "credit": "dpa",
            "language": "de",
            "location.city": "London",
        },
    ),
    (
        "newsml-g2/iptc__LISTING_2_NewsML-G2_Text_Document.xml",
        0,
        {
            "headline": 'Fed to halt QE to avert "bubble"',
            "bylines": ["Meredith Jameson"],
            "dateline": "New York, NY",
            "credit": "Associated Press",
        },
    ),
    (
        "newsml-g2/iptc__LISTING_3_Photo_in_NewsML-G2.xml",
        0,
        {
            "headline": "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred",
            "photos.0.href": "./GYI0062134533.jpg",
            "photos.0.credit": "Getty Images",
            "photos.0.photographer": "Spencer Platt",
        },
    ),
    (
        "newsml-g2/superdesk__ansa_culture.xml",
        0,
        {
            "dateline": "ROMA",
            "location.city": "Roma",
            "location.country": "Italia",
            "signals": frozenset({"update"}),
        },
    ),
    (
        "newsml-g2/superdesk__tag_reuters.com_0000_newsml_L4N1FL0N0_1132689232.xml",
        0,
        {
            "headline": "PRECIOUS-Gold rises as Trump policy fuels safe haven demand",
            "signals": frozenset({"update"}),
        },
    ),
    (
        "newsml-g2/superdesk__video.xml",
        0,
        {
            "headline": "Cardinals arrive for pre-conclave meeting",
            "dateline": "",
            "credit": "Reuters",
        },
    ),
    (
        "nitf/superdesk__ap-nitf.xml",
        0,
        {
            "headline": "Can trading pollution like stocks help fight climate change?",
            "byline": "By BERNARD CONDON",
            "bylines": ["Bernard Condon"],
            "dateline": "NEW YORK",
            "credit": "The Associated Press",
        },
    ),
    (
        "nitf/iptc-ninjs-repo__NTB_nitf_sample.xml",
        0,
        {
            "headline": "Pandemien herjer på den legeløse indiske landsbygda",
            "byline": "NTB-AFP-DPA",
            "bylines": [],
            "dateline": "Unnao",
            "photos.0.caption": "Kremasjonsbål for koronaofre brenner i Indias hovedstad New Delhi.",
            "photos.0.credit": "Amit Sharma / AP / NTB",
        },
    ),
    (
        "nitf/superdesk__aap.xml",
        0,
        {
            "headline": "The main stories on today's 1900 ABC TV news",
            "bylines": ["John Doe"],
            "dateline": "Sydney",
        },
    ),
    (
        "nitf/superdesk__efe_nitf.xml",
        0,
        {
            "headline": "Honduran president announces Cabinet changes",
            "dateline": "Tegucigalpa",
            "credit": "Agencia EFE",
            "version_created": datetime(2017, 1, 2, 22, 28, tzinfo=UTC),
        },
    ),
    (
        "nitf/superdesk__mapping_test.xml",
        0,
        {"headline": "*En 41-årig mand, der onsdag blev anholdt og sat i forbindel", "credit": "Ritzau"},
    ),
    (
        "ninjs/superdesk__ninjs2.json",
        0,
        {
            "headline": "Oil prices edge up on first drop in US drilling in months",
            "bylines": ["Henning Gloystein"],
            "dateline": "Singapore",
            "photos.0.caption": (
                "Oil prices edged up on Monday, supported by the first fall in US drilling activity in month."
            ),
            "photos.0.photographer": "Bebeto Matthews",
        },
    ),
    (
        "ninjs/iptc__v2.1_tt_text_image_2.json",
        0,
        {
            "headline": "Militärövning i jätteformat hålls 2023",
            "photos.0.credit": "Karl Melander/TT",
            "photos.0.caption": (
                "En stor internationell försvarsövning planeras 2023 med fokus på södra Sverige och Gotland. "
                "Arkivbild från militärövningen Aurora 17."
            ),
        },
    ),
    (
        "ninjs/superdesk__ap_media_picture.json",
        0,
        {
            "headline": "US Paul Simon Poets Society",
            "dateline": "New York",
            "photos.0.credit": "john Doe/Something/AP",
            "photos.0.photographer": "John Doe",
        },
    ),
    (
        "ninjs/iptc__v1.4_ninjsExComplex1.json",
        0,
        {
            "headline": "Captain of wrecked cruise ship on trial in Italy",
            "bylines": ["Paulo Santalucia", "Frances d'Emilio"],
            "dateline": "Grossetto, Italy",
            "photos.0.photographer": "Paulo Santalucia",
        },
    ),
    (
        "ninjs/superdesk__ninjs_embargoed.json",
        0,
        {"embargo": datetime(2022, 6, 29, 2, 30, tzinfo=UTC), "bylines": ["Aaron Staples"]},
    ),
    (
        "rss-atom/prof18__feed-char-escape.xml",
        0,
        {
            "headline": "Where the Grass is Greener, Except When It’s ‘Nonfunctional Turf’",
            "byline": "Alan Burdick",
        },
    ),
    (
        "rss-atom/prof18__feed-atom-test.xml",
        0,
        {
            "headline": "Sonos wins $32.5 million patent infringement victory over Google",
            "byline": "Chris Welch",
            "photos.0.credit": "Chris Welch / The Verge",
        },
    ),
    (
        "rss-atom/prof18__feed-test-ru.xml",
        0,
        {
            "headline": "СМИ: собака в Таиланде спасла заживо похороненного младенца",
            "photos.0.href": "https://images.aif.ru/017/020/025bc5cb4cc5d0f8347bbb27f5e4d13b.jpg",
        },
    ),
]


@pytest.mark.parametrize(
    ("relative", "index", "expected"), EXPECTATIONS, ids=[row[0] for row in EXPECTATIONS]
)
def test_named_documents_give_the_expected_fields(sample_feeds, relative, index, expected):
    items = parse_document((sample_feeds / relative).read_bytes(), name=relative)
    item = items[index]
    for path, value in expected.items():
        assert field(item, path) == value, f"{relative}: {path}"


def test_package_in_a_message_gives_the_story_its_picture(sample_feeds):
    relative = "newsml-g2/superdesk__video.xml"
    [story] = parse_document((sample_feeds / relative).read_bytes(), name=relative)
    [photo] = story.photos
    assert "LOVE9230WHZNR-BASEIMAGE" in photo.href


def test_ap_text_feed_points_at_the_separate_nitf_body(sample_feeds):
    relative = "ninjs/superdesk__ap_media_text_feed.json"
    [item] = parse_document((sample_feeds / relative).read_bytes(), name=relative)
    assert item.guid == "5ee9b4b40ea5fe9c9ca60f890fb2e1d9"
    assert "format=NITF" in item.body_href
