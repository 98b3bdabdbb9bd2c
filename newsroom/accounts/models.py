from datetime import timedelta

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginFailureQuerySet(models.QuerySet):
    def since(self, seconds):
        return self.filter(at__gte=timezone.now() - timedelta(seconds=seconds))

    def counts(self, *, address_key, username_key):
        """Failures from this address and for this user name: one query over both indexes."""
        return self.filter(Q(address_key=address_key) | Q(username_key=username_key)).aggregate(
            from_address=Count("pk", filter=Q(address_key=address_key)),
            for_username=Count("pk", filter=Q(username_key=username_key)),
        )


class LoginFailure(models.Model):
    """One failed staff log-in. Kept in the database, not the cache, so the lock holds (and the
    log-in page works) while the cache server is down. Both keys are keyed hashes: the table never
    holds an address or what someone typed as a user name (sometimes a password)."""

    address_key = models.CharField(_("address key"), max_length=64)
    username_key = models.CharField(_("user name key"), max_length=64)
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        verbose_name = _("failed log-in")
        verbose_name_plural = _("failed log-ins")
        ordering = ["-at"]
        get_latest_by = "at"
        indexes = [
            models.Index(fields=["address_key", "at"], name="login_failure_address"),
            models.Index(fields=["username_key", "at"], name="login_failure_username"),
            models.Index(fields=["at"], name="login_failure_at"),  # pruning old rows
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S}"
