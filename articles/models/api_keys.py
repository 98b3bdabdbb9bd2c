"""Keys partners read the content API with (``articles.api``).

A key is a random token shown once, when it is issued; only its SHA-256 is stored, so a copy of the
database hands out no working key. Each key says which sections its partner may read and how many
requests a minute it may make; a revoked key is refused from the next request on.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "nr_"
# 32 random bytes: guessing is out of the question, so a fast hash is enough to store them by.
KEY_BYTES = 32
# What the admin shows of a key to tell keys apart: the prefix and the first characters.
SHOWN_CHARACTERS = len(KEY_PREFIX) + 6


def key_digest(key):
    """The stored form of ``key``: its SHA-256, in hex."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def issue(self, *, partner, by=None, **fields):
        """A new key for ``partner``: ``(api_key, token)``, the token being the key itself, which is
        not stored and cannot be shown again."""
        api_key = self.model(partner=partner, created_by=by, **fields)
        token = api_key.give_token()
        api_key.save()
        return api_key, token

    def matching(self, token):
        """The key whose token is ``token`` (revoked or not), or None. Found by its digest through
        the unique index; the digests are compared once more in constant time."""
        if not token or len(token) > 200:
            return None
        digest = key_digest(token)
        found = self.filter(key_hash=digest).first()
        if found is None or not hmac.compare_digest(found.key_hash, digest):
            return None
        return found


class ApiKey(models.Model):
    """A partner's key to the content API."""

    partner = models.CharField(
        _("partner"), max_length=200, help_text=_("Who holds the key: a partner site, an app, a person.")
    )
    key_hash = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    shown_as = models.CharField(
        _("key"),
        max_length=20,
        editable=False,
        help_text=_("The key's first characters, to tell keys apart."),
    )
    every_section = models.BooleanField(
        _("every section"),
        default=False,
        help_text=_("Every section's stories; otherwise only those of the sections below."),
    )
    sections = models.ManyToManyField(
        "articles.Section",
        verbose_name=_("sections"),
        blank=True,
        related_name="api_keys",
        help_text=_(
            "Stories filed in these sections or their subsections, or also listed there. A key with "
            "no section and not “every section” reads nothing."
        ),
    )
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("More in one minute are refused (HTTP 429) until the next minute starts."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("The agreement, a contact, anything."))
    created_at = models.DateTimeField(_("issued"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.partner} ({self.shown_as}…)"

    def give_token(self):
        """Make this (unsaved) key's token: only its digest and first characters are kept, the token
        itself is returned to be shown once."""
        token = KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)
        self.key_hash = key_digest(token)
        self.shown_as = token[:SHOWN_CHARACTERS]
        return token

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        """Refuse the key from the next request on (a revoked key stays listed, for the record)."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
