"""Hostile uploads through the two doors editors use: the photo library's upload page and the story
form's in-place upload. Each is refused with a clear message and leaves nothing stored, or is
accepted under a generated name with everything active stripped.

Already proven and not repeated: the validation rules one by one (tests/photos/test_validation.py),
the library upload page refusing an empty file, SVG, HTML named .jpg, TIFF/BMP, a cut JPEG, noise
and a 144-megapixel PNG (tests/test_photo_admin.py), the story form refusing SVG, a cut JPEG and
HTML named .jpg (tests/test_story_photos_desk.py), entity expansion and script in metadata read
directly (tests/photos/test_metadata.py).
"""

import io
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html as lxml_html
from PIL import Image

from articles.models import Photo, Story
from articles.photos.delivery import rendition_url
from tests.builders import make_story
from tests.desk_builders import ADD, change_url, payload
from tests.images import encode, insert_jpeg_segment, jpeg_bytes, textured, with_iim, xmp_packet
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:articles_photo_upload")
STORED_NAME = re.compile(r"^photos/originals/[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|gif|webp|avif)$")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


def png_claiming(width, height):
    """A 100-byte PNG whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))


def palette_png(width, height):
    """A real, fully decodable palette PNG of ``width`` x ``height``, small on disk."""
    buffer = io.BytesIO()
    Image.new("P", (width, height), 3).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def many_frame_gif(frames=300, size=(320, 240)):
    images = [Image.new("RGB", size, (255, 0, 0))] + [
        Image.new("RGB", size, (0, (index * 7) % 256, 255)) for index in range(1, frames)
    ]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=20, loop=0)
    return buffer.getvalue()


def gif_with_script_comment():
    """A valid GIF carrying JavaScript in a comment extension (a GIF/JS polyglot's payload)."""
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (0, 128, 0)).save(buffer, "GIF", comment=b"*/=alert(document.cookie);/*")
    return buffer.getvalue()


def jpeg_with_late_html():
    """A JPEG with HTML deep inside (past the bytes browsers sniff) in a comment and after the end."""
    picture = encode(textured((640, 480)), "JPEG")
    script = b"<html><body><script>alert(document.cookie)</script></body></html>"
    late = insert_jpeg_segment(picture, 0xFE, b"x" * 4000 + script)  # a COM segment, script at its end
    return late + script  # and once more after the end-of-image marker


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type)


def library_upload(client, name, content, **fields):
    return client.post(UPLOAD, {"files": [upload(name, content)], "credit": "Staff", **fields})


def page_text(response):
    text = re.sub(r"\s+", " ", response.content.decode())
    return text.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&#x27;", "'")


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def refused_by_library(client, media_root, name, content, message):
    response = library_upload(client, name, content)
    assert response.status_code == 200
    text = page_text(response)
    assert "Nothing was stored" in text and message in text, text[-3000:]
    assert not Photo.objects.exists()
    assert stored_files(media_root / "media") == []


def refused_by_story_form(client, name, content, message):
    story = make_story(status=Story.Status.DRAFT, headline="As saved", body="<p>Saved body.</p>")
    response = client.post(
        change_url(story),
        payload(
            story, headline="Typed but unsaved", new_photo=upload(name, content), new_photo_credit="Staff"
        ),
    )
    assert response.status_code == 200
    errors = [str(e) for e in response.context["adminform"].form.errors.get("new_photo", [])]
    assert any(message in error for error in errors), errors
    assert "Typed but unsaved" in response.text  # the editor's text stays in the form
    story.refresh_from_db()
    assert (story.headline, story.lead_photo) == ("As saved", None)
    assert not Photo.objects.exists()


REFUSED = [
    ("huge.png", png_claiming(30_000, 30_000), "megapixels allowed"),
    ("huge-real.png", None, "megapixels allowed"),  # a decodable 900-megapixel palette PNG
    ("empty.jpg", b"", "empty"),
    (
        "script.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
        "is not a photo",
    ),
    ("innocent.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script></svg>', "SVG"),
    ("page.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "markup"),
    (
        "polyglot.jpg",
        insert_jpeg_segment(jpeg_bytes((200, 150)), 0xFE, b"<script>alert(document.cookie)</script>"),
        "markup",
    ),
    ("cut.png", encode(textured((400, 300)), "PNG")[:2500], "damaged"),
    ("cut.gif", encode(textured((300, 200)), "GIF")[:3000], "damaged"),
]


@pytest.fixture(scope="module")
def huge_real_png():
    content = palette_png(30_000, 30_000)
    assert len(content) < 2_000_000
    return content


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[case[0] for case in REFUSED])
def test_the_library_upload_refuses_with_a_reason_and_stores_nothing(
    editor, media_root, huge_real_png, name, content, message
):
    started = time.monotonic()
    refused_by_library(editor, media_root, name, huge_real_png if content is None else content, message)
    assert time.monotonic() - started < 5  # never decoded at full size


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[case[0] for case in REFUSED])
def test_the_story_form_refuses_the_same_files_and_keeps_the_typed_text(
    editor, huge_real_png, name, content, message
):
    refused_by_story_form(editor, name, huge_real_png if content is None else content, message)


def test_a_many_frame_gif_is_stored_and_only_its_first_frame_is_shown(editor, client):
    content = many_frame_gif()
    started = time.monotonic()
    response = library_upload(editor, "animated.gif", content)
    assert time.monotonic() - started < 10
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (320, 240)
    assert STORED_NAME.match(photo.image.name) and photo.image.name.endswith(".gif")

    rendition = client.get(rendition_url(photo, 320))
    assert rendition.status_code == 200
    with Image.open(io.BytesIO(b"".join(rendition.streaming_content))) as shown:
        assert getattr(shown, "n_frames", 1) == 1
        red, green, blue = shown.convert("RGB").getpixel((160, 120))
    assert red > 200 and green < 50 and blue < 50  # the first (red) frame, not a later blue one


@pytest.mark.parametrize(
    ("name", "content", "extension", "payload_marker"),
    [
        ("trick.gif", gif_with_script_comment(), "gif", b"alert(document.cookie)"),
        ("trick.jpg", jpeg_with_late_html(), "jpg", b"<script>"),
    ],
)
def test_polyglots_that_are_real_images_keep_their_payload_out_of_everything_served(
    editor, client, name, content, extension, payload_marker
):
    assert payload_marker in content
    response = library_upload(editor, name, content)
    assert response.status_code == 302, page_text(response)[-2000:]
    photo = Photo.objects.get()
    # Stored under its content's name and extension: served as an image, never as a page or script.
    assert STORED_NAME.match(photo.image.name) and photo.image.name.endswith(f".{extension}")
    for fmt in ("jpeg", "webp"):
        rendition = client.get(rendition_url(photo, 320, None, fmt))
        assert rendition.status_code == 200
        assert rendition["Content-Type"] in {"image/jpeg", "image/webp"}
        assert payload_marker not in b"".join(rendition.streaming_content)
    thumbnail_page = editor.get(reverse("admin:articles_photo_changelist"))
    assert payload_marker.decode() not in thumbnail_page.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/evil.jpg",
        "..\\..\\..\\windows\\evil.jpg",
        "/etc/cron.d/evil.jpg",
        "evil.php\x00.jpg",
        "a" * 5000 + ".jpg",
        "<img src=x onerror=alert(1)>.jpg",
    ],
)
def test_upload_names_never_become_paths_and_are_shown_escaped(editor, media_root, name):
    response = library_upload(editor, name, jpeg_bytes((90, 60), color=(len(name) % 256, 20, 20)))
    assert response.status_code == 302, page_text(response)[-2000:]
    photo = Photo.objects.get()
    assert STORED_NAME.match(photo.image.name)
    files = stored_files(media_root)
    assert [path.relative_to(media_root / "media").as_posix() for path in files] == [photo.image.name]
    assert not any("evil" in str(path) for path in media_root.parent.rglob("evil*") if path.is_file())
    page = editor.get(reverse("admin:articles_photo_change", args=[photo.pk])).content.decode()
    assert "<img src=x onerror=alert(1)>" not in page


def laughing_xmp():
    laughs = "<!ENTITY l0 'ha'>" + "".join(
        f"<!ENTITY l{n} '{('&l' + str(n - 1) + ';') * 10}'>" for n in range(1, 10)
    )
    prolog = f"<?xml version='1.0'?><!DOCTYPE x [{laughs}]>"
    return xmp_packet("<photoshop:Credit>&l9;</photoshop:Credit>", prolog=prolog)


def test_an_xmp_packet_with_entity_expansion_in_the_opening_bytes_is_refused_as_markup(editor, media_root):
    content = encode(Image.new("RGB", (120, 80), "teal"), "JPEG", xmp=laughing_xmp())
    refused_by_library(editor, media_root, "laughs.jpg", content, "markup")


def test_an_xmp_packet_with_entity_expansion_further_in_is_ignored_quickly_and_iim_kept(editor):
    # An IIM block first pushes the XMP past the sniffed opening bytes: the file is accepted, and
    # the XMP is read without expanding a billion entities.
    content = with_iim(
        encode(Image.new("RGB", (120, 80), "teal"), "JPEG", xmp=laughing_xmp()),
        [((2, 120), b"Lanterns over the river"), ((2, 110), b"River Pictures"), ((2, 40), b"n" * 2000)],
    )
    assert content.find(b"<!DOCTYPE") > 2048
    started = time.monotonic()
    response = editor.post(UPLOAD, {"files": [upload("laughs.jpg", content)]})
    assert time.monotonic() - started < 5
    assert response.status_code == 302, page_text(response)[-1500:]
    photo = Photo.objects.get()
    assert (photo.caption, photo.credit) == ("Lanterns over the river", "River Pictures")
    assert "haha" not in str(photo.embedded_metadata)


def test_a_64_kb_iptc_caption_with_script_is_stored_as_clean_text_and_shown_escaped(editor, client):
    hostile = (
        "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>"
        "Flood waters recede </textarea><script>alert(2)</script> "
    )
    # The markup starts past the opening bytes (there it would be refused as a polyglot). One IIM
    # dataset holds at most 32 KB, so the 64 KB caption comes as two repeated caption datasets,
    # which is how IIM writers carry long captions (a JPEG segment holds no more than 64 KB).
    opening = "Flood waters recede and the market reopens. " * 30
    caption = (opening + hostile + "and the market reopens. " * 2800).encode()
    halves = [caption[:32_700], caption[32_700:65_400]]
    assert sum(map(len, halves)) > 63 * 1024
    content = with_iim(jpeg_bytes((160, 120)), [((2, 120), half) for half in halves])
    response = editor.post(UPLOAD, {"files": [upload("long-caption.jpg", content)], "credit": "Staff"})
    assert response.status_code == 302, page_text(response)[-2000:]
    photo = Photo.objects.get()
    assert "<" not in photo.caption and ">" not in photo.caption and "alert" not in photo.caption
    assert photo.caption.startswith("Flood waters recede and the market reopens.")
    assert len(photo.caption) > 60_000  # nothing lost but the markup

    story = make_story(lead_photo=photo, headline="Market reopens after the flood")
    for page in (
        editor.get(reverse("admin:articles_photo_change", args=[photo.pk])),
        editor.get(reverse("admin:articles_photo_changelist")),
        client.get(story.get_absolute_url()),
    ):
        assert page.status_code == 200
        tree = lxml_html.fromstring(page.content)
        assert not tree.xpath("//*[@onerror]")
        assert not [s for s in tree.xpath("//script") if "alert" in (s.text or "")]


def test_a_refused_file_among_good_ones_is_reported_and_leaves_no_stray_file(editor, media_root):
    files = [upload("good.jpg", jpeg_bytes((90, 60), color=(1, 2, 3))), upload("bad.jpg", b"<html>x</html>")]
    response = editor.post(UPLOAD, {"files": files, "credit": "Staff"}, follow=True)
    assert response.status_code == 200
    text = page_text(response)
    assert "bad.jpg" in text and "markup" in text
    names = {photo.image.name for photo in Photo.objects.all()}
    assert len(names) <= 1
    assert {path.relative_to(media_root / "media").as_posix() for path in stored_files(media_root)} == names


def test_nothing_outside_media_is_written(editor, media_root):
    library_upload(editor, "../../outside.jpg", jpeg_bytes())
    assert not (media_root / "outside.jpg").exists() and not Path("/tmp/outside.jpg").exists()


def test_a_new_story_with_a_pixel_bomb_upload_creates_nothing(editor):
    response = editor.post(
        ADD, payload(new_photo=upload("bomb.png", png_claiming(30_000, 30_000)), new_photo_credit="Staff")
    )
    assert response.status_code == 200
    assert not Story.objects.exists() and not Photo.objects.exists()
