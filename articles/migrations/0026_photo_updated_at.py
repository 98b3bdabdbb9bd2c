"""When a photo last changed (its caption, credit, rights...), so the API's item versions and
``updated_since`` follow a corrected caption. Existing photos start at their creation time: the
migration itself is not a change partners need to fetch again."""

from django.db import migrations, models
from django.db.models import F


def from_creation(apps, schema_editor):
    apps.get_model("articles", "Photo").objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0025_search_index_pending_list")]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last changed"),
        ),
        migrations.RunPython(from_creation, migrations.RunPython.noop, elidable=True),
    ]
