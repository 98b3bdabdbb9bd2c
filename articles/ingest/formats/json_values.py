"""Readers for JSON from outside (ninjs, JSON Feed), which is never trusted for shape.

A number where a string belongs, or a list where an object belongs, reads as empty instead of
crashing the import.
"""

import json
import re

from ..items import ParseError
from ..xml import check_size, decode_markup


def load_document(raw, name, what):
    """The JSON document in ``raw`` (bytes within the size limit, any declared encoding), or a
    :class:`ParseError` an editor can act on; ``what`` names what it should hold ("a news item")."""
    check_size(raw, name)
    try:
        return without_xml_incompatible_characters(json.loads(decode_markup(raw, name)))
    except json.JSONDecodeError as error:
        raise ParseError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}", source=name
        ) from None
    except RecursionError:
        raise ParseError(f"the JSON document is nested too deeply to be {what}", source=name) from None
    except ValueError as error:  # a number of thousands of digits, refused by int() itself
        raise ParseError(f"not valid JSON: {error}", source=name) from None


# What XML 1.0 cannot hold, and so neither can the HTML tools every body and headline passes through
# (lxml refuses the whole string): C0 controls but tab and line breaks, lone surrogates, U+FFFE/FFFF.
# JSON can carry each as a \u escape; an XML format's parser refuses them itself.
XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def without_xml_incompatible_characters(document):
    """``document`` (parsed JSON) with :data:`XML_INCOMPATIBLE` removed from every string value, so
    one stray control character in one item costs that character, not the whole document (lxml
    refused the body and the run failed every item). A walk with a stack: no recursion, linear."""
    if isinstance(document, str):
        return XML_INCOMPATIBLE.sub("", document)
    stack = [document] if isinstance(document, (dict, list)) else []
    while stack:
        node = stack.pop()
        for key, value in list(node.items() if isinstance(node, dict) else enumerate(node)):
            if isinstance(value, str):
                node[key] = XML_INCOMPATIBLE.sub("", value)
            elif isinstance(value, (dict, list)):
                stack.append(value)
    return document


def text(value):
    """A string field, stripped; numbers as their digits; anything else as ``""``."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def address(value):
    """A URL member: only a string is one (a number is not an address, unlike an id)."""
    return value.strip() if isinstance(value, str) else ""


def as_list(value):
    return value if isinstance(value, list) else []


def as_dict(value):
    return value if isinstance(value, dict) else {}


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
