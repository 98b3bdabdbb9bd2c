# Issue #15: social title, description and image on stories (Open Graph and Twitter cards), and
# secondary sections (StorySection, with the story's publish_at for the section listings' index).
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_desk_notes_notifications")]

    operations = [
        migrations.AddField(
            model_name="story",
            name="social_description",
            field=models.CharField(
                blank=True,
                help_text="The SEO description or standfirst when empty.",
                max_length=320,
                verbose_name="social description",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="social_image",
            field=models.ForeignKey(
                blank=True,
                help_text="The lead photo when empty.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="social_image_of",
                to="articles.photo",
                verbose_name="social image",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="social_title",
            field=models.CharField(
                blank=True,
                help_text="The SEO title or headline when empty.",
                max_length=200,
                verbose_name="social title",
            ),
        ),
        migrations.CreateModel(
            name="StorySection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "publish_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="story's publication time"
                    ),
                ),
                (
                    "section",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="secondary_links",
                        to="articles.section",
                        verbose_name="section",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="secondary_links",
                        to="articles.story",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "secondary section",
                "verbose_name_plural": "secondary sections",
            },
        ),
        migrations.AddField(
            model_name="story",
            name="secondary_sections",
            field=models.ManyToManyField(
                blank=True,
                related_name="secondary_stories",
                through="articles.StorySection",
                to="articles.section",
                verbose_name="also in sections",
            ),
        ),
        migrations.AddIndex(
            model_name="storysection",
            index=models.Index(fields=["section", "-publish_at", "-story"], name="storysection_timeline_idx"),
        ),
        migrations.AddConstraint(
            model_name="storysection",
            constraint=models.UniqueConstraint(fields=("story", "section"), name="storysection_unique"),
        ),
    ]
