from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "newsroom.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from newsroom import security  # noqa: F401  (connects the log-in failure counting)

        from .usernames import store_new_usernames_normalised

        pre_save.connect(
            store_new_usernames_normalised,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="accounts.store_new_usernames_normalised",
        )
