"""Issue #16, curated fronts: a front for the home page and for each section, its versions (draft,
scheduled, live, past) with the stories pinned to their slots, and the breaking-news banner.

Editors get ``change_front`` (and ``view_front``) to arrange fronts, and may add, change and delete
banners; reporters and the wire desk get neither (the admin refuses them on the server).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import articles.models.fronts

GRANTS = {"Editor": {"front": ["view", "change"], "breakingnewsbanner": ["add", "change", "delete", "view"]}}


def front_permissions(apps, grants):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model_name}" for model_name, actions in grants.items() for action in actions]
    permissions = list(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    missing = set(codenames) - {permission.codename for permission in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing: {sorted(missing)}")
    return permissions


def grant_front_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the grants need them now.
    articles = apps.get_app_config("articles")
    models_module = getattr(articles, "models_module", None)
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = models_module
    Group = apps.get_model("auth", "Group")
    for group_name, grants in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*front_permissions(apps, grants))


def revoke_front_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*front_permissions(apps, GRANTS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_story_genre"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Front",
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
                        choices=[("home", "Home page"), ("section", "Section")],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "pages_retired_at",
                    models.DateTimeField(editable=False, null=True, verbose_name="pages retired at"),
                ),
                (
                    "section",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="front",
                        to="articles.section",
                        verbose_name="section",
                    ),
                ),
            ],
            options={
                "verbose_name": "front",
                "verbose_name_plural": "fronts",
            },
        ),
        migrations.CreateModel(
            name="FrontVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("scheduled", "Scheduled"),
                            ("live", "Live"),
                            ("past", "Past"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("go_live_at", models.DateTimeField(blank=True, null=True, verbose_name="goes live at")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "front",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="articles.front",
                        verbose_name="front",
                    ),
                ),
                (
                    "released_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="published or scheduled by",
                    ),
                ),
                (
                    "restored_from",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.frontversion",
                        verbose_name="restored from",
                    ),
                ),
            ],
            options={
                "verbose_name": "front version",
                "verbose_name_plural": "front versions",
                "ordering": ["-number"],
                "get_latest_by": "number",
            },
        ),
        migrations.CreateModel(
            name="FrontPin",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slot", models.CharField(max_length=30, verbose_name="slot")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="pinned until")),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.story",
                        verbose_name="story",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pins",
                        to="articles.frontversion",
                        verbose_name="version",
                    ),
                ),
            ],
            options={
                "verbose_name": "pinned story",
                "verbose_name_plural": "pinned stories",
                "ordering": ["slot", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="BreakingNewsBanner",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=200, verbose_name="text")),
                (
                    "link",
                    models.CharField(
                        blank=True,
                        help_text="Where the banner leads: a story's address on this site, or https://…",
                        max_length=500,
                        validators=[articles.models.fronts.validate_banner_link],
                        verbose_name="link",
                    ),
                ),
                (
                    "expires_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Empty: until you switch it off.",
                        null=True,
                        verbose_name="runs until",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="showing")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
            ],
            options={
                "verbose_name": "breaking-news banner",
                "verbose_name_plural": "breaking-news banners",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["is_active", "expires_at"], name="banner_running_idx")],
            },
        ),
        migrations.AddConstraint(
            model_name="front",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "home")), fields=("kind",), name="front_one_home"
            ),
        ),
        migrations.AddConstraint(
            model_name="front",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "home"), ("section__isnull", True)),
                    models.Q(("kind", "section"), ("section__isnull", False)),
                    _connector="OR",
                ),
                name="front_home_or_one_section",
            ),
        ),
        migrations.AddIndex(
            model_name="frontversion",
            index=models.Index(fields=["front", "status", "-go_live_at"], name="frontversion_shown_idx"),
        ),
        migrations.AddConstraint(
            model_name="frontversion",
            constraint=models.UniqueConstraint(fields=("front", "number"), name="frontversion_unique_number"),
        ),
        migrations.AddConstraint(
            model_name="frontversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")), fields=("front",), name="frontversion_one_draft"
            ),
        ),
        migrations.AddConstraint(
            model_name="frontversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "live")), fields=("front",), name="frontversion_one_live"
            ),
        ),
        migrations.AddConstraint(
            model_name="frontversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "draft"), ("go_live_at__isnull", False), _connector="OR"),
                name="frontversion_released_has_time",
            ),
        ),
        migrations.AddConstraint(
            model_name="frontpin",
            constraint=models.UniqueConstraint(fields=("version", "story"), name="frontpin_story_once"),
        ),
        migrations.RunPython(grant_front_permissions, revoke_front_permissions),
    ]
