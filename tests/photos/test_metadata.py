"""Embedded photo metadata (XMP, IPTC IIM, EXIF) mapped onto the photo desk's fields."""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, PngImagePlugin

from articles.photos.metadata import EmbeddedMetadata, read_embedded_metadata
from tests.images import alt, bag, encode, exif_block, jpeg_bytes, textured, with_iim, xmp_packet

UTC = dt.UTC
NEWSROOM_ZONE = ZoneInfo("Asia/Kolkata")  # TIME_ZONE in the test settings


@pytest.fixture(autouse=True)
def _newsroom_time_zone(settings):
    settings.TIME_ZONE = "Asia/Kolkata"


# The IPTC reference image and the other real-world samples -------------------------------------


def test_iptc_reference_image_fills_every_field(sample_feeds):
    path = sample_feeds / "photos" / "imagemeta__IPTC-PhotometadataRef-Std2021.1.jpg"
    metadata = read_embedded_metadata(path.read_bytes())

    assert metadata.caption == "The description aka caption (ref2021.1)"
    assert metadata.headline == "The Headline (ref2021.1)"
    assert metadata.title == "The Title (ref2021.1)"
    assert metadata.credit == "Credit Line (ref2021.1)"
    assert metadata.photographer == "Creator1 (ref2021.1)"
    assert metadata.source == "Source (ref2021.1)"
    # The file has two spaces before "(ref2021.1)"; clean_text folds runs of white space.
    assert metadata.copyright_notice == "Copyright (Notice) 2021.1 IPTC - www.iptc.org (ref2021.1)"
    assert metadata.usage_terms == "Rights Usage Terms (ref2021.1)"
    assert metadata.instructions == "An Instruction (ref2021.1)"
    assert metadata.alt_text == "This is the Alt Text description to support accessibility in 2021.1"
    assert metadata.keywords == ("Keyword1ref2021.1", "Keyword2ref2021.1", "Keyword3ref2021.1")
    assert metadata.city == "City (Core) (ref2021.1)"
    assert metadata.country == "Country (Core) (ref2021.1)"
    assert metadata.country_code == "R21"
    assert metadata.transmission_reference == "Job Id (ref2021.1)"
    assert metadata.date_created == dt.datetime(2021, 10, 20, 21, 1, 1, tzinfo=UTC)
    assert metadata.date_created.utcoffset() == dt.timedelta(0)
    assert metadata.problems == ()


def test_iptc_reference_image_keeps_the_embedded_values_for_reference(sample_feeds):
    path = sample_feeds / "photos" / "imagemeta__IPTC-PhotometadataRef-Std2021.1.jpg"
    raw = read_embedded_metadata(path.read_bytes()).raw

    assert json.loads(json.dumps(raw)) == raw
    assert raw["iim"]["2:120"] == "The description aka caption (ref2021.1)"
    assert raw["iim"]["2:25"] == ["Keyword1ref2021.1", "Keyword2ref2021.1", "Keyword3ref2021.1"]
    assert raw["iim"]["charset"] == "cp1252"  # no 1:90 record in this file
    assert raw["xmp"]["photoshop:Credit"] == "Credit Line (ref2021.1)"
    assert raw["exif"]["Artist"] == "Creator1 (ref2021.1)"
    # The reference image records GPS positions of where it was taken; those stay out of the record.
    assert "GPS" not in json.dumps(raw)
    assert "Iptc4xmpExt:LocationCreated" in raw["xmp"]


@pytest.mark.parametrize(
    ("filename", "caption"),
    [("imagemeta__withIptc.jpg", "Caption"), ("imagemeta__withIptcPhotoshop6.jpg", "Caption PS6")],
)
def test_iim_only_samples_are_read_without_xmp(sample_feeds, filename, caption):
    metadata = read_embedded_metadata((sample_feeds / "photos" / filename).read_bytes())

    assert metadata.caption == caption
    assert metadata.headline == "Headline"
    assert metadata.title == "ObjectName"
    assert metadata.credit == "Credits"
    assert metadata.photographer == "Byline"
    assert metadata.source == "Source"
    assert metadata.copyright_notice == "Copyright"
    assert metadata.instructions == "Special Instr."
    assert metadata.usage_terms == "Special Instr."  # IIM has no usage terms; instructions stand in
    assert metadata.city == "City"
    assert metadata.country == "Country"
    assert metadata.transmission_reference == "Transmission"
    assert metadata.alt_text == ""
    assert metadata.keywords == ()
    assert set(metadata.raw) == {"iim"}


def test_iim_only_sample_with_a_date(sample_feeds):
    path = sample_feeds / "photos" / "imagemeta__withIptc.jpg"
    assert read_embedded_metadata(path.read_bytes()).date_created == dt.date(2000, 1, 1)


def test_sample_without_any_metadata_gives_empty_values(sample_feeds):
    metadata = read_embedded_metadata((sample_feeds / "photos" / "superdesk__picture_bug.jpg").read_bytes())

    assert metadata.is_empty
    assert metadata == EmbeddedMetadata()


def test_sample_with_only_a_copyright_notice(sample_feeds):
    path = sample_feeds / "photos" / "superdesk__digital-nature-10485007.jpg"
    metadata = read_embedded_metadata(path.read_bytes())

    assert metadata.copyright_notice == "(c) Aprescindere | Dreamstime.com"
    assert metadata.caption == metadata.credit == metadata.photographer == ""


# Precedence: XMP, then IIM, then EXIF ---------------------------------------------------------


def test_xmp_wins_over_iim_and_iim_fills_what_xmp_lacks():
    xmp = xmp_packet(
        f"<dc:description>{alt('Flood water reaches the market square')}</dc:description>"
        "<photoshop:Credit>Riverside Gazette</photoshop:Credit>"
    )
    jpeg = with_iim(
        jpeg_bytes(xmp=xmp),
        [
            ((2, 120), b"Old caption from IIM"),
            ((2, 110), b"Old credit"),
            ((2, 80), b"Mara Okafor"),
            ((2, 90), b"Lowbridge"),
        ],
    )
    metadata = read_embedded_metadata(jpeg)

    assert metadata.caption == "Flood water reaches the market square"
    assert metadata.credit == "Riverside Gazette"
    assert metadata.photographer == "Mara Okafor"
    assert metadata.city == "Lowbridge"


def test_exif_is_the_last_resort_for_caption_photographer_and_copyright():
    exif = exif_block(description="Harbour at dawn", artist="Jo Lind", copyright="Jo Lind 2024")
    metadata = read_embedded_metadata(jpeg_bytes(exif=exif))

    assert (metadata.caption, metadata.photographer, metadata.copyright_notice) == (
        "Harbour at dawn",
        "Jo Lind",
        "Jo Lind 2024",
    )


def test_xmp_alt_text_prefers_the_default_language_and_multiple_creators_are_joined():
    xmp = xmp_packet(
        "<Iptc4xmpCore:AltTextAccessibility><rdf:Alt>"
        "<rdf:li xml:lang='de'>Zwei Radfahrer</rdf:li>"
        "<rdf:li xml:lang='x-default'>Two cyclists on a wet road</rdf:li>"
        "</rdf:Alt></Iptc4xmpCore:AltTextAccessibility>"
        f"<dc:creator>{bag('Ana Ruiz', 'Tom Berg', kind='Seq')}</dc:creator>"
        f"<dc:subject>{bag('cycling', 'weather', 'Cycling', ' ')}</dc:subject>"
        f"<xmpRights:UsageTerms>{alt('Editorial use only')}</xmpRights:UsageTerms>"
        "<photoshop:Instructions>No archive</photoshop:Instructions>"
    )
    metadata = read_embedded_metadata(jpeg_bytes(xmp=xmp))

    assert metadata.alt_text == "Two cyclists on a wet road"
    assert metadata.photographer == "Ana Ruiz, Tom Berg"
    assert metadata.keywords == ("cycling", "weather")  # de-duplicated, blanks dropped
    assert metadata.usage_terms == "Editorial use only"
    assert metadata.instructions == "No archive"


def test_xmp_properties_written_as_attributes_are_read():
    packet = xmp_packet("").replace(
        b"rdf:about=''", b"rdf:about='' photoshop:City='Port Ellen' photoshop:Credit='Islay Pictures'"
    )
    metadata = read_embedded_metadata(jpeg_bytes(xmp=packet))

    assert (metadata.city, metadata.credit) == ("Port Ellen", "Islay Pictures")


def _png_with_xmp(xmp):
    text_chunks = PngImagePlugin.PngInfo()
    text_chunks.add_itxt("XML:com.adobe.xmp", xmp.decode())
    return encode(Image.new("RGB", (20, 20)), "PNG", pnginfo=text_chunks)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_xmp_is_read_from_png_and_webp(fmt):
    xmp = xmp_packet("<photoshop:Headline>Lighthouse relit</photoshop:Headline>")
    content = _png_with_xmp(xmp) if fmt == "PNG" else encode(Image.new("RGB", (20, 20)), fmt, xmp=xmp)

    assert read_embedded_metadata(content).headline == "Lighthouse relit"


# IIM character sets ---------------------------------------------------------------------------


def test_iim_declared_utf8_is_decoded_as_utf8():
    jpeg = with_iim(jpeg_bytes(), [((1, 90), b"\x1b%G"), ((2, 120), "Zürich, Łódź, 東京".encode())])
    metadata = read_embedded_metadata(jpeg)

    assert metadata.caption == "Zürich, Łódź, 東京"
    assert metadata.raw["iim"]["charset"] == "utf-8"


def test_iim_without_character_set_is_latin1():
    jpeg = with_iim(jpeg_bytes(), [((2, 90), b"Z\xfcrich"), ((2, 120), b"\x93Caf\xe9\x94 reopens")])
    metadata = read_embedded_metadata(jpeg)

    assert metadata.city == "Zürich"
    # Windows' curly quotes (0x93, 0x94) read as the characters every captioning tool meant.
    assert metadata.caption == "“Café” reopens"


def test_the_character_set_record_changes_how_the_same_bytes_read():
    utf8_caption = "Café".encode()
    declared = read_embedded_metadata(
        with_iim(jpeg_bytes(), [((1, 90), b"\x1b%G"), ((2, 120), utf8_caption)])
    )
    undeclared = read_embedded_metadata(with_iim(jpeg_bytes(), [((2, 120), utf8_caption)]))

    assert declared.caption == "Café"
    assert undeclared.caption == "CafÃ©"  # the standard's rule, however odd it looks


def test_invalid_utf8_under_a_utf8_declaration_falls_back_to_latin1():
    jpeg = with_iim(jpeg_bytes(), [((1, 90), b"\x1b%G"), ((2, 120), b"Gen\xe8ve")])
    assert read_embedded_metadata(jpeg).caption == "Genève"


def test_repeated_iim_bylines_and_keywords():
    jpeg = with_iim(
        jpeg_bytes(),
        [((2, 80), b"Ana Ruiz"), ((2, 80), b"Tom Berg"), ((2, 25), b"harbour"), ((2, 25), b"fishing")],
    )
    metadata = read_embedded_metadata(jpeg)

    assert metadata.photographer == "Ana Ruiz, Tom Berg"
    assert metadata.keywords == ("harbour", "fishing")


# Dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "time", "expected"),
    [
        (
            b"20240305",
            b"143000+0100",
            dt.datetime(2024, 3, 5, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        (b"20240305", b"143000-0530", dt.datetime(2024, 3, 5, 20, 0, tzinfo=UTC)),
        (b"20240305", b"143000", dt.datetime(2024, 3, 5, 14, 30, tzinfo=NEWSROOM_ZONE)),
        (b"20240305", None, dt.date(2024, 3, 5)),
        (b"20240000", None, None),  # IIM's "month unknown"
        (b"yesterday", None, None),
    ],
)
def test_iim_date_and_time_created(date, time, expected):
    datasets = [((2, 55), date)] + ([((2, 60), time)] if time else [])
    created = read_embedded_metadata(with_iim(jpeg_bytes(), datasets)).date_created

    assert created == expected
    if isinstance(expected, dt.datetime):
        assert created.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-02T08:15:00Z", dt.datetime(2023, 11, 2, 8, 15, tzinfo=UTC)),
        ("2023-11-02T08:15:00+02:00", dt.datetime(2023, 11, 2, 6, 15, tzinfo=UTC)),
        ("2023-11-02T08:15", dt.datetime(2023, 11, 2, 8, 15, tzinfo=NEWSROOM_ZONE)),
        ("2023-11-02", dt.date(2023, 11, 2)),
        ("2023-11", None),
        ("2023", None),
        ("not a date", None),
    ],
)
def test_xmp_date_created(text, expected):
    xmp = xmp_packet(f"<photoshop:DateCreated>{text}</photoshop:DateCreated>")
    created = read_embedded_metadata(jpeg_bytes(xmp=xmp)).date_created

    assert created == expected
    if isinstance(expected, dt.datetime):
        assert created.tzinfo is not None


def test_an_unusable_xmp_date_falls_back_to_iim():
    xmp = xmp_packet("<photoshop:DateCreated>2023</photoshop:DateCreated>")
    jpeg = with_iim(jpeg_bytes(xmp=xmp), [((2, 55), b"20230704")])

    assert read_embedded_metadata(jpeg).date_created == dt.date(2023, 7, 4)


def test_exif_date_time_original_is_the_last_resort():
    exif = Image.Exif()
    exif.get_ifd(0x8769).update({0x9003: "2022:08:01 06:30:00", 0x9011: "-04:00"})
    created = read_embedded_metadata(jpeg_bytes(exif=exif)).date_created

    assert created == dt.datetime(2022, 8, 1, 10, 30, tzinfo=UTC)


# Hostile and broken metadata ------------------------------------------------------------------


def test_script_in_captions_is_reduced_to_clean_text():
    xmp = xmp_packet(
        "<dc:description>"
        + alt("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Mayor&lt;/b&gt; opens bridge")
        + "</dc:description>"
    )
    jpeg = with_iim(jpeg_bytes(xmp=xmp), [((2, 105), b"<img src=x onerror=alert(1)>Bridge opens")])
    metadata = read_embedded_metadata(jpeg)

    assert metadata.caption == "Mayor opens bridge"
    assert metadata.headline == "Bridge opens"


def test_entity_expansion_in_xmp_is_refused_and_iim_still_read():
    billion_laughs = (
        "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
        "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
        "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
    )
    xmp = xmp_packet("<photoshop:Credit>&lol3;</photoshop:Credit>", prolog=billion_laughs)
    jpeg = with_iim(jpeg_bytes(xmp=xmp), [((2, 110), b"Harbour Photo Agency")])
    metadata = read_embedded_metadata(jpeg)

    assert metadata.credit == "Harbour Photo Agency"
    assert "xmp" not in metadata.raw
    assert any("entities" in problem for problem in metadata.problems)


def test_external_entities_in_xmp_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    prolog = f"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY leak SYSTEM 'file://{secret}'>]>"
    xmp = xmp_packet("<photoshop:Credit>&leak;</photoshop:Credit>", prolog=prolog)
    metadata = read_embedded_metadata(jpeg_bytes(xmp=xmp))

    assert "TOP-SECRET" not in json.dumps(metadata.raw) + metadata.credit
    assert metadata.credit == ""
    assert metadata.problems


def test_malformed_xmp_is_ignored_with_a_problem_noted():
    metadata = read_embedded_metadata(jpeg_bytes(xmp=b"<x:xmpmeta><rdf:RDF><unclosed>"))

    assert metadata.is_empty
    assert any("not valid XML" in problem for problem in metadata.problems)


def test_damaged_iim_block_never_blocks_reading():
    # A dataset tagged with record 99, which IIM does not have, makes Pillow give up on the block.
    damage = b"\x1c\x63\x01\x00\x02ab"
    jpeg = with_iim(
        jpeg_bytes(xmp=xmp_packet("<photoshop:Credit>Staff</photoshop:Credit>")),
        [((2, 105), b"Headline")],
        trailing=damage,
    )
    metadata = read_embedded_metadata(jpeg)

    assert metadata.credit == "Staff"
    assert any("IPTC" in problem for problem in metadata.problems)


@pytest.mark.parametrize("content", [b"", b"not an image at all", jpeg_bytes()[:40]])
def test_unreadable_files_give_empty_metadata(content):
    metadata = read_embedded_metadata(content)

    assert metadata.is_empty
    assert metadata.raw == {}


def test_a_picture_without_metadata_is_empty():
    metadata = read_embedded_metadata(encode(textured((64, 48)), "PNG"))

    assert metadata == EmbeddedMetadata()


# Inputs ---------------------------------------------------------------------------------------


def test_reads_file_objects_and_leaves_their_position_alone():
    upload = io.BytesIO(with_iim(jpeg_bytes(), [((2, 110), b"Staff")]))
    upload.seek(7)

    assert read_embedded_metadata(upload).credit == "Staff"
    assert upload.tell() == 7


def test_reads_open_pillow_images():
    with Image.open(io.BytesIO(with_iim(jpeg_bytes(), [((2, 110), b"Staff")]))) as image:
        assert read_embedded_metadata(image).credit == "Staff"


def test_raw_values_are_json_and_leave_gps_out():
    exif = exif_block(artist="Jo Lind", gps=True)
    xmp = xmp_packet(
        "<photoshop:City>Oban</photoshop:City>"
        "<exif:GPSLatitude xmlns:exif='http://ns.adobe.com/exif/1.0/'>56,24.5N</exif:GPSLatitude>"
    )
    raw = read_embedded_metadata(jpeg_bytes(exif=exif, xmp=xmp)).raw

    assert json.loads(json.dumps(raw)) == raw
    assert raw["xmp"] == {"photoshop:City": "Oban"}
    assert raw["exif"] == {"Artist": "Jo Lind"}
