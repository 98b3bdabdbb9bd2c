# Placeholder in the migration chain for issue #16; the engineer who owns it fills it in.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_live_coverage")]

    operations = []
