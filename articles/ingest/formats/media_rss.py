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
WORDS = ("caption", "credit", "photographer", "copyright", "headline")


def is_media(element, name):
    return localname(element) == name and MEDIA_NAMESPACE in (
        element.tag.split("}")[0] if "}" in element.tag else ""
    )


def media_children(element, name):
    return [child for child in element if isinstance(child.tag, str) and is_media(child, name)]


def own_words(scope):
    """Caption, title, credit, photographer and copyright from the ``media:*`` children of
    ``scope`` (a ``media:content``, a ``media:group`` or the entry), read in one pass."""
    words = dict.fromkeys(WORDS, "")
    for child in scope:
        if not isinstance(child.tag, str) or MEDIA_NAMESPACE not in child.tag.split("}")[0]:
            continue
        name = localname(child)
        if name == "description":
            words["caption"] = words["caption"] or plain(child.text)
        elif name == "title":
            words["headline"] = words["headline"] or plain(child.text)
        elif name == "credit":
            key = "photographer" if attribute(child, "role").lower() in PHOTOGRAPHER_ROLES else "credit"
            words[key] = words[key] or plain(child.text)
        elif name == "copyright":
            words["copyright"] = words["copyright"] or plain(child.text)
    return words


def media_words(own, entry_words=None):
    """A picture's words: its own, else the entry's (read once per entry, not once per picture).

    The caption is the ``media:description``; a picture that has only a ``media:title`` is captioned
    by its title, since that is all the agency wrote about it.
    """
    entry_words = entry_words or {}
    words = {key: own.get(key) or entry_words.get(key, "") for key in WORDS}
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
    entry_words = own_words(entry)
    for group in media_children(entry, "group"):
        renditions = [
            rendition_of(content, attribute(content, "url"))
            for content in media_children(group, "content")
            if attribute(content, "url") and is_image(content, attribute(content, "url"))
        ]
        if renditions:
            largest = max(renditions, key=lambda rendition: (rendition.width or 0) * (rendition.height or 0))
            renditions += thumbnails_of(group, {rendition.href for rendition in renditions})
            words = media_words(own_words(group), entry_words)
            photos.append(AgencyPhoto(href=largest.href, renditions=renditions, **words))
    for content in media_children(entry, "content"):
        url = attribute(content, "url")
        if url and is_image(content, url):
            renditions = [rendition_of(content, url), *thumbnails_of(content, {url})]
            words = media_words(own_words(content), entry_words)
            photos.append(AgencyPhoto(href=url, renditions=renditions, **words))
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
                AgencyPhoto(href=url, renditions=[rendition_of(enclosure, url)], **media_words(entry_words))
            )
            known.add(url)
    if not photos:
        # A thumbnail of the entry itself is its picture only when the agency offers no other.
        for thumbnail in media_children(entry, "thumbnail"):
            url = attribute(thumbnail, "url")
            if url:
                rendition = rendition_of(thumbnail, url)
                photos.append(AgencyPhoto(href=url, renditions=[rendition], **media_words(entry_words)))
                break
    return photos


def merge_photos(media, figures):
    known = {photo.href for photo in media}
    return media + [figure for figure in figures if figure.href not in known]
