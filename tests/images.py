"""In-memory test images (the only place tests make pictures), with the metadata blocks Pillow cannot
write itself (IPTC IIM).

An IIM block is a run of datasets ``0x1C record dataset length(2) value`` wrapped in a Photoshop
image resource (``8BIM`` 0x0404) inside a JPEG APP13 segment; XMP goes through Pillow's own
``xmp=`` save option.
"""

import io
import random
import struct

from PIL import Image, ImageCms, ImageDraw, ImageFilter

ESC_UTF8 = b"\x1b%G"


def iim_block(datasets):
    """IIM bytes from ``[((record, dataset), bytes), ...]`` in the order given."""
    block = b""
    for (record, number), value in datasets:
        block += bytes([0x1C, record, number]) + struct.pack(">H", len(value)) + value
    return block


def photoshop_iptc_resource(iim):
    padded = iim + (b"\x00" if len(iim) % 2 else b"")
    # Resource: signature, id 0x0404, empty Pascal name padded to even length, size, data.
    return b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + padded


def insert_jpeg_segment(jpeg, marker, payload):
    """Put an APPn segment straight after the JPEG's start-of-image marker."""
    assert jpeg[:2] == b"\xff\xd8"
    segment = bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def with_iim(jpeg, datasets, *, trailing=b""):
    """``jpeg`` with an IIM block of ``datasets``, followed by ``trailing`` bytes (to damage it)."""
    payload = b"Photoshop 3.0\x00" + photoshop_iptc_resource(iim_block(datasets) + trailing)
    return insert_jpeg_segment(jpeg, 0xED, payload)


def xmp_packet(properties_xml, *, prolog=""):
    """A complete XMP packet around ``properties_xml`` (rdf:Description children)."""
    return (
        f"{prolog}<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        "<rdf:Description rdf:about=''"
        " xmlns:dc='http://purl.org/dc/elements/1.1/'"
        " xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/'"
        " xmlns:xmpRights='http://ns.adobe.com/xap/1.0/rights/'"
        " xmlns:Iptc4xmpCore='http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/'>"
        f"{properties_xml}"
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    ).encode()


def alt(text, lang="x-default"):
    return f"<rdf:Alt><rdf:li xml:lang='{lang}'>{text}</rdf:li></rdf:Alt>"


def bag(*items, kind="Bag"):
    return f"<rdf:{kind}>" + "".join(f"<rdf:li>{item}</rdf:li>" for item in items) + f"</rdf:{kind}>"


def textured(size, mode="RGB"):
    """A picture with gradients and noise, so encoders and resamplers have real work to do."""
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 48)
    bands = [gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    image = Image.merge("RGB", bands)
    return image.convert(mode) if mode != "RGB" else image


def encode(image, fmt="JPEG", **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_bytes(size=(120, 80), color=(200, 80, 40), **options):
    return encode(Image.new("RGB", size, color), "JPEG", **options)


def scene(seed, size=(600, 400)):
    """A picture of its own for each ``seed``: a gradient at some angle behind a dozen rectangles and
    ellipses in colours of their own, softened a little like a photograph. Different seeds look
    different to a perceptual hash; the same seed is the same picture."""
    chance = random.Random(seed)
    width, height = size
    image = Image.linear_gradient("L").rotate(chance.randrange(360)).resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        left, top = chance.randrange(width), chance.randrange(height)
        right, bottom = (
            left + chance.randrange(width // 24, width * 5 // 12),
            top + chance.randrange(height // 16, height // 2),
        )
        shape = draw.ellipse if chance.random() < 0.5 else draw.rectangle
        shape([left, top, right, bottom], fill=tuple(chance.randrange(256) for _ in range(3)))
    return image.filter(ImageFilter.GaussianBlur(1))


def quadrants(size=(200, 100)):
    """Red top-left, green top-right, blue bottom-left, white bottom-right: orientation shows."""
    width, height = size
    image = Image.new("RGB", size, "white")
    image.paste((255, 0, 0), (0, 0, width // 2, height // 2))
    image.paste((0, 255, 0), (width // 2, 0, width, height // 2))
    image.paste((0, 0, 255), (0, height // 2, width // 2, height))
    return image


def exif_block(*, orientation=None, artist=None, copyright=None, gps=False, description=None):
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if artist:
        exif[0x013B] = artist
    if copyright:
        exif[0x8298] = copyright
    if description:
        exif[0x010E] = description
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    return exif


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def lab_profile():
    """A valid ICC profile for a colour space our renditions never write."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()


def dominant_colour(image):
    """The mean colour of an image, rounded, for asserting what a crop shows."""
    small = image.convert("RGB").resize((1, 1), Image.Resampling.BOX)
    return small.getpixel((0, 0))
