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
    ]
