"""The people a byline names, each with the place and agency the byline gives them.

"By Mia Rabson and Jordan Press, The Canadian Press" names two people; "Tom McCarthy in New York"
names one, who files from New York; "Jane Roe, Reuters" names one, who works for Reuters. A byline
that names nobody ("Staff", "NTB-AFP-DPA", "Pull Up Your Plants!") gives no people, so the importer
keeps it as printed and creates no Author for it.

Bylines are read word by word (no pattern that could backtrack), and only their first
:data:`MAX_BYLINE_CHARACTERS` characters: a byline longer than that is not a byline.
"""

from dataclasses import dataclass

from articles.sanitize import clean_text

MAX_BYLINE_CHARACTERS = 1000
MAX_NAME_WORDS = 5

# Words that start a byline and are not part of anyone's name, longest first.
PREFIXES = (
    ("additional", "reporting", "by"),
    ("reporting", "by"),
    ("written", "by"),
    ("words", "by"),
    ("text", "by"),
    ("photos", "by"),
    ("photo", "by"),
    ("photographs", "by"),
    ("pictures", "by"),
    ("picture", "by"),
    ("by",),
    ("von",),
    ("par",),
    ("por",),
    ("av",),
    ("di",),
    ("door",),
    ("af",),
    ("foto",),
    ("photo",),
    ("text",),
    ("teksti",),
)
# "and" in every language, always a separator: none of these is a name of its own.
SEPARATOR_WORDS = {"and", "with", "und", "och", "og", "ja", "et", "&", "+"}
# "and", "with" in a document's language, where the word is too short or common to split on
# without knowing the language ("e", "y" and "en" are parts of names elsewhere).
SEPARATOR_WORDS_BY_LANGUAGE = {
    "sv": {"och", "med"},
    "nb": {"og", "med"},
    "nn": {"og", "med"},
    "no": {"og", "med"},
    "da": {"og", "med"},
    "fi": {"ja"},
    "de": {"und", "mit"},
    "fr": {"et", "avec"},
    "es": {"y", "con"},
    "it": {"e", "con"},
    "pt": {"e", "com"},
    "nl": {"en", "met"},
}
# "in" before the place a person files from.
PLACE_WORDS = {"in"}
PLACE_WORDS_BY_LANGUAGE = {
    "sv": {"i"},
    "nb": {"i"},
    "nn": {"i"},
    "no": {"i"},
    "da": {"i"},
    "de": {"in", "aus"},
    "fr": {"à"},
    "es": {"en", "desde"},
    "it": {"a"},
    "pt": {"em"},
    "nl": {"in", "uit"},
}
PUNCTUATION_SEPARATORS = (",", ";", "/", "|", "&", "+")

# A word that makes a phrase an organisation, a desk or a title, wherever it stands.
NOT_A_PERSON_WORD = {
    *("agency", "agencies", "news", "newsdesk", "staff", "reporter", "reporters", "writer", "writers"),
    *("correspondent", "correspondents", "service", "network", "desk", "editor", "editors"),
    *("university", "institute", "college", "foundation", "group", "ltd", "inc", "gmbh", "association"),
    *("reuters", "afp", "dpa", "ap", "aap", "ntb", "efe", "ansa", "stt", "tt", "epa", "getty", "images"),
    *("photo", "photos", "pool", "file", "handout", "available", "courtesy", "unknown", "no-data-available"),
    *("online", "media", "radio", "tv", "teletext", "co", "kg", "ag", "llc", "plc", "sa", "spa", "corp"),
    *("company", "feed", "blog", "newsletter", "magazine", "times", "post", "herald", "tribune", "daily"),
    *("team", "redaktion", "redaksjonen", "toimitus", "rédaction", "redacción", "redazione", "ritzau"),
}
# "Press" is a surname ("Jordan Press") and an agency's last word ("The Canadian Press"): after one of
# these it is the agency.
PRESS_QUALIFIERS = {
    *("associated", "canadian", "australian", "american", "british", "united", "free", "press", "the"),
    *("international", "national", "world", "scottish", "irish", "indian", "asian", "european"),
    *("african", "catholic", "jewish", "christian", "student", "university", "evening", "morning"),
}
# Words a sentence, a title or a slogan has and a name has not.
FUNCTION_WORDS = {
    *("the", "a", "an", "of", "for", "your", "our", "my", "his", "her", "their", "its", "up", "to"),
    *("from", "on", "at", "all", "this", "that", "these", "how", "why", "what", "who", "when", "where"),
    *("is", "are", "was", "be", "not", "no", "yes", "it", "we", "you", "i", "me", "us", "new", "more"),
    *("about", "into", "out", "over", "after", "before", "can", "will", "do", "get", "make"),
}
TITLE_WORDS = {"writer", "correspondent", "editor", "reporter", "staff", "photographer", "columnist"}
NOT_IN_A_NAME = set('0123456789@:()[]{}<>|=_#*!?"“”«»')


@dataclass(frozen=True)
class BylinePerson:
    """One person a byline names, with where they file from and for whom, when it says so."""

    name: str
    place: str = ""
    agency: str = ""


def person_names(byline, language=""):
    """The names of the people ``byline`` names, in order, each once."""
    names = []
    for person in byline_people(byline, language):
        if person.name not in names:
            names.append(person.name)
    return names


def byline_people(byline, language=""):
    """The people ``byline`` names: "By JANE ROE in Oslo and Ann Other, Reuters" gives Jane Roe (in
    Oslo) and Ann Other (of Reuters). Agency names, titles and codes are not people; a part that is
    not a person after a person is that person's agency."""
    text = clean_text(byline[:MAX_BYLINE_CHARACTERS]) if byline else ""
    people = []
    for part in byline_parts(text, language):
        words = without_prefix(part)
        name_words, place = split_place(words, language)
        name = " ".join(name_words).strip(".-_–—()")
        if is_person_name(name):
            people.append(BylinePerson(name=name.title() if name.isupper() else name, place=place))
        elif people and is_agency_tail(name, people[-1]):
            last = people[-1]
            people[-1] = BylinePerson(name=last.name, place=last.place, agency=name)
    return people


def byline_parts(text, language):
    """The byline cut at every separator: punctuation, and "and"/"with" in any or its language."""
    separators = SEPARATOR_WORDS | SEPARATOR_WORDS_BY_LANGUAGE.get(base_language(language), set())
    for mark in PUNCTUATION_SEPARATORS:
        text = text.replace(mark, " , ")
    parts, current = [], []
    for word in text.split():
        if word == "," or word.casefold() in separators:
            if current:
                parts.append(current)
            current = []
        else:
            current.append(word)
    if current:
        parts.append(current)
    return parts


def is_agency_tail(name, person):
    """ "Reuters" after "Jane Roe": her agency, unless it is a title ("AP Business Writer")."""
    words = name.casefold().split()
    return (
        0 < len(words) <= 4
        and not person.agency
        and not person.place
        and not any(word.rstrip("s") in TITLE_WORDS for word in words)
    )


def without_prefix(words):
    """``words`` without a leading "By", "Reporting by", "Von"... (and a colon after it)."""
    folded = [word.casefold().rstrip(":") for word in words[:3]]
    for prefix in PREFIXES:
        if tuple(folded[: len(prefix)]) == prefix and len(words) > len(prefix):
            words = words[len(prefix) :]
            break
    if words and words[0] in {":", "-", "–", "—"}:
        words = words[1:]
    return words


def split_place(words, language):
    """(name words, place) from "Tom McCarthy in New York": the place starts at the last "in"."""
    place_words = PLACE_WORDS | PLACE_WORDS_BY_LANGUAGE.get(base_language(language), set())
    for index in range(len(words) - 1, 1, -1):
        if words[index].casefold() in place_words and index + 1 < len(words):
            return words[:index], " ".join(words[index + 1 :]).strip(" .")
    return words, ""


def is_person_name(candidate):
    """Two to five words, each starting with a letter, one capitalised; no organisation words, no
    sentence words, no digits or marks no name has."""
    words = candidate.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return False
    if any(character in NOT_IN_A_NAME for character in candidate):
        return False
    if "http" in candidate.casefold() or "www." in candidate.casefold():
        return False
    folded = [word.casefold().strip(".,'’") for word in words]
    if any(word in NOT_A_PERSON_WORD or word in FUNCTION_WORDS for word in folded):
        return False
    if "press" in folded[1:] and any(word in PRESS_QUALIFIERS for word in folded[: folded.index("press", 1)]):
        return False
    if folded[0] == "press":
        return False
    if not all(word[0].isalpha() for word in words):
        return False
    return any(word[0].isupper() for word in words)


def base_language(language):
    """ "sv-SE" → "sv"."""
    return (language or "").replace("_", "-").split("-", 1)[0].casefold()
