"""Official English names of IPTC NewsCodes, so the desk sees what an agency's subject code means.

``subject_name("medtop:20000763")`` gives the IPTC Media Topic's name, ``subject_name("subj:15000000")``
the Subject Code's; the codes' ``http://cv.iptc.org/newscodes/mediatopic/...`` and ``.../subjectcode/...``
addresses work too. A bare eight-digit number is what NITF's ``tobject.subject.refnum`` and ninjs 1.x
send: the IPTC Subject Reference Number, so it is read as a Subject Code (a 20xxxxxx number, which only
Media Topics have, as a Media Topic). An unknown code, or one of another scheme, gives "".

The names are the IPTC's own, shipped as data files beside this module (README.md there says where they
come from and under which licence); each file is read on its first look-up and kept for the life of the
process.
"""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent

MEDIA_TOPIC = "mediatopic"
SUBJECT_CODE = "subjectcode"
# QCode scheme alias -> vocabulary (its data file's name and its folder under the NewsCodes address).
ALIASES = {"medtop": MEDIA_TOPIC, "subj": SUBJECT_CODE}
URI_PREFIXES = ("http://cv.iptc.org/newscodes/", "https://cv.iptc.org/newscodes/")


def subject_name(code):
    """The official English name of an IPTC Media Topic or Subject Code, or ""."""
    vocabulary, key = split_code(code)
    if not vocabulary:
        return ""
    return names(vocabulary).get(key, "")


def is_retired(code):
    """Has the IPTC retired this Media Topic? (Agencies still send retired codes for a while.)"""
    vocabulary, key = split_code(code)
    return vocabulary == MEDIA_TOPIC and key in load(MEDIA_TOPIC).get("retired", {})


def split_code(code):
    """``("mediatopic", "20000763")`` from a QCode, NewsCodes address or bare reference number;
    ``("", "")`` for anything else."""
    code = (code or "").strip()
    if len(code) > 200:
        return "", ""
    for prefix in URI_PREFIXES:
        if code[: len(prefix)].lower() == prefix:
            folder, _slash, key = code[len(prefix) :].partition("/")
            folder, key = folder.lower(), key.strip("/")
            return (folder, key) if folder in ALIASES.values() and key else ("", "")
    if len(code) == 8 and code.isascii() and code.isdigit():
        return (MEDIA_TOPIC if code.startswith("20") else SUBJECT_CODE), code
    alias, colon, key = code.partition(":")
    vocabulary = ALIASES.get(alias.strip().lower()) if colon else None
    key = key.strip()
    return (vocabulary, key) if vocabulary and key else ("", "")


def names(vocabulary):
    """Code -> English name for one vocabulary."""
    return load(vocabulary).get("names", {})


@cache
def load(vocabulary):
    """One vocabulary's data file, read once per process."""
    path = DATA / f"{vocabulary}.json"
    with path.open(encoding="utf-8") as file:
        return json.load(file)
