"""The story page: the published story at its address, and everything its page shows.

Five queries whatever the story holds: the story with its section, agency and lead photo; the
sections (navigation); its byline, tags and corrections; its further photos; and the stories around
it. Staff previews render the same templates from the same context, for any status.
"""

import re

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import Story
from ..photos.delivery import is_showable
from . import structured_data
from .sections import site_sections
from .story_queries import around_story, story_labels, story_photos

# Everything a story's page shows that a join can bring.
STORY_PAGE_JOINS = ("section", "section__parent", "agency", "lead_photo", "lead_photo__agency")
FIRST_PARAGRAPH = re.compile(r"^\s*<p>", re.IGNORECASE)


def story_queryset():
    """Stories with everything their page shows that a join can bring (any status: previews)."""
    return Story.objects.select_related(*STORY_PAGE_JOINS).defer("search_vector")


def published_story(slug, now=None):
    """The published story at ``slug``, or None."""
    return story_queryset().published(at=now).filter(slug=slug).order_by().first()


def body_with_dateline(story):
    """The sanitized body with the dateline ("KYIV:") opening its first paragraph in bold."""
    body = story.body or ""
    if not story.dateline:
        return mark_safe(body)  # sanitized when saved
    dateline = format_html('<strong class="story__dateline">{}:</strong> ', story.dateline.upper())
    if FIRST_PARAGRAPH.match(body):
        return mark_safe(FIRST_PARAGRAPH.sub(lambda match: match.group(0) + dateline, body, count=1))
    return mark_safe(f"<p>{dateline}</p>{body}")


def page_title(story):
    return story.seo_title or story.headline


def page_context(story, request, now=None):
    """Everything ``articles/story.html`` shows for ``story`` (loaded with :func:`story_queryset`)."""
    now = now or timezone.now()
    sections = site_sections(request)
    labels = story_labels(story)
    further_photos = story_photos(story)
    around = around_story(story, [tag.pk for tag in labels.tags], sections, now=now)
    canonical = story.canonical_url or structured_data.absolute_url(story.get_absolute_url())
    images = structured_data.story_images(story, further_photos)
    context = {
        "story": story,
        "story_url": story.get_absolute_url(),
        "authors": labels.authors,
        "tags": labels.tags,
        "corrections": labels.corrections,
        "further_photos": [item for item in further_photos if is_showable(item.photo, now)],
        "body_html": body_with_dateline(story),
        "canonical_url": canonical,
        "page_title": page_title(story),
        "description": structured_data.description_for(story),
        "share_image": images[0] if images else None,
        "json_ld": structured_data.json_for_script(
            structured_data.news_article(
                story,
                authors=labels.authors,
                tags=labels.tags,
                corrections=labels.corrections,
                images=images,
                canonical=canonical,
            )
        ),
        "published_at": story.first_published_at or story.publish_at,
        "updated_at": story.major_update_at,
        "site_name": settings.NEWSROOM_SITE_NAME,
        "next_story": around.next_story,
        "related": around.related,
        "more_headlines": around.more_headlines,
        "current_section": story.section.parent or story.section,
    }
    return context
