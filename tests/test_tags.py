"""Tags on stories: the tag rows (``TaggedStory``) carry their story's publication time on every
path that writes one, tag pages and related stories read them, and every tag has an address."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html
from taggit.models import Tag

from articles import services
from articles.ingest.new_stories import new_story, write_new_stories
from articles.ingest.updates import StoryContent
from articles.models import AgencyCopy, Story, TaggedStory
from articles.reader.listings import PAGE_SIZE
from articles.reader.story_queries import (
    RELATED_CANDIDATES_PER_TAG,
    tag_candidates_params,
    tag_candidates_sql,
)
from tests.builders import make_agency, make_story
from tests.desk_builders import change_url, logged_in, payload
from tests.ingest.builders import newsml_text, run_import, write_document
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db
S = Story.Status


def row_times(story):
    """{tag name: the time its row carries} for ``story``."""
    return dict(TaggedStory.objects.filter(content_object=story).values_list("tag__name", "publish_at"))


def assert_rows_follow(story):
    story.refresh_from_db()
    times = row_times(story)
    assert times, "the story has no tag rows"
    assert set(times.values()) == {story.publish_at}


def headlines(response):
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    return [h.text_content().strip() for h in tree.xpath('//div[@class="listing"]//h3')]


# The time the rows carry -----------------------------------------------------------------------------


def test_tags_add_and_set_give_the_rows_the_story_time(world):
    story = make_story(section=world, publish_at=timezone.now() - timedelta(days=3))
    story.tags.add("harbour", "ferries")
    assert_rows_follow(story)

    story.tags.set(["harbour", "tides", Tag.objects.create(name="Moorings")])
    assert_rows_follow(story)
    assert set(row_times(story)) == {"harbour", "tides", "Moorings"}


def test_a_draft_row_has_no_time_until_the_story_has_one(world):
    story = make_story(section=world, status=S.DRAFT, tags=["harbour"])
    assert row_times(story) == {"harbour": None}

    services.publish_story(story, by=None)

    assert_rows_follow(story)
    assert story.publish_at is not None


def test_scheduling_and_the_scheduler_keep_the_rows_on_the_story_time(world):
    story = make_story(section=world, status=S.DRAFT, tags=["harbour", "tides"])
    at = timezone.now() + timedelta(days=1)

    services.schedule_story(story, by=None, at=at)
    assert_rows_follow(story)
    assert story.publish_at == at

    services.publish_due_story(story.pk, at=at + timedelta(minutes=1))
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert_rows_follow(story)


def test_a_new_time_saved_in_the_admin_reaches_the_rows(client, world):
    story = make_story(section=world, status=S.SCHEDULED, tags=["harbour"])
    later = timezone.localtime(story.publish_at + timedelta(days=2)).replace(microsecond=0)
    logged_in(client, make_editor())

    response = client.post(
        change_url(story),
        payload(
            story,
            publish_at_0=f"{later:%Y-%m-%d}",
            publish_at_1=f"{later:%H:%M:%S}",
            tags=[tag.pk for tag in story.tags.all()],
            new_tags="tides",
        ),
    )

    assert response.status_code == 302
    assert_rows_follow(story)
    assert story.publish_at == later
    assert set(row_times(story)) == {"harbour", "tides"}


def test_a_plain_save_with_a_new_time_rewrites_only_that_storys_rows(world):
    story = make_story(section=world, tags=["harbour"])
    other = make_story(section=world, tags=["harbour"])
    story.publish_at -= timedelta(hours=5)

    story.save()

    assert_rows_follow(story)
    assert_rows_follow(other)
    assert row_times(story) != row_times(other)


def test_a_save_that_leaves_the_time_alone_writes_no_tag_rows(world):
    story = make_story(section=world, tags=["harbour"])
    story.headline = "Harbour reopens"
    table = TaggedStory._meta.db_table

    with CaptureQueriesContext(connection) as saved_all:
        story.save()
    with CaptureQueriesContext(connection) as saved_some:
        story.save(update_fields=["headline"])

    # A full save may have moved the time, so it asks (which also shows the table name is right);
    # a save of named fields without publish_at cannot have, and costs no query.
    assert [q for q in saved_all if table in q["sql"]]
    assert not [q for q in saved_some if table in q["sql"]]


def test_rows_written_in_bulk_for_new_agency_stories_carry_the_story_time(world):
    wire = make_agency()
    tag = Tag.objects.create(name="ferries")
    published_at = timezone.now() - timedelta(minutes=3)
    new = new_story(
        agency=wire,
        guid="urn:test:tags:1",
        version=1,
        content=StoryContent(headline="Ferries run late", body="<p>Fog.</p>", section_id=world.pk),
        tags=[tag],
        slug="",
        copy=AgencyCopy(agency_status=AgencyCopy.AgencyStatus.USABLE),
        note="Agency copy.",
    )
    # A feed whose stories go out at once: the story is written already published.
    new.story.status, new.story.publish_at = S.PUBLISHED, published_at

    with transaction.atomic():
        [story] = write_new_stories([new])

    assert row_times(story) == {"ferries": published_at}


def test_an_import_that_publishes_gives_the_rows_the_publication_time(tmp_path, world):
    wire = make_agency("Test Wire")
    for number in range(3):
        write_document(
            tmp_path,
            f"item-{number}.xml",
            newsml_text(guid=f"urn:test:tags:{number}", headline=f"Ferries {number}", keywords=("ferries",)),
        )

    tally, _ = run_import(tmp_path, agency=wire, section=world, publish=True)

    assert tally.created == 3
    for story in Story.objects.filter(source_guid__startswith="urn:test:tags:"):
        assert story.status == S.PUBLISHED
        assert_rows_follow(story)


def test_a_deleted_story_takes_its_rows_with_it(world):
    story = make_story(section=world, tags=["harbour"])
    story_id = story.pk
    story.delete()
    assert not TaggedStory.objects.filter(content_object_id=story_id).exists()


# Reading them ----------------------------------------------------------------------------------------


def test_tag_pages_follow_the_rows_and_page_by_cursor_without_repeats(client, world):
    """Every story carries three tags: a second join on the rows for the cursor would repeat them."""
    now = timezone.now()
    for number in range(PAGE_SIZE + 5):
        make_story(
            section=world,
            headline=f"Harbour note {number}",
            publish_at=now - timedelta(hours=number + 1),
            tags=["harbour", "tides", f"note {number}"],
        )

    first = client.get("/tag/harbour/")
    older = lxml_html.fromstring(first.content).xpath('//a[@rel="next"]/@href')[0]
    second = client.get("/tag/harbour/" + older)
    newer = lxml_html.fromstring(second.content).xpath('//a[@rel="prev"]/@href')[0]

    assert headlines(first) == [f"Harbour note {n}" for n in range(PAGE_SIZE)]
    assert headlines(second) == [f"Harbour note {n}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert headlines(client.get("/tag/harbour/" + newer))[0] == "Harbour note 0"


def test_a_story_moved_in_time_moves_on_its_tag_page(client, world):
    now = timezone.now()
    early = make_story(
        section=world, headline="Early bird", tags=["dawn"], publish_at=now - timedelta(days=2)
    )
    make_story(section=world, headline="Late riser", tags=["dawn"], publish_at=now - timedelta(days=1))
    early.publish_at = now - timedelta(hours=1)
    early.first_published_at = early.publish_at
    early.save()

    assert headlines(client.get("/tag/dawn/")) == ["Early bird", "Late riser"]


def test_related_candidates_are_the_newest_few_of_each_tag_in_the_window(world):
    now = timezone.now()
    busy = [
        make_story(section=world, tags=["busy"], publish_at=now - timedelta(hours=n + 1))
        for n in range(RELATED_CANDIDATES_PER_TAG + 5)
    ]
    quiet = [
        make_story(section=world, tags=["quiet"], publish_at=now - timedelta(days=n + 1)) for n in range(3)
    ]
    make_story(section=world, tags=["quiet"], publish_at=now - timedelta(days=400))  # outside the window
    tag_ids = list(Tag.objects.filter(name__in=["busy", "quiet"]).values_list("pk", flat=True))

    since = now - timedelta(days=180)
    candidates = set(
        Story.objects.filter(
            pk__in=RawSQL(tag_candidates_sql(len(tag_ids)), tag_candidates_params(tag_ids, since, now))
        ).values_list("pk", flat=True)
    )

    newest_busy = {story.pk for story in busy[:RELATED_CANDIDATES_PER_TAG]}
    assert candidates == newest_busy | {story.pk for story in quiet}


def test_a_story_page_shows_related_stories_by_shared_tags(client, world):
    now = timezone.now()
    other_section = make_story(headline="Tide tables explained", tags=["tides", "harbour"])
    make_story(headline="Unrelated elsewhere", publish_at=now - timedelta(minutes=5))
    story = make_story(section=world, headline="Harbour floods", tags=["tides", "harbour"])

    tree = lxml_html.fromstring(client.get(story.get_absolute_url()).content)

    assert other_section.headline in tree.text_content()


# Every tag has an address ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [")</", "★★★", "---", "🙂"])
def test_a_tag_of_symbols_only_gets_an_address(name):
    tag = Tag.objects.create(name=name)
    assert tag.slug.startswith("tag-") and len(tag.slug) > len("tag-")


def test_names_with_letters_keep_taggits_slug_in_every_script():
    assert Tag.objects.create(name="Київ").slug == "київ"
    assert Tag.objects.create(name="東京").slug == "東京"
    assert Tag.objects.create(name="Harbour Master").slug == "harbour-master"


def test_two_symbol_tags_get_distinct_addresses_and_answer_200(client, world):
    story = make_story(section=world, headline="Strange marks", tags=[")</", "★★★"])
    first, second = Tag.objects.filter(name__in=[")</", "★★★"]).order_by("pk")
    assert first.slug != second.slug

    assert client.get(story.get_absolute_url()).status_code == 200
    for tag in (first, second):
        assert headlines(client.get(f"/tag/{tag.slug}/")) == ["Strange marks"]
        assert client.get(f"/feeds/tag/{tag.slug}/").status_code == 200


def test_a_symbol_tag_typed_on_the_desk_leaves_the_story_page_working(client, world):
    """The reported 500: ``)</`` in "New tags" gave an empty slug and NoReverseMatch on the page."""
    story = make_story(section=world, status=S.IN_REVIEW, headline="Markup in a tag")
    logged_in(client, make_editor())

    response = client.post(change_url(story), payload(story, new_tags=")</", _publish="x"))

    assert response.status_code == 302
    story.refresh_from_db()
    tag = story.tags.get()
    assert tag.name == ")</" and tag.slug
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert f'href="/tag/{tag.slug}/"' in page.text
    assert headlines(client.get(f"/tag/{tag.slug}/")) == ["Markup in a tag"]


def test_a_symbol_keyword_from_an_agency_leaves_the_story_page_working(client, tmp_path, world):
    write_document(tmp_path, "item.xml", newsml_text(guid="urn:test:stars", keywords=("★", "ferries")))

    run_import(tmp_path, agency=make_agency("Test Wire"), section=world, publish=True)

    story = Story.objects.get(source_guid="urn:test:stars")
    assert story.status == S.PUBLISHED
    star = story.tags.get(name="★")
    assert star.slug.startswith("tag-")
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get(f"/tag/{star.slug}/").status_code == 200
