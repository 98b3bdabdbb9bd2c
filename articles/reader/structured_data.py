"""What search engines and sharing previews read: absolute addresses, Open Graph and Twitter cards
(the social title, description and image, with their fallbacks) and NewsArticle JSON-LD for a story
page."""

import html
import json
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..photos.delivery import available_widths, is_showable, rendition_size, rendition_url

# schema.org's NewsArticle subtypes, by the story's genre (news stays a plain NewsArticle).
ARTICLE_TYPES = {
    "report": "ReportageNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "explainer": "BackgroundNewsArticle",
    "opinion": "OpinionNewsArticle",
    "review": "ReviewNewsArticle",
}
SHARE_IMAGE_MIN_WIDTH = 1200
SHARE_IMAGE_CROP = "16:9"
DESCRIPTION_LENGTH = 300

# Characters that could end the <script> element or start HTML inside it, as JSON escapes.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


_TAG = re.compile(r"<[^>]*>")


def plain_text(body_html):
    """Readable text from sanitized HTML: tags become spaces, so paragraphs do not run together.

    Only the text up to the last ``>`` is searched for tags: after it none can close, and a ``<``
    with no ``>`` after it would make the pattern look ahead to the end from every one of them
    (quadratic in a body of ``<<<<...``)."""
    text = body_html or ""
    cut = text.rfind(">") + 1
    return " ".join(html.unescape(_TAG.sub(" ", text[:cut]) + text[cut:]).split())


def absolute_url(path):
    if path.startswith(("http://", "https://")):
        return path
    return settings.NEWSROOM_SITE_URL + path


def json_for_script(value):
    """JSON that is safe between <script> tags whatever the story says."""
    return mark_safe(json.dumps(value, ensure_ascii=False, indent=None).translate(_SCRIPT_SAFE))


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def description_for(story):
    text = story.seo_description or story.standfirst or plain_text(story.body)
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def share_image(photo, crop=SHARE_IMAGE_CROP):
    """The narrowest rendition at least 1200 px wide (or the widest there is) for previews and
    search results, with its size: ``(url, width, height)`` or None."""
    if not is_showable(photo):
        return None
    widths = available_widths(photo, crop)
    wide_enough = [width for width in widths if width >= SHARE_IMAGE_MIN_WIDTH]
    width = wide_enough[0] if wide_enough else widths[-1]
    size = rendition_size(photo, width, crop)
    return absolute_url(rendition_url(photo, width, crop, "jpeg")), size[0], size[1]


@dataclass(frozen=True)
class SocialCard:
    """What a sharing preview (Open Graph, Twitter card) shows of a story."""

    title: str
    description: str
    image: tuple | None  # (url, width, height), as share_image() gives it
    image_alt: str


def social_card(story, *, description, page_image):
    """The story's social title, description and image, each falling back to what search engines
    read: the SEO title or headline, ``description`` (:func:`description_for`) and ``page_image`` (the
    page's first image, the lead photo's when it has one). A social image readers may not see (its
    rights expired) falls back too. ``story.social_image`` is loaded with the story's photos."""
    image, photo = None, None
    if story.social_image_id:
        photo = story.social_image
        image = share_image(photo)
    if image is None:
        lead = story.lead_photo if story.lead_photo_id else None
        image, photo = page_image, lead if is_showable(lead) else None
    text = story.social_description or description
    return SocialCard(
        title=story.social_title or story.seo_title or story.headline,
        description=Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH),
        image=image,
        image_alt=photo.alt_text if image and photo else "",
    )


def story_images(story, further_photos):
    """The lead photo in the three ratios search engines ask for, then the further photos."""
    images = (
        [share_image(story.lead_photo, crop) for crop in ("16:9", "4:3", "1:1")] if story.lead_photo else []
    )
    images += [share_image(item.photo) for item in further_photos]
    return [image for image in images if image]


def news_article(story, *, authors, tags, corrections, images, canonical):
    """schema.org NewsArticle for one story."""
    publisher = {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static("img/logo.png")),
            "width": 600,
            "height": 60,
        },
    }
    article = {
        "@context": "https://schema.org",
        "@type": ARTICLE_TYPES.get(story.genre, "NewsArticle"),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": Truncator(story.headline).chars(110),
        "description": description_for(story),
        "datePublished": iso(story.first_published_at or story.publish_at),
        "dateModified": iso(story.major_update_at or story.first_published_at or story.publish_at),
        "articleSection": story.section.name,
        "inLanguage": story.language,
        "publisher": publisher,
    }
    if images:
        article["image"] = [
            {"@type": "ImageObject", "url": url, "width": width, "height": height}
            for url, width, height in images
        ]
    if tags:
        article["keywords"] = [tag.name for tag in tags]
    if story.dateline:
        article["locationCreated"] = {"@type": "Place", "name": story.dateline}
    agency = None
    if story.agency_id:
        agency = {"@type": "Organization", "name": story.agency.name}
        if story.agency.website:
            agency["url"] = story.agency.website
        article["sourceOrganization"] = agency
    if authors:
        article["author"] = [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in authors
        ]
    elif agency:
        article["author"] = [agency]
    if corrections:
        article["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.note,
                "datePublished": iso(correction.created_at),
            }
            for correction in corrections
        ]
    return article


# Entries in liveBlogUpdate: the page's newest (reader.live.PAGE_SIZE); their text cut to this.
LIVE_UPDATE_TEXT_LENGTH = 1000
# While coverage runs its end is not known; search engines want one, so this long after the latest
# entry (each new entry moves it on). Ending the coverage gives the page a plain NewsArticle again.
LIVE_COVERAGE_AHEAD = timedelta(hours=6)


def live_blog_posting(article, story, entries, canonical):
    """schema.org LiveBlogPosting for a story whose coverage runs: ``article`` (its
    :func:`news_article`) as a live blog, with its newest ``entries`` as ``liveBlogUpdate``."""
    latest = max((entry.time for entry in entries), default=story.coverage_started_at)
    posting = {
        **article,
        "@type": "LiveBlogPosting",
        "coverageStartTime": iso(story.coverage_started_at),
        "coverageEndTime": iso(story.coverage_ended_at or latest + LIVE_COVERAGE_AHEAD),
        "dateModified": iso(max(latest, story.major_update_at or latest)),
        "liveBlogUpdate": [live_blog_update(entry, canonical, article) for entry in entries],
    }
    return posting


def live_blog_update(entry, canonical, article):
    text = plain_text(entry.text)
    update = {
        "@type": "BlogPosting",
        "@id": f"{canonical}#entry-{entry.pk}",
        "url": f"{canonical}#entry-{entry.pk}",
        "headline": Truncator(entry.title or text or article["headline"]).chars(110),
        "datePublished": iso(entry.time),
        "dateModified": iso(entry.corrected_at or entry.time),
        "articleBody": Truncator(text).chars(LIVE_UPDATE_TEXT_LENGTH),
    }
    authors = getattr(entry, "shown_authors", [])
    if authors:
        update["author"] = [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in authors
        ]
    elif "author" in article:
        update["author"] = article["author"]
    if entry.photo_id and is_showable(entry.photo):
        image = share_image(entry.photo)
        if image:
            update["image"] = {"@type": "ImageObject", "url": image[0], "width": image[1], "height": image[2]}
    if entry.corrected_at:
        update["correction"] = {
            "@type": "CorrectionComment",
            "text": entry.correction_note,
            "datePublished": iso(entry.corrected_at),
        }
    return update
