"""Reader pages read from a PostgreSQL replica when ``DATABASE_REPLICA_URL`` names one.

- :class:`ReaderPagesOnReplicaMiddleware` (before the page cache's middleware) marks a GET or HEAD of
  a reader page (a view marked with ``articles.reader.cache.reader_page``) for the whole request, its
  cache look-up included;
- :class:`ReaderPagesOnReplica` (``DATABASE_ROUTERS``) sends that request's reads to the ``replica``
  alias. Every write, the admin, the API, the rendition view and every command read and write the
  primary (``default``), so what an editor saves and sees is never behind.

The reader pages' generation numbers are read on the replica everywhere, not only in reader pages: a
page is cached under the generation its content came with, so a replica that lags shows a page that
is a moment old, never a page kept under a newer generation than its content (which the page cache
would keep until the next change). The lag adds to the time a change takes to reach readers: keep
it below ``FRONTEND_CACHE_REPURGE_SECONDS``, so that the purge sent again after a change retires a
page a cache in front fetched from a replica still behind.
"""

from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured

REPLICA = "replica"
GENERATIONS_MODEL = "articles.ReaderPagesGeneration"
# What a replica's entry takes from its own address; everything else (engine, options, time-outs)
# is the primary's.
REPLICA_CONNECTION_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")

_reading_a_reader_page = ContextVar("reading_a_reader_page", default=False)


def replica_database(primary, replica_url):
    """``DATABASES["replica"]``: the primary's settings with the replica's address. In tests it mirrors
    the test database (``TEST["MIRROR"]``) instead of getting one of its own."""
    import dj_database_url

    address = dj_database_url.parse(replica_url)
    if address["ENGINE"] != "django.db.backends.postgresql" or "postgresql" not in primary["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL names a PostgreSQL replica of a PostgreSQL primary: "
            "postgres://user@host/name."
        )
    options = {**primary.get("OPTIONS", {}), **address.get("OPTIONS", {})}
    if "options" in primary.get("OPTIONS", {}) and "options" in address.get("OPTIONS", {}):
        # PostgreSQL's run-time parameters: the primary's (jit, plan cache) and the replica's own.
        options["options"] = f"{primary['OPTIONS']['options']} {address['OPTIONS']['options']}"
    return {
        **primary,
        "OPTIONS": options,
        **{key: address[key] for key in REPLICA_CONNECTION_KEYS if key in address},
        "TEST": {"MIRROR": "default"},
    }


class ReaderPagesOnReplica:
    """Reads of reader pages, and the reader pages' generations, on the replica; all else primary."""

    def db_for_read(self, model, **hints):
        if _reading_a_reader_page.get() or model._meta.label == GENERATIONS_MODEL:
            return REPLICA
        return None  # the primary

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, whichever connection read them

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication


class ReaderPagesOnReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from articles.reader.cache import reader_page_params

        if request.method not in ("GET", "HEAD") or reader_page_params(request.path_info) is None:
            return self.get_response(request)
        marked = _reading_a_reader_page.set(True)
        try:
            return self.get_response(request)
        finally:
            _reading_a_reader_page.reset(marked)
