"""XMP wherever and however writers put it: non-standard APP1 headers, packet shapes, Extended XMP,
Photoshop's resource; and which creation date wins when XMP, IIM and EXIF all give one."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from articles.photos.metadata import read_embedded_metadata
from articles.photos.xmp import MAX_EXTENDED_XMP_BYTES
from tests.images import alt, bag, encode, exif_block, textured, with_iim
from tests.photo_metadata_images import (
    ALTERNATIVE_HEADER,
    HEADER_WITHOUT_NUL,
    STANDARD_HEADER,
    extended_segments,
    packet,
    plain_jpeg,
    with_app1,
    with_extended_xmp,
    with_iim_and_digest,
    with_photoshop_xmp,
    with_xmp,
)

NEWSROOM_ZONE = ZoneInfo("Asia/Kolkata")  # TIME_ZONE in the test settings
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))

FERRY_PROPERTIES = (
    f"<dc:description>{alt('The night ferry leaves Salthaven pier for the last time.')}</dc:description>"
    "<photoshop:Credit>Northline Pictures</photoshop:Credit>"
    f"<dc:creator>{bag('Ines Varga', kind='Seq')}</dc:creator>"
    "<photoshop:DateCreated>2024-03-09T21:40:05+02:00</photoshop:DateCreated>"
)
FERRY_TIME = dt.datetime(2024, 3, 9, 21, 40, 5, tzinfo=PLUS_TWO)


@pytest.fixture(autouse=True)
def _newsroom_time_zone(settings):
    settings.TIME_ZONE = "Asia/Kolkata"


def assert_ferry(metadata):
    assert metadata.caption == "The night ferry leaves Salthaven pier for the last time."
    assert metadata.credit == "Northline Pictures"
    assert metadata.photographer == "Ines Varga"
    assert metadata.date_created == FERRY_TIME
    assert metadata.problems == ()


# Headers and packet shapes ----------------------------------------------------------------------

PACKET_SHAPES = {
    "single-quoted xpacket with BOM": {"xpacket": "'"},
    "single-quoted xpacket without BOM": {"xpacket": "'", "bom": False},
    "double-quoted xpacket without BOM": {"xpacket": '"', "bom": False},
    "xmpmeta without xpacket": {"xpacket": None},
    "older xapmeta": {"wrapper": "x:xapmeta"},
    "older xapmeta without xpacket": {"wrapper": "x:xapmeta", "xpacket": None},
    "bare rdf:RDF": {"wrapper": None, "xpacket": None},
    "padded before its trailer": {"padding": 2048},
}
HEADERS = {
    "standard header": STANDARD_HEADER,
    "alternative XMP\\0 header": ALTERNATIVE_HEADER,
    "standard name without its NUL": HEADER_WITHOUT_NUL,
    "no header at all": b"",
}


@pytest.mark.parametrize("header_name", HEADERS)
@pytest.mark.parametrize("shape_name", PACKET_SHAPES)
def test_every_header_and_packet_shape_is_read(header_name, shape_name):
    xmp = packet(FERRY_PROPERTIES, **PACKET_SHAPES[shape_name])
    jpeg = with_xmp(plain_jpeg(), xmp, header=HEADERS[header_name])

    assert_ferry(read_embedded_metadata(jpeg))


@pytest.mark.parametrize("trailing", [b"\x00" * 300, b"\n   \n", b"\x00\xff\xfejunk after the trailer"])
def test_padding_and_junk_after_the_packet_trailer_are_left_out(trailing):
    jpeg = with_xmp(plain_jpeg(), packet(FERRY_PROPERTIES), header=ALTERNATIVE_HEADER, trailing=trailing)

    assert_ferry(read_embedded_metadata(jpeg))


def test_the_non_standard_xmp_date_wins_over_iim_as_standard_xmp_does():
    # The reported photo: IIM and an XMP behind a non-standard header both carry the date.
    jpeg = with_iim(
        with_xmp(plain_jpeg(), packet(FERRY_PROPERTIES, bom=False), header=ALTERNATIVE_HEADER),
        [((2, 55), b"20240309"), ((2, 60), b"194005+0000"), ((2, 120), b"Ferry at the pier")],
    )

    metadata = read_embedded_metadata(jpeg)

    assert metadata.date_created == FERRY_TIME
    assert metadata.caption.startswith("The night ferry")
    assert metadata.raw["xmp"]["photoshop:Credit"] == "Northline Pictures"
    assert metadata.raw["iim"]["2:55"] == "20240309"


def test_an_app1_segment_that_is_neither_exif_nor_xmp_is_ignored():
    jpeg = with_app1(plain_jpeg(), b"VendorBlob\x00" + b"<html>not a packet</html>" * 4)

    metadata = read_embedded_metadata(jpeg)

    assert metadata.is_empty
    assert metadata.problems == ()


def test_exif_and_xmp_in_separate_app1_segments_are_both_read():
    exif = exif_block(artist="Ines Varga", copyright="Northline Pictures 2024")
    jpeg = encode(textured((40, 30)), "JPEG", exif=exif)
    jpeg = with_xmp(jpeg, packet("<photoshop:Credit>Northline Pictures</photoshop:Credit>"), header=b"")

    metadata = read_embedded_metadata(jpeg)

    assert metadata.credit == "Northline Pictures"
    assert metadata.photographer == "Ines Varga"  # from EXIF, which XMP does not override here
    assert metadata.copyright_notice == "Northline Pictures 2024"


def test_a_standard_packet_wins_over_a_non_standard_one():
    standard = packet("<photoshop:Credit>Standard Segment Agency</photoshop:Credit>")
    other = packet(
        "<photoshop:Credit>Other Segment Agency</photoshop:Credit>"
        "<photoshop:Headline>Only in the other segment</photoshop:Headline>"
    )
    jpeg = with_xmp(with_xmp(plain_jpeg(), standard), other, header=ALTERNATIVE_HEADER)

    metadata = read_embedded_metadata(jpeg)

    assert metadata.credit == "Standard Segment Agency"
    assert metadata.headline == "Only in the other segment"


def test_xmp_in_photoshops_image_resource_is_read():
    jpeg = with_photoshop_xmp(plain_jpeg(), packet(FERRY_PROPERTIES))

    assert_ferry(read_embedded_metadata(jpeg))


# Extended XMP -----------------------------------------------------------------------------------

LONG_CAPTION = "Harbour lights over the breakwater, the ferry's wake and the gulls behind it. " * 600


def extended_jpeg(**options):
    return with_extended_xmp(
        plain_jpeg(),
        "<photoshop:Credit>Northline Pictures</photoshop:Credit>",
        f"<dc:description>{alt(LONG_CAPTION)}</dc:description>"
        "<photoshop:Credit>Credit only in the extension</photoshop:Credit>"
        "<xmp:CreateDate>2024-03-09T21:40:05+02:00</xmp:CreateDate>",
        **options,
    )


def test_extended_xmp_split_over_segments_is_put_together():
    jpeg = extended_jpeg()
    assert jpeg.count(b"http://ns.adobe.com/xmp/extension/\x00") == 3  # about 48 KB in 20 KB pieces

    metadata = read_embedded_metadata(jpeg)

    assert metadata.caption == LONG_CAPTION.strip()
    assert metadata.credit == "Northline Pictures"  # the main packet wins over its extension
    assert metadata.date_created == FERRY_TIME
    assert metadata.problems == ()


def test_extended_xmp_pieces_out_of_order_and_without_the_guid_note_are_read():
    metadata = read_embedded_metadata(extended_jpeg(order=[2, 0, 1], name_guid=False))

    assert metadata.caption == LONG_CAPTION.strip()


def test_extended_xmp_with_a_missing_piece_is_ignored_with_a_problem():
    metadata = read_embedded_metadata(extended_jpeg(order=[0, 2]))

    assert metadata.caption == ""
    assert metadata.credit == "Northline Pictures"
    assert metadata.problems == ("The embedded extended XMP metadata is incomplete and was ignored.",)


def test_extended_xmp_declaring_a_huge_length_is_not_allocated():
    extended = packet(f"<dc:description>{alt('Gulls')}</dc:description>", xpacket=None)
    jpeg = plain_jpeg()
    for payload in extended_segments(extended, "0" * 32, declared_length=0xFFFFFFFF):
        jpeg = with_app1(jpeg, payload)

    metadata = read_embedded_metadata(jpeg)

    assert metadata.caption == ""
    assert metadata.problems == ("The embedded extended XMP metadata is too large and was ignored.",)


def test_extension_pieces_of_another_guid_than_the_one_named_are_not_read():
    jpeg = with_xmp(plain_jpeg(), packet("", attributes=" xmpNote:HasExtendedXMP='" + "A" * 32 + "'"))
    extended = packet(f"<dc:description>{alt('A stranger caption')}</dc:description>", xpacket=None)
    for payload in extended_segments(extended, "B" * 32):
        jpeg = with_app1(jpeg, payload)

    assert read_embedded_metadata(jpeg).caption == ""


def test_the_extended_length_limit_is_generous_for_real_photos():
    assert MAX_EXTENDED_XMP_BYTES >= 1024 * 1024


# Which creation date --------------------------------------------------------------------------


def dated_packet(*, photoshop=None, create=None, original=None):
    properties = ""
    if photoshop:
        properties += f"<photoshop:DateCreated>{photoshop}</photoshop:DateCreated>"
    if create:
        properties += f"<xmp:CreateDate>{create}</xmp:CreateDate>"
    if original:
        properties += f"<exif:DateTimeOriginal>{original}</exif:DateTimeOriginal>"
    return packet(properties)


def with_exif_original(text, offset=None):
    exif = exif_block()
    exif.get_ifd(0x8769)[0x9003] = text
    if offset:
        exif.get_ifd(0x8769)[0x9011] = offset
    return encode(textured((40, 30)), "JPEG", exif=exif)


IIM_DATE = [((2, 55), b"20240308"), ((2, 60), b"063000+0000")]
IIM_TIME = dt.datetime(2024, 3, 8, 6, 30, tzinfo=dt.UTC)


def test_xmp_date_created_wins_over_iim_when_the_iim_digest_matches():
    jpeg = with_iim_and_digest(
        with_xmp(
            plain_jpeg(), dated_packet(photoshop="2024-03-09T21:40:05+02:00"), header=ALTERNATIVE_HEADER
        ),
        IIM_DATE,
    )

    assert read_embedded_metadata(jpeg).date_created == FERRY_TIME


def test_iim_wins_when_an_iim_only_tool_changed_it_after_the_xmp_was_written():
    # The stored digest is of an older IIM block: the IIM (date and caption) is newer than the XMP.
    xmp = packet(
        "<photoshop:DateCreated>2024-03-09T21:40:05+02:00</photoshop:DateCreated>"
        f"<dc:description>{alt('Old caption from the camera')}</dc:description>"
    )
    jpeg = with_iim_and_digest(
        with_xmp(plain_jpeg(), xmp),
        [*IIM_DATE, ((2, 120), b"Caption corrected on the picture desk")],
        digest_of=[((2, 55), b"20240309"), ((2, 120), b"Old caption from the camera")],
    )

    metadata = read_embedded_metadata(jpeg)

    assert metadata.date_created == IIM_TIME
    assert metadata.caption == "Caption corrected on the picture desk"


def test_without_xmp_a_stale_digest_changes_nothing():
    jpeg = with_iim_and_digest(plain_jpeg(), IIM_DATE, digest_of=[((2, 55), b"19990101")])

    assert read_embedded_metadata(jpeg).date_created == IIM_TIME


def test_the_capture_time_comes_next_and_xmp_create_date_last():
    assert (
        read_embedded_metadata(
            with_xmp(
                plain_jpeg(),
                dated_packet(create="2024-03-10T08:00:00Z", original="2024-03-09T21:40:05+02:00"),
            )
        ).date_created
        == FERRY_TIME
    )
    assert (
        read_embedded_metadata(
            with_xmp(
                with_exif_original("2024:03:09 21:40:05", "+02:00"),
                dated_packet(create="2024-03-10T08:00:00Z"),
            )
        ).date_created
        == FERRY_TIME
    )
    assert read_embedded_metadata(
        with_xmp(plain_jpeg(), dated_packet(create="2024-03-10T08:00:00Z"), header=ALTERNATIVE_HEADER)
    ).date_created == dt.datetime(2024, 3, 10, 8, tzinfo=dt.UTC)


def test_a_day_alone_gives_way_to_a_full_time_of_that_day():
    jpeg = with_xmp(with_exif_original("2024:03:09 21:40:05", "+02:00"), dated_packet(photoshop="2024-03-09"))

    assert read_embedded_metadata(jpeg).date_created == FERRY_TIME


def test_a_day_alone_stays_when_the_full_time_is_of_another_day():
    jpeg = with_xmp(with_exif_original("2024:03:11 21:40:05", "+02:00"), dated_packet(photoshop="2024-03-09"))

    assert read_embedded_metadata(jpeg).date_created == dt.date(2024, 3, 9)


def test_an_xmp_time_without_offset_is_the_newsrooms():
    jpeg = with_xmp(plain_jpeg(), dated_packet(original="2024-03-09T21:40:05.25"), header=HEADER_WITHOUT_NUL)

    created = read_embedded_metadata(jpeg).date_created

    assert created.tzinfo is not None
    assert created.replace(tzinfo=None) == dt.datetime(2024, 3, 9, 21, 40, 5, 250000)
    assert created.utcoffset() == dt.timedelta(hours=5, minutes=30)


# Broken and hostile packets in the new places ----------------------------------------------------


def test_a_non_standard_packet_declaring_entities_is_refused_and_the_rest_still_read():
    prolog = "<!DOCTYPE x [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;'>]>"
    hostile = prolog.encode() + packet("<photoshop:Credit>&lol2;</photoshop:Credit>", xpacket=None)
    jpeg = with_iim(
        with_app1(plain_jpeg(), ALTERNATIVE_HEADER + hostile), [((2, 110), b"Harbour Photo Agency")]
    )

    metadata = read_embedded_metadata(jpeg)

    assert metadata.credit == "Harbour Photo Agency"
    assert metadata.problems == (
        "The embedded XMP metadata declares XML entities; it was ignored for safety.",
    )


def test_a_broken_non_standard_packet_leaves_the_standard_one_readable():
    jpeg = with_xmp(with_xmp(plain_jpeg(), packet(FERRY_PROPERTIES)), b"<x:xmpmeta><unclosed>", header=b"")

    metadata = read_embedded_metadata(jpeg)

    assert metadata.credit == "Northline Pictures"
    assert metadata.problems == ("The embedded XMP metadata is not valid XML and was ignored.",)


def test_xmp_nested_past_the_parsers_limit_is_refused_not_recursed_into():
    deep = "<rdf:Bag><rdf:li>" * 400 + "Gulls" + "</rdf:li></rdf:Bag>" * 400
    jpeg = with_xmp(plain_jpeg(), packet(f"<dc:subject>{deep}</dc:subject>"), header=ALTERNATIVE_HEADER)

    metadata = read_embedded_metadata(jpeg)

    assert metadata.keywords == ()
    assert metadata.problems == ("The embedded XMP metadata is not valid XML and was ignored.",)


def test_many_small_xmp_segments_stop_at_the_size_limit():
    jpeg = plain_jpeg()
    for index in range(12):
        filler = "x" * 60_000
        xmp = packet(
            f"<photoshop:Headline>Segment {index}</photoshop:Headline><xmp:Label>{filler}</xmp:Label>"
        )
        jpeg = with_xmp(jpeg, xmp, header=ALTERNATIVE_HEADER)

    metadata = read_embedded_metadata(jpeg)

    assert metadata.headline == "Segment 11"  # the first in the file (segments were put in front)
    assert metadata.problems == ("The embedded XMP metadata is too large and was ignored.",)


@pytest.mark.parametrize("bom", [True, False], ids=["with BOM", "without BOM"])
def test_non_ascii_text_behind_a_non_standard_header_is_read_as_utf8(bom):
    caption = "Fähre über den Zürichsee — 東京行き"
    xmp = packet(f"<dc:description>{alt(caption)}</dc:description>", bom=bom)

    assert read_embedded_metadata(with_xmp(plain_jpeg(), xmp, header=ALTERNATIVE_HEADER)).caption == caption
