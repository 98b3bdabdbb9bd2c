"""The story page, with the story's own part rendered once and kept (``StoryRendering``).

Most of a story page is the story: its photos and their captions and credits, headline, byline,
body, corrections, tags, and the metadata and JSON-LD in the head. All of that changes only when
the story or something it shows is saved, yet rendering it was most of the time an uncached page
took (labels, photos, structured data and the template: about three quarters of 25 ms). So the
first reader after a change renders it and stores it with the story; later readers get it in the
same query that finds the story, and only what changes with the rest of the site is made for each
page: the navigation, "more headlines", the section's related stories and the next story.

A rendering is current while its ``stamp`` matches and its ``fresh_until`` has not passed:

- the stamp holds a fingerprint of the templates, the code and the settings that shape the HTML
  (a deploy makes every story again, on its next reader), the story's ``updated_at`` (every save)
  and its ``page_version``, which ``articles.signals`` raises in the same transaction as any
  change to what the page shows from elsewhere (a photo's caption, an author's name, a tag, a
  correction, the section). A reader rendering concurrently with such a change stores the stamp
  of what it read, which the change has already made stale: no race leaves an old page behind;
- ``fresh_until`` is the moment a shown photo's rights run out, or ``RELATED_REFRESH`` after the
  rendering, so that stories published since with the same tags show up among the related ones.

The rest of the page is read from the database on every request (the story page's three queries
are compiled once per process, ``articles.compiled``), and its HTML is remembered by the exact
content it was made from: what is around the story by the rows it shows, and the page around that
(masthead, navigation, footer) by the sections, the current section and the day. A change to any
of them is a new key, so nothing remembered can be out of date. Together these took an uncached
story page from 25 ms to under 3 ms (``make bench``).

Staff previews render the same templates through :func:`page_context` without storing anything.
"""

import hashlib
import re
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from . import queries, structured_data
from ..compiled import CompiledQuery, Joined
from ..models import Story, StoryRendering
from ..photos.delivery import is_showable

RELATED_REFRESH = timedelta(hours=6)
APP_ROOT = Path(__file__).resolve().parent.parent
# What shapes the stored HTML besides the story: the templates, the code that fills them, and
# these settings (plus every PHOTO_* and NEWSROOM_* setting).
SHAPING_SOURCES = (
    "reader/story_page.py",
    "reader/structured_data.py",
    "reader/queries.py",
    "templatetags/reader.py",
    "photos/delivery.py",
    "photos/renditions.py",
)
SHAPING_TEMPLATES = ("articles/_story_head.html", "articles/_story_main.html")
SHAPING_SETTINGS = ("TIME_ZONE", "USE_TZ", "LANGUAGE_CODE", "MEDIA_URL", "STATIC_URL", "FORCE_SCRIPT_NAME")

FIRST_PARAGRAPH = re.compile(r"^\s*<p>", re.IGNORECASE)

_fingerprint = None


@receiver(setting_changed)
def _forget_fingerprint(**kwargs):
    global _fingerprint
    _fingerprint = None
    _shells.clear()
    _arounds.clear()


def fingerprint():
    """A short digest of everything besides the story that shapes its stored HTML; computed once
    per process (a deploy starts new processes)."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.blake2b(digest_size=10)
        for name in SHAPING_SOURCES:
            digest.update((APP_ROOT / name).read_bytes())
        for name in SHAPING_TEMPLATES:
            digest.update(get_template(name).template.source.encode())
        names = sorted(
            name
            for name in dir(settings)
            if name.startswith(("PHOTO_", "NEWSROOM_")) or name in SHAPING_SETTINGS
        )
        for name in names:
            digest.update(f"{name}={getattr(settings, name, None)!r};".encode())
        digest.update(static("img/logo.png").encode())  # the hashed name changes with the logo
        _fingerprint = digest.hexdigest()
    return _fingerprint


# The story page's own query: the published story with everything ``queries.story_queryset``
# joins, and its stored rendering; compiled once per process (``articles.compiled``).
PUBLISHED_STORY = CompiledQuery(
    lambda slug, now: Story.objects.published(at=now).filter(slug=slug).order_by()[:1],
    Joined(
        Story,
        skip=("search_vector",),
        relations={**dict.fromkeys(queries.STORY_PAGE_JOINS), "rendering": None},
    ),
    slug="text",
    now="moment",
)


def published_story(slug, now=None):
    """The published story at ``slug`` with its page's joins and stored rendering, or None."""
    found = PUBLISHED_STORY.instances(slug=slug, now=now or timezone.now())
    return found[0] if found else None


def stamp_of(story):
    return f"{fingerprint()}/{story.updated_at.isoformat()}/{story.page_version}"


def is_current(rendering, story, now):
    return rendering is not None and rendering.stamp == stamp_of(story) and now < rendering.fresh_until


def stored_rendering(story):
    """The rendering loaded with ``story`` (``select_related("rendering")``), or None."""
    try:
        return story.rendering
    except StoryRendering.DoesNotExist:
        return None


def render_story(story, request, sections, now):
    """A new rendering of ``story``'s own part, and what is around it: four queries."""
    labels = queries.story_labels(story)
    further_photos = queries.story_photos(story)
    around = queries.around_story(story, [tag.pk for tag in labels.tags], sections, now=now)
    canonical = story.canonical_url or structured_data.absolute_url(story.get_absolute_url())
    images = structured_data.story_images(story, further_photos)
    shown = [item for item in further_photos if is_showable(item.photo, now)]
    context = {
        "story": story,
        "authors": labels.authors,
        "tags": labels.tags,
        "corrections": labels.corrections,
        "further_photos": shown,
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
    }
    expiries = [
        photo.expires_at
        for photo in [story.lead_photo, *(item.photo for item in shown)]
        if photo is not None and photo.expires_at is not None and photo.expires_at > now
    ]
    rendering = StoryRendering(
        story=story,
        stamp=stamp_of(story),
        title=context["page_title"],
        description=context["description"],
        canonical_url=canonical,
        head=render_to_string("articles/_story_head.html", context, request),
        article=render_to_string("articles/_story_main.html", context, request),
        related_ids=around.related_by_tags,
        rendered_at=now,
        fresh_until=min([now + RELATED_REFRESH, *expiries]),
    )
    return rendering, around


def store(rendering):
    """Keep ``rendering`` for the next readers: one upsert, whoever else stored one meanwhile."""
    StoryRendering.objects.bulk_create(
        [rendering],
        update_conflicts=True,
        unique_fields=["story"],
        update_fields=[
            "stamp",
            "title",
            "description",
            "canonical_url",
            "head",
            "article",
            "related_ids",
            "rendered_at",
            "fresh_until",
        ],
    )


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


def page_context(story, request, *, keep=False):
    """Everything ``articles/story.html`` shows for ``story`` (loaded with
    ``queries.story_queryset()``, and its rendering with it when ``keep``).

    With a current stored rendering: two queries (the sections, and what is around the story).
    Otherwise the story is rendered (five queries) and, when ``keep``, stored (one more).
    """
    now = timezone.now()
    sections = queries.site_sections(request)
    rendering = stored_rendering(story) if keep else None
    if is_current(rendering, story, now):
        around = queries.around_story(story, None, sections, now=now, related_ids=rendering.related_ids)
    else:
        rendering, around = render_story(story, request, sections, now)
        if keep:
            store(rendering)
    around_html = render_around(around, request, now)
    return {
        "story": story,
        "story_url": story.get_absolute_url(),
        "page_title": rendering.title,
        "description": rendering.description,
        "canonical_url": rendering.canonical_url,
        # Our own templates' output, rendered from sanitized fields.
        "story_head": mark_safe(rendering.head),
        "story_main": mark_safe(rendering.article),
        "story_around": around_html,
        "current_section": story.section.parent or story.section,
    }


# What is around the story ----------------------------------------------------------------------
#
# "More headlines", the related stories and the next story are read on every page, and change as
# stories are published; their HTML, though, is a function of those rows alone (and of the
# templates, and of whether each picture may still be shown). Neighbouring stories share most of
# them, so the HTML is remembered by the full content of the rows it was made from: never stale,
# since a changed row is a different key.

AROUND_KEPT = 512
_arounds = {}


def _row_key(story, now):
    if story is None:
        return None
    photo = story.lead_photo
    return (
        tuple(story.__dict__.get(field.attname) for field in story._meta.concrete_fields),
        tuple(getattr(story.section, field.attname) for field in story.section._meta.concrete_fields),
        None if photo is None else tuple(getattr(photo, f.attname) for f in photo._meta.concrete_fields),
        is_showable(photo, now),
    )


def render_around(around, request, now):
    key = repr(  # a string: some fields (a photo's keywords) hold lists
        (
            fingerprint(),
            get_script_prefix(),
            _row_key(around.next_story, now),
            [_row_key(story, now) for story in around.related],
            [_row_key(story, now) for story in around.more_headlines],
        )
    )
    html = _arounds.get(key)
    if html is None:
        if len(_arounds) >= AROUND_KEPT:
            _arounds.clear()
        context = {
            "next_story": around.next_story,
            "related": around.related,
            "more_headlines": around.more_headlines,
        }
        html = _arounds[key] = render_to_string("articles/_story_around.html", context, request)
    return html


# The page around the story ---------------------------------------------------------------------
#
# What ``articles/story.html`` adds around a story's own parts (the head's links, the masthead, the
# section navigation, the footer) depends only on the sections, which of them is current, the day,
# and the templates; yet rendering it was half of what remained of a page's time. So it is
# rendered once for each such combination, with markers where a page's own parts go, and each page
# fills the markers in. The sections are still read on every page (that query decides which
# shell is used), so a renamed section is on the very next page; only the rendering is not
# repeated for the same input.

SHELL_PARTS = (
    "page_title",
    "description",
    "canonical_url",
    "story_head",
    "story_url",
    "story_main",
    "story_around",
)
SHELL_MARK = re.compile("\x00([a-z_]+)\x00")
SHELLS_KEPT = 64
_shells = {}


def _shell_key(context, request):
    sections = queries.site_sections(request).sections
    fields = [field.attname for field in sections[0]._meta.concrete_fields] if sections else []
    return (
        fingerprint(),
        tuple(tuple(getattr(section, name) for name in fields) for section in sections),
        context["current_section"].pk,
        timezone.localdate(),
    )


def _render_shell(context, request):
    marked = {**context, **{part: mark_safe(f"\x00{part}\x00") for part in SHELL_PARTS}}
    pieces = SHELL_MARK.split(render_to_string("articles/story.html", marked, request))
    # split() alternates text and part names: [text, part, text, part, ..., text]
    if sorted(set(pieces[1::2])) != sorted(SHELL_PARTS):
        raise ImproperlyConfigured("articles/story.html no longer shows every part the shell fills in")
    return pieces


def story_page_html(context, request):
    """``articles/story.html`` for ``context`` (from :func:`page_context`), as ``render`` would
    make it: the page around the story comes from its shell."""
    key = _shell_key(context, request)
    pieces = _shells.get(key)
    if pieces is None:
        if len(_shells) >= SHELLS_KEPT:
            _shells.clear()
        pieces = _shells[key] = _render_shell(context, request)
    filled = [conditional_escape(context[part]) for part in pieces[1::2]]
    out = [pieces[0]]
    for value, text in zip(filled, pieces[2::2], strict=True):
        out += (value, text)
    return "".join(out)


def preview_queryset():
    return queries.story_queryset()


def preview_context(story, request):
    return page_context(story, request)
