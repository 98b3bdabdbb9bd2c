"""Caption, credit and rights embedded in a photo (XMP, IPTC IIM and EXIF), mapped to our fields.

XMP is read first because it is Unicode and the current standard (from every place and packet shape
writers use: :mod:`articles.photos.xmp`); IPTC IIM (the Photoshop "IPTC" block agencies have written
since the 1990s) fills what XMP lacks, honouring its character-set record; EXIF's three text tags
are the last resort. One exception, the Metadata Working Group's: when the IIM block no longer
matches the digest stored next to it, a tool that knows only IIM edited it after the XMP was
written, and IIM is preferred over XMP. Reading never raises: a photo whose metadata is broken,
absent or hostile is still a photo, and the desk types the caption by hand.

The creation date is taken, in this order, from XMP ``photoshop:DateCreated`` and IIM 2:55/2:60
(both "Date Created" of IPTC Core, in the order just described), then the capture time (XMP
``exif:DateTimeOriginal``, then the EXIF tag itself), then XMP ``xmp:CreateDate`` (when the file was
digitised, which for a scan is not when the picture was taken). A source giving only the day gives way
to a later source's full time on that same day.

Keywords that are an agency's internal codes are left out (:mod:`articles.photos.keywords`).

Every text value passes through :func:`articles.sanitize.clean_text`, because captions arrive from
agencies and cameras we do not control and end up next to the story.
"""

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, IptcImagePlugin

from articles.sanitize import clean_text

from .keywords import desk_keywords
from .xmp import read_xmp_properties

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "x": "adobe:ns:meta/",
}
PREFIXES = {uri: prefix for prefix, uri in NAMESPACES.items()}


def _qualified(prefixed_name):
    prefix, local = prefixed_name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


RDF_ALT = _qualified("rdf:Alt")
RDF_CONTAINERS = (_qualified("rdf:Seq"), _qualified("rdf:Bag"), RDF_ALT)
RDF_LI = _qualified("rdf:li")
XML_LANG = _qualified("xml:lang")

# IPTC IIM datasets (record 2, "application record") we map, by the field they fill.
IIM_OBJECT_NAME = (2, 5)
IIM_KEYWORDS = (2, 25)
IIM_SPECIAL_INSTRUCTIONS = (2, 40)
IIM_DATE_CREATED = (2, 55)
IIM_TIME_CREATED = (2, 60)
IIM_BYLINE = (2, 80)
IIM_CITY = (2, 90)
IIM_COUNTRY_CODE = (2, 100)
IIM_COUNTRY = (2, 101)
IIM_TRANSMISSION_REFERENCE = (2, 103)
IIM_HEADLINE = (2, 105)
IIM_CREDIT = (2, 110)
IIM_SOURCE = (2, 115)
IIM_COPYRIGHT = (2, 116)
IIM_CAPTION = (2, 120)
IIM_CODED_CHARACTER_SET = (1, 90)
# Photoshop image resources in APP13: the IIM block itself and the MD5 digest of it.
PHOTOSHOP_IIM = 0x0404
PHOTOSHOP_IIM_DIGEST = 0x0425
# ISO 2022 escape sequences announcing UTF-8 (ESC % G) or ISO 8859-1 as G1 or G2 set.
IIM_UTF8 = b"\x1b%G"
IIM_LATIN1 = (b"\x1b-A", b"\x1b.A")

EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_OFFSET_TIME_ORIGINAL = 0x9011
EXIF_TEXT_TAGS = {
    EXIF_IMAGE_DESCRIPTION: "ImageDescription",
    EXIF_ARTIST: "Artist",
    EXIF_COPYRIGHT: "Copyright",
}

# C0 control characters other than tab and newlines: NUL padding from old IIM writers and the like.
EXIF_NAMES = {
    **EXIF_TEXT_TAGS,
    EXIF_DATETIME_ORIGINAL: "DateTimeOriginal",
    EXIF_OFFSET_TIME_ORIGINAL: "OffsetTimeOriginal",
}

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class EmbeddedMetadata:
    """What a photo says about itself, in the photo desk's words; empty strings where it is silent.

    ``date_created`` is a timezone-aware datetime when the photo gives a time, a date when it gives
    only the day, and None otherwise. ``usage_terms`` is the XMP usage-terms statement or, where a
    photo has none, its special instructions (the IIM field agencies use for "no sales" and the
    like); ``instructions`` keeps the special instructions on their own. ``raw`` is a
    JSON-serialisable record of the embedded values as found, for reference next to the edited
    fields; GPS coordinates are left out of it on purpose. ``problems`` lists, for the editor,
    metadata that was present but ignored.
    """

    caption: str = ""
    headline: str = ""
    title: str = ""
    credit: str = ""
    photographer: str = ""
    source: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    instructions: str = ""
    alt_text: str = ""
    keywords: tuple[str, ...] = ()
    city: str = ""
    country: str = ""
    country_code: str = ""
    transmission_reference: str = ""
    date_created: dt.datetime | dt.date | None = None
    raw: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def is_empty(self):
        return not any(
            getattr(self, name) for name in self.__dataclass_fields__ if name not in {"raw", "problems"}
        )


def read_embedded_metadata(source):
    """Return the :class:`EmbeddedMetadata` of ``source`` (bytes, a file-like object or an open
    Pillow image). Never raises for anything wrong with the file: unreadable parts stay empty."""
    try:
        image = _open(source)
    except Exception:  # noqa: BLE001 - anything Pillow cannot open simply has no metadata for us
        return EmbeddedMetadata(problems=(str(_("The file could not be read as an image.")),))
    problems = []
    xmp_properties, xmp_raw = _read_xmp(image, problems)
    iim_values, iim_raw = _read_iim(image, problems)
    exif_values, exif_raw = _read_exif(image)
    iim_first = _iim_changed_after_xmp(image, xmp_properties)

    def first_text(xmp_name, iim_dataset=None, exif_tag=None, joiner=", "):
        candidates = [_xmp_texts(xmp_properties.get(_qualified(xmp_name)), prefer_default_language=True)]
        if iim_dataset:
            candidates.insert(0 if iim_first else 1, iim_values.get(iim_dataset, []))
        if exif_tag:
            candidates.append(exif_values.get(exif_tag, []))
        for texts in candidates:
            cleaned = [text for text in (_clean(value) for value in texts) if text]
            if cleaned:
                return joiner.join(cleaned)
        return ""

    usage_terms = first_text("xmpRights:UsageTerms")
    instructions = first_text("photoshop:Instructions", IIM_SPECIAL_INSTRUCTIONS)
    raw = {}
    for key, value in (("xmp", xmp_raw), ("iim", iim_raw), ("exif", exif_raw)):
        if value:
            raw[key] = value
    return EmbeddedMetadata(
        caption=first_text("dc:description", IIM_CAPTION, EXIF_IMAGE_DESCRIPTION, joiner=" "),
        headline=first_text("photoshop:Headline", IIM_HEADLINE),
        title=first_text("dc:title", IIM_OBJECT_NAME),
        credit=first_text("photoshop:Credit", IIM_CREDIT),
        photographer=first_text("dc:creator", IIM_BYLINE, EXIF_ARTIST),
        source=first_text("photoshop:Source", IIM_SOURCE),
        copyright_notice=first_text("dc:rights", IIM_COPYRIGHT, EXIF_COPYRIGHT, joiner=" "),
        usage_terms=usage_terms or instructions,
        instructions=instructions,
        alt_text=first_text("Iptc4xmpCore:AltTextAccessibility", joiner=" "),
        keywords=_keywords(xmp_properties, iim_values, iim_first=iim_first),
        city=first_text("photoshop:City", IIM_CITY),
        country=first_text("photoshop:Country", IIM_COUNTRY),
        country_code=first_text("Iptc4xmpCore:CountryCode", IIM_COUNTRY_CODE),
        transmission_reference=first_text("photoshop:TransmissionReference", IIM_TRANSMISSION_REFERENCE),
        date_created=_date_created(xmp_properties, iim_values, exif_values, iim_first=iim_first),
        raw=raw,
        problems=tuple(problems),
    )


def _open(source):
    if isinstance(source, Image.Image):
        return source
    if isinstance(source, bytes | bytearray | memoryview):
        return Image.open(io.BytesIO(bytes(source)))
    position = source.tell() if hasattr(source, "tell") else None
    if position is not None:
        source.seek(0)
    content = source.read()
    if position is not None:
        source.seek(position)
    return Image.open(io.BytesIO(content))


def _clean(text):
    if not isinstance(text, str):
        return ""
    return clean_text(CONTROL_CHARACTERS.sub(" ", text))


# XMP ------------------------------------------------------------------------------------------


def _read_xmp(image, problems):
    """Top-level XMP properties keyed ``{namespace}name``, and the same values for the record."""
    properties = read_xmp_properties(image, problems)
    return properties, _prefixed_tree(properties)


def _xmp_texts(value, prefer_default_language=False):
    """The text values of an XMP property: a simple value, a Seq or Bag, or one entry of an Alt."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _xmp_texts(item, prefer_default_language)]
    if not isinstance(value, dict):
        return []
    if RDF_ALT in value and isinstance(value[RDF_ALT], dict):
        entries = value[RDF_ALT].get(RDF_LI)
        entries = entries if isinstance(entries, list) else [entries]
        if prefer_default_language:
            for entry in entries:
                if isinstance(entry, dict) and entry.get(XML_LANG) == "x-default":
                    return _xmp_texts(entry)
            return _xmp_texts(entries[0]) if entries else []
        return _xmp_texts(entries)
    for container in RDF_CONTAINERS:
        if container in value and isinstance(value[container], dict):
            return _xmp_texts(value[container].get(RDF_LI))
    text = value.get("text")
    return [text] if isinstance(text, str) else []


def _prefixed(name):
    match = re.fullmatch(r"\{([^}]*)\}(.*)", name)
    if not match:
        return name
    uri, local = match.groups()
    return f"{PREFIXES[uri]}:{local}" if uri in PREFIXES else name


def _prefixed_tree(value):
    """The XMP value for the record, with readable prefixes and without GPS coordinates (where a
    photographer stood can put them at risk; the record is shown to every editor)."""
    if isinstance(value, dict):
        return {
            _prefixed(key): _prefixed_tree(item)
            for key, item in value.items()
            if not re.sub(r"^\{[^}]*\}", "", key).startswith("GPS")
        }
    if isinstance(value, list):
        return [_prefixed_tree(item) for item in value]
    return value


# IPTC IIM -------------------------------------------------------------------------------------


def _read_iim(image, problems):
    """Record-2 datasets as lists of decoded strings, and a JSON record keyed ``"2:120"``."""
    try:
        records = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:  # noqa: BLE001 - a damaged IIM block ends where it breaks
        problems.append(str(_("The embedded IPTC (IIM) metadata is damaged and was ignored.")))
        return {}, {}
    encoding = _iim_encoding(records.get(IIM_CODED_CHARACTER_SET))
    values = {}
    for dataset, value in records.items():
        if dataset[0] != 2 or dataset[1] == 0:
            continue  # record 1 is the envelope; 2:0 is the binary record version
        items = value if isinstance(value, list) else [value]
        values[dataset] = [_decode_iim(item, encoding) for item in items if item]
    raw = {
        f"{record}:{number}": texts[0] if len(texts) == 1 else texts
        for (record, number), texts in values.items()
    }
    if raw:
        raw["charset"] = encoding
    return values, raw


def _iim_encoding(coded_character_set):
    if isinstance(coded_character_set, list):
        coded_character_set = coded_character_set[0]
    if coded_character_set and coded_character_set.startswith(IIM_UTF8):
        return "utf-8"
    # Without the record (or with a Latin-1 one) the text is Latin-1; Windows-1252 reads Latin-1
    # identically and also gives the curly quotes and dashes old Windows captioning tools wrote.
    return "cp1252"


def _decode_iim(value, encoding):
    try:
        return value.decode(encoding)
    except UnicodeDecodeError:
        return value.decode("latin-1")


# EXIF -----------------------------------------------------------------------------------------


def _read_exif(image):
    try:
        exif = image.getexif()
        values = {tag: [exif[tag]] for tag in EXIF_TEXT_TAGS if isinstance(exif.get(tag), str)}
        exif_ifd = exif.get_ifd(EXIF_IFD)
        for tag in (EXIF_DATETIME_ORIGINAL, EXIF_OFFSET_TIME_ORIGINAL):
            if isinstance(exif_ifd.get(tag), str):
                values[tag] = [exif_ifd[tag]]
    except Exception:  # noqa: BLE001 - a broken EXIF block is ignored like any other
        return {}, {}
    raw = {EXIF_NAMES[tag]: texts[0].strip("\x00 ") for tag, texts in values.items()}
    return values, raw


# Fields needing more than a lookup ------------------------------------------------------------


def _iim_changed_after_xmp(image, xmp_properties):
    """Whether the IIM block was edited after the XMP was last brought in line with it.

    Photoshop and every XMP-aware tool store the MD5 of the IIM block next to it (image resource
    0x0425) when they write both. A tool that knows only IIM changes the block and leaves the digest
    stale: the IIM then holds the newer words, and the Metadata Working Group's rule is to prefer it
    over the XMP. Without a digest, or with a matching one, XMP is preferred.
    """
    photoshop = image.info.get("photoshop")
    if not xmp_properties or not isinstance(photoshop, dict):
        return False
    digest, iim = photoshop.get(PHOTOSHOP_IIM_DIGEST), photoshop.get(PHOTOSHOP_IIM)
    if not isinstance(digest, bytes) or not isinstance(iim, bytes) or len(digest) < 16:
        return False
    return hashlib.md5(iim, usedforsecurity=False).digest() != digest[:16]


def _keywords(xmp_properties, iim_values, *, iim_first=False):
    """Keywords from XMP's dc:subject or IIM's 2:25 (the first that has any), without agency codes."""
    sources = [_xmp_texts(xmp_properties.get(_qualified("dc:subject"))), iim_values.get(IIM_KEYWORDS, [])]
    if iim_first:
        sources.reverse()
    for found in sources:
        keywords = desk_keywords(_clean(keyword) for keyword in found)
        if keywords:
            return tuple(keywords)
    return ()


def _date_created(xmp_properties, iim_values, exif_values, *, iim_first=False):
    """When the photo was taken, from the first source that says (the module's docstring has the
    order); a day alone gives way to a full time of the same day from a later source."""
    found = [
        _xmp_date(xmp_properties, "photoshop:DateCreated"),
        _iim_date(iim_values),
    ]
    if iim_first:
        found.reverse()
    found += [
        _xmp_date(xmp_properties, "exif:DateTimeOriginal"),
        _exif_date(exif_values),
        _xmp_date(xmp_properties, "xmp:CreateDate"),
    ]
    found = [moment for moment in found if moment is not None]
    if not found:
        return None
    chosen = found[0]
    if not isinstance(chosen, dt.datetime):
        for later in found[1:]:
            if isinstance(later, dt.datetime) and later.date() == chosen:
                return later
    return chosen


def _xmp_date(xmp_properties, name):
    for text in _xmp_texts(xmp_properties.get(_qualified(name))):
        parsed = _parse_iso_date(text.strip())
        if parsed:
            return parsed
    return None


def _iim_date(iim_values):
    dates = iim_values.get(IIM_DATE_CREATED)
    if not dates:
        return None
    times = iim_values.get(IIM_TIME_CREATED)
    return _parse_iim_date(dates[0].strip(), times[0].strip() if times else "")


def _exif_date(exif_values):
    originals = exif_values.get(EXIF_DATETIME_ORIGINAL)
    if not originals:
        return None
    offsets = exif_values.get(EXIF_OFFSET_TIME_ORIGINAL)
    return _parse_exif_date(originals[0], offsets[0] if offsets else "")


def _parse_iso_date(text):
    """XMP dates are ISO 8601 of any precision; a year or a month alone is too vague to keep."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        if "T" not in text:
            return None
        return _aware(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def _parse_iim_date(date_text, time_text):
    """IIM dates are CCYYMMDD; times HHMMSS followed by the offset from UTC, +HHMM or -HHMM."""
    try:
        day = dt.datetime.strptime(date_text, "%Y%m%d").date()
    except ValueError:
        return None  # includes the "00" month or day IIM allows for "unknown"
    match = re.fullmatch(r"(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})(\d{2}))?", time_text)
    if not match:
        return day
    hour, minute, second, sign, offset_hours, offset_minutes = match.groups()
    try:
        moment = dt.datetime.combine(day, dt.time(int(hour), int(minute), int(second)))
        if sign:
            offset = dt.timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
            return moment.replace(tzinfo=dt.timezone(-offset if sign == "-" else offset))
    except ValueError:
        return day
    return _aware(moment)


def _parse_exif_date(text, offset_text):
    try:
        moment = dt.datetime.strptime(text.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", offset_text.strip("\x00 "))
    if match:
        sign, hours, minutes = match.groups()
        offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
        return moment.replace(tzinfo=dt.timezone(-offset if sign == "-" else offset))
    return _aware(moment)


def _aware(moment):
    """A time without an offset is taken to be the newsroom's own (settings.TIME_ZONE)."""
    if timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone.get_default_timezone())
