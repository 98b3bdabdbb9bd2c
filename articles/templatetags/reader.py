"""Template tags for reader pages: responsive pictures, credits and bylines.

This is the one place that formats credits ("(Photo | AP)") and bylines ("By A. Writer with
Associated Press inputs"); every tag works from objects already loaded, without queries.
"""

from datetime import timedelta
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import Section
from ..photos.delivery import (
    DELIVERED_FORMATS,
    available_widths,
    is_showable,
    rendition_size,
    rendition_url,
)

register = template.Library()

LISTING_CROP = "16:9"


@register.filter
def address(item):
    """``item.get_absolute_url()``, worked out once: per section path for the process, per story
    (or anything else) for the page being rendered."""
    if item is None:
        return ""
    if isinstance(item, Section):
        return item.get_absolute_url()  # remembered by the section model
    url = item.__dict__.get("_address")
    if url is None:
        url = item.__dict__["_address"] = item.get_absolute_url()
    return url


@register.simple_tag
def picture(
    photo, *, crop=None, focal_point=None, sizes="100vw", max_width=None, eager=False, alt=None, css_class=""
):
    """A <picture> with WebP and JPEG ``srcset`` lists, ``width``/``height`` so the page does not
    jump, and lazy loading unless the picture is ``eager`` (above the fold). ``crop`` ("16:9", "4:3",
    "1:1", "4:5" or None for the whole picture) is made around ``focal_point`` (a story's own for its
    lead photo, ``story.lead_focal_point``) or else the photo's."""
    crop = crop or None
    if not is_showable(photo):
        return ""
    widths = available_widths(photo, crop, max_width)
    width, height = rendition_size(photo, widths[-1], crop)
    fallback = widths[len(widths) // 2]

    def srcset(fmt):
        return ", ".join(f"{rendition_url(photo, w, crop, fmt, focal_point)} {w}w" for w in widths)

    loading = mark_safe(' fetchpriority="high"' if eager else ' loading="lazy"')
    # The smallest format the browser understands wins: AVIF (where we can make it), WebP, JPEG.
    avif = (
        format_html('<source type="image/avif" srcset="{}" sizes="{}">', srcset("avif"), sizes)
        if "avif" in DELIVERED_FORMATS.values()
        else ""
    )
    return format_html(
        '<picture{}>{}<source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async"{}></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        avif,
        srcset("webp"),
        sizes,
        rendition_url(photo, fallback, crop, "jpeg", focal_point),
        srcset("jpeg"),
        sizes,
        width,
        height,
        (photo.alt_text or photo.caption) if alt is None else alt,
        loading,
    )


@register.simple_tag
def thumbnail(
    photo, sizes="(min-width: 64em) 18rem, (min-width: 40em) 45vw, 100vw", eager=False, focal_point=None
):
    """A listing picture, cropped 16:9 around the focal point (the story's own, ``focal_point``, for
    its lead photo, else the photo's)."""
    return picture(photo, crop=LISTING_CROP, focal_point=focal_point, sizes=sizes, max_width=960, eager=eager)


@register.filter
def showable(photo):
    """Whether ``photo`` may appear on the site now: it has a file and its rights have not run out.
    A figure whose picture may not be shown goes with its caption and credit."""
    return is_showable(photo)


@register.filter
def photo_credit(photo):
    """The credit in the site's style, "(Photo | AP)", or nothing when the photo has none."""
    credit = photo.credit_line if photo else ""
    return format_html("({} | {})", _("Photo"), credit) if credit else ""


@register.simple_tag
def byline(authors, agency=None, link=True):
    """Authors linked to their pages; the agency alone for agency copy; "By A with Agency inputs"
    for a staff story built on agency copy."""
    authors = list(authors or [])
    if not authors:
        return format_html("{}", agency.name) if agency else ""
    if link:
        names = [
            format_html('<a href="{}" rel="author">{}</a>', author.get_absolute_url(), author.name)
            for author in authors
        ]
    else:
        names = [format_html("{}", author.name) for author in authors]
    if len(names) == 1:
        joined = names[0]
    else:
        joined = format_html(
            "{} {} {}", format_html_join(", ", "{}", ((name,) for name in names[:-1])), _("and"), names[-1]
        )
    if agency:
        return format_html(
            "{} {} {}", _("By"), joined, format_html(_("with {agency} inputs"), agency=agency.name)
        )
    return format_html("{} {}", _("By"), joined)


@register.simple_tag
def section_links(sections, current=None):
    """The navigation's items: a link to each section, the current one marked for assistive
    technology. Every page prints the list twice (masthead and footer); made from the sections'
    addresses and names (and the URL configuration the addresses come from), so the same list is
    made once per process (:func:`navigation_items`)."""
    shown = tuple((section.pk, section.path, section.name) for section in sections)
    return navigation_items(shown, current.pk if current else None, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=256)
def navigation_items(sections, current_pk, script_prefix, urlconf):
    """The items of :func:`section_links` for ``sections`` ((pk, path, name) each). Remembered by
    its arguments, which are all it depends on: the two lists cost 0.17 ms of a story page's 0.5 ms
    shell when made for every page (in-process timing of ``base.html``, bench archive)."""
    return mark_safe(
        "".join(
            format_html(
                '<li><a href="{}"{}>{}</a></li>',
                Section(path=path).get_absolute_url(),
                ARIA_CURRENT if pk == current_pk else "",
                name,
            )
            for pk, path, name in sections
        )
    )


ARIA_CURRENT = mark_safe(' aria-current="page"')


@register.filter
def rail_time(moment):
    """When a story in the "Latest" column went out, said the way a reader reads a rail across days:
    "14:05" today, "Yesterday 05:05", "4 Dec" this year, "4 Dec 2025" before (site's time zone)."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    today = timezone.localdate()
    if local.date() == today:
        return formats.date_format(local, "H:i")
    if local.date() == today - timedelta(days=1):
        return _("Yesterday %(time)s") % {"time": formats.date_format(local, "H:i")}
    return formats.date_format(local, "j M" if local.year == today.year else "j M Y")


@register.simple_tag
def genre_label(story):
    """The label of the story's genre, put before its headline: nothing for news, nor where the
    section already says it (an opinion piece in Opinion)."""
    label = str(story.genre_label)
    if not label or label == story.section.name:
        return ""
    return format_html('<span class="genre-label genre-label--{}">{}</span> ', story.genre, label)


@register.filter
def iso(moment):
    """A machine-readable time in the site's zone, to the second, for ``datetime`` attributes."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


@register.filter
def og_locale(language):
    """Open Graph's locale for a story's language: language and territory ("en_IN"), the territory
    the story's own code names ("pt-BR") or else the publication's (``NEWSROOM_TERRITORY``)."""
    code, _dash, territory = (language or settings.NEWSROOM_LANGUAGE).replace("_", "-").partition("-")
    return f"{code.lower()}_{(territory or settings.NEWSROOM_TERRITORY).upper()}"
