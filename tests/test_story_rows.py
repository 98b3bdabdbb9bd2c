"""The story page's plain-SQL reads (``articles.reader.story_rows``, ``story_queries.story_labels``,
``sections.all_sections``) against what the ORM and ``Story.objects.published()`` say: the same
stories, the same values (timestamps aware on SQLite as on PostgreSQL), nothing loaded later."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Correction, Section, Story
from articles.reader.sections import all_sections, site_sections
from articles.reader.story_queries import story_labels
from articles.reader.story_rows import published_story_row, story_photo_rows
from tests.builders import make_agency, make_author, make_photo, make_section, make_story

pytestmark = pytest.mark.django_db
S = Story.Status


@pytest.mark.parametrize("seed", range(4))
def test_the_story_row_is_found_exactly_when_published_gives_it(seed, rf):
    chance = random.Random(seed)
    now = timezone.now()
    section = make_section()
    stories = []
    for n in range(30):
        status = chance.choice([S.PUBLISHED] * 3 + [S.DRAFT, S.SCHEDULED, S.WITHDRAWN, S.IN_REVIEW])
        fields = {}
        if chance.random() < 0.2:
            fields["embargo_until"] = now + timedelta(minutes=chance.choice([-30, 30]))
        publish_at = now + timedelta(minutes=chance.choice([-90, -5, 5, 90]))
        stories.append(
            make_story(
                section=section, status=status, publish_at=publish_at, slug=f"row-{seed}-{n}", **fields
            )
        )
    sections = site_sections(rf.get("/"))
    published = set(Story.objects.published(at=now).values_list("pk", flat=True))

    found = {story.pk for story in stories if published_story_row(story.slug, sections, now) is not None}

    assert found == published
    assert 0 < len(found) < len(stories)  # the draw holds both kinds


def test_the_story_row_brings_its_section_agency_and_photos_without_more_queries(rf):
    agency = make_agency("Coastal Wire", credit="CW")
    expiring = timezone.now() + timedelta(days=3)
    lead = make_photo(credit="", agency=agency, expires_at=expiring, alt_text="Nets drying")
    second, third = make_photo(credit="Staff"), make_photo(credit="", photographer="R. Iyer")
    parent = make_section("Nation", slug="nation")
    story = make_story(
        section=make_section("Kerala", slug="kerala", parent=parent),
        agency=agency,
        lead_photo=lead,
        photos=[third, second],
        slug="rows-with-photos",
    )
    sections = site_sections(rf.get("/"))

    with CaptureQueriesContext(connection) as queries:
        row = published_story_row("rows-with-photos", sections)
        further = story_photo_rows(row)
        shown = (
            row.section.name,
            row.section.parent.name,
            row.agency.credit,
            row.lead_photo.credit_line,
            row.lead_photo.expires_at,
            row.lead_photo.alt_text,
            [use.photo.credit_line for use in further],
            [use.position for use in further],
        )

    assert len(queries.captured_queries) == 2
    assert shown == ("Kerala", "Nation", "CW", "CW", expiring, "Nets drying", ["R. Iyer", "Staff"], [0, 1])
    assert row.lead_photo.expires_at.tzinfo is not None
    assert row.headline == story.headline and row.body == story.body


def test_the_story_row_holds_what_the_orm_reads_with_the_same_types(rf):
    # A plain cursor gives SQLite's timestamps naive; the types are compared too (a boolean read as
    # 0 or 1 would compare equal to False or True).
    story = make_story(
        slug="typed-row",
        agency=make_agency("Coastal Wire"),
        live_entries_need_review=True,
        coverage_started_at=timezone.now() - timedelta(hours=1),
        embargo_until=timezone.now() - timedelta(minutes=5),
    )
    row = published_story_row("typed-row", site_sections(rf.get("/")))
    loaded = Story.objects.get(pk=story.pk)

    compared = [field.attname for field in Story._meta.concrete_fields if field.name != "search_vector"]
    assert [(name, getattr(row, name), type(getattr(row, name))) for name in compared] == [
        (name, getattr(loaded, name), type(getattr(loaded, name))) for name in compared
    ]
    assert row.live_entries_need_review is True and row.agency_update_available is False
    assert row.agency.name == "Coastal Wire"


def test_labels_keep_byline_order_tag_names_and_correction_times(rf):
    story = make_story(
        authors=[make_author("Zara Pillai"), make_author("Anil Menon")], tags=["rain", "Ports"]
    )
    earlier = timezone.now() - timedelta(hours=2)
    Correction.objects.create(story=story, note="A later fix.", created_at=earlier + timedelta(hours=1))
    Correction.objects.create(story=story, note="An earlier fix.", created_at=earlier)

    with CaptureQueriesContext(connection) as queries:
        labels = story_labels(story)

    assert len(queries.captured_queries) == 1
    assert [author.name for author in labels.authors] == ["Zara Pillai", "Anil Menon"]
    assert [tag.name for tag in labels.tags] == ["Ports", "rain"]
    assert [correction.note for correction in labels.corrections] == ["An earlier fix.", "A later fix."]
    assert labels.corrections[0].created_at == earlier
    assert labels.corrections[0].created_at.tzinfo is not None


def test_all_sections_are_the_models_order_with_parents():
    nation = make_section("Nation", slug="nation", position=2)
    make_section("Kerala", slug="kerala", parent=nation)
    make_section("World", slug="world", position=1)

    read = all_sections()

    assert [section.pk for section in read] == list(
        Section.objects.order_by("position", "name", "pk").values_list("pk", flat=True)
    )
    assert {section.name: section.parent.name if section.parent_id else None for section in read} == {
        "Nation": None,
        "Kerala": "Nation",
        "World": None,
    }
