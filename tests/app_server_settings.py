"""Production settings (newsroom/settings/production.py) as the application servers of
tests/test_app_servers.py run them: the same deployment, on plain HTTP at 127.0.0.1 and with static
files read from the app folders (no collectstatic step before a test). Everything else, the database,
the cache, the media storage and the purged Varnish, comes from the environment as in production."""

from newsroom.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Staff made by the test process have the test settings' fast MD5 hashes: the servers accept them too
# (after Django's own hashers, which a password set through these servers would use).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
