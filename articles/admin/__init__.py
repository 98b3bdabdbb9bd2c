"""The newsroom desk in the Django admin, one module per part of the desk."""

from . import api_keys, catalogue, feeds, photos, stories  # noqa: F401  (modules register their model admins)
