"""File storages that fail the way a full disk does, for tests set as ``STORAGES["default"]`` by
dotted path (``tests.storages.DiskFullStorage``)."""

import errno
import os

from django.core.files.storage import FileSystemStorage


class DiskFullStorage(FileSystemStorage):
    """A real file-system storage on a full disk: writing any file fails with ENOSPC."""

    def _save(self, name, content):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class HalfWritingStorage(FileSystemStorage):
    """Runs out of space half-way through a file, leaving the partial file on disk."""

    def _save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            partial.write(content.read()[:50])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
