"""Embeds in a story's body as stored: the sanitizer keeps exactly the format articles/reader/embeds.py
describes, recognises posts by their address and drops anything that only looks like an embed."""

import pytest

from articles.embeds import placed_photo_ids, recognise
from articles.sanitize import clean_html

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("address", "provider", "kind", "canonical", "player"),
    [
        (YOUTUBE, "youtube", "video", YOUTUBE, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "youtube", "video", YOUTUBE, None),
        ("http://m.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1", "youtube", "video", YOUTUBE, None),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "video", YOUTUBE, None),
        ("https://vimeo.com/76979871", "vimeo", "video", "https://vimeo.com/76979871",
         "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        ("https://player.vimeo.com/video/76979871?h=8a2b3c4d5e", "vimeo", "video",
         "https://vimeo.com/76979871/8a2b3c4d5e", None),
        ("https://twitter.com/harbourdesk/status/1790000000000000001?s=20", "x", "social",
         "https://x.com/harbourdesk/status/1790000000000000001",
         "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001&dnt=true"),
        ("https://x.com/harbourdesk/status/1790000000000000001/photo/1", "x", "social",
         "https://x.com/harbourdesk/status/1790000000000000001", None),
        ("https://www.instagram.com/p/C8xYz12AbCd/?igsh=abc", "instagram", "social",
         "https://www.instagram.com/p/C8xYz12AbCd/", "https://www.instagram.com/p/C8xYz12AbCd/embed/"),
        ("https://www.instagram.com/reel/C8xYz12AbCd/", "instagram", "social",
         "https://www.instagram.com/reel/C8xYz12AbCd/", None),
        ("https://www.facebook.com/harbour.council/posts/pfbid02abcDEF123", "facebook", "social",
         "https://www.facebook.com/harbour.council/posts/pfbid02abcDEF123/",
         "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fharbour.council"
         "%2Fposts%2Fpfbid02abcDEF123%2F&show_text=true"),
        ("https://www.facebook.com/watch/?v=123456789", "facebook", "social",
         "https://www.facebook.com/watch/?v=123456789", None),
        ("https://www.tiktok.com/@harbour.desk/video/7300000000000000001?lang=en", "tiktok", "social",
         "https://www.tiktok.com/@harbour.desk/video/7300000000000000001",
         "https://www.tiktok.com/embed/v2/7300000000000000001"),
    ],
)  # fmt: skip
def test_posts_are_recognised_by_their_address(address, provider, kind, canonical, player):
    post = recognise(address)
    assert post is not None, address
    assert (post.provider.slug, post.provider.kind, post.url) == (provider, kind, canonical)
    if player:
        assert post.frame_url == player
    assert post.frame_url.startswith(post.provider.frame_origin + "/")


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=aaaaaaaaaaa",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://www.youtube.com/watch?v= dQw4w9WgXcQ",
        "ftp://vimeo.com/76979871",
        "https://vimeo.com/channels/staffpicks",
        "https://x.com/harbourdesk",
        "https://x.com/harbourdesk/status/notanumber",
        "https://www.instagram.com/harbourdesk/",
        "https://www.facebook.com/plugins/post.php?href=https://evil.example",
        "https://vm.tiktok.com/ZMabc123/",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ" + "&x=1" * 200,
        "",
    ],
)
def test_anything_else_is_refused(address):
    assert recognise(address) is None


def test_a_recognised_post_is_stored_in_canonical_form_with_its_provider_and_kind():
    stored = clean_html(
        '<p>Before.</p><figure data-embed="social" data-provider="vimeo" data-url="https://youtu.be/dQw4w9WgXcQ"'
        ' class="big" onclick="steal()"></figure><p>After.</p>'
    )
    assert stored == (
        '<p>Before.</p><figure data-embed="video" data-provider="youtube"'
        f' data-url="{YOUTUBE}"></figure><p>After.</p>'
    )
    assert clean_html(stored) == stored


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "",
    ],
)
def test_an_embed_with_a_hostile_or_foreign_address_is_dropped_with_its_figure(hostile):
    stored = clean_html(
        f'<p>Keep me.</p><figure data-embed="video" data-provider="youtube" data-url="{hostile}"></figure>'
    )
    assert stored == "<p>Keep me.</p>"


def test_a_picture_keeps_its_id_and_caption_only():
    stored = clean_html(
        '<figure data-embed="photo" data-photo="42" data-caption="  The  pier at dawn &amp; dusk <b>"'
        ' data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" style="x" data-credit="me"></figure>'
    )
    assert stored == (
        '<figure data-embed="photo" data-photo="42"'
        ' data-caption="The pier at dawn &amp; dusk &lt;b&gt;"></figure>'
    )
    assert clean_html(stored) == stored
    assert placed_photo_ids(stored + '<figure data-embed="photo" data-photo="7"></figure>' + stored) == [
        42,
        7,
    ]


@pytest.mark.parametrize(
    "broken",
    [
        '<figure data-embed="photo" data-photo="x1"></figure>',
        '<figure data-embed="photo" data-photo="0"></figure>',
        '<figure data-embed="photo"></figure>',
        '<figure data-embed="script" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>',
    ],
)
def test_a_broken_embed_is_dropped(broken):
    assert clean_html(f"<p>Text.</p>{broken}") == "<p>Text.</p>"


def test_a_figure_with_content_is_no_embed_and_keeps_its_content():
    stored = clean_html(
        '<figure data-embed="video" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
        "<figcaption>Agency caption</figcaption></figure>"
    )
    assert stored == "<figure><figcaption>Agency caption</figcaption></figure>"


def test_pull_quotes_and_fact_boxes_keep_their_kind_and_nothing_else():
    stored = clean_html(
        '<aside data-embed="pullquote" class="x" style="color:red"><p>We will rebuild the pier.</p></aside>'
        '<aside data-embed="factbox"><h3>The pier</h3><ul><li>Built 1902</li></ul></aside>'
        '<aside data-embed="iframe"><p>Odd one</p></aside>'
    )
    assert stored == (
        '<aside data-embed="pullquote"><p>We will rebuild the pier.</p></aside>'
        '<aside data-embed="factbox"><h3>The pier</h3><ul><li>Built 1902</li></ul></aside>'
        "<aside><p>Odd one</p></aside>"
    )
    assert clean_html(stored) == stored


def test_an_iframe_or_script_in_an_embed_never_survives():
    stored = clean_html(
        '<figure data-embed="video" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
        '<aside data-embed="factbox"><script>alert(1)</script><p>Fine</p></aside>'
    )
    assert "iframe" not in stored and "script" not in stored
    assert '<aside data-embed="factbox"><p>Fine</p></aside>' in stored
