"""Ingest limits, read from Django settings when asked (never at import), with safe defaults.

Parsers and transports are usable without a configured Django project (scripts, benchmarks): an
unconfigured project simply gets the defaults.
"""

from django.core.exceptions import ImproperlyConfigured

DEFAULTS = {
    # A feed of 50 MB must import; anything far beyond is more likely a mistake or an attack.
    "INGEST_MAX_DOCUMENT_BYTES": 64 * 1024 * 1024,
    "INGEST_MAX_PHOTO_BYTES": 40 * 1024 * 1024,
    "INGEST_HTTP_TIMEOUT": 20.0,
    # The whole fetch, redirects included: a server dripping a byte every few seconds never trips
    # the per-read timeout above, and must not hold an ingest run for hours.
    "INGEST_HTTP_DEADLINE": 120.0,
    "INGEST_MAX_REDIRECTS": 5,
    "INGEST_ALLOW_PRIVATE_URLS": False,
    # Internal feed servers allowed by name ("feeds.intranet" or "10.0.0.5:8080") while every other
    # private address stays refused, redirect targets included.
    "INGEST_ALLOWED_PRIVATE_HOSTS": (),
}


def setting(name):
    from django.conf import settings

    try:
        return getattr(settings, name, DEFAULTS[name])
    except ImproperlyConfigured:
        return DEFAULTS[name]


def max_document_bytes():
    return int(setting("INGEST_MAX_DOCUMENT_BYTES"))


def max_photo_bytes():
    return int(setting("INGEST_MAX_PHOTO_BYTES"))


def http_timeout():
    return float(setting("INGEST_HTTP_TIMEOUT"))


def max_redirects():
    return int(setting("INGEST_MAX_REDIRECTS"))


def private_urls_allowed():
    value = setting("INGEST_ALLOW_PRIVATE_URLS")
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def http_deadline():
    return float(setting("INGEST_HTTP_DEADLINE"))


def allowed_private_hosts():
    value = setting("INGEST_ALLOWED_PRIVATE_HOSTS")
    if isinstance(value, str):
        value = value.split(",")
    return {host.strip().lower() for host in value if host.strip()}
