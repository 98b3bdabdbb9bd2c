"""The wire desk's permissions on the models added after the groups were (agency feeds, 0006).

0006 added agency feeds, feed mappings and agency copy without granting them to any group, so the
Wire desk could not open the pages of its own job; the agency copy list was open to anyone allowed
to change stories instead (reporters included) through the admin's own check, now narrowed to these
permissions (``articles/admin/feeds.py``). After this migration, per the README's roles:

- Wire desk: configures agency feeds and their mappings, and reads the incoming agency copy.
- Editor: reads agency copy and applies waiting agency versions to stories (``change``).
- Reporter: none of them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Wire desk": {
        "agencyfeed": ["add", "change", "delete", "view"],
        "feedmapping": ["add", "change", "delete", "view"],
        "agencycopy": ["view"],
    },
    "Editor": {
        "agencycopy": ["change", "view"],
    },
}


def permissions_for(apps, grants):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model_name}" for model_name, actions in grants.items() for action in actions]
    permissions = list(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    missing = set(codenames) - {permission.codename for permission in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing: {sorted(missing)}")
    return permissions


def grant_desk_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the grants need them now.
    articles = apps.get_app_config("articles")
    models_module = getattr(articles, "models_module", None)
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = models_module
    Group = apps.get_model("auth", "Group")
    for group_name, grants in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*permissions_for(apps, grants))


def revoke_desk_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*permissions_for(apps, GRANTS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_story_renderings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_desk_permissions, revoke_desk_permissions)]
