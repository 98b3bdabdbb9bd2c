"""The story page: the published story at its address, and everything its page shows.

At most five queries whatever the story holds: the story with its agency; the sections
(navigation); its byline, tags and corrections and its further photos (its own part,
:func:`kept_story_part`); and the stories around it (``story_around``); none when all of them are
kept (``kept_story``). A live story's entries are one more, with its own part (``reader.live``),
whatever their number. Staff previews render the same templates from the same context, for any
status, and keep nothing.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import embeds as embed_providers
from .. import frontend_cache
from ..models import Photo, Story, StoryPhoto
from ..photos import delivery
from ..photos.delivery import is_showable
from ..templatetags import reader as reader_tags
from . import embeds, kept_story, live, story_around, story_queries, story_rows, structured_data
from .sections import site_sections
from .story_around import blocks_around, fresh_blocks
from .story_queries import story_labels
from .story_rows import story_photo_rows

# Everything a story's page shows that a join can bring.
STORY_PAGE_JOINS = ("section", "section__parent", "agency", "lead_photo", "lead_photo__agency")
FIRST_PARAGRAPH = re.compile(r"^\s*<p>", re.IGNORECASE)


def story_queryset():
    """Stories with everything their page shows that a join can bring (any status: previews)."""
    return Story.objects.select_related(*STORY_PAGE_JOINS).defer("search_vector")


def published_story(slug, sections, now=None, kept=None):
    """The published story at ``slug`` with its section and agency (its photos come with its own
    part of the page), or None; its row from ``kept`` (``kept_story.KeptStory``) when it holds it."""
    row = kept.get("row") if kept is not None else None
    if row is None:
        row = story_rows.fetch_published_story_row(slug, now)
        if row is None:
            return None  # an absence is not kept: a story may come out by the clock alone
        if kept is not None:
            kept.keep("row", row)
    return story_rows.story_from_row(row, sections)


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


def story_part_context(story, request, now, typed=None):
    """What the story's own part shows (head metadata and JSON-LD, photos, byline, body,
    corrections, tags): two queries, labels and further photos. ``typed``: a desk preview's byline,
    tags and further photos as typed in the story's form, over those saved
    (``admin.story_preview.TypedRelations``)."""
    labels = story_labels(story)
    further_photos = story_photo_rows(story)
    if typed is not None:
        labels, further_photos = typed.over(labels, further_photos)
    canonical = story.canonical_url or structured_data.absolute_url(story.get_absolute_url())
    images = structured_data.story_images(story, further_photos)
    shown_photos = [item for item in further_photos if is_showable(item.photo, now)]
    description = structured_data.description_for(story)
    uses = {item.photo_id: item for item in further_photos}
    if typed is not None:
        uses |= unsaved_body_photos(story, uses)
    body_html, placed = embeds.expand_embeds(body_with_dateline(story), uses, now)
    article = structured_data.news_article(
        story,
        authors=labels.authors,
        tags=labels.tags,
        corrections=labels.corrections,
        images=images,
        canonical=canonical,
    )
    # A live story's entries, key points and key events (one query): above the body, newest first.
    coverage = live.first_page(story) if story.has_live_coverage else None
    if coverage is not None and story.is_live:
        article = structured_data.live_blog_posting(article, story, coverage.entries, canonical)
    return {
        "story": story,
        "authors": labels.authors,
        "tags": labels.tags,
        "corrections": labels.corrections,
        # The pictures placed in the body are shown there, not again after it.
        "further_photos": [item for item in shown_photos if item.photo_id not in placed],
        "body_html": mark_safe(body_html),  # sanitized when saved; its embeds made by embeds.py
        "canonical_url": canonical,
        "page_title": page_title(story),
        "description": description,
        "social": structured_data.social_card(
            story, description=description, page_image=images[0] if images else None
        ),
        "json_ld": structured_data.json_for_script(article),
        "live": coverage,
        "published_at": story.first_published_at or story.publish_at,
        "updated_at": story.major_update_at,
        "site_name": settings.NEWSROOM_SITE_NAME,
        "twitter_site": settings.NEWSROOM_TWITTER_SITE,
        "shown_photos": [
            story.lead_photo,
            story.social_image if story.social_image_id else None,
            *(item.photo for item in shown_photos),
            *(coverage.photos if coverage is not None else ()),
        ],
    }


def unsaved_body_photos(story, uses):
    """For a desk preview of the form as typed: the pictures its body places that are not among the
    story's further photos yet (saving makes them so), as uses without a caption of their own."""
    missing = [photo_id for photo_id in embed_providers.placed_photo_ids(story.body) if photo_id not in uses]
    if not missing:
        return {}
    photos = Photo.objects.select_related("agency").in_bulk(missing)
    return {pk: StoryPhoto(story=story, photo=photo, caption="") for pk, photo in photos.items()}


@dataclass(frozen=True)
class StoryPart:
    """The story's own part of its page, rendered: what the rest of the page needs from it."""

    head: str
    main: str
    tag_ids: tuple
    tag_slugs: tuple  # in the order of tag_ids
    page_title: str
    description: str
    canonical_url: str
    # What it shows, for the caches in front (frontend_cache.keys): the story, its section, tags and
    # byline. The keys module is part of RENDER_VERSION, so no part cached without them is read.
    shown_keys: tuple
    made_from: tuple  # :func:`made_from`


def shown_keys(story, context):
    label = frontend_cache.keys.label_key
    sections = {story.section_id, story.section.parent_id} - {None}
    return (
        frontend_cache.keys.story_key(story.pk),
        *(label("section", pk) for pk in sorted(sections)),
        *(label("tag", tag.pk) for tag in context["tags"]),
        *(label("author", author.pk) for author in context["authors"]),
    )


def render_story_part(story, request, now, typed=None):
    context = story_part_context(story, request, now, typed)
    part = StoryPart(
        head=render_to_string("articles/_story_head.html", context, request),
        main=render_to_string("articles/_story_main.html", context, request),
        tag_ids=tuple(tag.pk for tag in context["tags"]),
        tag_slugs=tuple(tag.slug for tag in context["tags"]),
        page_title=context["page_title"],
        description=context["description"],
        canonical_url=context["canonical_url"],
        shown_keys=shown_keys(story, context),
        made_from=made_from(story),
    )
    expiries = [
        photo.expires_at
        for photo in context["shown_photos"]
        if photo and photo.expires_at and photo.expires_at > now
    ]
    return part, min(expiries, default=None)


def made_from(story):
    """What of the story's row its own part is made from and is compared with when read: any save
    moves ``updated_at`` (the desk saves the row with every change of its tags, byline, photos or
    corrections) and any change of its live coverage ``live_version``."""
    return (kept_story.saved_at(story), story.live_version)


def kept_story_part(story, request, now, kept):
    """The story's own part, from ``kept`` when it was made from the story's row as it is; else
    rendered and kept.

    A page-cache miss after another story's publish (every page's generation moves on then) is most
    of a busy site's misses; this part is most of such a page's work (two queries and two templates:
    about half of an uncached story page, ``make bench``), and it has not changed. Kept no longer than
    the page cache keeps pages, nor past the moment a photo it shows may no longer be shown.
    """
    part = kept.get("part")
    if part is None or part.made_from != made_from(story):
        part, expires_at = render_story_part(story, request, now)
        kept.keep("part", part, until=expires_at, now=now)
    return part


def page_context(story, request, now=None, *, kept=None, preview=False, typed=None):
    """Everything ``articles/story.html`` shows for ``story`` (loaded with :func:`published_story`
    with the parts ``kept`` for its page, ``kept_story.read_kept_story``; or with
    :func:`story_queryset` for a preview).

    No query when the sections, the story's row, its own part and the blocks around it are kept;
    five when none is. A staff preview always renders them afresh and keeps nothing (``typed``: see
    :func:`story_part_context`).
    """
    now = now or timezone.now()
    sections = site_sections(request, kept)
    if preview:
        part = render_story_part(story, request, now, typed)[0]
        around = fresh_blocks(story, part.tag_ids, sections, now)
    else:
        part = kept_story_part(story, request, now, kept)
        around = blocks_around(story, part, sections, now, kept)
    frontend_cache.page_shows(*part.shown_keys)
    return {
        "story": story,
        "story_url": story.get_absolute_url(),
        "story_head": mark_safe(part.head),  # our templates' output, from sanitized fields
        "story_main": mark_safe(part.main),
        "page_title": part.page_title,
        "description": part.description,
        "canonical_url": part.canonical_url,
        "site_name": settings.NEWSROOM_SITE_NAME,
        "around": around,
        "current_section": story.section.parent or story.section,
    }


def _render_version():
    digest = hashlib.blake2b(digest_size=8)
    for name in (
        "articles/_story_head.html",
        "articles/_story_main.html",
        "articles/_live_coverage.html",
        "articles/_live_top.html",
        "articles/_live_entry.html",
        # The blocks around a story (``story_around``).
        "articles/_related_stories.html",
        "articles/_more_headlines.html",
        "articles/_next_story.html",
        "articles/_story_card.html",
        "articles/_headline_list.html",
    ):
        digest.update(get_template(name).template.source.encode())
    modules = (structured_data, story_queries, story_rows, reader_tags, delivery, embeds, embed_providers)
    # The keys a part names, and the shapes of what is kept (this module's and story_around's).
    for module in (*modules, live, frontend_cache.keys, story_around, kept_story):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    for name in (
        "TIME_ZONE",
        "NEWSROOM_SITE_URL",
        "MEDIA_URL",
        "NEWSROOM_TERRITORY",
        "NEWSROOM_TWITTER_SITE",
    ):
        digest.update(f"{name}={getattr(settings, name)};".encode())
    return digest.hexdigest()


# Worked out once per process (a deploy starts new processes), and again when a test changes settings.
RENDER_VERSION = None


@receiver(setting_changed)
def _forget_render_version(**kwargs):
    global RENDER_VERSION
    RENDER_VERSION = None


def render_version():
    global RENDER_VERSION
    if RENDER_VERSION is None:
        RENDER_VERSION = _render_version()
    return RENDER_VERSION
