# Issue #15, pictures: a perceptual hash on every photo (with the four indexed bands look-alikes are
# found by; existing photos get theirs from `manage.py fill_photo_hashes`, in batches), and a story's
# own crop and focal point for its lead photo.
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_story_social_secondary_sections")]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="hash_band_0",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="photo",
            name="hash_band_1",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="photo",
            name="hash_band_2",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="photo",
            name="hash_band_3",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="photo",
            name="perceptual_hash",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="What the picture looks like, in 128 bits: a re-encoded or resized copy has a close one.",
                max_length=32,
                verbose_name="perceptual hash",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="lead_photo_crop",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "The whole picture"),
                    ("16:9", "Wide (16:9)"),
                    ("4:3", "Classic (4:3)"),
                    ("1:1", "Square (1:1)"),
                    ("4:5", "Portrait (4:5)"),
                ],
                help_text="How the story page shows the lead photo.",
                max_length=5,
                verbose_name="lead photo crop",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="lead_photo_focal_x",
            field=models.FloatField(
                blank=True,
                help_text="For this story only; the photo's own focal point when empty.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1),
                ],
                verbose_name="lead photo focal point x",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="lead_photo_focal_y",
            field=models.FloatField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1),
                ],
                verbose_name="lead photo focal point y",
            ),
        ),
        migrations.AddIndex(
            model_name="photo",
            index=models.Index(fields=["hash_band_0"], name="photo_hash_band_0_idx"),
        ),
        migrations.AddIndex(
            model_name="photo",
            index=models.Index(fields=["hash_band_1"], name="photo_hash_band_1_idx"),
        ),
        migrations.AddIndex(
            model_name="photo",
            index=models.Index(fields=["hash_band_2"], name="photo_hash_band_2_idx"),
        ),
        migrations.AddIndex(
            model_name="photo",
            index=models.Index(fields=["hash_band_3"], name="photo_hash_band_3_idx"),
        ),
        migrations.AddConstraint(
            model_name="story",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("lead_photo_focal_x__isnull", True), ("lead_photo_focal_y__isnull", True)),
                    models.Q(
                        ("lead_photo_focal_x__gte", 0),
                        ("lead_photo_focal_x__lte", 1),
                        ("lead_photo_focal_y__gte", 0),
                        ("lead_photo_focal_y__lte", 1),
                    ),
                    _connector="OR",
                ),
                name="story_lead_focal_point_inside_image",
            ),
        ),
    ]
