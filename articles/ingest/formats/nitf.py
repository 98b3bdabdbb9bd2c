"""IPTC NITF 3.x, with or without the NITF namespace; also used for NITF inside NewsML-G2."""

import hashlib
import re
from datetime import UTC

from ..body_blocks import SetAside
from ..items import (
    CANCELED,
    CATEGORY,
    CORRECTION,
    SUBJECT,
    UPDATE,
    USABLE,
    WITHHELD,
    AgencyItem,
    AgencyPhoto,
    Location,
    ParseError,
    Rendition,
    Subject,
    finish_batch,
)
from ..text import body_from_element, dateline_text, parse_datetime, parse_int, person_names, plain
from ..xml import attribute, find, find_all, localname, parse_xml, text_of

STATUSES = {
    "usable": USABLE,
    "embargoed": USABLE,
    "withheld": WITHHELD,
    "canceled": CANCELED,
    "cancelled": CANCELED,
}
CREDIT_IN_CAPTION = re.compile(r"(?:foto|photo|bild|kuva|picture)\s*:\s*(?P<credit>[^.]+?)\s*\.?\s*$", re.I)
SLUG_METAS = ("anpa-keyword", "NTBStikkord", "slugline")


def parse_nitf(raw, *, name="", default_timezone=UTC):
    root = parse_xml(raw, name)
    if localname(root) != "nitf":
        raise ParseError(f"not an NITF document: the root element is <{localname(root)}>", source=name)
    return finish_batch([item_from_nitf(root, default_timezone)], name)


def item_from_nitf(nitf, default_timezone=UTC):
    head = find(nitf, "head")
    docdata = find(head, "docdata")
    body_head = find(nitf, "body/body.head")
    metas = {attribute(meta, "name"): attribute(meta, "content") for meta in find_all(head, "meta")}

    headline = plain(text_of(find(body_head, "hedline/hl1"))) or plain(text_of(find(head, "title")))
    issued = parse_datetime(attribute(find(docdata, "date.issue"), "norm"), default_timezone)
    story_date = parse_datetime(attribute(find(body_head, "dateline/story.date"), "norm"), default_timezone)
    released = parse_datetime(attribute(find(docdata, "date.release"), "norm"), default_timezone)
    published = parse_datetime(attribute(find(head, "pubdata"), "date.publication"), default_timezone)
    created = issued or story_date or published
    status_word = attribute(docdata, "management-status").lower()
    embargo = (
        released if released and (status_word == "embargoed" or (created and released > created)) else None
    )

    du_key = find(docdata, "du-key")
    version = parse_int(attribute(du_key, "version"))
    signals = set()
    correction = find(docdata, "correction")
    if correction is not None:
        signals.add(CORRECTION)
    if version and version > 1:
        signals.add(UPDATE)

    language = attribute(nitf, "baselang") or attribute(nitf, "lang")
    byline, names = byline_of(body_head, language)
    guid = attribute(find(docdata, "doc-id"), "id-string") or attribute(du_key, "key")
    if not guid:
        seed = f"{headline}|{created.isoformat() if created else ''}"
        guid = "nitf:" + hashlib.sha1(seed.encode("utf-8")).hexdigest()

    body_content = find(nitf, "body/body.content")
    photos = photos_from_media(body_content)
    set_aside = SetAside()
    body_html, _figures = body_from_element(body_content, set_aside=set_aside)
    if set_aside.byline and not byline:
        byline, names = set_aside.byline, person_names(set_aside.byline, language)
    copyright_element = find(docdata, "doc.copyright")
    provider = plain(text_of(find(body_head, "distributor"))) or metas.get("aap-source", "")
    holder = attribute(copyright_element, "holder")
    return AgencyItem(
        guid=guid,
        version=version,
        headline=headline,
        slugline=plain(
            attribute(du_key, "key") or next((metas[key] for key in SLUG_METAS if metas.get(key)), "")
        ),
        standfirst=plain(text_of(find(body_head, "abstract"))),
        body_html=body_html,
        byline=byline,
        bylines=names,
        credit=provider or holder,
        provider=provider or holder or attribute(find(docdata, "doc-id"), "regsrc"),
        copyright=" ".join(part for part in (holder, attribute(copyright_element, "year")) if part),
        dateline=dateline_of(body_head),
        location=location_of(body_head, docdata),
        first_created=created,
        version_created=created,
        embargo=embargo,
        urgency=parse_int(attribute(find(docdata, "urgency"), "ed-urg")),
        status=STATUSES.get(status_word, USABLE),
        signals=frozenset(signals),
        correction_note=plain(attribute(correction, "info")),
        editorial_note="; ".join(
            note for note in (plain(attribute(find(docdata, "ed-msg"), "info")), *set_aside.notes) if note
        )[:2000],
        subjects=subjects_of(head, metas),
        keywords=[
            plain(attribute(keyword, "key"))
            for keyword in find_all(docdata, "key-list/keyword")
            if attribute(keyword, "key")
        ],
        genre=attribute(find(head, "tobject/tobject.property"), "tobject.property.type"),
        language=language,
        photos=photos,
    )


def byline_of(body_head, language=""):
    """The byline as printed (without the job title) and the people it names."""
    bylines = find_all(body_head, "byline")
    texts, names = [], []
    for byline in bylines:
        parts = [byline.text or ""]
        for child in byline:
            if localname(child) == "person":
                names.extend(person_names(text_of(child), language))
            if localname(child) not in {"byttl"}:
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        text = plain("".join(parts)).strip(" ,;")
        if text:
            texts.append(text)
    byline_text = "; ".join(texts)
    for name in person_names(byline_text, language):
        if name not in names:
            names.append(name)
    return byline_text, names


def dateline_of(body_head):
    dateline = find(body_head, "dateline")
    if dateline is None:
        return ""
    parts = [dateline.text or ""]
    for child in dateline:
        if localname(child) == "location" and len(child):
            parts.append(", ".join(text_of(part) for part in child if text_of(part)))
        elif localname(child) != "story.date":
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return dateline_text("".join(parts))


def location_of(body_head, docdata):
    location = find(body_head, "dateline/location")
    city = plain(text_of(find(location, "city")))
    region = plain(text_of(find(location, "state"))) or plain(text_of(find(location, "region")))
    country = plain(text_of(find(location, "country")))
    if location is not None and not (city or region or country):
        city = plain(text_of(location))
    evloc = find(docdata, "evloc")
    return Location(
        city=city or attribute(evloc, "city"),
        region=region or attribute(evloc, "state-prov"),
        country=country or attribute(evloc, "country"),
        country_code=attribute(evloc, "iso-cc"),
    )


def subjects_of(head, metas):
    subjects = []
    for subject in find_all(head, "tobject/tobject.subject"):
        code = attribute(subject, "tobject.subject.refnum") or attribute(subject, "tobject.subject.code")
        name = (
            attribute(subject, "tobject.subject.detail")
            or attribute(subject, "tobject.subject.matter")
            or attribute(subject, "tobject.subject.type")
        )
        if code or name:
            subjects.append(Subject(code=code or name, name=plain(name), kind=SUBJECT))
    category = metas.get("anpa-category") or metas.get("category") or metas.get("categoria")
    if category:
        subjects.append(Subject(code=category, name=category, kind=CATEGORY))
    return subjects


def photos_from_media(body_content):
    """Pictures given as ``<media media-type="image">`` in the body (removed from the text later)."""
    photos = []
    for media in find_all(body_content, "media") + find_all(body_content, "block/media"):
        if attribute(media, "media-type").lower() not in {"image", "photo", "graphic"}:
            continue
        renditions = [
            Rendition(
                href=attribute(reference, "source") or attribute(reference, "data"),
                content_type=attribute(reference, "mime-type"),
                width=parse_int(attribute(reference, "width")),
                height=parse_int(attribute(reference, "height")),
            )
            for reference in find_all(media, "media-reference")
            if attribute(reference, "source") or attribute(reference, "data")
        ]
        if not renditions:
            continue
        caption = plain(text_of(find(media, "media-caption")))
        credit = plain(text_of(find(media, "media-producer")))
        if not credit:
            caption, credit = split_credit(caption)
        photographer = next(iter(person_names(credit.split("/")[0])), "") if credit else ""
        largest = max(renditions, key=lambda rendition: (rendition.width or 0) * (rendition.height or 0))
        alt = next((attribute(ref, "alternate-text") for ref in find_all(media, "media-reference")), "")
        photos.append(
            AgencyPhoto(
                href=largest.href,
                caption=caption,
                alt_text=plain(alt),
                credit=credit,
                photographer=photographer,
                renditions=renditions,
            )
        )
    return photos


def split_credit(caption):
    """``(caption, credit)`` from a caption ending in "Photo: Jane Roe" (credit ``""`` without one).

    Read with whitespace collapsed, and searched only after the caption's last full stop (a closing
    one aside), since a credit holds none: a search from every "photo:" or blank before it would
    grow with the square of the caption.
    """
    words = " ".join(caption.split())
    sentence = words[:-1] if words.endswith(".") else words
    found = CREDIT_IN_CAPTION.search(words, sentence.rfind(".") + 1)
    if found is None:
        return words, ""
    return words[: found.start()].strip(), found.group("credit").strip()
