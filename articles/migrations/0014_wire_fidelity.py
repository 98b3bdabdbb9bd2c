"""Issue 13, wire fidelity: what the agency said about its copy (urgency, slugline, filing time, word
count, subjects) kept with it for the wire desk; two more feed formats; agency aliases."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_reader_pages_generations"),
    ]

    operations = [
        migrations.AddField(
            model_name="agencycopy",
            name="filed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="The agency's own time for its last version.",
                null=True,
                verbose_name="filed by the agency",
            ),
        ),
        migrations.AddField(
            model_name="agencycopy",
            name="slugline",
            field=models.CharField(blank=True, max_length=300, verbose_name="slugline"),
        ),
        migrations.AddField(
            model_name="agencycopy",
            name="subjects",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The codes and names the agency classified its copy with, as it sent them.",
                verbose_name="agency subjects",
            ),
        ),
        migrations.AddField(
            model_name="agencycopy",
            name="urgency",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="The agency's urgency or priority: 1 is a flash, 9 the least.",
                null=True,
                verbose_name="urgency",
            ),
        ),
        migrations.AddField(
            model_name="agencycopy",
            name="word_count",
            field=models.PositiveIntegerField(default=0, verbose_name="words"),
        ),
        migrations.AlterField(
            model_name="agencyfeed",
            name="format",
            field=models.CharField(
                choices=[
                    ("auto", "Detect from the content"),
                    ("rss", "RSS"),
                    ("atom", "Atom"),
                    ("newsml", "IPTC NewsML-G2"),
                    ("nitf", "IPTC NITF"),
                    ("ninjs", "IPTC ninjs"),
                    ("jsonfeed", "JSON Feed"),
                    ("iptc7901", "IPTC 7901 / ANPA 1312"),
                ],
                default="auto",
                max_length=10,
                verbose_name="format",
            ),
        ),
        migrations.CreateModel(
            name="AgencyAlias",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "value",
                    models.CharField(
                        help_text="As agencies write it: a name, a credit, a provider code such as “nprov:AP”.",
                        max_length=200,
                        verbose_name="name or code",
                    ),
                ),
                (
                    "normalised",
                    models.CharField(editable=False, max_length=200, unique=True, verbose_name="matched as"),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aliases",
                        to="articles.agency",
                        verbose_name="agency",
                    ),
                ),
            ],
            options={
                "verbose_name": "agency alias",
                "verbose_name_plural": "agency aliases",
                "ordering": ["agency", "value"],
            },
        ),
    ]
