"""RSS 2.0 feeds: the latest stories, a section's and a tag's.

Each item carries the standfirst as its description, the body as ``content:encoded`` (pictures,
videos and posts placed in it as plain figures and links: ``portable_body``), the lead photo as
``media:content`` with its credit, the tags as categories, the authors (or the agency) as
``dc:creator`` and, once the story was corrected or updated, the time of that as ``atom:updated``.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..frontend_cache import page_shows_stories
from ..models import Story, StoryPhoto, TaggedStory
from ..photos.delivery import available_widths, is_showable, rendition_size, rendition_url
from .listings import STORY_ORDER, newest_first, public_tag, tag_listing
from .portable_body import portable_body
from .section_listing import SectionListing
from .sections import site_sections
from .structured_data import absolute_url

FEED_SIZE = 30
FEED_IMAGE_WIDTH = 1280
MEDIA_RSS = "http://search.yahoo.com/mrss/"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the Media RSS elements that news readers use for pictures."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_RSS,
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("updateddate"):
            # RSS 2.0 has no item update time; feed readers take Atom's (a correction, a major update).
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        image = item.get("lead_image")
        if image:
            handler.startElement(
                "media:content",
                {
                    "url": image["url"],
                    "medium": "image",
                    "type": "image/jpeg",
                    "width": str(image["width"]),
                    "height": str(image["height"]),
                },
            )
            if image["caption"]:
                handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
            if image["credit"]:
                handler.addQuickElement("media:credit", image["credit"])
            handler.endElement("media:content")


class StoryFeed(Feed):
    feed_type = NewsRssFeed
    language = settings.NEWSROOM_LANGUAGE

    def stories(self, obj):
        return Story.objects.published()

    def listing(self, obj):
        """The feed's stories and the fields that order them newest first."""
        return self.stories(obj), STORY_ORDER

    def items(self, obj):
        stories, order = self.listing(obj)
        items = list(newest_first(stories.for_listing(), order)[:FEED_SIZE])
        # The tags' names in one plain list query: taggit's prefetch of thirty stories' tags was a
        # third of a tag feed's time (16 ms on 200,000 stories), and a cold feed the news peak's
        # slowest page.
        names = {}
        tagged = TaggedStory.objects.filter(content_object_id__in=[item.pk for item in items])
        for story_id, name in tagged.order_by("pk").values_list("content_object_id", "tag__name"):
            names.setdefault(story_id, []).append(name)
        # The pictures placed in the bodies (each one of its story's photos), so content:encoded can
        # carry them as plain figures: one query whatever the number.
        pictures = {}
        uses = StoryPhoto.objects.filter(story_id__in=[item.pk for item in items]).select_related(
            "photo__agency"
        )
        for use in uses.defer("photo__embedded_metadata"):
            if is_showable(use.photo):
                pictures.setdefault(use.story_id, {})[use.photo_id] = use.photo
        for item in items:
            item.tag_names = names.get(item.pk, [])
            item.body_pictures = pictures.get(item.pk, {})
        page_shows_stories(item.pk for item in items)
        return items

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Feed readers take <description> as HTML: the standfirst is plain text, so it goes out
        # escaped (a standfirst reading "<img onerror=...>" stays those characters). Only the
        # sanitized body is HTML, in content:encoded.
        return escape(item.standfirst or item.summary)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.first_published_at or item.publish_at

    def item_updateddate(self, item):
        return item.major_update_at

    def item_author_name(self, item):
        names = [author.name for author in item.ordered_authors]
        if not names:
            return item.agency.name if item.agency_id else None
        byline = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {_('and')} {names[-1]}"
        return f"{byline} ({item.agency.name})" if item.agency_id else byline

    def item_categories(self, item):
        return item.tag_names

    def item_extra_kwargs(self, item):
        # Sanitized when saved; our embeds written as plain HTML, which any feed reader shows.
        extra = {"content_html": portable_body(item.body, item.body_pictures)}
        photo = item.lead_photo
        if not is_showable(photo):
            return extra
        width = available_widths(photo, max_width=FEED_IMAGE_WIDTH)[-1]
        width, height = rendition_size(photo, width)
        return {
            **extra,
            "lead_image": {
                "url": absolute_url(rendition_url(photo, width)),
                "width": width,
                "height": height,
                "caption": item.lead_caption,
                "credit": photo.credit_line,
            },
        }


class LatestStoriesFeed(StoryFeed):
    def title(self):
        return settings.NEWSROOM_SITE_NAME

    def link(self):
        return absolute_url("/")

    def feed_url(self):
        return absolute_url(reverse("articles:feed-latest"))

    def description(self):
        return _("The latest stories from %(site)s.") % {"site": settings.NEWSROOM_SITE_NAME}


class SectionFeed(StoryFeed):
    def get_object(self, request, section_path):
        # From the sections read once per request (one query, as a get() of the section was), which
        # also name its subsections for the listing.
        sections = site_sections(request)
        section = sections.by_path(section_path)
        if section is None:
            raise Http404(_("No such section."))
        section.listing = SectionListing.of(section, sections)
        return section

    def stories(self, obj):
        # Filed in the section (or a subsection) or listed there as a secondary section: the newest
        # ids by the listing's index walks, as a subquery of the feed's one query for its stories.
        return obj.listing.newest(FEED_SIZE)

    def title(self, obj):
        return f"{obj.name} | {settings.NEWSROOM_SITE_NAME}"

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("articles:feed-section", kwargs={"section_path": obj.path}))

    def description(self, obj):
        return obj.description or _("The latest %(section)s stories.") % {"section": obj.name}


class TagFeed(StoryFeed):
    def get_object(self, request, slug):
        return public_tag(slug)

    def listing(self, obj):
        return tag_listing(obj)

    def title(self, obj):
        return f"{obj.name} | {settings.NEWSROOM_SITE_NAME}"

    def link(self, obj):
        return absolute_url(reverse("articles:tag", kwargs={"slug": obj.slug}))

    def feed_url(self, obj):
        return absolute_url(reverse("articles:feed-tag", kwargs={"slug": obj.slug}))

    def description(self, obj):
        return _("Stories tagged “%(tag)s”.") % {"tag": obj.name}
