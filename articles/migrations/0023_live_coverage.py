"""Live coverage (#16): a story's live columns, its entries and their authors; reporters may post
entries, editors also run the coverage (start, end, approve, pin, correct, delete anyone's)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GRANTS = {
    "Reporter": ["post_live_entry"],
    "Editor": ["post_live_entry", "run_live_coverage"],
}


def live_permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)


def grant_live_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the grants need them now.
    articles = apps.get_app_config("articles")
    models_module = getattr(articles, "models_module", None)
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = models_module
    Group = apps.get_model("auth", "Group")
    for group_name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*live_permissions(apps, codenames))


def revoke_live_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*live_permissions(apps, GRANTS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_fronts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="coverage_ended_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="live coverage ended"
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="coverage_started_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="live coverage started"
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="key_points",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="A short summary at the top of the live page (sanitized HTML).",
                verbose_name="key points",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="live_entries_need_review",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="reporters' entries wait for an editor"
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="live_version",
            field=models.PositiveBigIntegerField(
                default=0, editable=False, verbose_name="live coverage version"
            ),
        ),
        migrations.CreateModel(
            name="LiveEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("time", models.DateTimeField(default=django.utils.timezone.now, verbose_name="time")),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="Optional; key events are listed by it.",
                        max_length=200,
                        verbose_name="title",
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="text")),
                (
                    "photo_caption",
                    models.TextField(
                        blank=True,
                        help_text="For this entry only; the photo's own caption when empty.",
                        verbose_name="picture caption",
                    ),
                ),
                (
                    "embed_url",
                    models.URLField(
                        blank=True,
                        help_text="The address of a video or social post to embed.",
                        max_length=500,
                        verbose_name="embed",
                    ),
                ),
                ("pinned", models.BooleanField(default=False, verbose_name="key event")),
                (
                    "status",
                    models.CharField(
                        choices=[("published", "Published"), ("awaiting_review", "Awaiting review")],
                        default="published",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "version",
                    models.PositiveBigIntegerField(default=0, editable=False, verbose_name="version"),
                ),
                (
                    "corrected_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="corrected"),
                ),
                ("correction_note", models.TextField(blank=True, editable=False, verbose_name="correction")),
                (
                    "deleted_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="deleted"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="posted"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="posted by",
                    ),
                ),
                (
                    "photo",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="live_entries",
                        to="articles.photo",
                        verbose_name="picture",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="live_entries",
                        to="articles.story",
                        verbose_name="story",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="last changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "live entry",
                "verbose_name_plural": "live entries",
                "ordering": ["-time", "-pk"],
                "permissions": [
                    ("post_live_entry", "Can post entries to a live story"),
                    (
                        "run_live_coverage",
                        "Can start and end live coverage, approve, pin, correct and delete anyone's entries",
                    ),
                ],
                "get_latest_by": "time",
            },
        ),
        migrations.CreateModel(
            name="LiveEntryAuthor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="live_bylines",
                        to="articles.author",
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bylines",
                        to="articles.liveentry",
                    ),
                ),
            ],
            options={
                "verbose_name": "entry author",
                "verbose_name_plural": "entry authors",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.AddField(
            model_name="liveentry",
            name="authors",
            field=models.ManyToManyField(
                blank=True,
                related_name="live_entries",
                through="articles.LiveEntryAuthor",
                to="articles.author",
                verbose_name="authors",
            ),
        ),
        migrations.AddConstraint(
            model_name="liveentryauthor",
            constraint=models.UniqueConstraint(fields=("entry", "author"), name="liveentryauthor_unique"),
        ),
        migrations.AddIndex(
            model_name="liveentry",
            index=models.Index(fields=["story", "-time"], name="liveentry_story_time_idx"),
        ),
        migrations.AddIndex(
            model_name="liveentry",
            index=models.Index(fields=["story", "version"], name="liveentry_story_version_idx"),
        ),
        migrations.AddConstraint(
            model_name="liveentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("photo__isnull", True), ("embed_url", ""), _connector="OR"),
                name="liveentry_picture_or_embed",
            ),
        ),
        migrations.RunPython(grant_live_permissions, revoke_live_permissions),
    ]
