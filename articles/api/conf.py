"""The API's settings, each with its default, read when asked (tests change them)."""

from urllib.parse import urlsplit

from django.conf import settings


def anonymous_access():
    """Whether callers without a key may read the API (off unless the site says so)."""
    return bool(getattr(settings, "NEWSROOM_API_ANONYMOUS", False))


def anonymous_requests_per_minute():
    """What one address may ask without a key in a minute, when anonymous access is on."""
    return int(getattr(settings, "NEWSROOM_API_ANONYMOUS_RATE", 60))


def guid_namespace():
    """What every item's guid starts with: ``urn:newsroom:<site>``. Set once and never changed
    (partners know our stories by it); by default the host of ``NEWSROOM_SITE_URL``."""
    configured = getattr(settings, "NEWSROOM_API_GUID_NAMESPACE", "")
    if configured:
        return configured.rstrip(":")
    host = urlsplit(settings.NEWSROOM_SITE_URL).hostname or "localhost"
    return f"urn:newsroom:{host}"
