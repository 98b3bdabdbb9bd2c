from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_tagged_stories"),
    ]

    operations = [
        migrations.AddField(
            model_name="readerpagesgeneration",
            name="shown_objects",
            field=models.BigIntegerField(default=0, verbose_name="shown objects generation"),
        ),
        migrations.AddField(
            model_name="readerpagesgeneration",
            name="listings",
            field=models.BigIntegerField(default=0, verbose_name="listings generation"),
        ),
        migrations.AddField(
            model_name="readerpagesgeneration",
            name="story_pages_due_at",
            field=models.DateTimeField(null=True, verbose_name="story pages refresh due at"),
        ),
    ]
