"""Stories as IPTC ninjs items: 2.1 (lower-case names) and 3.0 (camelCase, ``embargoedUntil``).

Written from the published schemas (http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json, version
2.1.1, and ninjs-schema_3.0.json, version 3.0.1); tests/api/schemas holds our checks of both. Both
versions forbid properties of their own, so everything here is a ninjs property:

- ``uri``: the guid, ``urn:newsroom:<site>:story:<id>`` (stable through every edit, unlike the
  address, which follows the headline's slug and the section);
- ``version``: the moment of the last change partners can see, in microseconds since 1970, so it
  only ever grows; ``versioncreated`` is that moment;
- the headline (and kicker) as ``headlines``, the standfirst as a ``summary`` description, the body as
  HTML in ``bodies``, the byline as ``by`` with the authors in ``people``, the dateline as
  ``located``, the section and tags in ``subjects`` (tags with ``rel`` "keyword"), the genre in
  ``genres``, the story's address in ``altids`` (role "url");
- corrections as ``correction`` descriptions, the latest also in ``ednote``;
- the lead photo and further photos as picture ``associations``, each with its caption, credit line,
  photographer and rendition sizes;
- a story readers can no longer see: only its identity and ``pubstatus`` ``canceled``.
"""

import html
from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from ..photos.delivery import available_widths, is_showable, rendition_size, rendition_url
from ..reader.portable_body import portable_body
from ..reader.structured_data import absolute_url, plain_text
from ..templatetags.reader import byline as byline_html
from .conf import guid_namespace

NINJS_2 = "2.1"
NINJS_3 = "3.0"
SCHEMAS = {
    NINJS_2: "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#",
    NINJS_3: "http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json#",
}
# IPTC genre NewsCodes for our genres (news has none of its own: it is the default).
GENRES = {
    "report": "FromTheScene",
    "analysis": "Analysis",
    "explainer": "Background",
    "opinion": "Opinion",
    "review": "Review",
}
GENRE_VOCABULARY = "http://cv.iptc.org/newscodes/genre/"
# ninjs 3.0's names for the 2.1 names that changed (everything else is the same word).
CAMEL_CASE = {
    "representationtype": "representationType",
    "firstcreated": "firstCreated",
    "versioncreated": "versionCreated",
    "contentcreated": "contentCreated",
    "embargoed": "embargoedUntil",
    "pubstatus": "pubStatus",
    "copyrightholder": "copyrightHolder",
    "copyrightnotice": "copyrightNotice",
    "usageterms": "usageTerms",
    "ednote": "edNote",
    "contenttype": "contentType",
    "charcount": "charCount",
    "wordcount": "wordCount",
    "altids": "altIds",
    "infosources": "infoSources",
    "trustindicators": "trustIndicators",
    "rightsinfo": "rightsInfo",
    "sizeinbytes": "sizeInBytes",
}
STORY_GUID = "story"
PHOTO_GUID = "photo"


def story_guid(story_id):
    return f"{guid_namespace()}:{STORY_GUID}:{story_id}"


def story_id_of(guid):
    """The story id a guid of ours names, or None."""
    prefix = f"{guid_namespace()}:{STORY_GUID}:"
    number = guid[len(prefix) :] if guid.startswith(prefix) else ""
    return int(number) if number.isascii() and number.isdigit() and len(number) <= 18 else None


def rfc3339(moment):
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if moment else None


def changed_at(story, at=None):
    """When what partners get of ``story`` last changed: its last save, a change of a picture it
    shows (a caption, a credit), or the moment it came out by the clock alone (its publication time
    or its embargo's end), whichever is latest and past."""
    moments = [story.updated_at]
    # The lead photo and the further photos come with the story (``api.queries.with_relations``).
    if story.lead_photo_id:
        moments.append(story.lead_photo.updated_at)
    moments += [story_photo.photo.updated_at for story_photo in story.story_photos.all()]
    for moment in (story.publish_at, story.embargo_until):
        if moment is not None and (at is None or moment <= at):
            moments.append(moment)
    return max(moments)


def version_of(story, at=None):
    return str(round(changed_at(story, at).timestamp() * 1_000_000))


def ninjs_item(story, version, *, at=None):
    """``story`` as a ninjs item of ``version`` (``NINJS_2`` or ``NINJS_3``)."""
    item = usable_item(story, at) if story.is_published else canceled_item(story, at)
    item["standard"] = {"name": "ninjs", "version": version, "schema": SCHEMAS[version]}
    return camel_cased(item) if version == NINJS_3 else item


def canceled_item(story, at):
    """What partners need to take a story down, and nothing of its content."""
    item = {
        "uri": story_guid(story.pk),
        "type": "text",
        "representationtype": "partial",
        "version": version_of(story, at),
        "firstcreated": rfc3339(story.first_published_at or story.publish_at),
        "versioncreated": rfc3339(changed_at(story, at)),
        "pubstatus": "canceled",
        # Whose story it was: a receiver finds its copy by this and the uri.
        "copyrightholder": story.agency.name if story.agency_id else settings.NEWSROOM_SITE_NAME,
        "language": story.language,
        "ednote": f"{settings.NEWSROOM_SITE_NAME} no longer publishes this story: take it down.",
    }
    return {name: value for name, value in item.items() if value}


def usable_item(story, at):
    authors = [byline.author for byline in story.bylines.all()]
    agency = story.agency if story.agency_id else None
    further = [use for use in story.story_photos.all() if is_showable(use.photo)]
    corrections = list(story.corrections.all())
    body = portable_body(story.body, {use.photo.pk: use.photo for use in further})
    text = plain_text(body)
    item = {
        "uri": story_guid(story.pk),
        "type": "text",
        "representationtype": "full",
        "version": version_of(story, at),
        "firstcreated": rfc3339(story.first_published_at or story.publish_at),
        "versioncreated": rfc3339(changed_at(story, at)),
        "embargoed": rfc3339(story.embargo_until),
        "pubstatus": "usable",
        "copyrightholder": agency.name if agency else settings.NEWSROOM_SITE_NAME,
        "language": story.language,
        "slugline": story.slug,
        "headlines": [{"role": "main", "value": story.headline}]
        + ([{"role": "kicker", "value": story.kicker}] if story.kicker else []),
        "descriptions": descriptions(story, corrections),
        "ednote": f"Corrected: {corrections[-1].note}" if corrections else "",
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body,
                "charcount": len(text),
                "wordcount": len(text.split()),
            }
        ],
        "by": html.unescape(strip_tags(byline_html(authors, agency, link=False))),
        "people": [
            {
                "name": author.name,
                "rel": "author",
                "literal": author.slug,
                "uri": absolute_url(author.get_absolute_url()),
            }
            for author in authors
        ],
        "located": story.dateline,
        "subjects": subjects(story),
        "genres": genres(story),
        "altids": [{"role": "url", "value": absolute_url(story.get_absolute_url())}],
        "associations": pictures(story, further),
    }
    return {name: value for name, value in item.items() if value not in (None, "", [])}


def descriptions(story, corrections):
    found = []
    if story.standfirst:
        found.append({"role": "summary", "contenttype": "text/plain", "value": story.standfirst})
    for correction in corrections:
        found.append(
            {
                "role": "correction",
                "contenttype": "text/plain",
                "value": f"Corrected {rfc3339(correction.created_at)}: {correction.note}",
            }
        )
    return found


def subjects(story):
    section = story.section
    found = [
        {
            "name": section.name,
            "rel": "section",
            "literal": f"section:{section.path}",
            "uri": absolute_url(section.get_absolute_url()),
        }
    ]
    for tagged in story.tagged_items.all():
        tag = tagged.tag
        found.append(
            {
                "name": tag.name,
                "rel": "keyword",
                "literal": f"tag:{tag.slug}",
                "uri": absolute_url(reverse("articles:tag", kwargs={"slug": tag.slug})),
            }
        )
    return found


def genres(story):
    code = GENRES.get(story.genre)
    if code is None:
        return []
    return [{"name": story.get_genre_display(), "uri": GENRE_VOCABULARY + code, "literal": code}]


def pictures(story, further):
    """The lead photo, then the further photos, as picture items (what the story page shows)."""
    found = []
    if story.lead_photo_id and is_showable(story.lead_photo):
        found.append(picture(story.lead_photo, "lead-photo", story.lead_caption))
    for position, use in enumerate(further, start=1):
        found.append(picture(use.photo, f"photo-{position}", use.display_caption))
    return found


def picture(photo, name, caption):
    words = [
        {"role": "caption", "contenttype": "text/plain", "value": caption},
        {"role": "creditline", "contenttype": "text/plain", "value": photo.credit_line},
        {"role": "alt", "contenttype": "text/plain", "value": photo.alt_text},
    ]
    item = {
        "name": name,
        "uri": f"{guid_namespace()}:{PHOTO_GUID}:{photo.pk}",
        "type": "picture",
        "headlines": [{"role": "main", "value": photo.headline}] if photo.headline else [],
        "descriptions": [entry for entry in words if entry["value"]],
        "by": photo.photographer,
        "copyrightnotice": photo.copyright_notice,
        "usageterms": photo.usage_terms,
        "contentcreated": rfc3339(photo.date_created),
        "renditions": renditions(photo),
    }
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def renditions(photo):
    """Every width the site makes of ``photo`` (whole picture, JPEG), with its size in pixels."""
    found = []
    for width in available_widths(photo):
        made_width, made_height = rendition_size(photo, width)
        found.append(
            {
                "name": f"w{width}",
                "href": absolute_url(rendition_url(photo, width)),
                "contenttype": "image/jpeg",
                "width": made_width,
                "height": made_height,
            }
        )
    return found


def camel_cased(value):
    """A 2.1 item in 3.0's names (names only: values are text and stay as they are)."""
    if isinstance(value, dict):
        return {CAMEL_CASE.get(name, name): camel_cased(member) for name, member in value.items()}
    if isinstance(value, list):
        return [camel_cased(member) for member in value]
    return value
