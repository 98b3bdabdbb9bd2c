import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="LoginFailure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address_key", models.CharField(max_length=64, verbose_name="address key")),
                ("username_key", models.CharField(max_length=64, verbose_name="user name key")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
            ],
            options={
                "verbose_name": "failed log-in",
                "verbose_name_plural": "failed log-ins",
                "ordering": ["-at"],
                "get_latest_by": "at",
                "indexes": [
                    models.Index(fields=["address_key", "at"], name="login_failure_address"),
                    models.Index(fields=["username_key", "at"], name="login_failure_username"),
                    models.Index(fields=["at"], name="login_failure_at"),
                ],
            },
        ),
    ]
