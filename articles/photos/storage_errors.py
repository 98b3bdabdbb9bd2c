"""What a photo storage raises when it cannot read or write: ``OSError`` from the local folder,
botocore's and boto3's errors from an S3 bucket (``MEDIA_STORAGE_URL``, newsroom/media_storage.py).

The S3 errors are caught only once something has imported boto3: a site on the local folder never
loads it (a tenth of a second at every process start), and could not raise its errors anyway.
"""

import sys


def storage_errors():
    """The exception classes a failed storage read, write or delete raises, for ``except``."""
    errors = [OSError]
    if "botocore" in sys.modules:
        from botocore.exceptions import BotoCoreError, ClientError

        errors += [BotoCoreError, ClientError]  # a refused request, an endpoint out of reach
    if "boto3" in sys.modules:
        from boto3.exceptions import Boto3Error

        errors.append(Boto3Error)  # S3UploadFailedError: an upload the bucket refused
    return tuple(errors)


def failure_reason(error):
    """A short reason for the desk: the disk's words (``No space left on device``) or the bucket's
    (``NoSuchBucket``), never a traceback."""
    strerror = getattr(error, "strerror", None)
    if strerror:
        return strerror
    response = getattr(error, "response", None) or {}
    code = response.get("Error", {}).get("Code")
    if code:
        return str(code)
    if error.__cause__ is not None and error.__cause__ is not error:
        return failure_reason(error.__cause__)
    return str(error)
