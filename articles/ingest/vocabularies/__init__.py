"""Official English names of IPTC NewsCodes, so the desk sees what an agency's subject code means.

``subject_name("medtop:20000763")`` gives the IPTC Media Topic's name, ``subject_name("subj:15000000")``
the Subject Code's; the codes' ``http://cv.iptc.org/newscodes/mediatopic/...`` and ``.../subjectcode/...``
addresses work too. An unknown code, or one of another scheme, gives "". The names are the IPTC's own,
shipped as data files beside this module (see README.md there for their source and licence); they are
read on the first look-up and kept for the life of the process.
"""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent

# QCode scheme alias -> the vocabulary's data file (and the URI folder that names the same scheme).
SCHEMES = {"medtop": "mediatopic", "subj": "subjectcode"}
URI_PREFIXES = ("http://cv.iptc.org/newscodes/", "https://cv.iptc.org/newscodes/")


def subject_name(code):
    """The official English name of an IPTC Media Topic or Subject Code, or ""."""
    scheme, key = split_code(code)
    if not scheme:
        return ""
    return names(scheme).get(key, "")


def split_code(code):
    """``("mediatopic", "20000763")`` from a QCode or NewsCodes URI; ``("", "")`` for anything else."""
    code = (code or "").strip()
    for prefix in URI_PREFIXES:
        if code[: len(prefix)].lower() == prefix:
            folder, _slash, key = code[len(prefix) :].partition("/")
            folder = folder.lower()
            key = key.strip("/")
            return (folder, key) if folder in SCHEMES.values() and key else ("", "")
    alias, colon, key = code.partition(":")
    scheme = SCHEMES.get(alias.strip().lower()) if colon else None
    return (scheme, key.strip()) if scheme and key.strip() else ("", "")


@cache
def names(scheme):
    """Code -> English name for one vocabulary, read once per process."""
    path = DATA / f"{scheme}.json"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as file:
        return json.load(file)["names"]
