"""Slow patterns in the body's embeds and pastes: the sanitizer's embed pass, the Word and Google Docs
paste pass, and the story page's expansion of embeds each cost time linear in the body's size, for
the hostile shapes every HTML pass meets and for shapes of their own (thousands of embeds, Word list
paragraphs at every level, start tags that never close)."""

import pytest

from articles.embeds import placed_photo_ids, recognise
from articles.models import Photo, StoryPhoto
from articles.office_paste import structure_only
from articles.reader.embeds import expand_embeds
from articles.sanitize import canonical_embeds, clean_html
from tests.growth import SHAPES, assert_linear

pytestmark = pytest.mark.slow

VIDEO_FIGURE = '<figure data-embed="video" data-provider="youtube" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'  # noqa: E501
PHOTO_FIGURE = '<figure data-embed="photo" data-photo="7" data-caption="The pier &amp; the boats"></figure>'
WORD_ITEM = (
    "<p class=MsoListParagraphCxSpMiddle style='mso-list:l0 level{level} lfo1'><!--[if !supportLists]-->"
    "<span style='mso-list:Ignore'>·<span>&nbsp;</span></span><!--[endif]-->Item<o:p></o:p></p>"
)
DOCS_SPAN = '<span style="font-weight:700;font-style:italic">bold</span>'


def repeated(motif):
    return lambda size: motif * max(1, size // len(motif))


EMBED_SHAPES = {
    **SHAPES,
    "video embeds": repeated(VIDEO_FIGURE),
    "picture embeds": repeated(PHOTO_FIGURE),
    "embeds and paragraphs": repeated(f"<p>Text.</p>{PHOTO_FIGURE}{VIDEO_FIGURE}"),
    "figure start tags never closed": lambda size: '<figure data-embed="photo"' + ' x="y"' * (size // 6),
    "figure attributes never quoted to the end": lambda size: '<figure data-url="' + "a" * size,
    "asides": repeated('<aside data-embed="factbox"><h3>Facts</h3><p>One</p></aside>'),
    "nested asides": lambda size: '<aside data-embed="pullquote">' * (size // 30) + "deep",
    "word list paragraphs at every level": lambda size: "".join(
        WORD_ITEM.format(level=1 + n % 9) for n in range(max(1, size // len(WORD_ITEM)))
    ),
    "google docs spans": repeated(DOCS_SPAN),
    "unclosed word comments": lambda size: "<p style='mso-list:l0'>" + "<!--[if !supportLists" * (size // 21),
}


def pasted(text):
    """The paste pass on anything, marked as a paste so that the pass runs."""
    return clean_html('<p style="mso-list:l0 level1 lfo1">' + text)


class Use:
    """What the page holds of a further photo: enough for a picture that may not be shown."""

    def __init__(self, photo):
        self.photo, self.display_caption = photo, "caption"


def expanded(body):
    # A photo without a file is not shown: the pass still finds and reads every figure.
    return expand_embeds(body, {7: Use(Photo(pk=7))})


PASSES = {
    "clean_html": clean_html,
    "paste pass": pasted,
    "structure_only": structure_only,
    "canonical_embeds": canonical_embeds,
    "expand_embeds": expanded,
    "placed_photo_ids": placed_photo_ids,
}


@pytest.mark.parametrize("shape_name", EMBED_SHAPES)
@pytest.mark.parametrize("pass_name", PASSES)
def test_every_embed_and_paste_pass_grows_linearly(pass_name, shape_name):
    assert_linear(PASSES[pass_name], EMBED_SHAPES[shape_name], f"{pass_name} on {shape_name}")


def test_a_page_of_embeds_expands_every_one():
    body = (PHOTO_FIGURE + VIDEO_FIGURE) * 500
    html, placed = expand_embeds(body, {7: StoryPhoto(photo=Photo(pk=7))})
    assert placed == {7}
    assert html.count("data-embed-card") == 500


def test_an_address_is_recognised_or_refused_at_once_whatever_its_length():
    assert recognise("https://www.youtube.com/watch?v=" + "a" * 10_000_000) is None
    assert recognise("https://x.com/" + "a/" * 200 + "status/1") is None
