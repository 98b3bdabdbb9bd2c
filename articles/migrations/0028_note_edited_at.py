"""When a note's author last corrected it (its thread says "edited")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0027_feed_keys")]

    operations = [
        migrations.AddField(
            model_name="storynote",
            name="edited_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="edited at"),
        ),
    ]
