"""Which embedded keywords are words for the desk, and which are an agency's internal codes.

Agencies file routing and identification codes in the IIM keywords dataset (2:25) and in XMP's
``dc:subject`` next to real keywords: Reuters writes ``:rel:d:bm:GF2EA7M0GIR01`` (a picture-desk
code followed by the picture's own identifier), others write GUIDs, digests or subject qcodes. Those
are not words anyone tags a story with, so they are never stored as a photo's keywords nor offered to
the desk as tags; the embedded record (``Photo.embedded_metadata``) still keeps them as found.

The rule is deliberately narrow, because dropping a real keyword is worse than keeping a code:

* a keyword holding a blank is written for people and is always kept ("COVID-19: vaccine",
  "FIFA World Cup 2022");
* a single token is a code only in one of these shapes:

  - it begins with a colon (``:rel:d:bm:...``): no word does;
  - it holds two colons or more (``rel:d:bm:X``, ``urn:uuid:...``, ``tag:reuters.com,2018:X``):
    a namespaced identifier;
  - a scheme, one colon and six digits or more (``subj:15054000``, ``medtop:20000763``,
    ``IPTC:10020211``): an IPTC subject or media-topic qcode;
  - a GUID (``8-4-4-4-12`` hexadecimal digits, braces allowed) or a run of sixteen hexadecimal
    digits or more with a digit among them (an MD5 or SHA digest);
  - ten letters and digits or more, switching between letters and digits at least four times
    (``GF2EA7M0GIR01``): an opaque identifier, where words, acronyms and names with a number
    (``COVID19``, ``Tokyo2020``, ``H5N1``, ``B737MAX8``, ``iPhone15``) switch far less or are
    shorter.

``COVID-19:vaccine`` (one colon, words after it), ``G7`` and ``2022`` are keywords.
"""

import re

# Each pattern is anchored on a single token without blanks and has no nested repetition, so a
# match costs time linear in the token.
GUID = re.compile(r"\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?")
HEX_DIGEST = re.compile(r"[0-9A-Fa-f]{16,}")
SUBJECT_QCODE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*:[0-9]{6,}")
LETTERS_AND_DIGITS = re.compile(r"[A-Za-z0-9]{10,}")
OPAQUE_SWITCHES = 4


def is_code(keyword):
    """Whether ``keyword`` is an agency's internal code rather than a keyword (see the module)."""
    token = str(keyword).strip()
    if not token or any(character.isspace() for character in token):
        return False
    if token.startswith(":") or token.count(":") >= 2:
        return True
    if SUBJECT_QCODE.fullmatch(token) or GUID.fullmatch(token):
        return True
    if HEX_DIGEST.fullmatch(token) and any(character.isdigit() for character in token):
        return True
    return bool(LETTERS_AND_DIGITS.fullmatch(token)) and _letter_digit_switches(token) >= OPAQUE_SWITCHES


def desk_keywords(keywords):
    """``keywords`` without codes, blanks and repeats (ignoring case), in their order."""
    kept, seen = [], set()
    for keyword in keywords:
        keyword = str(keyword).strip()
        if keyword and keyword.casefold() not in seen and not is_code(keyword):
            seen.add(keyword.casefold())
            kept.append(keyword)
    return kept


def _letter_digit_switches(token):
    switches = 0
    for previous, current in zip(token, token[1:], strict=False):
        if previous.isdigit() != current.isdigit():
            switches += 1
    return switches
