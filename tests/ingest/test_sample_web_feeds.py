"""The shared corpus's real RSS and Atom feeds (``NEWSROOM_SAMPLE_FEEDS``/rss-atom), read in place:
no text is escaped twice, and no channel title becomes an agency."""

import re

import pytest

from articles.ingest.formats import parse_document

# An entity that was escaped once more than it should have been, so readers see "&laquo;" or "&#8217;".
ESCAPED_ENTITY = re.compile(r"&amp;(?:[a-z][a-z0-9]{1,9}|#[0-9]{2,7}|#x[0-9a-f]{2,6});", re.I)
# An entity left in plain text (a headline, a caption), which templates would escape and show.
ENTITY_IN_TEXT = re.compile(r"&(?:[a-z][a-z0-9]{1,9}|#[0-9]{2,7}|#x[0-9a-f]{2,6});", re.I)


def web_feeds(root):
    return sorted(path for path in (root / "rss-atom").iterdir() if path.is_file())


def feed_items(sample_feeds):
    for path in web_feeds(sample_feeds):
        for item in parse_document(path.read_bytes(), name=path.name):
            yield path.name, item


def test_no_text_of_any_feed_is_escaped_twice(sample_feeds):
    checked = 0
    for name, item in feed_items(sample_feeds):
        plain_texts = {
            "headline": item.headline,
            "standfirst": item.standfirst,
            "byline": item.byline,
            **{f"photo {number} caption": photo.caption for number, photo in enumerate(item.photos)},
            **{f"photo {number} credit": photo.credit for number, photo in enumerate(item.photos)},
        }
        for field, text in plain_texts.items():
            assert not ENTITY_IN_TEXT.search(text), f"{name} [{item.guid}] {field}: {text!r}"
        assert not ESCAPED_ENTITY.search(item.body_html), (
            f"{name} [{item.guid}] body: {item.body_html[:300]!r}"
        )
        checked += 1
    assert checked >= 25


def test_no_channel_title_becomes_the_provider_or_credit(sample_feeds):
    for name, item in feed_items(sample_feeds):
        assert (item.provider, item.credit) == ("", ""), f"{name} [{item.guid}]"


def test_an_html_summary_of_entities_without_tags_reads_once_as_the_body(sample_feeds):
    """heise's Atom summaries are HTML holding ``&quot;`` and no tag (the class of the Greek feed's
    ``&laquo;``): with the content left out, the summary is the body, its quotes real quotes."""
    raw = (sample_feeds / "rss-atom/rss-parser__heise.atom").read_bytes()
    without_content = re.sub(rb"<content\b.*?</content>", b"", raw, flags=re.S)
    assert without_content != raw
    [item] = [
        item for item in parse_document(without_content, name="heise.atom") if "instanceof" in item.body_html
    ]
    assert item.body_html.startswith("<p>Der instanceof-Operator in JavaScript")
    assert 'Versionen der gleichen "Klasse" arbeitet.' in item.body_html
    assert "&amp;quot;" not in item.body_html and "&quot;" not in item.body_html


@pytest.mark.parametrize(
    ("relative", "byline", "bylines"),
    [
        ("rss-atom/prof18__feed-atom-test.xml", "Chris Welch", ["Chris Welch"]),
        ("rss-atom/prof18__feed-char-escape.xml", "Alan Burdick", ["Alan Burdick"]),
    ],
)
def test_people_in_feed_bylines(sample_feeds, relative, byline, bylines):
    item = parse_document((sample_feeds / relative).read_bytes(), name=relative)[0]
    assert (item.byline, item.bylines) == (byline, bylines)
