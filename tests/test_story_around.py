"""The stories around a story (next in section, related, more headlines) are picked in plain SQL
(``articles.reader.story_queries.around_sql``); these tests hold that SQL to what the ORM and
``Story.objects.published()`` say, over stories readers may and may not see."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Story
from articles.reader.sections import site_sections
from articles.reader.story_queries import (
    MORE_HEADLINES,
    RELATED_STORIES,
    RELATED_WINDOW,
    around_story,
)
from tests.builders import make_section, make_story

pytestmark = pytest.mark.django_db
S = Story.Status
NEWEST = ("-publish_at", "-pk")


def expected_around(story, now):
    """The same blocks, worked out with the ORM and in Python from published()."""
    published = Story.objects.published(at=now).exclude(pk=story.pk)
    top = story.section.parent_id or story.section_id
    family = {
        story.section_id,
        top,
        *Story.section.field.related_model.objects.filter(parent_id=top).values_list("pk", flat=True),
    }
    in_section = published.filter(section=story.section).order_by(*NEWEST)
    older = [s for s in in_section if (s.publish_at, s.pk) < (story.publish_at, story.pk)]
    story_tags = set(story.tags.values_list("pk", flat=True))
    since = story.publish_at - RELATED_WINDOW
    shared = []
    for other in published.filter(publish_at__gte=since).order_by(*NEWEST):
        count = len(story_tags & set(other.tags.values_list("pk", flat=True)))
        if count:
            shared.append((count, other))
    by_tags = [other for _count, other in sorted(shared, key=lambda pair: pair[0], reverse=True)]
    by_tags = by_tags[:RELATED_STORIES]
    related = by_tags + [s for s in in_section[: RELATED_STORIES + 1] if s not in by_tags]
    more = [s.pk for s in published.exclude(section_id__in=family).order_by(*NEWEST)[:MORE_HEADLINES]]
    return {
        # Once the section runs out, the newest story of the rest of the site.
        "next": older[0].pk if older else (more[0] if more else None),
        "related": [s.pk for s in related[:RELATED_STORIES]],
        "more": more,
    }


@pytest.mark.parametrize("seed", range(6))
def test_the_blocks_are_what_published_stories_give(seed, rf):
    chance = random.Random(seed)
    now = timezone.now()
    nation = make_section("Nation", slug="nation")
    sections = [
        nation,
        make_section("Kerala", slug="kerala", parent=nation),
        make_section("World", slug="world"),
    ]
    tags = ["ports", "rain", "trade", "rail", "tea"]
    for n in range(40):
        status = chance.choice([S.PUBLISHED] * 5 + [S.DRAFT, S.SCHEDULED, S.WITHDRAWN, S.IN_REVIEW])
        fields = {}
        if chance.random() < 0.1:
            fields["embargo_until"] = now + timedelta(hours=2)  # published, but not yet for readers
        publish_at = now - timedelta(hours=chance.randint(1, 24 * 200))
        if status == S.SCHEDULED or chance.random() < 0.05:
            publish_at = now + timedelta(hours=3)
        make_story(
            section=chance.choice(sections),
            status=status,
            publish_at=publish_at,
            tags=chance.sample(tags, chance.randint(0, 3)),
            headline=f"Story {seed}-{n}",
            **fields,
        )
    story = make_story(
        section=chance.choice(sections), tags=chance.sample(tags, 2), publish_at=now - timedelta(hours=30)
    )
    story = Story.objects.select_related("section", "section__parent").get(pk=story.pk)

    around = around_story(
        story, list(story.tags.values_list("pk", flat=True)), site_sections(rf.get("/")), now=now
    )

    expected = expected_around(story, now)
    assert (around.next_story.pk if around.next_story else None) == expected["next"]
    assert [s.pk for s in around.more_headlines] == expected["more"]
    # Related: the same stories; among equal numbers of shared tags the order may differ only
    # where the times are equal.
    assert [s.pk for s in around.related] == expected["related"]

    # Each part asked for alone (a page that has the other kept) is the same part.
    sections_now = site_sections(rf.get("/"))
    tag_ids = list(story.tags.values_list("pk", flat=True))
    own = around_story(story, tag_ids, sections_now, now=now, headlines=False)
    assert [s.pk for s in own.related] == expected["related"]
    assert own.more_headlines == []
    in_section_next = (
        around.next_story if around.next_story and around.next_story.section_id == story.section_id else None
    )
    assert own.next_story == in_section_next
    headlines = around_story(story, tag_ids, sections_now, now=now, own=False)
    assert [s.pk for s in headlines.more_headlines] == expected["more"]
    assert headlines.related == []


def test_the_oldest_story_of_a_section_leads_on_to_the_newest_of_the_site(rf):
    now = timezone.now()
    world, sport = make_section("World", slug="world"), make_section("Sport", slug="sport")
    oldest = make_story(section=world, headline="The first world story", publish_at=now - timedelta(days=9))
    make_story(section=world, headline="A newer world story", publish_at=now - timedelta(days=1))
    make_story(section=sport, headline="An older sport story", publish_at=now - timedelta(days=3))
    newest_sport = make_story(section=sport, headline="Today's sport", publish_at=now - timedelta(hours=1))
    story = Story.objects.select_related("section", "section__parent").get(pk=oldest.pk)

    around = around_story(story, [], site_sections(rf.get("/")), now=now)

    assert around.next_story.pk == newest_sport.pk
