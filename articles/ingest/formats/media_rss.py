"""Pictures of an RSS item or Atom entry, read from its element with lxml: Media RSS (``media:group``,
``media:content``, ``media:thumbnail`` with ``media:credit``, ``media:description`` and
``media:title``), enclosures, and figures found in the body.

feedparser folds every ``media:description`` into the entry's content and keeps one credit per
entry, so the pictures and their words come from the same, safely parsed tree instead.
"""

from ..items import AgencyPhoto, Rendition
from ..text import parse_int, plain
from ..xml import attribute, localname

MEDIA_NAMESPACE = "search.yahoo.com/mrss"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff")
PHOTOGRAPHER_ROLES = {"photographer", "author", "creator"}


def is_media(element, name):
    return localname(element) == name and MEDIA_NAMESPACE in (
        element.tag.split("}")[0] if "}" in element.tag else ""
    )


def media_children(element, name):
    return [child for child in element if isinstance(child.tag, str) and is_media(child, name)]


def media_words(element, fallback=None):
    """Caption, credit, photographer and copyright from ``media:*`` children, item-level as fallback.

    The caption is the ``media:description``; a picture that has only a ``media:title`` is captioned
    by its title, since that is all the agency wrote about it.
    """
    words = {"caption": "", "credit": "", "photographer": "", "copyright": "", "headline": ""}
    for scope in (element, fallback):
        if scope is None:
            continue
        for description in media_children(scope, "description"):
            words["caption"] = words["caption"] or plain(description.text)
        for title in media_children(scope, "title"):
            words["headline"] = words["headline"] or plain(title.text)
        for credit in media_children(scope, "credit"):
            role = attribute(credit, "role").lower()
            if role in PHOTOGRAPHER_ROLES and not words["photographer"]:
                words["photographer"] = plain(credit.text)
            elif role not in PHOTOGRAPHER_ROLES and not words["credit"]:
                words["credit"] = plain(credit.text)
        for notice in media_children(scope, "copyright"):
            words["copyright"] = words["copyright"] or plain(notice.text)
    words["caption"] = words["caption"] or words["headline"]
    words["credit"] = words["credit"] or words["photographer"]
    return words


def is_image(element, url):
    medium = attribute(element, "medium").lower()
    content_type = attribute(element, "type").lower()
    if medium:
        return medium == "image"
    if content_type:
        return content_type.startswith("image/")
    return url.lower().split("?")[0].endswith(IMAGE_SUFFIXES)


def rendition_of(element, url, name=""):
    return Rendition(
        href=url,
        name=name or attribute(element, "medium") or localname(element),
        width=parse_int(attribute(element, "width")),
        height=parse_int(attribute(element, "height")),
        content_type=attribute(element, "type"),
        size=parse_int(attribute(element, "fileSize") or attribute(element, "length")),
    )


def thumbnails_of(element, known):
    """``media:thumbnail`` children of a picture, as its smaller renditions."""
    renditions = []
    for thumbnail in media_children(element, "thumbnail"):
        url = attribute(thumbnail, "url")
        if url and url not in known:
            known.add(url)
            renditions.append(rendition_of(thumbnail, url, name="thumbnail"))
    return renditions


def media_photos(entry):
    """Pictures of one ``<item>``/``<entry>``: media groups, media:content, enclosures, thumbnails."""
    photos = []
    for group in media_children(entry, "group"):
        renditions = [
            rendition_of(content, attribute(content, "url"))
            for content in media_children(group, "content")
            if attribute(content, "url") and is_image(content, attribute(content, "url"))
        ]
        if renditions:
            largest = max(renditions, key=lambda rendition: (rendition.width or 0) * (rendition.height or 0))
            renditions += thumbnails_of(group, {rendition.href for rendition in renditions})
            photos.append(AgencyPhoto(href=largest.href, renditions=renditions, **media_words(group, entry)))
    for content in media_children(entry, "content"):
        url = attribute(content, "url")
        if url and is_image(content, url):
            renditions = [rendition_of(content, url), *thumbnails_of(content, {url})]
            photos.append(AgencyPhoto(href=url, renditions=renditions, **media_words(content, entry)))
    known = {photo.href for photo in photos}
    enclosures = [
        element
        for element in entry
        if isinstance(element.tag, str)
        and (
            localname(element) == "enclosure"
            or (localname(element) == "link" and attribute(element, "rel") == "enclosure")
        )
    ]
    for enclosure in enclosures:
        url = attribute(enclosure, "url") or attribute(enclosure, "href")
        if url and url not in known and is_image(enclosure, url):
            photos.append(
                AgencyPhoto(href=url, renditions=[rendition_of(enclosure, url)], **media_words(entry))
            )
            known.add(url)
    if not photos:
        # A thumbnail of the entry itself is its picture only when the agency offers no other.
        for thumbnail in media_children(entry, "thumbnail"):
            url = attribute(thumbnail, "url")
            if url:
                photos.append(
                    AgencyPhoto(href=url, renditions=[rendition_of(thumbnail, url)], **media_words(entry))
                )
                break
    return photos


def merge_photos(media, figures):
    known = {photo.href for photo in media}
    return media + [figure for figure in figures if figure.href not in known]
