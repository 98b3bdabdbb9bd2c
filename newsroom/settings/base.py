"""Settings shared by every environment.

Everything that differs between machines comes from the environment; the README lists each
variable. Environment-specific modules import this one and override what they must.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.db_router import replica_database
from newsroom.media_storage import media_storage_from_url, media_url_origin

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def cache_from_url(url):
    """Translate CACHE_URL into Django's CACHES entry: locmem:// (default), redis://, dummy://."""
    if not url or url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            # Passed to redis-py's connection pool: a stopped or stalled (CLIENT PAUSE, a full
            # network queue) server costs a request this long, not a hung worker.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("CACHE_TIMEOUT", "0.25")),
            },
        }
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL {url!r}: use locmem://, redis://host:port/db or dummy://.")


# EMAIL_URL's schemes: Django's SMTP backend plain, with STARTTLS or over TLS, and its test backends.
EMAIL_SCHEMES = {
    "smtp": ("smtp", {}),
    "submission": ("smtp", {"EMAIL_USE_TLS": True}),
    "smtp+tls": ("smtp", {"EMAIL_USE_TLS": True}),
    "smtps": ("smtp", {"EMAIL_USE_SSL": True}),
    "smtp+ssl": ("smtp", {"EMAIL_USE_SSL": True}),
    "console": ("console", {}),
    "locmem": ("locmem", {}),
    "dummy": ("dummy", {}),
}
EMAIL_DEFAULT_PORTS = {"smtp": 25, "submission": 587, "smtp+tls": 587, "smtps": 465, "smtp+ssl": 465}


def email_from_url(url):
    """Translate EMAIL_URL into Django's email settings: smtp://user:password@host:port (plain),
    submission:// or smtp+tls:// (STARTTLS), smtps:// or smtp+ssl:// (TLS), console://, locmem://,
    dummy://. Empty: no email is sent (notifications stay on the dashboard). A few lines of our own
    instead of dj-email-url, which has not been released since 2022."""
    if not url:
        return {}
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL's scheme {parts.scheme!r}: use smtp://, submission://, smtps://, console:// or locmem://."
        )
    backend, security = EMAIL_SCHEMES[parts.scheme]
    email = {"EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend", **security}
    if backend == "smtp":
        if not parts.hostname:
            raise ImproperlyConfigured("EMAIL_URL needs a host name, e.g. smtp://mail.example.org:25.")
        email.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=parts.port or EMAIL_DEFAULT_PORTS[parts.scheme],
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        )
    return email


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "newsroom.admin_site.NewsroomAdminConfig",  # Django's admin, with the desk dashboard as its index
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "csp",
    "django_prose_editor",
    "articles",
    "newsroom.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached reader pages are answered here, before everything below: sessions, CSRF, authentication
    # and messages, which a reader page does not need, and the CSP middleware, whose header is kept
    # with the page (reader pages use no nonces; building the policy was 40 % of a cached hit).
    "articles.reader.cache.ReaderPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.security.AdminScriptHashMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.security.LoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.reader.context_processors.site",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL says otherwise (postgres://user@host:port/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run small indexed queries; PostgreSQL's JIT compiler, which starts on a query's cost
    # *estimate*, spent seconds compiling some of them (measured by bench: 2.5 s on one page).
    # Prepared statements keep PostgreSQL's own plan_cache_mode (auto: a generic plan after five runs
    # when it costs no more than the custom ones). Planning each run for its values instead
    # (force_custom_plan) was most of the database's time on a page: in-process on the 200,000-story
    # bench archive, a story page took 15.1 ms that way and 9.0 ms with auto, an older story's
    # 14.5 and 10.1, the home page 53 and 35, a section 20.8 and 14.0 (the blocks around a story
    # are one statement of a dozen index walks, 1.3-2.2 ms to plan and 0.3-0.8 ms to run).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Parameters bound by the server, and a query that a connection runs a second time prepared:
    # planning was most of the database's time on a page (0.65 of 0.8 ms for the story query),
    # and the same few queries run on every page. Behind PgBouncer in transaction mode, set
    # DATABASE_PREPARED_STATEMENTS=false (prepared statements belong to one server connection).
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=2)
        DATABASES["default"]["ENGINE"] = "newsroom.db.postgresql"  # bulk writes sized for it
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once: the scheduler and the web server share the file.
    # A transaction takes the write lock when it begins (IMMEDIATE): one that began reading and then
    # writes would otherwise fail at once, without waiting, while another process writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

# Reader pages read from a PostgreSQL replica when DATABASE_REPLICA_URL names one (its own connection
# parameters in the address: ?application_name=...&options=...); writes, the admin, the API and the
# commands use the primary (newsroom/db_router.py says why the lag must stay short).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = replica_database(DATABASES["default"], DATABASE_REPLICA_URL)
    DATABASE_ROUTERS = ["newsroom.db_router.ReaderPagesOnReplica"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("articles.reader.cache.ReaderPageCacheMiddleware"),
        "newsroom.db_router.ReaderPagesOnReplicaMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}

# Email, only for notifications (a mention, a returned or published story, a lock taken over): sent
# after the change is committed; a failure is logged and never fails the save. No EMAIL_URL: none sent.
EMAIL_URL = os.environ.get("EMAIL_URL", "").strip()
globals().update(email_from_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
# A stalled mail server holds the request that triggered the email this long at most.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "5"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
# Times are stored in UTC and shown to readers and editors in the newsroom's own zone.
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Photos: originals, renditions and the desk's previews in the local folder MEDIA_ROOT, or in an
# S3-compatible bucket named by MEDIA_STORAGE_URL; renditions published under MEDIA_URL, this site's
# /media/ or a CDN in front of it (newsroom/media_storage.py).
MEDIA_URL = os.environ.get("MEDIA_URL", "").strip() or "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "").strip()
STORAGES = {
    "default": media_storage_from_url(MEDIA_STORAGE_URL),
    "staticfiles": {"BACKEND": "newsroom.static_storage.StaticFilesStorage"},
}

# Photo desk. Uploads above these limits are refused with a clear message: bytes protect storage
# and memory, pixels protect against decompression bombs (a small file that decodes to gigabytes).
PHOTO_MAX_UPLOAD_BYTES = int(os.environ.get("PHOTO_MAX_UPLOAD_BYTES", 40 * 1024 * 1024))
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", 60_000_000))
# Editors are warned this many days before a photo's usage rights expire.
PHOTO_EXPIRY_WARNING_DAYS = int(os.environ.get("PHOTO_EXPIRY_WARNING_DAYS", 7))

# Working together on a story. The edit lock lapses after this many seconds without a sign from the
# editor's tab, which sends one every NEWSROOM_EDIT_LOCK_HEARTBEAT_SECONDS (a closed laptop lets go);
# what an editor types is autosaved every NEWSROOM_AUTOSAVE_SECONDS.
NEWSROOM_EDIT_LOCK_SECONDS = int(os.environ.get("NEWSROOM_EDIT_LOCK_SECONDS", 120))
NEWSROOM_EDIT_LOCK_HEARTBEAT_SECONDS = int(os.environ.get("NEWSROOM_EDIT_LOCK_HEARTBEAT_SECONDS", 30))
NEWSROOM_AUTOSAVE_SECONDS = int(os.environ.get("NEWSROOM_AUTOSAVE_SECONDS", 30))
if not 0 < NEWSROOM_EDIT_LOCK_HEARTBEAT_SECONDS < NEWSROOM_EDIT_LOCK_SECONDS:
    raise ImproperlyConfigured(
        "NEWSROOM_EDIT_LOCK_HEARTBEAT_SECONDS must be more than 0 and less than NEWSROOM_EDIT_LOCK_SECONDS."
    )

LOGIN_URL = "admin:login"
# Log-in finds the account by its normalised name (NFKC, case-folded, stripped), the same name the
# log-in lock counts failures by, so a look-alike spelling is the same account under the same lock.
AUTHENTICATION_BACKENDS = ["newsroom.accounts.backends.NormalisedUsernameBackend"]
# Sessions in the database, never the cache: staff stay logged in while the cache server is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The story body's own editor extensions (django-prose-editor loads a group's module for the fields
# that enable one of its extensions). The body is sanitized by articles.sanitize.clean_html, not by the
# package's allow-list, so the tags named here only describe what each extension writes.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("admin/js/editor_blocks.js")],
        "extensions": {
            "PullQuote": html_tags(["aside"], {"aside": ["data-embed"]}),
            "FactBox": html_tags(["aside"], {"aside": ["data-embed"]}),
            "PostEmbed": html_tags(["figure"], {"figure": ["data-embed", "data-provider", "data-url"]}),
        },
    },
    {"js": [static_lazy("admin/js/office_paste.js")], "extensions": {"OfficePaste": html_tags([])}},
    {
        # "Insert picture": a library picture, chosen with the photo chooser (admin/js/photo_chooser.js).
        "js": [static_lazy("admin/js/prose_photo_embed.js")],
        "extensions": {
            "PhotoEmbed": html_tags(["figure"], {"figure": ["data-embed", "data-photo", "data-caption"]}),
        },
    },
]

# Content-Security-Policy (django-csp): our own scripts only; inline scripts need a nonce or, in
# the admin, a known hash (newsroom.security). JSON-LD blocks are data and are not executed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if media_url_origin(MEDIA_URL):  # renditions from a CDN host
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(media_url_origin(MEDIA_URL))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Admin log-in: this many failures from one address or for one user name lock it for the window.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", "900"))
# How many reverse proxies (nginx, a load balancer) stand in front of the application. 0: the client's
# address is REMOTE_ADDR and X-Forwarded-For is ignored; N: the address N entries from the right of
# X-Forwarded-For (the one the outermost proxy appended). Set it to exactly the number of proxies.
NEWSROOM_TRUSTED_PROXIES = os.environ.get("NEWSROOM_TRUSTED_PROXIES", "").strip() or "0"
if not NEWSROOM_TRUSTED_PROXIES.isdecimal():
    raise ImproperlyConfigured("NEWSROOM_TRUSTED_PROXIES is the number of proxies in front: 0, 1, 2...")
NEWSROOM_TRUSTED_PROXIES = int(NEWSROOM_TRUSTED_PROXIES)

# The publication as readers and search engines know it.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "The Daily Ledger")
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
NEWSROOM_LANGUAGE = os.environ.get("NEWSROOM_LANGUAGE", "en")
# Where the publication is: the territory of its locale ("en_IN"), which Open Graph wants beside the
# language, and its account on X for twitter:site (empty: no such tag).
NEWSROOM_TERRITORY = os.environ.get("NEWSROOM_TERRITORY", "IN").upper()
NEWSROOM_TWITTER_SITE = os.environ.get("NEWSROOM_TWITTER_SITE", "@thedailyledger")

# Reader pages: how long the shared page cache keeps one (publishing purges it at once anyway),
# and the max-age browsers get (0: they revalidate with ETag / Last-Modified every time).
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "300"))
NEWSROOM_PAGE_MAX_AGE = int(os.environ.get("NEWSROOM_PAGE_MAX_AGE", "0"))
# Whole pages kept in the cache (off: a CDN or proxy in front keeps them; every request reaches the
# views, which still keep the story's own part of its page in the cache for that many seconds).
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
# Each web process keeps its busiest cached pages in this much memory (in front of a shared cache):
# 64 MB holds about 3,000 story pages of 20 KB, a news peak's whole reading list.
NEWSROOM_PAGE_MEMORY_MB = int(os.environ.get("NEWSROOM_PAGE_MEMORY_MB", "64"))
# A new story joins the "More headlines" and "Related" of other stories' cached pages within this many
# seconds (listings show it at once; withdrawals, kills and edits reach every page at once).
NEWSROOM_STORY_PAGES_REFRESH_SECONDS = int(os.environ.get("NEWSROOM_STORY_PAGES_REFRESH_SECONDS", "60"))
# Live coverage: how often a reader's open page asks for new entries (backing off while its tab is
# hidden), and how long browsers and CDNs may keep an answer: one second lets a CDN answer a crowd
# with one request to us while entries still reach readers within the interval plus a second.
NEWSROOM_LIVE_POLL_SECONDS = int(os.environ.get("NEWSROOM_LIVE_POLL_SECONDS", "15"))
NEWSROOM_LIVE_MAX_AGE = int(os.environ.get("NEWSROOM_LIVE_MAX_AGE", "1"))

# HTTP caches in front of the site (articles.frontend_cache, deploy/varnish/default.vcl), purged by key
# after every change: "http://10.0.0.5:6081" for a Varnish, "cdn+https://..." for a CDN's purge-by-tag
# API (with FRONTEND_CACHE_CDN_TOKEN), comma-separated. With any, reader pages tell shared caches to
# keep them (s-maxage) as long as the page cache does. A purge waits FRONTEND_CACHE_TIMEOUT seconds
# for an answer and is sent again FRONTEND_CACHE_REPURGE_SECONDS later (a page fetched while the change
# committed); failures are retried and logged, never shown to the editor.
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URLS")
FRONTEND_CACHE_CDN_TOKEN = os.environ.get("FRONTEND_CACHE_CDN_TOKEN", "")
FRONTEND_CACHE_TIMEOUT = float(os.environ.get("FRONTEND_CACHE_TIMEOUT", "2"))
FRONTEND_CACHE_REPURGE_SECONDS = float(os.environ.get("FRONTEND_CACHE_REPURGE_SECONDS", "2"))

# Agency feeds set up on the desk read local files only inside these folders (os.pathsep-separated),
# so a desk account cannot make the server read its own files (articles/ingest/feed_sources.py).
INGEST_DROP_FOLDERS = [
    Path(folder)
    for folder in os.environ.get("INGEST_DROP_FOLDERS", str(VAR_DIR / "drop")).split(os.pathsep)
    if folder.strip()
]
# Agency feeds: remote fetches may not reach private or loopback addresses unless this is set.
INGEST_ALLOW_PRIVATE_URLS = env_bool("INGEST_ALLOW_PRIVATE_URLS", False)
# ...or only these internal hosts ("feeds.intranet,10.0.0.5:8080"); redirects elsewhere stay refused.
INGEST_ALLOWED_PRIVATE_HOSTS = env_list("INGEST_ALLOWED_PRIVATE_HOSTS")
# A whole remote fetch, redirects included, ends after this many seconds however slowly bytes drip.
INGEST_HTTP_DEADLINE = float(os.environ.get("INGEST_HTTP_DEADLINE", "120"))
# Largest agency document accepted (a 50 MB feed must import), photo size, fetch time-out, hops.
INGEST_MAX_DOCUMENT_BYTES = int(os.environ.get("INGEST_MAX_DOCUMENT_BYTES", 64 * 1024 * 1024))
INGEST_MAX_PHOTO_BYTES = int(os.environ.get("INGEST_MAX_PHOTO_BYTES", 40 * 1024 * 1024))
INGEST_HTTP_TIMEOUT = float(os.environ.get("INGEST_HTTP_TIMEOUT", "20"))
INGEST_MAX_REDIRECTS = int(os.environ.get("INGEST_MAX_REDIRECTS", "5"))

# The ninjs content API (articles.api): readable without a key only when this is on, and then at most
# NEWSROOM_API_ANONYMOUS_RATE requests a minute from one address. Every item's guid starts with
# NEWSROOM_API_GUID_NAMESPACE (by default urn:newsroom:<the host of NEWSROOM_SITE_URL>): partners know
# our stories by it, so set it once and never change it.
NEWSROOM_API_ANONYMOUS = env_bool("NEWSROOM_API_ANONYMOUS", False)
NEWSROOM_API_ANONYMOUS_RATE = int(os.environ.get("NEWSROOM_API_ANONYMOUS_RATE", "60"))
NEWSROOM_API_GUID_NAMESPACE = os.environ.get("NEWSROOM_API_GUID_NAMESPACE", "").strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
