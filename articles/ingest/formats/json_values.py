"""Readers for values in JSON from outside, which is never trusted for shape.

A number where a string belongs, or a list where an object belongs, reads as empty instead of
crashing the import.
"""


def text(value):
    """A string field, stripped; numbers as their digits; anything else as ``""``."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def as_list(value):
    return value if isinstance(value, list) else []


def fields(value):
    """An object's members with lower-cased names (``{}`` for anything but an object).

    ninjs 3.x writes in camelCase the names 1.x and 2.x write in lower case (``pubStatus`` is
    ``pubstatus``, ``versionCreated`` is ``versioncreated``, ``contentType`` is ``contenttype``), so
    one lower-cased reading serves every version. Where both spellings appear, the first one wins.
    """
    if not isinstance(value, dict):
        return {}
    lowered = {}
    for name, member in value.items():
        lowered.setdefault(name.lower(), member)
    return lowered
