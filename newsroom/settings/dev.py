"""Local development: `make run`. A throwaway key, SQLite unless told otherwise, and the same pages
readers get in production: Django's debug pages (a 404 listing every URL pattern, 980 px wide on a
phone) only when a developer asks for them with ``DEBUG=1``."""

import os
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
STORAGES = {
    **STORAGES,  # noqa: F405
    # No collectstatic step for `make run`: serve the files as they are.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# With DEBUG off Django checks the Host header: the development server answers for the loopback
# names and for the host of NEWSROOM_SITE_URL, which ``make run`` sets from HOST and PORT.
_SITE_HOST = urlsplit(NEWSROOM_SITE_URL).hostname or "127.0.0.1"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"127.0.0.1,localhost,[::1],{_SITE_HOST}")
