"""Issue #16, the ninjs content API: partners' keys (stored as SHA-256 digests), with the sections
each may read and its requests a minute. Only those with the model's permissions manage them (no
newsroom group is granted any: issuing keys is an administrator's job)."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_live_coverage"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "partner",
                    models.CharField(
                        help_text="Who holds the key: a partner site, an app, a person.",
                        max_length=200,
                        verbose_name="partner",
                    ),
                ),
                (
                    "key_hash",
                    models.CharField(editable=False, max_length=64, unique=True, verbose_name="key digest"),
                ),
                (
                    "shown_as",
                    models.CharField(
                        editable=False,
                        help_text="The key's first characters, to tell keys apart.",
                        max_length=20,
                        verbose_name="key",
                    ),
                ),
                (
                    "every_section",
                    models.BooleanField(
                        default=False,
                        help_text="Every section's stories; otherwise only those of the sections below.",
                        verbose_name="every section",
                    ),
                ),
                (
                    "requests_per_minute",
                    models.PositiveIntegerField(
                        default=120,
                        help_text="More in one minute are refused (HTTP 429) until the next minute starts.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100000),
                        ],
                        verbose_name="requests per minute",
                    ),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True, help_text="The agreement, a contact, anything.", verbose_name="notes"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="issued"
                    ),
                ),
                (
                    "revoked_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="revoked"),
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
                        verbose_name="issued by",
                    ),
                ),
                (
                    "sections",
                    models.ManyToManyField(
                        blank=True,
                        help_text=(
                            "Stories filed in these sections or their subsections, or also listed there. "
                            "A key with no section and not “every section” reads nothing."
                        ),
                        related_name="api_keys",
                        to="articles.section",
                        verbose_name="sections",
                    ),
                ),
            ],
            options={
                "verbose_name": "API key",
                "verbose_name_plural": "API keys",
                "ordering": ["partner", "-created_at"],
            },
        ),
    ]
