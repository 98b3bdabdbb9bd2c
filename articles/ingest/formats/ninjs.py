"""IPTC ninjs 1.x, 2.x and 3.x JSON, lists of items, and the AP Media API wrapper.

JSON from outside is never trusted for shape: every field is read through :func:`.json_values.text`,
:func:`~.json_values.fields` and :func:`~.json_values.as_list`, so a number where a string belongs,
or a list where an object belongs, is skipped instead of crashing the import. Objects are read with
their names lower-cased, so 3.x camelCase (``pubStatus``, ``versionCreated``, ``copyrightHolder``,
``edNote``, ``altIds``, ``contentType``) reads as the 1.x and 2.x names. Which text is the body is
:mod:`.ninjs_bodies`' decision.
"""

from datetime import UTC

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
from ..text import parse_datetime, parse_int, person_names, plain
from .json_values import as_list, fields, load_document, text
from .ninjs_bodies import choose_body, shown

STATUSES = {"usable": USABLE, "withheld": WITHHELD, "canceled": CANCELED, "cancelled": CANCELED}
BEST_RENDITIONS = ("original", "main", "baseimage", "supplied", "hires", "highres", "full", "viewimage")
SUBJECT_LISTS = (
    ("subject", SUBJECT),
    ("subjects", SUBJECT),
    ("place", PLACE),
    ("places", PLACE),
    ("person", PERSON),
    ("people", PERSON),
    ("organisation", ORGANISATION),
    ("organisations", ORGANISATION),
    ("event", EVENT),
    ("events", EVENT),
)
PICTURE_TYPES = {"picture", "graphic", "image", "photo"}
SKIPPED_TYPES = {"video", "audio"}


def parse_ninjs(raw, *, name="", default_timezone=UTC):
    document = load_document(raw, name, "a news item")
    entries = item_entries(document)
    if not entries:
        raise ParseError("no ninjs item found (expected an object with uri/guid and headline)", source=name)
    items, skipped = [], []
    for entry in entries:
        if not isinstance(entry, dict):
            skipped.append(
                RejectedItem("", f"an item must be a JSON object, not {type(entry).__name__}", name)
            )
            continue
        kind = text(entry.get("type")).lower()
        if kind in SKIPPED_TYPES:
            skipped.append(RejectedItem(guid_of(entry), f"{kind} items are not imported", name))
            continue
        item, refusal = item_from_ninjs(entry, default_timezone)
        if refusal:
            skipped.append(RejectedItem(item.guid, refusal, name))
            continue
        items.append(item)
    if not items:
        reasons = "; ".join(f"{entry.guid or 'item'}: {entry.reason}" for entry in skipped)
        raise ParseError(f"no usable item ({reasons})", source=name)
    batch = finish_batch(items, name)
    batch.rejected.extend(skipped)
    return batch


def item_entries(document):
    """The item objects in a document: one item, a list, a BBC-style page or an AP Media API reply."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return []
    wrapped = document.get("data")
    if isinstance(wrapped, dict):
        if isinstance(wrapped.get("item"), dict):
            return [wrapped["item"]]
        if isinstance(wrapped.get("items"), list):
            return [
                entry.get("item", entry) if isinstance(entry, dict) else entry for entry in wrapped["items"]
            ]
    for key in ("item", "items"):
        if isinstance(document.get(key), list):
            return document[key]
        if isinstance(document.get(key), dict):
            return [document[key]]
    if any(key in document for key in ("uri", "guid", "headline", "headlines", "body_html", "bodies")):
        return [document]
    return []


def guid_of(entry):
    entry = fields(entry)
    return (
        text(entry.get("guid"))
        or alternative_id(entry, "itemid")  # AP's uri carries per-request tokens; its itemid is stable
        or text(entry.get("uri"))
        or text(entry.get("id"))
    )


def alternative_id(entry, role):
    """An ``altids`` value: a 1.x object keyed by role, or a 2.x/3.x list of {role, value}."""
    altids = entry.get("altids")
    if isinstance(altids, dict):
        return text(fields(altids).get(role))
    found = role_value(altids, (role,))
    return text(found.get("value")) if found else ""


def role_value(entries, roles):
    """Value of the first ``{"role": ..., "value": ...}`` entry whose role is in ``roles``."""
    valued = [fields(entry) for entry in as_list(entries) if text(fields(entry).get("value"))]
    for role in roles:
        for entry in valued:
            if text(entry.get("role")).lower() == role:
                return entry
    return None


def headline_of(entry):
    headline = text(entry.get("headline"))
    if not headline:
        found = role_value(entry.get("headlines"), ("main", "")) or next(
            iter(fields(h) for h in as_list(entry.get("headlines")) if text(fields(h).get("value"))), None
        )
        headline = text(found.get("value")) if found else ""
    return plain(headline or text(entry.get("title")))


def description_of(entry, roles):
    for key in ("description_text", "description_html"):
        if text(entry.get(key)):
            return plain(entry[key])
    found = role_value(entry.get("descriptions"), roles)
    return plain(found.get("value")) if found else ""


def renditions_of(entry):
    renditions = []
    raw = entry.get("renditions")
    pairs = raw.items() if isinstance(raw, dict) else ((text(fields(r).get("name")), r) for r in as_list(raw))
    for rendition_name, rendition in pairs:
        rendition = fields(rendition)
        href = text(rendition.get("href"))
        if not href:
            continue
        renditions.append(
            Rendition(
                href=href,
                name=text(rendition_name),
                width=parse_int(rendition.get("width")),
                height=parse_int(rendition.get("height")),
                content_type=text(rendition.get("contenttype")) or text(rendition.get("mimetype")),
                size=parse_int(rendition.get("sizeinbytes")),
            )
        )
    return renditions


def best_image(renditions):
    images = [r for r in renditions if not r.content_type or r.content_type.startswith("image/")]
    images = [r for r in images if r.content_type or "caption" not in r.name.lower()]
    if not images:
        return None
    for preferred in BEST_RENDITIONS:
        for rendition in images:
            if rendition.name.lower() == preferred:
                return rendition
    return max(images, key=lambda rendition: (rendition.width or 0) * (rendition.height or 0))


def photo_of(entry):
    entry = fields(entry)
    renditions = renditions_of(entry)
    best = best_image(renditions)
    if best is None:
        return None
    photographer = plain(text(fields(entry.get("photographer")).get("name")))
    byline = plain(text(entry.get("byline")) or text(entry.get("by")))
    if not photographer:
        photographer = next(iter(person_names(byline)), "")
    credit_entry = role_value(entry.get("descriptions"), ("creditline", "credit"))
    credit = (
        plain(text(entry.get("description_creditline")))
        or (plain(credit_entry["value"]) if credit_entry else "")
        or byline
        or plain(text(entry.get("source")) or text(entry.get("copyrightholder")))
    )
    caption = plain(text(entry.get("description_caption"))) or description_of(entry, ("caption", "text", ""))
    return AgencyPhoto(
        href=best.href,
        guid=guid_of(entry),
        headline=headline_of(entry),
        caption=caption or headline_of(entry),
        credit=credit,
        photographer=photographer,
        copyright=plain(text(entry.get("copyrightnotice"))),
        renditions=renditions,
    )


def associated_photos(entry):
    associations = entry.get("associations")
    members = list(associations.values()) if isinstance(associations, dict) else as_list(associations)
    photos = []
    for member in members:
        member = fields(member)
        if text(member.get("type")).lower() in PICTURE_TYPES or (
            not member.get("type") and member.get("renditions")
        ):
            photo = photo_of(member)
            if photo:
                photos.append(photo)
    return photos


def subjects_of(entry):
    subjects = []
    for key, kind in SUBJECT_LISTS:
        for subject in as_list(entry.get(key)):
            subject = fields(subject)
            code = text(subject.get("code")) or text(subject.get("literal")) or text(subject.get("uri"))
            name = plain(text(subject.get("name")))
            if not code and not name:
                continue
            rels = " ".join(text(rel) for rel in as_list(subject.get("rels"))) + text(subject.get("rel"))
            entry_kind = CATEGORY if "category" in rels.lower() else kind
            candidate = Subject(code=code or name, name=name, kind=entry_kind)
            if candidate not in subjects:
                subjects.append(candidate)
    return subjects


def keyword_subjects(entry):
    """The names of 2.x and 3.x subjects marked ``rel`` "keyword": ninjs 2.0 dropped 1.x's
    ``keywords``, and our own API sends a story's tags this way."""
    names = []
    for subject in as_list(entry.get("subjects")) + as_list(entry.get("subject")):
        subject = fields(subject)
        name = plain(text(subject.get("name")))
        if name and text(subject.get("rel")).lower() == "keyword" and name not in names:
            names.append(name)
    return names


def signals_of(entry):
    words = []
    for signal in as_list(entry.get("signals")) + as_list(entry.get("signal")):
        words.append(
            text(signal)
            if not isinstance(signal, dict)
            else text(fields(signal).get("code")) + text(fields(signal).get("name"))
        )
    signals = set()
    for word in words:
        lowered = word.lower()
        if "correct" in lowered:
            signals.add(CORRECTION)
        if "update" in lowered:
            signals.add(UPDATE)
    return frozenset(signals)


def location_of(entry):
    dateline_location = fields(entry.get("datelinelocation"))
    if dateline_location:
        return Location(
            city=plain(text(dateline_location.get("city"))),
            region=plain(text(dateline_location.get("countryareaname"))),
            country=plain(text(dateline_location.get("countryname"))),
            country_code=text(dateline_location.get("countrycode")),
        )
    located = plain(text(entry.get("located")))
    if not located:
        return Location()
    parts = [part.strip() for part in located.split(",") if part.strip()]
    return Location(city=parts[0], country=parts[-1] if len(parts) > 1 else "")


def authors_of(entry, language=""):
    names = []
    for author in as_list(entry.get("authors")) + as_list(entry.get("bylines")):
        author = fields(author)
        role = text(author.get("role")).lower()
        if role and role not in {"writer", "author", "reporter", "correspondent", "photographer"}:
            continue
        for name in person_names(text(author.get("name")) or text(author.get("by")), language):
            if name not in names:
                names.append(name)
    return names


def status_of(entry):
    """(status, warning): an unknown ``pubstatus`` is read as usable, and said so."""
    word = text(entry.get("pubstatus")).lower()
    if word in STATUSES:
        return STATUSES[word], ""
    if not word:
        return USABLE, ""
    return USABLE, f"publication status “{shown(word)}” is not usable, withheld or canceled; read as usable"


def item_from_ninjs(entry, default_timezone):
    """(item, refusal): the item, and why it cannot become a story ("" when it can)."""
    entry = fields(entry)
    kind = PICTURE if text(entry.get("type")).lower() in PICTURE_TYPES else TEXT
    byline = plain(text(entry.get("byline")) or text(entry.get("by")))
    located = plain(text(entry.get("located")))
    location = location_of(entry)
    credit_entry = role_value(entry.get("descriptions"), ("creditline",))
    provider = plain(
        text(entry.get("provider")) or text(entry.get("source")) or text(entry.get("copyrightholder"))
    )
    status, status_warning = status_of(entry)
    language = text(entry.get("language"))
    item = AgencyItem(
        guid=guid_of(entry),
        kind=kind,
        version=parse_int(entry.get("version")),
        headline=headline_of(entry),
        slugline=plain(text(entry.get("slugline"))),
        byline=byline,
        bylines=authors_of(entry, language) or person_names(byline, language),
        credit=plain(text(entry.get("description_creditline")))
        or (plain(credit_entry["value"]) if credit_entry else "")
        or provider,
        provider=provider,
        copyright=plain(text(entry.get("copyrightnotice"))),
        # The place the body opens with beats the city of datelinelocation (items.finish_item).
        dateline=located,
        location=location,
        first_created=parse_datetime(text(entry.get("firstcreated")), default_timezone),
        version_created=parse_datetime(text(entry.get("versioncreated")), default_timezone),
        # 1.x and 2.x "embargoed", 3.x "embargoedUntil"
        embargo=parse_datetime(
            text(entry.get("embargoed")) or text(entry.get("embargoeduntil")), default_timezone
        ),
        urgency=parse_int(entry.get("urgency")),
        status=status,
        signals=signals_of(entry),
        editorial_note=plain(text(entry.get("ednote"))),
        subjects=subjects_of(entry),
        keywords=[plain(text(keyword)) for keyword in as_list(entry.get("keywords")) if text(keyword)]
        + keyword_subjects(entry),
        genre=next(
            (
                plain(text(fields(g).get("name")) or text(fields(g).get("code")))
                for g in as_list(entry.get("genre")) + as_list(entry.get("genres"))
            ),
            "",
        ),
        language=language,
    )
    if status_warning:
        item.warnings.append(status_warning)
    item.first_created = item.first_created or item.version_created
    item.version_created = item.version_created or item.first_created
    if CORRECTION in item.signals:
        item.correction_note = item.editorial_note
    if kind == PICTURE:
        photo = photo_of(entry)
        item.photos = [photo] if photo else []
        return item, ""
    item.standfirst = description_of(entry, ("summary", "text", "description", ""))
    item.photos = associated_photos(entry)
    body = choose_body(entry)
    item.body_html = body.html
    if body.guess:
        item.warnings.append(body.guess)
    if item.body_html:
        return item, ""
    story = next(
        (r for r in renditions_of(entry) if "xml" in r.content_type or r.name.lower() == "nitf"), None
    )
    if story:
        item.body_href = story.href  # AP serves the story text as a separate NITF download
        return item, ""
    if item.is_canceled or not item.guid or not (item.headline or item.slugline):
        return item, ""  # a kill needs no body; a missing id or headline is the first thing to say
    # The summary is not the story: a wire desk must not publish a one-line abstract as if it
    # were the text (other formats let a lone summary stand in for a short brief; ninjs does not).
    refusal = body.problem
    if item.standfirst:
        refusal += "; its summary is not used in the body's place"
    return item, refusal
