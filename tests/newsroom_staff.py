"""Staff users in the newsroom's roles, as the groups migration defines them."""

import importlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.builders import unique

PASSWORD = "correct horse battery staple"


# The migrations that give the groups their permissions, in order: the groups, then later grants.
GROUP_MIGRATIONS = [
    ("articles.migrations.0003_newsroom_groups", "create_groups"),
    ("articles.migrations.0010_wire_desk_permissions", "grant_desk_permissions"),
    ("articles.migrations.0018_desk_notes_notifications", "grant_note_permissions"),
    ("articles.migrations.0022_fronts", "grant_front_permissions"),
    ("articles.migrations.0023_live_coverage", "grant_live_permissions"),
]


def restore_newsroom_groups():
    """Tests with ``transaction=True`` empty every table afterwards, groups included; later
    transactional tests (live_server, browser) put them back with the migrations' own code."""
    if not Group.objects.filter(name="Reporter").exists():
        for module, function in GROUP_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)


def make_staff(group_name=None, *, username=None, superuser=False):
    user = get_user_model().objects.create_user(
        username=username or unique((group_name or "admin").lower().replace(" ", "-")),
        password=PASSWORD,
        is_staff=True,
        is_superuser=superuser,
    )
    if group_name:
        restore_newsroom_groups()
        user.groups.add(Group.objects.get(name=group_name))
    return user


def make_reporter(**kwargs):
    return make_staff("Reporter", **kwargs)


def make_editor(**kwargs):
    return make_staff("Editor", **kwargs)


def make_wire_desk(**kwargs):
    return make_staff("Wire desk", **kwargs)


def make_superuser(**kwargs):
    return make_staff(None, superuser=True, **kwargs)
