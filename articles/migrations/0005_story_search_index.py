"""A GIN index over the weighted full-text vector that ``articles.search`` queries on PostgreSQL.

The expression must stay identical to ``articles.search.search_vector()`` or PostgreSQL will not use
the index; tests/test_search.py checks the query plan. SQLite has no full-text vector, so the index
is created on PostgreSQL only and the migration leaves no trace in the model state.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("headline", weight="A", config="english")
    + SearchVector("standfirst", weight="B", config="english")
    + SearchVector("body", weight="C", config="english"),
    name="story_search_vector_idx",
)


class AddIndexOnPostgreSQL(migrations.operations.base.Operation):
    reversible = True

    def __init__(self, model_name, index):
        self.model_name = model_name
        self.index = index

    def state_forwards(self, app_label, state):
        pass  # a database-only index: the models never mention it

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(to_state.apps.get_model(app_label, self.model_name), self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(from_state.apps.get_model(app_label, self.model_name), self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_story_redirects")]

    operations = [AddIndexOnPostgreSQL("story", INDEX)]
