"""Issue #15's notes and notifications: notes the desk leaves on a story, and what tells a person to
look (a mention, a returned story, a story published by someone else, an edit lock taken over).

Every newsroom role may read and write notes on the stories it may see (the Reporter, Editor and Wire
desk groups get ``view_storynote`` and ``add_storynote``); a person's own notifications need no
permission. No one changes or deletes a note through the desk: the thread is the record.

Two partial indexes on stories serve the desk's dashboard (articles.admin.dashboard): running
embargoes, soonest first, and stories never published yet (the incoming wire among them).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

NOTE_PERMISSIONS = ["view_storynote", "add_storynote"]
GROUPS = ["Reporter", "Editor", "Wire desk"]


def note_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="articles", codename__in=NOTE_PERMISSIONS)
    )
    missing = set(NOTE_PERMISSIONS) - {permission.codename for permission in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing: {sorted(missing)}")
    return permissions


def grant_note_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the grants need them now.
    articles = apps.get_app_config("articles")
    models_module = getattr(articles, "models_module", None)
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = models_module
    Group = apps.get_model("auth", "Group")
    permissions = note_permissions(apps)
    for group_name in GROUPS:
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*permissions)


def revoke_note_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = note_permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_desk_locks_autosave"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("mention", "Mentioned you"),
                            ("returned", "Returned your story"),
                            ("published", "Published your story"),
                            ("lock_taken_over", "Took over your edit"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="text")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="for",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.story",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "ordering": ["-created_at", "-pk"],
                "get_latest_by": "created_at",
                "indexes": [
                    models.Index(
                        fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StoryNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=4000, verbose_name="note")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="written at"),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="replies",
                        to="articles.storynote",
                        verbose_name="reply to",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="articles.story",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "note",
                "verbose_name_plural": "notes",
                "ordering": ["created_at", "pk"],
                "get_latest_by": "created_at",
                "indexes": [models.Index(fields=["story", "created_at"], name="storynote_story_time_idx")],
            },
        ),
        migrations.RunPython(grant_note_permissions, revoke_note_permissions),
        # The dashboard's embargoes ending soon and incoming wire, without a scan of the archive.
        migrations.AddIndex(
            model_name="story",
            index=models.Index(
                condition=models.Q(("embargo_until__isnull", False)),
                fields=["embargo_until"],
                name="story_embargo_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="story",
            index=models.Index(
                condition=models.Q(("first_published_at__isnull", True)),
                fields=["-created_at"],
                name="story_unpublished_idx",
            ),
        ),
    ]
