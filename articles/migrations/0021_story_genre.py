# Placeholder in the migration chain for issue #17's article genres; the helper that owns it fills it in.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_photo_hash_crop_override")]

    operations = []
