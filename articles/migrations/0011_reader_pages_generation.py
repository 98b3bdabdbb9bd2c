"""Reader pages are keyed by a generation kept in the database; the stored story renderings go."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_wire_desk_permissions"),
    ]

    operations = [
        migrations.DeleteModel(name="StoryRendering"),
        migrations.RemoveField(model_name="story", name="page_version"),
        migrations.CreateModel(
            name="ReaderPagesGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0, verbose_name="generation")),
                ("advanced_at", models.DateTimeField(null=True, verbose_name="advanced at")),
            ],
            options={
                "verbose_name": "reader pages generation",
                "verbose_name_plural": "reader pages generation",
            },
        ),
    ]
