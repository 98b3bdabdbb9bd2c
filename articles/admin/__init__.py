"""The newsroom desk in the Django admin, one module per part of the desk."""

from . import api_keys, breaking_news, catalogue, feeds, fronts, photos, stories  # noqa: F401  (modules register their model admins)
