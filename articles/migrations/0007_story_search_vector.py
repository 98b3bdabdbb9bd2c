"""A stored full-text vector for search, kept current by a PostgreSQL trigger, with a GIN index.

Migration 0005 indexed an expression, so ranking had to compute ``to_tsvector`` again for every
matching row on each search. The vector is now a column: a ``BEFORE INSERT OR UPDATE`` trigger fills
it from the headline (weight A), standfirst (B) and body (C), so every way a row is written (the
admin, the importer, ``bulk_create``, raw SQL) keeps it current, and an update that leaves the text
alone keeps the stored vector without recomputing it. The GIN index takes over the old index's
name, and the expression index goes (it cost a second ``to_tsvector`` on every write).

SQLite has no full-text vector: there the column exists but stays empty, and nothing else is done.
"""

import django.contrib.postgres.search
from django.db import migrations

SEARCH_CONFIG = "english"

FUNCTION_SQL = f"""
CREATE FUNCTION articles_story_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.search_vector IS NOT NULL
       AND NEW.headline IS NOT DISTINCT FROM OLD.headline
       AND NEW.standfirst IS NOT DISTINCT FROM OLD.standfirst
       AND NEW.body IS NOT DISTINCT FROM OLD.body THEN
        NEW.search_vector := OLD.search_vector;
    ELSE
        NEW.search_vector :=
            setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(NEW.headline, '')), 'A')
            || setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(NEW.standfirst, '')), 'B')
            || setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(NEW.body, '')), 'C');
    END IF;
    RETURN NEW;
END
$$;
"""

FORWARDS = [
    # First, so that filling the column does not also recompute the old index's expression per row.
    "DROP INDEX IF EXISTS story_search_vector_idx;",
    FUNCTION_SQL,
    "CREATE TRIGGER articles_story_search_vector BEFORE INSERT OR UPDATE ON articles_story "
    "FOR EACH ROW EXECUTE FUNCTION articles_story_search_vector();",
    # The trigger fills the column of every existing story (its old value is NULL).
    "UPDATE articles_story SET search_vector = NULL;",
    "CREATE INDEX story_search_vector_idx ON articles_story USING gin (search_vector);",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS story_search_vector_idx;",
    "DROP TRIGGER IF EXISTS articles_story_search_vector ON articles_story;",
    "DROP FUNCTION IF EXISTS articles_story_search_vector();",
    # Migration 0005's expression index, as it was.
    "CREATE INDEX story_search_vector_idx ON articles_story USING gin (("
    f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(headline, '')), 'A') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(standfirst, '')), 'B') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(body, '')), 'C')));",
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
        ("articles", "0006_agency_feeds"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, null=True),
        ),
        RunSQLOnPostgreSQL(FORWARDS, BACKWARDS),
    ]
