"""Issue #15's edit locks and autosaves: who has a story's form open (one lock per story), and what each
person typed but has not saved (one autosave per story and person, one per person for a new story)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_reader_pages_scoped_listings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EditLock",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "since",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="editing since"),
                ),
                (
                    "last_seen",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="tab last seen"),
                ),
                (
                    "story",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="edit_lock",
                        to="articles.story",
                        verbose_name="story",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="editing",
                    ),
                ),
            ],
            options={"verbose_name": "edit lock", "verbose_name_plural": "edit locks"},
        ),
        migrations.CreateModel(
            name="StoryAutosave",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "saved_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="autosaved at"),
                ),
                ("form_fields", models.JSONField(default=list, verbose_name="form fields")),
                (
                    "story",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for a story that has not been saved yet.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="autosaves",
                        to="articles.story",
                        verbose_name="story",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="typed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "autosave",
                "verbose_name_plural": "autosaves",
                "constraints": [
                    models.UniqueConstraint(fields=("story", "user"), name="autosave_one_per_story_and_user"),
                    models.UniqueConstraint(
                        condition=models.Q(("story__isnull", True)),
                        fields=("user",),
                        name="autosave_one_new_story_per_user",
                    ),
                ],
            },
        ),
    ]
