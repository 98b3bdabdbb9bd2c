# The story's genre (#17): news by default; the others are labelled for readers and typed in JSON-LD.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_photo_hash_crop_override")]

    operations = [
        migrations.AddField(
            model_name="story",
            name="genre",
            field=models.CharField(
                choices=[
                    ("news", "News"),
                    ("report", "Ground report"),
                    ("analysis", "Analysis"),
                    ("explainer", "Explainer"),
                    ("opinion", "Opinion"),
                    ("review", "Review"),
                ],
                default="news",
                help_text=(
                    "Opinion, analysis, reviews and the rest are labelled for readers above the headline "
                    "and on every card; news is not."
                ),
                max_length=20,
                verbose_name="genre",
            ),
        ),
        migrations.AlterField(
            model_name="story",
            name="kicker",
            field=models.CharField(
                blank=True,
                help_text="A word or two above the headline, e.g. “Geneva talks”.",
                max_length=100,
                verbose_name="kicker",
            ),
        ),
    ]
