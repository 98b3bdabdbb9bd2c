"""The real ninjs documents of the shared corpus (NEWSROOM_SAMPLE_FEEDS, read in place): every text
item gets its real body, never its summary, and the agency's publication status.

Skipped with a reason when NEWSROOM_SAMPLE_FEEDS is not set (the ``sample_feeds`` fixture).
"""

import json
from datetime import UTC, datetime

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.items import USABLE, ParseError
from articles.ingest.text import plain

# document: (headline start, words from the body's opening, words that would show the wrong text was
# taken) - short factual checks of which text became the body.
TEXT_BODIES = {
    "iptc__v1.4_ninjsExComplex1.json": ("Captain of wrecked", "The trial of the captain", None),
    "superdesk__ninjsExMediumText1.json": ("Captain of wrecked", "The trial of the captain", None),
    "iptc__v2.1_dpa_text.json": ("Faktencheck Derby-Elfmeter", "Für Lucien Favre war es", None),
    # TT sends the text four ways: plain text (which repeats the headline), HTML twice and its own
    # XML. The HTML is the body, so the headline is not its first paragraph.
    "iptc__v2.1_tt_text_image_2.json": (
        "Militärövning i jätteformat",
        "Pandemin satte stopp för den stora",
        "<p>Militärövning i jätteformat",
    ),
    "superdesk__ninjs2.json": ("Oil prices edge up", "Oil prices edged up on Monday", None),
    "superdesk__ninjs1.json": ("headline", "The story so far.", None),
    "superdesk__ninjs_embargoed.json": ("Trouble is brewing", "What does torched earth taste like?", None),
    "superdesk__bbc-ninjs-comp-test.json": ("abcdef", "abcd", None),
}
# A headline and a one-sentence description but no body: refused, the description is not the story.
NO_BODY = {"iptc__v2.1_ntb_text.json": "the text item has no body; its summary is not used"}


@pytest.fixture
def ninjs_folder(sample_feeds):
    return sample_feeds / "ninjs"


def parsed(folder, name):
    return parse_document((folder / name).read_bytes(), name=name)


@pytest.mark.parametrize("name", sorted(TEXT_BODIES))
def test_real_ninjs_text_items_get_their_body_not_their_summary(ninjs_folder, name):
    headline, opening, wrong = TEXT_BODIES[name]
    [item] = parsed(ninjs_folder, name)
    assert item.headline.startswith(headline)
    body_text = plain(item.body_html)
    assert opening in body_text[: len(opening) + 200], body_text[:300]
    if wrong:
        assert wrong not in item.body_html
    if item.standfirst:
        assert body_text != item.standfirst
        assert item.body_html != f"<p>{item.standfirst}</p>"
    assert item.warnings == []  # every body role in the corpus is a known one: nothing was guessed


@pytest.mark.parametrize("name", sorted(NO_BODY))
def test_a_real_ninjs_item_with_only_a_summary_is_refused_with_the_reason(ninjs_folder, name):
    with pytest.raises(ParseError) as refused:
        parsed(ninjs_folder, name)
    assert NO_BODY[name] in refused.value.reason


def test_the_tt_body_is_longer_than_its_description(ninjs_folder):
    [item] = parsed(ninjs_folder, "iptc__v2.1_tt_text_image_2.json")
    assert item.standfirst.startswith("Pandemin satte stopp")
    assert len(plain(item.body_html)) > 2 * len(item.standfirst)


def test_the_ap_text_feed_points_at_its_separate_body_and_does_not_use_a_summary(ninjs_folder):
    [item] = parsed(ninjs_folder, "superdesk__ap_media_text_feed.json")
    assert item.body_html == ""
    assert item.body_href.startswith(
        "https://a.b.c/media/v/content/5ee9b4b40ea5fe9c9ca60f890fb2e1d9.0/download"
    )


def test_every_real_ninjs_item_has_the_status_its_document_gives(ninjs_folder):
    checked = 0
    for path in sorted(ninjs_folder.iterdir()):
        if path.name in NO_BODY:
            continue
        document = json.loads(path.read_bytes())
        items = parse_document(path.read_bytes(), name=path.name)
        if isinstance(document, dict) and ("uri" in document or "guid" in document):
            [item] = items
            written = document.get("pubstatus") or document.get("pubStatus") or "usable"
            assert item.status == written, path.name
            checked += 1
        assert all(item.status == USABLE for item in items), path.name
    assert checked >= 10


def test_the_embargoed_real_item_keeps_its_embargo(ninjs_folder):
    [item] = parsed(ninjs_folder, "superdesk__ninjs_embargoed.json")
    assert item.embargo == datetime(2022, 6, 29, 2, 30, tzinfo=UTC)
    assert item.status == USABLE
