"""Each tag's stories by publication time (``StoryTagTimeline``), kept by PostgreSQL triggers.

A tag page lists a tag's stories newest first. Tagged items know nothing of a story's time, so the
page had to read and sort every story of the tag (2,000 of them in a 200,000-story archive); an index
on (tag, publication time) lets it read just the twenty it shows. The rows follow every write:

- a tagged item inserted, changed or deleted (admin, importer, ``bulk_create``, raw SQL) adds or
  removes its row, with the story's ``publish_at``;
- a story whose ``publish_at`` changes gets its rows rewritten; a deleted story loses them.

Only stories with a ``publish_at`` have rows; whether a story is published, embargoed or withdrawn
is still decided by ``Story.objects.published()`` when a page is read. On SQLite nothing is kept:
the table stays empty and tag pages read the tagged items instead (``articles.page_content``).
"""

from django.db import migrations, models

STORY_CONTENT_TYPE = "(SELECT id FROM django_content_type WHERE app_label = 'articles' AND model = 'story')"

FORWARDS = [
    f"""
CREATE FUNCTION articles_taggeditem_timeline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.content_type_id = {STORY_CONTENT_TYPE} THEN
        DELETE FROM articles_storytagtimeline WHERE tag_id = OLD.tag_id AND story_id = OLD.object_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.content_type_id = {STORY_CONTENT_TYPE} THEN
        INSERT INTO articles_storytagtimeline (tag_id, story_id, publish_at)
        SELECT NEW.tag_id, story.id, story.publish_at FROM articles_story story
        WHERE story.id = NEW.object_id AND story.publish_at IS NOT NULL
        ON CONFLICT (tag_id, story_id) DO UPDATE SET publish_at = EXCLUDED.publish_at;
    END IF;
    RETURN NULL;
END
$$;
""",
    "CREATE TRIGGER articles_taggeditem_timeline AFTER INSERT OR UPDATE OR DELETE ON taggit_taggeditem "
    "FOR EACH ROW EXECUTE FUNCTION articles_taggeditem_timeline();",
    f"""
CREATE FUNCTION articles_story_timeline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM articles_storytagtimeline WHERE story_id = OLD.id;
    IF TG_OP = 'UPDATE' AND NEW.publish_at IS NOT NULL THEN
        INSERT INTO articles_storytagtimeline (tag_id, story_id, publish_at)
        SELECT item.tag_id, NEW.id, NEW.publish_at FROM taggit_taggeditem item
        WHERE item.content_type_id = {STORY_CONTENT_TYPE} AND item.object_id = NEW.id
        ON CONFLICT (tag_id, story_id) DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
""",
    "CREATE TRIGGER articles_story_timeline_moved AFTER UPDATE OF publish_at ON articles_story "
    "FOR EACH ROW WHEN (OLD.publish_at IS DISTINCT FROM NEW.publish_at) "
    "EXECUTE FUNCTION articles_story_timeline();",
    "CREATE TRIGGER articles_story_timeline_deleted AFTER DELETE ON articles_story "
    "FOR EACH ROW EXECUTE FUNCTION articles_story_timeline();",
    # The stories tagged so far.
    f"""
INSERT INTO articles_storytagtimeline (tag_id, story_id, publish_at)
SELECT item.tag_id, story.id, story.publish_at
FROM taggit_taggeditem item JOIN articles_story story ON story.id = item.object_id
WHERE item.content_type_id = {STORY_CONTENT_TYPE} AND story.publish_at IS NOT NULL
ON CONFLICT (tag_id, story_id) DO NOTHING;
""",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS articles_story_timeline_deleted ON articles_story;",
    "DROP TRIGGER IF EXISTS articles_story_timeline_moved ON articles_story;",
    "DROP FUNCTION IF EXISTS articles_story_timeline();",
    "DROP TRIGGER IF EXISTS articles_taggeditem_timeline ON taggit_taggeditem;",
    "DROP FUNCTION IF EXISTS articles_taggeditem_timeline();",
]


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """Raw SQL that only PostgreSQL understands; other databases skip it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_story_search_vector"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryTagTimeline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("publish_at", models.DateTimeField()),
                (
                    "story",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="tag_timeline",
                        to="articles.story",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="taggit.tag",
                    ),
                ),
            ],
            options={
                "verbose_name": "tag timeline entry",
                "verbose_name_plural": "tag timeline",
                "indexes": [
                    models.Index(fields=["tag", "-publish_at", "-story"], name="story_tag_timeline_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("tag", "story"), name="story_tag_timeline_unique")
                ],
            },
        ),
        RunSQLOnPostgreSQL(FORWARDS, BACKWARDS),
    ]
