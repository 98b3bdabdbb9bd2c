"""Migration 0012 moves stories' tags from taggit's generic items to ``TaggedStory`` (with each
story's time), drops 0008's timeline and its PostgreSQL triggers, fixes empty tag slugs, and goes
back again. Run on the test database itself, which is built through the migrations."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from taggit.models import Tag

from articles.models import Story, TaggedStory
from tests.builders import make_story

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0011_reader_pages_generation")]


def migrate(targets=None):
    """Migrate the test database to ``targets`` (default: the latest); the models as they were there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def timeline_triggers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'articles_%%timeline%%' ORDER BY 1")
        return [name for (name,) in cursor.fetchall()]


@pytest.fixture
def at_0011():
    """The database at 0011 for the test, and back at the latest migration afterwards, whatever happens."""
    try:
        yield lambda: migrate(BEFORE)
    finally:
        migrate()


def test_tags_go_back_to_taggits_items_and_come_forward_with_their_times(at_0011, world):
    now = timezone.now()
    published = make_story(section=world, tags=["harbour", "tides"], publish_at=now - timedelta(days=1))
    draft = make_story(section=world, status=Story.Status.DRAFT, tags=["harbour"])
    # A symbol-only tag from before every tag had an address.
    broken = Tag.objects.create(name=")</")
    Tag.objects.filter(pk=broken.pk).update(slug="")

    old = at_0011()

    items = old.get_model("taggit", "TaggedItem").objects.filter(
        content_type__app_label="articles", content_type__model="story"
    )
    assert sorted(items.values_list("object_id", "tag__name")) == sorted(
        [(published.pk, "harbour"), (published.pk, "tides"), (draft.pk, "harbour")]
    )
    if connection.vendor == "postgresql":
        timeline = old.get_model("articles", "StoryTagTimeline").objects
        # 0008's triggers are back and its timeline filled: the published story's two tags.
        assert timeline.filter(story_id=published.pk).count() == 2
        assert not timeline.filter(story_id=draft.pk).exists()
        assert timeline_triggers() == [
            "articles_story_timeline_deleted",
            "articles_story_timeline_moved",
            "articles_taggeditem_timeline",
        ]
    # A story tagged while the database was at 0011 (as the desk or the importer would have).
    old_story = old.get_model("articles", "Story").objects.get(pk=draft.pk)
    story_type = old.get_model("contenttypes", "ContentType").objects.get(app_label="articles", model="story")
    old.get_model("taggit", "TaggedItem").objects.create(
        content_type=story_type, object_id=old_story.pk, tag_id=broken.pk
    )

    migrate()

    rows = TaggedStory.objects.values_list("content_object_id", "tag__name", "publish_at")
    assert sorted(rows, key=str) == sorted(
        [
            (published.pk, "harbour", published.publish_at),
            (published.pk, "tides", published.publish_at),
            (draft.pk, "harbour", None),
            (draft.pk, ")</", None),
        ],
        key=str,
    )
    assert not items.exists()
    broken.refresh_from_db()
    assert broken.slug.startswith("tag-")
    assert "articles_storytagtimeline" not in connection.introspection.table_names()
    if connection.vendor == "postgresql":
        assert timeline_triggers() == []
