"""Stories' tags move to their own table (``TaggedStory``, taggit's custom ``through`` model), which
carries each story's publication time; the timeline and its PostgreSQL triggers (0008) go.

In order, so that no trigger fires for each copied or deleted row: the triggers are dropped, the
timeline table goes, the new table is created and filled from taggit's generic tagged items of
stories (one ``INSERT ... SELECT``), those items are deleted, then the indexes are built. Tags whose
slug is empty (a name of symbols only) get the address ``articles.models.tags`` gives such tags now.

Reversible: backwards, the tagged items are copied back and 0008's timeline, triggers and rows are
made again.
"""

import hashlib
import importlib

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models

TIMELINE = importlib.import_module("articles.migrations.0008_story_tag_timeline")


def drop_timeline_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in TIMELINE.BACKWARDS:
            schema_editor.execute(statement)


def create_timeline_triggers(apps, schema_editor):
    # 0008's own statements, the filling of the timeline from the tagged items included.
    if schema_editor.connection.vendor == "postgresql":
        for statement in TIMELINE.FORWARDS:
            schema_editor.execute(statement)


def _story_content_type(apps, *, create=False):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    if create:
        return content_types.get_or_create(app_label="articles", model="story")[0]
    # None on a database that has never had a story: there are no tagged items of stories either.
    return content_types.filter(app_label="articles", model="story").first()


def copy_to_tagged_stories(apps, schema_editor):
    content_type = _story_content_type(apps)
    if content_type is None:
        return
    item = apps.get_model("taggit", "TaggedItem")
    tagged_story = apps.get_model("articles", "TaggedStory")
    story = apps.get_model("articles", "Story")
    # The join leaves out items whose story no longer exists (a generic key has no cascade).
    schema_editor.execute(
        f"INSERT INTO {tagged_story._meta.db_table} (tag_id, content_object_id, publish_at) "
        f"SELECT item.tag_id, story.id, story.publish_at FROM {item._meta.db_table} item "
        f"JOIN {story._meta.db_table} story ON story.id = item.object_id "
        f"WHERE item.content_type_id = %s",
        [content_type.pk],
    )
    item.objects.filter(content_type_id=content_type.pk).delete()


def copy_to_tagged_items(apps, schema_editor):
    tagged_story = apps.get_model("articles", "TaggedStory")
    if not tagged_story.objects.exists():
        return
    content_type = _story_content_type(apps, create=True)
    item = apps.get_model("taggit", "TaggedItem")
    schema_editor.execute(
        f"INSERT INTO {item._meta.db_table} (tag_id, object_id, content_type_id) "
        f"SELECT tag_id, content_object_id, %s FROM {tagged_story._meta.db_table}",
        [content_type.pk],
    )


def fallback_slug(name, taken):
    # A frozen copy of articles.models.tags.fallback_tag_slug, as a migration must not follow the
    # code as it changes.
    base = "tag-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def fill_empty_tag_slugs(apps, schema_editor):
    tags = apps.get_model("taggit", "Tag").objects
    unusable = list(tags.filter(slug=""))
    if not unusable:
        return
    taken = set(tags.filter(slug__startswith="tag-").values_list("slug", flat=True))
    for tag in unusable:
        tag.slug = fallback_slug(tag.name, taken)
        taken.add(tag.slug)
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_reader_pages_generation"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(drop_timeline_triggers, create_timeline_triggers),
        migrations.DeleteModel(name="StoryTagTimeline"),
        migrations.CreateModel(
            name="TaggedStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "publish_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="story's publication time"
                    ),
                ),
                (
                    "content_object",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="articles.story",
                        verbose_name="story",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_stories",
                        to="taggit.tag",
                        verbose_name="tag",
                    ),
                ),
            ],
            options={
                "verbose_name": "tagged story",
                "verbose_name_plural": "tagged stories",
            },
        ),
        migrations.RunPython(copy_to_tagged_stories, copy_to_tagged_items),
        migrations.AlterField(
            model_name="story",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="articles.TaggedStory",
                to="taggit.Tag",
                verbose_name="tags",
            ),
        ),
        # Built after the copy: one pass over the filled table rather than an update per row.
        migrations.AddIndex(
            model_name="taggedstory",
            index=models.Index(
                fields=["tag", "-publish_at", "-content_object"], name="taggedstory_tag_timeline_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="taggedstory",
            constraint=models.UniqueConstraint(fields=("content_object", "tag"), name="taggedstory_unique"),
        ),
        migrations.RunPython(fill_empty_tag_slugs, migrations.RunPython.noop),
    ]
