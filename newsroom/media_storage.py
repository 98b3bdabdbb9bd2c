"""Where photos are kept, from two environment variables read by the settings.

``MEDIA_STORAGE_URL`` picks the storage of originals, renditions and the desk's previews:

- empty (the default) or ``file://``: the local folder ``MEDIA_ROOT``, through Django's
  ``FileSystemStorage``;
- ``s3://BUCKET[/PREFIX]?endpoint_url=...&region=...``: an S3-compatible bucket (AWS, MinIO, Ceph,
  Cloudflare R2...) through django-storages and boto3. Credentials are never part of the address:
  boto3 reads them from the standard ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` (and
  ``AWS_SESSION_TOKEN``) variables, a profile or the machine's role.

``MEDIA_URL`` is the address renditions are published under: ``/media/`` on the site itself, or a CDN
whose origin is this site (``https://cdn.example.com/media/``). Either way a rendition's first request
reaches Django, which makes it and stores it through the storage above (``articles.photos.delivery``);
only its path part routes requests here.
"""

from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL_FOLDER = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
# Query parameters of an s3:// address, as django-storages' S3Storage options.
S3_TEXT_OPTIONS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "custom_domain": "custom_domain",
    "addressing_style": "addressing_style",
    "signature_version": "signature_version",
    "default_acl": "default_acl",
    "url_protocol": "url_protocol",
}
S3_TRUE_OR_FALSE_OPTIONS = {"querystring_auth": "querystring_auth", "use_ssl": "use_ssl"}


def media_storage_from_url(url):
    """``STORAGES["default"]`` for ``MEDIA_STORAGE_URL`` (see the module's docstring)."""
    url = (url or "").strip()
    if not url or url == "file://":
        return dict(LOCAL_FOLDER)
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL {url!r}: use s3://bucket?endpoint_url=...&region=... or leave it empty "
            "for the local folder (MEDIA_ROOT)."
        )
    if parts.username or parts.password:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL carries no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL {url!r} names no bucket: s3://BUCKET?...")
    options = {
        # The bucket as written (urlsplit lower-cases hostname; bucket names are lower-case anyway).
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        # A name already taken is written over, never given a random suffix: the library names an
        # original by its content and a rendition by its recipe, so the same name means the same bytes.
        "file_overwrite": True,
    }
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name in S3_TEXT_OPTIONS:
            options[S3_TEXT_OPTIONS[name]] = value
        elif name in S3_TRUE_OR_FALSE_OPTIONS:
            options[S3_TRUE_OR_FALSE_OPTIONS[name]] = _true_or_false(name, value)
        else:
            known = ", ".join(sorted([*S3_TEXT_OPTIONS, *S3_TRUE_OR_FALSE_OPTIONS]))
            raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: unknown parameter {name!r} (known: {known}).")
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def media_url_origin(media_url):
    """``https://cdn.example.com`` for a MEDIA_URL on another host (the pages' pictures come from
    there, so the Content-Security-Policy must allow it), ``""`` for one on the site itself."""
    if not media_url.endswith("/"):
        raise ImproperlyConfigured(f"MEDIA_URL {media_url!r} must end with a slash.")
    parts = urlsplit(media_url)
    if not parts.netloc:
        return ""
    if parts.scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"MEDIA_URL {media_url!r}: use /media/ or https://host/media/.")
    return f"{parts.scheme}://{parts.netloc}"


def _true_or_false(name, value):
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: {name} must be true or false, not {value!r}.")
