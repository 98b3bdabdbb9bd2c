"""Where a feed set up on the desk may read from.

An agency feed is an http(s) address or a drop folder (or one file) on the ingest machine. The
command line (``manage.py ingest PATH``) reads any path its operator names, as a shell could; a feed
is set up by a desk account in the admin, and without a limit that account could make the server
read its own files (``/etc`` as a "drop folder" listed every file in the feed's last error, and a
readable file of the right shape became a story). So a feed's local source must lie inside one of
``INGEST_DROP_FOLDERS``, symbolic links resolved; checked when the feed is saved and again before
each run, for rows made by other means.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .transports import is_url


def feed_source_problem(source):
    """Why ``source`` may not be a feed's source, or None when it may."""
    text = str(source).strip()
    if "://" in text:
        scheme = urlsplit(text).scheme.lower()
        if is_url(text) and scheme in ("http", "https"):
            return None
        return _("A feed's address must start with http:// or https://.")
    path = Path(text)
    if not path.is_absolute():
        return _("Give the drop folder's full path (it starts with /).")
    resolved = path.resolve()
    folders = [Path(folder).resolve() for folder in settings.INGEST_DROP_FOLDERS]
    if any(resolved == folder or resolved.is_relative_to(folder) for folder in folders):
        return None
    allowed = ", ".join(str(folder) for folder in folders) or _("none is set")
    return _(
        "A feed may read only from the drop folders set for this site (INGEST_DROP_FOLDERS: %(folders)s). "
        "Other files are imported with manage.py ingest on the server."
    ) % {"folders": allowed}
