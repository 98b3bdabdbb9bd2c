# Placeholder in the migration chain for issue #15's desk work; the helper that owns it fills it in.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_desk_locks_autosave")]

    operations = []
