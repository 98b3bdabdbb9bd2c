"""Where a story was filed from: the place in the agency's dateline, never a time or a credit.

Precedence (issue 13): the place part of the item's own dateline element ("FORT WASHINGTON, Pa."
from "FORT WASHINGTON, Pa. (AP)"), then the dateline the body opens with ("DAMASCUS, Jan 3
(Reuters) - ", "NEW DELHI: ", "(ANSA) - ROMA, 1 LUG - "), then the city the item is ``located`` in,
which is often the filing desk or a company's headquarters rather than the story's place.

The reader site prints the dateline at the start of the first paragraph, so a body's own opening
dateline is taken out of the body when it names the story's place: readers see the dateline once.

Every pass here reads a bounded head of its input (a dateline is short, and it opens the body), so
hostile input costs no more than its first few hundred characters.
"""

import re
import unicodedata

import lxml.html
from lxml import etree

from articles.sanitize import clean_html, clean_text

MAX_DATELINE_CHARACTERS = 300
MAX_OPENING_CHARACTERS = 200
MAX_OPENING_PARAGRAPH = 20_000
MAX_PLACE_WORDS = 6
MAX_PLACE_PARTS = 3
# An opening in capitals without an agency credit ("KYIV: ") is a dateline from four letters on:
# shorter capitals ("FAQ: ", "PS: ") are more often something else.
MIN_SHOUTED_LETTERS = 4

# Agencies whose name may stand in a dateline without brackets ("SYDNEY March 22 AAP -").
KNOWN_AGENCIES = {
    *("ap", "aap", "afp", "reuters", "dpa", "efe", "ansa", "ntb", "tt", "stt", "ritzau", "pa", "cp"),
    *("upi", "xinhua", "pti", "ians", "uni", "kyodo", "yonhap", "apa", "sda", "keystone-sda", "belga"),
    *("anp", "ctk", "pap", "mti", "lusa", "epa", "bernama", "antara", "tass", "anadolu", "aa", "hina"),
    *("ana-mpa", "ana", "bta", "agerpres", "tanjug", "sta", "lehtikuva", "kna", "wafa", "mena", "irna"),
}
# Words that open a body with a colon or dash and are not places.
NOT_A_PLACE = {
    *("update", "updated", "correction", "corrected", "refile", "repeat", "editors", "editor", "note"),
    *("notes", "breaking", "urgent", "flash", "bulletin", "advisory", "alert", "warning", "exclusive"),
    *("analysis", "opinion", "comment", "review", "interview", "factbox", "timeline", "explainer"),
    *("live", "video", "photo", "photos", "watch", "listen", "graphic", "corrects", "adds", "new"),
    *("embargo", "embargoed", "attention", "kill", "withdrawn", "mandatory", "sport", "sports"),
    *("faq", "recap", "summary", "spoiler", "spoilers", "disclaimer", "disclosure", "sponsored"),
    *("advertisement", "question", "answer", "quote", "fact", "facts", "source", "sources", "credit"),
    *("credits", "caption", "tip", "tips", "step", "important", "reminder", "attn", "obs", "huom"),
    *("edit", "edited", "bonus", "recipe", "ingredients", "directions", "method", "verdict", "result"),
    *("results", "score", "scores", "preview", "trailer", "poll", "quiz", "podcast", "transcript"),
    *("announcement", "notice", "psst", "hint", "warnung", "achtung", "hinweis", "varning", "advarsel"),
}
MONTHS = {
    # English, with the agencies' abbreviations
    *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
    *("october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep"),
    *("sept", "oct", "nov", "dec"),
    # German, French, Spanish, Italian (ANSA writes "01 LUG"), Nordic, Finnish, Dutch, Portuguese
    *("januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "janvier", "février"),
    *("mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"),
    *("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre"),
    *("octubre", "noviembre", "diciembre", "gennaio", "febbraio", "aprile", "maggio", "giugno"),
    *("luglio", "settembre", "ottobre", "dicembre", "gen", "mag", "giu", "lug", "ago", "set", "ott"),
    *("dic", "januari", "februari", "maj", "augusti", "tammikuuta", "helmikuuta", "maaliskuuta"),
    *("huhtikuuta", "toukokuuta", "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta"),
    *("marraskuuta", "joulukuuta", "maart", "mei", "augustus", "janeiro", "fevereiro", "março"),
    *("maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro"),
}
WEEKDAYS = {
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue"),
    *("tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch"),
    *("donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi"),
    *("vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes"),
    *("sábado", "domingo", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"),
    *("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "mandag", "tirsdag"),
    *("lørdag", "søndag", "maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina"),
    *("lauantaina", "sunnuntaina", "today", "tonight", "yesterday", "gmt", "utc", "cet", "cest"),
}
# Lower-case words a place name may hold after its first word ("Frankfurt am Main").
PLACE_PARTICLES = {"am", "an", "de", "del", "la", "le", "les", "da", "do", "dos", "on", "upon", "sur", "en"}

# A credit in brackets, "(AP)" or "[Reuters]", or between slashes as Ritzau writes it ("/ritzau/").
BRACKETED = re.compile(r"\([^()]{0,40}\)|\[[^\[\]]{0,40}\]|/[^/\s]{1,20}/")
# What ends an opening dateline: a dash with a blank before it, a colon, or EFE's ".-".
OPENING_END = re.compile(r"\s(?:--?|–|—)(?=\s|$)|:(?=\s|$)|\.-(?=\s|$)")
LEADING_CREDIT = re.compile(r"\s*\(([^()]{1,40})\)\s*(?:--?|–|—)\s+")
DASHES = re.compile(r"\s(?:--?|–|—)\s")


def place_of_dateline(dateline, agencies=()):
    """The place a dateline names: "FORT WASHINGTON, Pa. (AP)" → "FORT WASHINGTON, Pa.";
    "ANSA TEST - ROMA, 01 LUG" → "ROMA"; a time or a date alone gives ``""``."""
    text = clean_text(dateline[:MAX_DATELINE_CHARACTERS]) if dateline else ""
    if not text:
        return ""
    agencies = {*KNOWN_AGENCIES, *agencies}
    text = BRACKETED.sub(" ", text)
    for segment in DASHES.split(f" {text} "):
        place = place_in(segment, agencies)
        if place:
            return place
    return ""


def place_in(segment, agencies, *, strict=False):
    """The place at the start of one dash-separated part of a dateline, up to its first date, time
    or agency word; ``strict`` (for a body's opening) asks for capitalised place words."""
    kept = []
    for part in segment.split(",")[:MAX_PLACE_PARTS]:
        words = part.split()
        place_words = []
        for word in words:
            if is_date_word(word) or word.casefold().strip(".") in agencies:
                break
            place_words.append(word)
        if not place_words:
            break
        if not is_place(place_words, strict=strict):
            return ""
        kept.append(" ".join(place_words))
        if len(place_words) < len(words):
            break
    place = ", ".join(kept).strip(" -–—:")  # a full stop stays: "Pa." is an abbreviation
    return place if place and place.casefold() not in NOT_A_PLACE else ""


def is_date_word(word):
    folded = word.casefold().strip(".,;:()")
    return any(character.isdigit() for character in word) or folded in MONTHS or folded in WEEKDAYS


def is_place(words, *, strict):
    if len(words) > MAX_PLACE_WORDS:
        return False
    for position, word in enumerate(words):
        letters = word.replace(".", "").replace("-", "").replace("'", "").replace("’", "")
        if not letters.isalpha():
            return False
        if strict and not word[0].isupper() and (position == 0 or word not in PLACE_PARTICLES):
            return False
    return True


def opening_dateline(text, agencies=()):
    """``(place, length)`` when ``text`` opens with a dateline, the place it names and how many
    characters of ``text`` it takes (the dash or colon after it and the blanks included)."""
    head = text[:MAX_OPENING_CHARACTERS]
    agencies = {*KNOWN_AGENCIES, *agencies}
    start, credited = 0, False
    leading = LEADING_CREDIT.match(head)
    if leading and is_credit(leading.group(1)):
        start, credited = leading.end(), True  # ANSA's "(ANSA) - ROMA, 1 LUG - "
    end = OPENING_END.search(head, start)
    if end is None:
        return None
    prefix = head[start : end.start()]
    if prefix.lstrip().startswith("("):
        return bracketed_opening(head, agencies)
    credited = credited or any(is_credit(found.group(0)[1:-1]) for found in BRACKETED.finditer(prefix))
    words = BRACKETED.sub(" ", prefix).split()
    if words and words[-1].casefold().strip(".") in agencies:
        credited = True
    place = place_in(" ".join(words), agencies, strict=True)
    if not place:
        return None
    letters = [character for character in place if character.isalpha()]
    shouted = len(letters) >= MIN_SHOUTED_LETTERS and all(character.isupper() for character in letters)
    if not (credited or shouted):
        return None
    length = end.end()
    while length < len(text) and text[length].isspace():
        length += 1
    return place, length


def bracketed_opening(head, agencies):
    """ "(New York, NY - October 21) Text": a place and a date in brackets opening the body."""
    opening = len(head) - len(head.lstrip())
    closing = head.find(")", opening)
    if closing < 0:
        return None
    inner = head[opening + 1 : closing]
    parts = DASHES.split(f" {inner} ")
    if len(parts) != 2 or not any(is_date_word(word) for word in parts[1].split()):
        return None
    place = place_in(parts[0], agencies, strict=True)
    if not place:
        return None
    length = closing + 1
    while length < len(head) and head[length].isspace():
        length += 1
    return place, length


def is_credit(words):
    """ "AP", "Reuters", "AP/NTB", "ritzau": a short name without digits."""
    words = words.strip()
    return bool(words) and len(words.split()) <= 4 and not any(character.isdigit() for character in words)


def same_place(first, second):
    """Whether two spellings name one place ("Grossetto, Italy" and "GROSSETO, Italy")."""
    first, second = letters_of(first)[:4], letters_of(second)[:4]
    return bool(first) and first == second


def letters_of(text):
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in folded if character.isalpha())


def without_opening_dateline(body_html, agencies=()):
    """``(place, body)``: the dateline the body's first paragraph opens with and the body without
    it, or ``("", body_html)`` when it opens with none."""
    start = len(body_html) - len(body_html.lstrip())
    if not body_html.startswith("<p", start):
        return "", body_html
    end = body_html.find("</p>", start)
    if end < 0 or end - start > MAX_OPENING_PARAGRAPH:
        return "", body_html
    end += len("</p>")
    try:
        paragraph = lxml.html.fragment_fromstring(body_html[start:end])
    except (etree.ParserError, ValueError):
        return "", body_html
    opening = opening_dateline(paragraph.text_content(), agencies)
    if opening is None:
        return "", body_html
    place, length = opening
    remove_leading_characters(paragraph, length)
    if not paragraph_has_words(paragraph):  # the dateline was a paragraph of its own
        return place, body_html[:start] + body_html[end:].lstrip()
    kept = clean_html(lxml.html.tostring(paragraph, encoding="unicode"))
    return place, body_html[:start] + kept + body_html[end:]


def remove_leading_characters(element, count):
    """Take the first ``count`` characters of ``element``'s text, in document order (blanks after
    them too), dropping inline elements left empty (the dpa ``<span class="dateline">``)."""
    count = take_from_text(element, "text", count)
    for child in list(element):
        if count <= 0:
            break
        count = remove_leading_characters(child, count)
        if child.text_content() or child.tag in {"br", "img"}:
            count = take_from_text(child, "tail", count)
            continue
        previous, parent, tail = child.getprevious(), child.getparent(), child.tail or ""
        parent.remove(child)
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
            count = take_from_text(previous, "tail", count)
        else:
            parent.text = (parent.text or "") + tail
            count = take_from_text(parent, "text", count)
    return count


def take_from_text(element, attribute, count):
    value = getattr(element, attribute) or ""
    if count <= 0 or not value:
        return count
    taken = min(count, len(value))
    setattr(element, attribute, value[taken:].lstrip() if taken == count else value[taken:])
    return count - taken


def paragraph_has_words(paragraph):
    return bool(paragraph.text_content().strip()) or any(
        isinstance(child.tag, str) and child.tag in {"img", "a"} for child in paragraph.iter()
    )


def settle_dateline(item):
    """Set ``item.dateline`` to the story's place by the precedence above, and take the body's own
    opening dateline out of the body when it names that place."""
    agencies = {word.casefold() for word in (item.credit, item.provider) if word and len(word.split()) == 1}
    place = place_of_dateline(item.dateline, agencies)
    if item.body_html and not item.is_picture:
        opened_with, body = without_opening_dateline(item.body_html, agencies)
        if opened_with and (not place or same_place(place, opened_with)):
            place = place or opened_with
            item.body_html = body
    item.dateline = place or item.location.city
