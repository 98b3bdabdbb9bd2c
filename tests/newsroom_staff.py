"""Staff users in the newsroom's roles, as the groups migration defines them."""

from builders import unique
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "correct horse battery staple"


def make_staff(group_name=None, *, username=None, superuser=False):
    user = get_user_model().objects.create_user(
        username=username or unique((group_name or "admin").lower().replace(" ", "-")),
        password=PASSWORD,
        is_staff=True,
        is_superuser=superuser,
    )
    if group_name:
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
