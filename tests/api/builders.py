"""Builders for the content API's tests: keys, keyed requests, a story with everything an item shows."""

from django.core.files.base import ContentFile

from articles.models import ApiKey, Correction
from tests.builders import make_agency, make_author, make_photo, make_section, make_story
from tests.images import jpeg_bytes

ITEMS = "/api/ninjs/items"


def make_api_key(partner="Harbour Radio", *, sections=(), every_section=None, requests_per_minute=1000):
    """A key and its token; it reads every section unless ``sections`` are given."""
    key, token = ApiKey.objects.issue(
        partner=partner,
        every_section=not sections if every_section is None else every_section,
        requests_per_minute=requests_per_minute,
    )
    key.sections.set(sections)
    return key, token


def keyed(token):
    """The request headers that show ``token``."""
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def item_path(story):
    from articles.api.ninjs import story_guid

    return f"{ITEMS}/{story_guid(story.pk)}"


def full_story(section=None, **fields):
    """A published story with authors, tags, a dateline, a lead photo, two further photos (one of them
    placed in the body), an agency-credited picture and a correction."""
    section = section or make_section("World", slug="world")
    agency = make_agency("Coastal Wire", credit="CW")
    lead = make_photo(
        size=(1400, 900),
        caption="Ferries wait at the northern pier.",
        credit="Staff",
        photographer="Ines Albrecht",
        alt_text="Three ferries moored side by side.",
    )
    second = make_photo(size=(800, 600), caption="The timetable board.", credit="", agency=agency)
    third = make_photo(size=(640, 480), caption="Passengers queue.", credit="Port Authority")
    story = make_story(
        section=section,
        headline=fields.pop("headline", "Harbour ferries cut winter crossings"),
        standfirst=fields.pop("standfirst", "The port will run four crossings a day from December."),
        body=fields.pop(
            "body",
            "<p>The harbour board voted on Tuesday to cut the winter timetable.</p>"
            "<h2>What changes</h2><ul><li>Four crossings a day</li><li>No night ferry</li></ul>"
            f'<figure data-embed="photo" data-photo="{third.pk}"></figure>'
            '<p>Read the <a href="https://example.org/timetable">full timetable</a>.</p>',
        ),
        dateline=fields.pop("dateline", "Harbourtown"),
        kicker="Transport",
        lead_photo=lead,
        authors=[make_author("Mira Stone"), make_author("Tomas Berg")],
        tags=["Ferries", "Winter"],
        photos=[second, third],
        **fields,
    )
    Correction.objects.create(story=story, note="An earlier version gave the wrong number of crossings.")
    return story


def replace_file(photo, size):
    photo.image.save("replacement.jpg", ContentFile(jpeg_bytes(size, (10, 20, 30))))
