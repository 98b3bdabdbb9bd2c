"""A feed's key, for agency APIs that ask for one: sent as ``Authorization: Bearer`` or
``X-Api-Key``, only to the feed's own address."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_photo_updated_at")]

    operations = [
        migrations.AddField(
            model_name="agencyfeed",
            name="credential",
            field=models.CharField(blank=True, max_length=500, verbose_name="key"),
        ),
        migrations.AddField(
            model_name="agencyfeed",
            name="credential_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "No key"),
                    ("bearer", "Authorization: Bearer <key>"),
                    ("x-api-key", "X-Api-Key: <key>"),
                ],
                default="",
                help_text="For an agency API that asks for one (a partner's ninjs API takes X-Api-Key).",
                max_length=10,
                verbose_name="send a key as",
            ),
        ),
    ]
