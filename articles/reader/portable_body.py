"""The body as it leaves the site (the RSS feeds' ``content:encoded``, the content API's ninjs):
the stored HTML, with our embeds written as plain HTML.

The stored body names its pictures by our library's ids and its videos and posts by a figure the site
turns into a click-to-load card; neither means anything elsewhere. A picture becomes a figure with its
rendition, alt text, caption and credit (or goes, when it is no longer one of the story's photos or
its rights ran out); a video or post becomes a paragraph linking to it. Everything else (paragraphs,
headings, lists, links, pull quotes and fact boxes) is already sanitized HTML and goes as it is.
"""

import html
import re

from django.utils.html import escape

from ..embeds import PROVIDERS
from ..photos.delivery import available_widths, is_showable, rendition_size, rendition_url
from .structured_data import absolute_url

BODY_PICTURE_WIDTH = 1280
# The stored forms (articles.sanitize.canonical_embeds writes exactly these).
PHOTO_EMBED = re.compile(
    r'<figure data-embed="photo" data-photo="(\d{1,12})"(?: data-caption="([^"]*)")?></figure>'
)
POST_EMBED = re.compile(
    r'<figure data-embed="(?:video|social)" data-provider="([a-z]+)" data-url="([^"]*)"></figure>'
)


def portable_body(body, photos_by_id):
    """``body`` with its embeds as plain HTML; ``photos_by_id``: the story's photos that may be shown."""
    if "<figure" not in body:
        return body
    body = PHOTO_EMBED.sub(lambda match: picture_figure(match, photos_by_id), body)
    return POST_EMBED.sub(post_link, body)


def picture_figure(match, photos_by_id):
    photo = photos_by_id.get(int(match.group(1)))
    if photo is None or not is_showable(photo):
        return ""
    width = available_widths(photo, max_width=BODY_PICTURE_WIDTH)[-1]
    width, height = rendition_size(photo, width)
    caption = html.unescape(match.group(2) or "") or photo.caption
    credit = photo.credit_line
    words = escape(caption) + (f" <cite>{escape(credit)}</cite>" if credit else "")
    return (
        f'<figure><img src="{escape(absolute_url(rendition_url(photo, width)))}" width="{width}" '
        f'height="{height}" alt="{escape(photo.alt_text)}">'
        + (f"<figcaption>{words}</figcaption>" if words else "")
        + "</figure>"
    )


def post_link(match):
    provider = PROVIDERS.get(match.group(1))
    url = html.unescape(match.group(2))
    name = f"{provider.name}: " if provider else ""
    return f'<p><a href="{escape(url)}">{escape(name)}{escape(url)}</a></p>'
