"""The newsroom's roles as groups: Reporter, Editor and Wire desk, with the permissions each role needs.

Workflow rules (articles.workflow) read these permissions; the groups only bundle them. Models added
later (agency feeds) grant their own permissions to these groups in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ["view"]
WRITE = ["add", "change", "view"]
FULL = ["add", "change", "delete", "view"]

GROUP_PERMISSIONS = {
    "Reporter": {
        ("articles", "story"): WRITE + ["submit"],
        ("articles", "storyauthor"): FULL,
        ("articles", "storyphoto"): FULL,
        ("articles", "photo"): WRITE,
        ("articles", "correction"): VIEW,
        ("articles", "section"): VIEW,
        ("articles", "author"): VIEW,
        ("articles", "agency"): VIEW,
        ("articles", "revision"): VIEW,
        ("articles", "storytransition"): VIEW,
        ("taggit", "tag"): ["add", "view"],
    },
    "Editor": {
        ("articles", "story"): WRITE + ["submit", "review", "publish", "withdraw", "correct", "edit_any"],
        ("articles", "storyauthor"): FULL,
        ("articles", "storyphoto"): FULL,
        ("articles", "photo"): WRITE,
        ("articles", "correction"): WRITE,
        ("articles", "section"): WRITE,
        ("articles", "author"): WRITE,
        ("articles", "agency"): WRITE,
        ("articles", "revision"): VIEW,
        ("articles", "storytransition"): VIEW,
        ("taggit", "tag"): WRITE,
    },
    "Wire desk": {
        ("articles", "story"): VIEW,
        ("articles", "photo"): VIEW,
        ("articles", "agency"): WRITE,
        ("articles", "section"): VIEW,
        ("articles", "author"): VIEW,
        ("articles", "revision"): VIEW,
        ("articles", "storytransition"): VIEW,
        ("taggit", "tag"): VIEW,
    },
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for (app_label, model_name), actions in grants.items():
            codenames = [f"{action}_{model_name}" for action in actions]
            permissions = Permission.objects.filter(content_type__app_label=app_label,
                                                    content_type__model=model_name, codename__in=codenames)
            missing = set(codenames) - set(permissions.values_list("codename", flat=True))
            if missing:
                raise RuntimeError(f"Permissions missing for group {group_name}: {sorted(missing)}")
            group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
