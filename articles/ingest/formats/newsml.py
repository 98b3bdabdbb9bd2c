"""IPTC NewsML-G2: single items, news messages, and packages grouping pictures with a text item.

Elements are matched by local name, so documents with the G2 namespace, without it, or with a
provider's own prefix all read the same. Items are streamed one at a time (bounded memory), then
packages attach their pictures to their text item.
"""

from dataclasses import dataclass, field
from datetime import UTC

from ..body_blocks import SetAside
from ..items import (
    CANCELED,
    CATEGORY,
    CORRECTION,
    EVENT,
    ORGANISATION,
    PERSON,
    PICTURE,
    PLACE,
    SUBJECT,
    TEXT,
    UPDATE,
    USABLE,
    WITHHELD,
    AgencyItem,
    AgencyPhoto,
    Location,
    ParseError,
    RejectedItem,
    Rendition,
    Subject,
    finish_batch,
)
from ..text import (
    body_from_element,
    body_from_markup,
    dateline_text,
    html_from_plain_text,
    looks_like_html,
    parse_datetime,
    parse_int,
    person_names,
    plain,
)
from ..xml import attribute, find, find_all, iter_elements, language_of, localname, text_of
from .nitf import item_from_nitf

STATUSES = {"usable": USABLE, "withheld": WITHHELD, "canceled": CANCELED, "cancelled": CANCELED}
UPDATE_SIGNALS = {"sig:update", "edstat:u"}
CORRECTION_SIGNALS = {"sig:correction", "edstat:c"}
SUBJECT_KINDS = {
    "abstract": SUBJECT,
    "geoarea": PLACE,
    "poi": PLACE,
    "person": PERSON,
    "organisation": ORGANISATION,
    "organization": ORGANISATION,
    "event": EVENT,
    "cat": CATEGORY,
    "subcat": CATEGORY,
    "category": CATEGORY,
}
BEST_RENDITIONS = ("highres", "original", "baseimage", "hires", "main", "supplied", "full")
FETCHABLE_SCHEMES = ("http://", "https://", "file:")
NO_DATA = {"no-data-available", "n/a", ""}


@dataclass
class PackageRefs:
    guid: str
    refs: list[str] = field(default_factory=list)


def parse_newsml(raw, *, name="", default_timezone=UTC):
    items, packages, rejected = [], [], []
    for element in iter_elements(raw, ("newsItem", "packageItem"), name):
        if localname(element) == "packageItem":
            packages.append(
                PackageRefs(
                    guid=attribute(element, "guid"),
                    refs=[
                        attribute(ref, "residref")
                        for ref in element.iter("{*}itemRef")
                        if attribute(ref, "residref")
                    ],
                )
            )
            continue
        item_class = qcode_word(attribute(find(element, "itemMeta/itemClass"), "qcode"))
        guid = attribute(element, "guid")
        if item_class in {"video", "audio"}:
            rejected.append(RejectedItem(guid, f"{item_class} items are not imported", name))
            continue
        items.append(item_from_news_item(element, item_class, default_timezone))
    if not items and not packages and not rejected:
        raise ParseError(
            "no newsItem, packageItem or newsMessage found; "
            "the document is not NewsML-G2 or only a fragment of one",
            source=name,
        )
    grouped, consumed = group_packages(items, packages)
    kept = [item for item in grouped if id(item) not in consumed]
    if not kept and rejected:
        reasons = "; ".join(f"{entry.guid}: {entry.reason}" for entry in rejected)
        raise ParseError(f"no text or picture item to import ({reasons})", source=name)
    if not kept:
        raise ParseError("the package refers to items that are not included in this document", source=name)
    batch = finish_batch(kept, name)
    if all(item.is_picture for item in batch):
        # Video and audio riding along with a story are not failures: the story imports.
        batch.rejected.extend(rejected)
    return batch


def group_packages(items, packages):
    """Attach each package's pictures to its first text item; return items and the consumed ones."""
    by_guid = {item.guid: item for item in items}
    consumed = set()
    for package in packages:
        members = [by_guid[ref] for ref in package.refs if ref in by_guid]
        texts = [member for member in members if not member.is_picture]
        pictures = [member for member in members if member.is_picture]
        if not texts:
            continue
        for picture in pictures:
            texts[0].photos.extend(picture.photos)
            consumed.add(id(picture))
    return items, consumed


def first_present(*elements):
    return next((element for element in elements if element is not None), None)


def qcode_word(qcode):
    return qcode.rsplit(":", 1)[-1].lower() if qcode else ""


def name_of(element):
    """An entity's name: its ``<name>`` child, else its literal (qcodes are codes, not names)."""
    if element is None:
        return ""
    name = plain(text_of(find(element, "name")))
    if name:
        return "" if name.lower() in NO_DATA else name
    literal = attribute(element, "literal")
    return "" if literal.lower() in NO_DATA else plain(literal)


def item_from_news_item(element, item_class, default_timezone):
    item_meta = find(element, "itemMeta")
    content_meta = find(element, "contentMeta")
    language = language_of(element) or attribute(find(content_meta, "language"), "tag")
    signals, correction_note = set(), ""
    ednotes = [plain(text_of(note)) for note in find_all(item_meta, "edNote")]
    for signal in find_all(item_meta, "signal"):
        qcode = attribute(signal, "qcode").lower()
        if qcode in UPDATE_SIGNALS:
            signals.add(UPDATE)
        if qcode in CORRECTION_SIGNALS:
            signals.add(CORRECTION)
            correction_note = next((note for note in ednotes if note), "")

    headlines = find_all(content_meta, "headline")
    main_headlines = [h for h in headlines if "sub" not in attribute(h, "role").lower()]
    sub_headlines = [h for h in headlines if "sub" in attribute(h, "role").lower()]
    headline = plain(text_of(main_headlines[0])) if main_headlines else ""
    descriptions = {}
    for description in find_all(content_meta, "description"):
        role = qcode_word(attribute(description, "role")) or "description"
        descriptions.setdefault(role, plain(text_of(description)))
    standfirst = next(
        (descriptions[role] for role in ("summary", "abstract", "intro") if descriptions.get(role)), ""
    )
    if not standfirst and sub_headlines:
        standfirst = plain(text_of(sub_headlines[0]))
        if standfirst == headline:
            standfirst = ""

    by = plain(text_of(find(content_meta, "by")))
    creators = find_all(content_meta, "creator")
    photographers = [name_of(creator) for creator in creators if "phot" in attribute(creator, "role").lower()]
    writers = [name_of(creator) for creator in creators if "phot" not in attribute(creator, "role").lower()]
    credit = plain(text_of(find(content_meta, "creditline")))
    provider = name_of(find(item_meta, "provider")) or qcode_word(
        attribute(find(item_meta, "provider"), "qcode")
    )
    info_source = name_of(find(content_meta, "infoSource"))
    rights = find(element, "rightsInfo")
    copyright_notice = plain(text_of(find(rights, "copyrightNotice"))) or name_of(
        find(rights, "copyrightHolder")
    )

    first_created = parse_datetime(
        text_of(find(item_meta, "firstCreated")), default_timezone
    ) or parse_datetime(text_of(find(content_meta, "contentCreated")), default_timezone)
    version_created = parse_datetime(text_of(find(item_meta, "versionCreated")), default_timezone)
    item = AgencyItem(
        guid=attribute(element, "guid"),
        kind=PICTURE if item_class in {"picture", "graphic"} else TEXT,
        version=parse_int(attribute(element, "version")),
        headline=headline,
        slugline=plain(text_of(find(content_meta, "slugline"))),
        standfirst=standfirst,
        byline=by or ", ".join(name for name in writers if person_names(name)),
        credit=credit or info_source or provider,
        provider=provider or info_source,
        copyright=copyright_notice,
        dateline=dateline_text(text_of(find(content_meta, "dateline"))),
        location=location_of(first_present(find(content_meta, "located"), find(item_meta, "located"))),
        first_created=first_created or version_created,
        version_created=version_created or first_created,
        embargo=parse_datetime(text_of(find(item_meta, "embargoed")), default_timezone),
        urgency=parse_int(text_of(find(content_meta, "urgency"))),
        status=STATUSES.get(qcode_word(attribute(find(item_meta, "pubStatus"), "qcode")), USABLE),
        signals=frozenset(signals),
        correction_note=correction_note,
        editorial_note="; ".join(note for note in ednotes if note)[:2000],
        subjects=subjects_of(content_meta),
        keywords=[
            plain(text_of(keyword)) for keyword in find_all(content_meta, "keyword") if text_of(keyword)
        ],
        genre=name_of(find(content_meta, "genre"))
        or qcode_word(attribute(find(content_meta, "genre"), "qcode")),
        language=language,
    )
    content_set = find(element, "contentSet")
    if item.kind == PICTURE:
        photo = photo_of(item, content_set, descriptions, photographers, by)
        item.photos = [photo] if photo else []
    else:
        fill_text_content(item, content_set, default_timezone)
    names = person_names(item.byline, language)
    for writer in writers:
        names.extend(name for name in person_names(writer, language) if name not in names)
    names.extend(name for name in item.bylines if name not in names)
    item.bylines = names
    return item


def location_of(located):
    if located is None:
        return Location()
    own_name = name_of(located)
    own_type = attribute(located, "type").lower()
    city = region = country = code = ""
    if "country" in own_type:
        country = own_name
    else:
        city = own_name
    for broader in find_all(located, "broader"):
        kind = attribute(broader, "type").lower()
        qcode = attribute(broader, "qcode")
        if "country" in kind or qcode.lower().startswith(("iso3166", "cntry:")):
            country = country or name_of(broader) or qcode.split(":", 1)[-1]
            if qcode.lower().startswith("iso3166"):
                code = code or qcode.split(":", 1)[-1]
        elif any(word in kind for word in ("statprov", "region", "state")):
            region = region or name_of(broader)
    if not city and not country:
        qcode = attribute(located, "qcode")
        if qcode.lower().startswith("city:"):
            city = qcode.split(":", 1)[-1]
    return Location(city=city, region=region, country=country, country_code=code)


def subjects_of(content_meta):
    subjects = []
    for subject in find_all(content_meta, "subject"):
        code = attribute(subject, "qcode") or attribute(subject, "literal")
        name = name_of(subject) if find(subject, "name") is not None else ""
        if not code and not name:
            continue
        kind = SUBJECT_KINDS.get(qcode_word(attribute(subject, "type")), SUBJECT)
        entry = Subject(code=code or name, name=name, kind=kind)
        if entry not in subjects:
            subjects.append(entry)
    return subjects


def renditions_of(content_set):
    renditions = []
    for remote in find_all(content_set, "remoteContent"):
        href = attribute(remote, "href")
        if not href:
            continue
        renditions.append(
            Rendition(
                href=href,
                name=qcode_word(attribute(remote, "rendition")) or attribute(remote, "rendition"),
                width=parse_int(attribute(remote, "width")),
                height=parse_int(attribute(remote, "height")),
                content_type=attribute(remote, "contenttype"),
                size=parse_int(attribute(remote, "size")),
            )
        )
    return renditions


def best_rendition(renditions):
    images = [r for r in renditions if not r.content_type or r.content_type.startswith("image/")]
    if not images:
        return None
    for preferred in BEST_RENDITIONS:
        for rendition in images:
            if rendition.name.lower().replace("_", "").startswith(preferred):
                return rendition
    return max(images, key=lambda rendition: (rendition.width or 0) * (rendition.height or 0))


def photo_of(item, content_set, descriptions, photographers, by):
    renditions = renditions_of(content_set)
    best = best_rendition(renditions)
    if best is None:
        return None
    caption = next((text for role, text in descriptions.items() if "caption" in role), "")
    caption = caption or descriptions.get("description", "") or item.headline
    photographer = next((name for name in photographers if name), "") or next(iter(person_names(by)), "")
    return AgencyPhoto(
        href=best.href,
        guid=item.guid,
        headline=item.headline,
        caption=caption,
        alt_text=descriptions.get("alt", ""),
        credit=item.credit,
        photographer=photographer,
        copyright=item.copyright,
        renditions=renditions,
    )


def fill_text_content(item, content_set, default_timezone):
    for inline in find_all(content_set, "inlineXML"):
        nitf = next((node for node in inline.iter() if localname(node) == "nitf"), None)
        if nitf is not None:
            fill_from_nitf(item, nitf, default_timezone)
        else:
            body = next((node for node in inline.iter() if localname(node) == "body"), None)
            set_aside = SetAside()
            item.body_html, _figures = body_from_element(
                body if body is not None else inline, set_aside=set_aside
            )
            keep_set_aside(item, set_aside)
        if item.body_html:
            return
    for inline in find_all(content_set, "inlineData"):
        text = inline.text or ""
        if looks_like_html(text) or "html" in attribute(inline, "contenttype"):
            set_aside = SetAside()
            item.body_html, _figures = body_from_markup(text, set_aside=set_aside)
            keep_set_aside(item, set_aside)
        else:
            item.body_html = html_from_plain_text(text)
        if item.body_html:
            return
    pictures = [r for r in renditions_of(content_set) if r.content_type.startswith("image/")]
    for picture in pictures:
        if picture.href.lower().startswith(FETCHABLE_SCHEMES) or "://" not in picture.href:
            item.photos.append(AgencyPhoto(href=picture.href, renditions=[picture], credit=item.credit))


def keep_set_aside(item, set_aside):
    """Notes to editors found in the body join the item's note; a "By ..." line found there is the
    byline when the item's metadata names nobody."""
    if set_aside.notes:
        notes = (item.editorial_note, *set_aside.notes)
        item.editorial_note = "; ".join(note for note in notes if note)[:2000]
    if set_aside.byline and not item.byline:
        item.byline = set_aside.byline


def fill_from_nitf(item, nitf, default_timezone):
    from_nitf = item_from_nitf(nitf, default_timezone)
    item.body_html = from_nitf.body_html
    item.headline = item.headline or from_nitf.headline
    item.standfirst = item.standfirst or from_nitf.standfirst
    item.dateline = item.dateline or from_nitf.dateline
    item.location = item.location or from_nitf.location
    if not item.byline:
        item.byline = from_nitf.byline
    item.editorial_note = item.editorial_note or from_nitf.editorial_note
    for name in from_nitf.bylines:
        if name not in item.bylines:
            item.bylines.append(name)
    item.photos.extend(from_nitf.photos)
