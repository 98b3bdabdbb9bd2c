"""Builders for tests of the desk in the admin: its addresses, what the story form posts, a logged-in
client and the messages a response carries."""

from django.urls import reverse
from django.utils import timezone

from tests.builders import make_section

CHANGELIST = reverse("admin:articles_story_changelist")
ADD = reverse("admin:articles_story_add")


def change_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


def payload(story=None, **fields):
    """What the change form posts for ``story`` (or a new one), with ``fields`` changed."""
    section = fields.pop("section", None) or (story.section if story else make_section())
    data = {
        "headline": story.headline if story else "Tide of volunteers clears the river bank",
        "slug": story.slug if story else "",
        "kicker": story.kicker if story else "",
        "genre": story.genre if story else "news",
        "standfirst": story.standfirst if story else "Hundreds turned out before dawn.",
        "body": story.body if story else "<p>By seven the first bags were full.</p>",
        "section": section.pk,
        "dateline": story.dateline if story else "",
        "lead_photo_caption": story.lead_photo_caption if story else "",
        "language": "en",
        "seo_title": story.seo_title if story else "",
        "seo_description": story.seo_description if story else "",
        "canonical_url": story.canonical_url if story else "",
        "priority": "0",
        "transition_note": "",
        "new_tags": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "story_photos-TOTAL_FORMS": "0",
        "story_photos-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    if story is not None:
        data["edit_version"] = str(story.edit_version)
        if story.lead_photo_id:
            data["lead_photo"] = str(story.lead_photo_id)
        if story.publish_at:
            local = timezone.localtime(story.publish_at)
            data.update(publish_at_0=f"{local:%Y-%m-%d}", publish_at_1=f"{local:%H:%M:%S}")
    data.update({key: value for key, value in fields.items() if value is not None})
    return data


def logged_in(client, user):
    client.force_login(user)
    return client


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def photo_form(photo, **fields):
    """What the photo's change form posts for ``photo``, with ``fields`` changed."""
    return {
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "credit": photo.credit,
        "photographer": photo.photographer,
        "agency": photo.agency_id or "",
        "copyright_notice": photo.copyright_notice,
        "usage_terms": photo.usage_terms,
        "expires_at_0": "",
        "expires_at_1": "",
        "headline": photo.headline,
        "keywords": ", ".join(photo.keywords),
        "city": photo.city,
        "country": photo.country,
        "date_created_0": "",
        "date_created_1": "",
        "source_identifier": photo.source_identifier,
        "focal_point_x": str(photo.focal_point_x),
        "focal_point_y": str(photo.focal_point_y),
        **fields,
    }


def feed_form(agency, rows, **fields):
    """What the agency feed form posts: a feed of ``agency`` with mapping ``rows`` (dicts)."""
    data = {
        "name": "Morning wire",
        "agency": agency.pk,
        "source": "https://wire.test/morning.xml",
        "format": "auto",
        "time_zone": "UTC",
        "is_active": "on",
        "poll_interval": "15",
        "mappings-TOTAL_FORMS": str(len(rows)),
        "mappings-INITIAL_FORMS": "0",
        "mappings-MIN_NUM_FORMS": "0",
        "mappings-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for number, row in enumerate(rows):
        values = {"kind": "subject", "value": "", "section": "", "tag": "", "position": str(number), **row}
        data.update({f"mappings-{number}-{name}": value for name, value in values.items()})
    return data
