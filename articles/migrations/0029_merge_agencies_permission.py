"""The Wire desk and editors may delete agencies, which merging two agencies into one does
(``articles.services.agencies``: the admin's "Merge into one agency"). An agency that still carries
stories or feeds cannot be deleted on its own (they protect it); merging moves them first."""

from django.db import migrations

from ._permissions import ensure_permissions

GROUPS = ("Wire desk", "Editor")


def delete_agency(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="articles", codename="delete_agency")


def grant(apps, schema_editor):
    ensure_permissions(apps)  # normally created after all migrations ran; the grant needs it now
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(delete_agency(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(delete_agency(apps))


class Migration(migrations.Migration):
    dependencies = [("articles", "0028_note_edited_at")]

    operations = [migrations.RunPython(grant, revoke)]
