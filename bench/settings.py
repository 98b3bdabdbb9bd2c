"""Production settings as gunicorn runs them, plus the baseline view the benchmark compares against."""

import os

os.environ.setdefault("SECRET_KEY", "bench-" + "k" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from newsroom.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
# Plain http on loopback: the benchmark's client does not follow HTTPS redirects.
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
