from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .usernames import normalise_username


class NormalisedUsernameBackend(ModelBackend):
    """Django's model backend, finding the account by the normalised user name.

    The log-in lock counts failures by the normalised name, so log-in must mean the same account by
    it: ``ＲＥＰＯＲＴＥＲ`` is ``reporter`` for both. An account stored before names were normalised
    (mixed case) is still found by its exact name; its failures are counted by the normalised one.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = self.user_for_login_name(username)
        if user is None:
            # Hash the password anyway, as ModelBackend does, so timing does not tell which names exist.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    async def aauthenticate(self, request, username=None, password=None, **kwargs):
        return await sync_to_async(self.authenticate)(request, username, password, **kwargs)

    def user_for_login_name(self, username):
        manager = get_user_model()._default_manager
        for name in dict.fromkeys([normalise_username(username), username]):
            try:
                return manager.get_by_natural_key(name)
            except manager.model.DoesNotExist:
                continue
        return None
