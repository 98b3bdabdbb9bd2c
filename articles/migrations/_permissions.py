"""For data migrations that grant permissions (not a migration: its name starts with "_").

Django creates a model's permissions after all migrations ran; a migration that grants one to a group
needs it to exist before. Earlier migrations carry their own copy of these lines (kept as they ran).
"""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps, app_label="articles"):
    """Create the permissions of ``app_label``'s models as they are at this migration."""
    app_config = apps.get_app_config(app_label)
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True  # create_permissions skips an app without a models module
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
