"""A deleted photo takes its files with it: the original, the site's renditions and the desk's
previews, from the local folder or the S3 bucket alike (only through the storage API).

Removed after the delete is committed, so a delete that is rolled back keeps every file; a file that
cannot be removed is logged and left (an unreferenced file costs only space), never failing the delete.
The original is kept when another photo row names it: the library stores a file once, under a name
made of its content, so the same file uploaded again right after the delete is that row's.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete

from ..models import Photo
from .delivery import RENDITIONS_FOLDER
from .storage_errors import storage_errors

logger = logging.getLogger(__name__)


def connect():
    post_delete.connect(photo_deleted, sender=Photo, dispatch_uid="articles.photos.cleanup")


def photo_deleted(sender, instance, using, **kwargs):
    # Read now: Django clears the primary key once the delete's signals have run.
    folders = [f"{RENDITIONS_FOLDER}/{instance.pk}", *_preview_folders(instance)]
    original = instance.image.name
    transaction.on_commit(lambda: remove_photo_files(original, folders), using=using)


def remove_photo_files(original, folders):
    """Remove ``original`` (a storage name) unless a photo row names it, and everything under
    ``folders``."""
    storage = Photo._meta.get_field("image").storage
    if original and not Photo.objects.filter(image=original).exists():
        _delete(storage, original)
    for folder in folders:
        for name in files_under(storage, folder):
            _delete(storage, name)


def files_under(storage, folder):
    """Every file's name under ``folder``, in any depth (``[]`` for a folder that is not there)."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    except storage_errors() as error:
        logger.warning("Could not list %s to remove a deleted photo's files: %s", folder, error)
        return []
    names = [f"{folder}/{name}" for name in files]
    for directory in directories:
        names += files_under(storage, f"{folder}/{directory}")
    return names


def _preview_folders(photo):
    from ..admin.photo_previews import PREVIEW_FOLDER, preview_token

    return [f"{PREVIEW_FOLDER}/{preview_token(photo)}"] if photo.image else []


def _delete(storage, name):
    try:
        storage.delete(name)
    except storage_errors() as error:
        logger.warning("Could not remove %s, a file of a deleted photo: %s", name, error)
