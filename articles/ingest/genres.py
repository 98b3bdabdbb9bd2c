"""Which of our genres (``Story.Genre``) an agency's genre is, where the agency says so.

The parsers keep the genre as the agency wrote it (``AgencyItem.genre``): a name or code from IPTC's
genre NewsCodes (NewsML-G2 ``<genre qcode="genre:Opinion">``, ninjs ``genre``/``genres``, NITF's
``tobject.property.type``), as a name, a qcode or a URI. Only IPTC's genres that are ours too are
mapped; every other genre (``Current``, ``Feature``, an agency's own scheme) is news.
"""

# IPTC genre names (https://cv.iptc.org/newscodes/genre/), lower case, with the few common words
# agencies write for the same thing.
AGENCY_GENRES = {
    "opinion": "opinion",
    "comment": "opinion",
    "commentary": "opinion",
    "editorial": "opinion",
    "column": "opinion",
    "analysis": "analysis",
    "news analysis": "analysis",
    "background": "explainer",
    "explainer": "explainer",
    "review": "review",
}
NEWS = "news"


def story_genre(agency_genre):
    """Our genre for the agency's ``agency_genre`` (``"genre:Opinion"``, ``"Analysis"``,
    ``"http://cv.iptc.org/newscodes/genre/Background"``...); news when it is none of ours."""
    code = (agency_genre or "").strip().rstrip("/")
    word = code.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    word = " ".join(word.replace("_", " ").split()).casefold()
    return AGENCY_GENRES.get(word, NEWS)
