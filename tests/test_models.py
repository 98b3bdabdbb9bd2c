from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Section, Story
from tests.builders import FROZEN_NOW, make_agency, make_section, make_story

# Every expectation below is worked out from NOW: the clock stands still there.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

NOW = FROZEN_NOW
PAST = NOW - timedelta(hours=2)
FUTURE = NOW + timedelta(hours=2)


# --- published(): every status × past/future publish_at × embargo ------------------------------

STATUSES = list(Story.Status)
PUBLISH_TIMES = {"past": PAST, "future": FUTURE}
EMBARGOES = {"none": None, "lifted": PAST, "active": FUTURE}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("publish_when", list(PUBLISH_TIMES))
@pytest.mark.parametrize("embargo", list(EMBARGOES))
def test_published_truth_table(status, publish_when, embargo):
    story = make_story(
        status=status, publish_at=PUBLISH_TIMES[publish_when], embargo_until=EMBARGOES[embargo]
    )
    expected = status == Story.Status.PUBLISHED and publish_when == "past" and embargo != "active"

    assert Story.objects.published().filter(pk=story.pk).exists() is expected
    story.refresh_from_db()
    assert story.is_published is expected


def test_published_at_a_given_moment():
    story = make_story(publish_at=FUTURE)
    assert not Story.objects.published().filter(pk=story.pk).exists()
    assert Story.objects.published(at=FUTURE + timedelta(minutes=1)).filter(pk=story.pk).exists()


def test_scheduled_and_published_need_a_publish_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.create(headline="No time", section=make_section(), status=Story.Status.PUBLISHED)


def test_due_for_publishing_lists_scheduled_stories_whose_time_came_oldest_first():
    section = make_section()
    later = make_story(section=section, status=Story.Status.SCHEDULED, publish_at=NOW - timedelta(minutes=5))
    earlier = make_story(section=section, status=Story.Status.SCHEDULED, publish_at=NOW - timedelta(hours=1))
    make_story(section=section, status=Story.Status.SCHEDULED, publish_at=FUTURE)
    make_story(section=section, status=Story.Status.SCHEDULED, publish_at=PAST, embargo_until=FUTURE)

    assert list(Story.objects.due_for_publishing()) == [earlier, later]


# --- agency identity -------------------------------------------------------------------------------


def test_duplicate_agency_guid_is_refused():
    agency = make_agency()
    make_story(agency=agency, source_guid="urn:wire:1", source_version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_story(agency=agency, source_guid="urn:wire:1", source_version=2)


def test_same_guid_from_another_agency_and_staff_copy_without_guid_are_fine():
    make_story(agency=make_agency(), source_guid="urn:wire:1")
    make_story(agency=make_agency(), source_guid="urn:wire:1")
    make_story(source_guid="")
    make_story(source_guid="")
    assert Story.objects.count() == 4


# --- sections -----------------------------------------------------------------------------------


def test_subsection_path_and_address_follow_the_parent():
    nation = make_section("Nation", slug="nation")
    kerala = make_section("Kerala", slug="kerala", parent=nation)
    assert kerala.path == "nation/kerala"
    assert kerala.get_absolute_url() == "/nation/kerala/"
    assert nation.get_absolute_url() == "/nation/"

    nation.slug = "india"
    nation.save()
    kerala.refresh_from_db()
    assert kerala.get_absolute_url() == "/india/kerala/"


def test_in_section_includes_subsections_but_not_neighbours():
    nation = make_section(slug="nation")
    kerala = make_section(slug="kerala", parent=nation)
    world = make_section(slug="world")
    nationwide = make_story(section=nation)
    local = make_story(section=kerala)
    make_story(section=world)
    # A sibling whose slug starts like ours must not be mistaken for a subsection.
    make_story(section=make_section(slug="nation-extra"))

    assert set(Story.objects.in_section(nation)) == {nationwide, local}
    assert set(Story.objects.in_section(kerala)) == {local}


def test_sections_nest_one_level_only():
    nation = make_section(slug="nation")
    kerala = make_section(slug="kerala", parent=nation)
    with pytest.raises(ValidationError, match="one level deep"):
        make_section(slug="kochi", parent=kerala)


def test_section_slug_cannot_take_a_site_address():
    with pytest.raises(ValidationError, match="used by the site"):
        make_section(slug="admin")


def test_top_level_slugs_are_unique_but_subsections_may_repeat_them():
    one, two = make_section(slug="one"), make_section(slug="two")
    make_section(slug="city", parent=one)
    make_section(slug="city", parent=two)
    with pytest.raises(ValidationError):
        make_section(slug="one")
    assert Section.objects.filter(slug="city").count() == 2


# --- slugs and addresses --------------------------------------------------------------------------


def test_slug_is_made_from_the_headline_and_numbered_when_taken():
    section = make_section()
    first = make_story(section=section, headline="Monsoon arrives early in Kerala")
    second = make_story(section=section, headline="Monsoon arrives early in Kerala")
    assert first.slug == "monsoon-arrives-early-in-kerala"
    assert second.slug == "monsoon-arrives-early-in-kerala-2"


def test_long_headline_is_cut_at_a_word_boundary():
    story = make_story(headline="word " * 55)
    assert len(story.slug) <= 120
    assert not story.slug.endswith("-") and story.slug.split("-")[-1] == "word"


def test_headline_in_another_script_keeps_its_letters_and_empty_ones_fall_back():
    assert make_story(headline="Выборы в парламенте").slug == "выборы-в-парламенте"
    assert make_story(headline="!!!").slug == "story"


def test_editor_slug_is_kept():
    assert make_story(headline="Anything", slug="my-own-slug").slug == "my-own-slug"


def test_story_address_has_section_path_and_local_publication_date(settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    nation = make_section(slug="nation")
    kerala = make_section(slug="kerala", parent=nation)
    # 20:00 UTC is already the next day in India.
    moment = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)
    story = make_story(section=kerala, headline="Boats return", publish_at=moment)
    assert story.get_absolute_url() == "/nation/kerala/2026/03/05/boats-return/"


def test_body_is_sanitized_on_save():
    story = make_story(
        body='<p onclick="steal()">Fine <script>alert(1)</script><a href="javascript:x">link</a></p>'
    )
    story.refresh_from_db()
    assert "script" not in story.body and "onclick" not in story.body and "javascript" not in story.body
    assert story.body.startswith("<p>Fine ")


def test_lead_caption_falls_back_to_the_photos_own():
    from tests.builders import make_photo

    photo = make_photo(caption="The photo's caption")
    story = make_story(lead_photo=photo)
    assert story.lead_caption == "The photo's caption"
    story.lead_photo_caption = "Caption for this story"
    assert story.lead_caption == "Caption for this story"


@pytest.mark.parametrize("headline", ["Harbour reopens", "തുറമുഖം തുറന്നു", "Кран 2"])
def test_a_story_address_is_what_reverse_gives(headline):
    from django.urls import reverse, set_script_prefix
    from django.utils.text import slugify

    slug = slugify(headline, allow_unicode=True)
    kerala = make_section("Kerala", parent=make_section("Nation", slug="nation"), slug="kerala")
    story = make_story(section=kerala, slug=slug, publish_at=datetime(2026, 3, 31, 20, 30, tzinfo=UTC))

    def reversed_address():
        day = timezone.localtime(story.dated_at)
        return reverse(
            "articles:story",
            kwargs={
                "section_path": "nation/kerala",
                "year": f"{day:%Y}",
                "month": f"{day:%m}",
                "day": f"{day:%d}",
                "slug": slug,
            },
        )

    assert story.get_absolute_url() == reversed_address()
    assert story.get_absolute_url().startswith("/nation/kerala/2026/04/01/")  # the site's own day
    set_script_prefix("/news/")
    try:
        assert story.get_absolute_url() == reversed_address() != reversed_address().replace("/news", "")
    finally:
        set_script_prefix("/")
