"""The search index's pending list at most 256 kB (PostgreSQL's default is 4 MB).

A GIN index with ``fastupdate`` (the default) adds new rows to a pending list that every search reads
in full until autovacuum or a filling list merges it into the index. A story's vector is about 7 KB,
so a few hundred new stories fill 4 MB; measured on the load test's database, a search that takes
0.2 ms with the list merged took 25 ms with 1,000 fresh stories in it. At 256 kB, the cost a wire desk's
stream of new stories adds to every search stays below a few milliseconds; each insert that fills the
list merges it, in batches still large enough for the importer.

SQLite has no GIN index: nothing is done there.
"""

from django.db import migrations

INDEX = "story_search_vector_idx"


def limit_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} SET (gin_pending_list_limit = 256)")


def default_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_api_keys")]

    operations = [migrations.RunPython(limit_pending_list, default_pending_list, elidable=False)]
