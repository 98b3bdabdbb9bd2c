"""RSS in the encodings agencies send (ISO-8859-7 Greek, Hindi UTF-8, undeclared Windows-1252):
HTML that carries entities but no tags is unescaped exactly once, plain text never; the channel's
title is not an agency; an author that is not a person stays a byline string."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.ingest.formats import parse_document
from articles.ingest.formats.rss import parse_rss
from articles.ingest.items import USABLE
from tests.ingest.builders import fixture_bytes

ENCODED_FEEDS = ("rss/greek-iso-8859-7.xml", "rss/hindi-utf8.xml", "rss/windows-1252-undeclared.xml")
ENTITY_NAMES = ("laquo", "raquo", "quot", "nbsp", "mdash", "pound", "amp")


def shown_entities(text):
    """Entities a reader would see as text: "&amp;laquo;" in HTML shows "&laquo;"."""
    return [
        name for name in ENTITY_NAMES if f"&amp;{name};" in text or f"&{name};" in text.replace("&amp;", "")
    ]


def test_greek_description_with_entities_and_no_tags_is_unescaped_once():
    first, second = parse_rss(fixture_bytes("rss/greek-iso-8859-7.xml"), name="greek.xml")
    assert first.headline == "Νέα προβλήτα για τα αλιευτικά στο παλιό λιμάνι"
    assert first.body_html == (
        "<p>Ο λιμενάρχης είπε ότι η νέα προβλήτα «θα δώσει ανάσα στους ψαράδες» πριν από το "
        "καλοκαίρι &amp; ότι τα έργα ξεκινούν τη Δευτέρα.</p>"
    )
    assert first.byline == "Ελένη Παπαδάκη"
    assert first.bylines == ["Ελένη Παπαδάκη"]
    assert first.dateline == ""
    assert first.status == USABLE
    assert first.language == "el"
    assert first.first_created == datetime(2024, 4, 12, 9, 30, tzinfo=timezone(timedelta(hours=3)))
    [photo] = first.photos
    assert photo.caption == "Ψαράδες δένουν τις βάρκες τους δίπλα στο εργοτάξιο."
    assert photo.photographer == "Στέφανος Ηλιόπουλος"
    assert photo.credit == "Ειδήσεις του Λιμανιού"
    # The HTML in CDATA and the title (HTML too, in RSS) are read once as well.
    assert second.headline == "Το φεστιβάλ «Γαλάζια Βραδιά» επιστρέφει στην παραλία"
    assert second.body_html.startswith("<p>Το φεστιβάλ «Γαλάζια Βραδιά» επιστρέφει για τρίτη χρονιά")
    assert "μουσική &amp; χορό.</p><p>Η είσοδος είναι ελεύθερη.</p>" in second.body_html
    assert second.byline == "Νίκος Αλεξίου, Μαρία Κωνσταντίνου"
    assert second.bylines == ["Νίκος Αλεξίου", "Μαρία Κωνσταντίνου"]


def test_hindi_description_and_content_with_named_and_numeric_entities():
    metro, fair = parse_rss(fixture_bytes("rss/hindi-utf8.xml"), name="hindi.xml")
    assert metro.headline == "हरित मार्ग मेट्रो लाइन सोमवार से यात्रियों के लिए खुलेगी"
    assert metro.body_html == (
        '<p>नई लाइन "हरित मार्ग" पर बारह स्टेशन होंगे — परिवहन विभाग ने रविवार को बताया।</p>'
    )
    assert metro.byline == "Ananya Verma"
    assert metro.bylines == ["Ananya Verma"]
    assert metro.first_created == datetime(2024, 4, 21, 11, 15, tzinfo=UTC)
    assert metro.language == "hi"
    [photo] = metro.photos
    assert photo.href == "https://nagar.example.in/img/harit-marg.jpg"
    assert photo.caption == "उद्घाटन से पहले स्टेशन पर परीक्षण करती मेट्रो ट्रेन।"
    assert photo.credit == "Rohan Mehta / नगर समाचार सेवा"
    assert fair.body_html.startswith("<p>इस साल पुस्तक मेले में बच्चों के लिए कहानी मंच बनाया गया है")
    assert "<p>प्रवेश «निःशुल्क» है।</p>" in fair.body_html
    assert fair.standfirst == "मेले में रोज़ शाम कहानी सुनाई जाएगी।"
    assert fair.bylines == ["Kavita Rao", "Imran Qureshi"]
    assert fair.status == USABLE


def test_undeclared_windows_1252_with_entities_and_curly_quotes():
    marrow, cafe = parse_rss(fixture_bytes("rss/windows-1252-undeclared.xml"), name="cp1252.xml")
    assert marrow.headline == "Allotment society’s “giant marrow” weighs in at 41kg"
    assert marrow.body_html == (
        "<p>The winning marrow – grown behind the old mill – earned its keeper £50 and a rosette; "
        "entry cost €2 &amp; a jar of chutney.</p>"
    )
    assert cafe.headline == "Café on the green reopens after the flood"
    assert (
        cafe.body_html
        == "<p>Owner Délia Frost said the new floor is “higher than the river has ever been”.</p>"
    )
    assert cafe.status == USABLE


def test_authors_that_are_not_people_stay_byline_strings():
    marrow, cafe = parse_rss(fixture_bytes("rss/windows-1252-undeclared.xml"))
    assert marrow.byline == "Pull Up Your Plants!"
    assert marrow.bylines == []
    assert cafe.byline == "Millbrook Newsdesk"
    assert cafe.bylines == []


@pytest.mark.parametrize("relative", [*ENCODED_FEEDS, "rss/rss2-wire.xml", "rss/rss1-rdf.xml"])
def test_the_channel_title_is_neither_provider_nor_credit(relative):
    for item in parse_document(fixture_bytes(relative), name=relative):
        assert (item.provider, item.credit) == ("", ""), item.guid


@pytest.mark.parametrize("relative", ENCODED_FEEDS)
def test_no_entity_is_left_for_readers_to_see(relative):
    for item in parse_document(fixture_bytes(relative), name=relative):
        for text in (
            item.headline,
            item.body_html,
            item.standfirst,
            *(photo.caption for photo in item.photos),
        ):
            assert not shown_entities(text), (item.guid, text)


def feed_with(description=None, *, atom_content=None):
    if atom_content is not None:
        return (
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Notes</title><entry><id>q-1</id>'
            "<title>Harbour notes</title><updated>2024-05-01T10:00:00Z</updated>"
            f"{atom_content}</entry></feed>"
        ).encode()
    return (
        '<rss version="2.0"><channel><title>Quay Notes</title><item><title>Harbour notes</title>'
        f"<guid>q-1</guid><description>{description}</description></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("document", "body"),
    [
        # RSS descriptions are HTML: escaped entities are entities, escaped tags are tags.
        (feed_with("Fish &amp;amp; chips"), "<p>Fish &amp; chips</p>"),
        (feed_with("&amp;lt;b&amp;gt; is bold"), "<p>&lt;b&gt; is bold</p>"),
        (feed_with("&lt;p&gt;Gulls &amp;amp; terns&lt;/p&gt;"), "<p>Gulls &amp; terns</p>"),
        (feed_with("Price: &amp;euro;3"), "<p>Price: €3</p>"),
        # Atom says which it is: HTML is unescaped once, plain text never.
        (
            feed_with(atom_content='<content type="html">Tide &amp;amp; time</content>'),
            "<p>Tide &amp; time</p>",
        ),
        (
            feed_with(atom_content='<content type="html">&amp;laquo;Ahoy&amp;raquo;</content>'),
            "<p>«Ahoy»</p>",
        ),
        (
            feed_with(atom_content='<content type="text">Write &amp;laquo; for «</content>'),
            "<p>Write &amp;laquo; for «</p>",
        ),
        (
            feed_with(atom_content='<content type="text">&lt;b&gt; stays text</content>'),
            "<p>&lt;b&gt; stays text</p>",
        ),
    ],
)
def test_html_is_unescaped_exactly_once_and_plain_text_never(document, body):
    [item] = parse_document(document)
    assert item.body_html == body


def test_atom_plain_text_title_is_taken_as_written():
    document = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Notes</title><entry><id>q-2</id>'
        b'<title type="text">AT&amp;amp;T &amp;lt;3 harbours</title><updated>2024-05-01T10:00:00Z</updated>'
        b'<content type="html">&lt;p&gt;Body.&lt;/p&gt;</content></entry></feed>'
    )
    [item] = parse_document(document)
    assert item.headline == "AT&amp;T &lt;3 harbours"


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Fish &amp;amp; chips", "Fish & chips"),
        ("Tide &lt;b&gt;high", "Tide high"),  # feedparser guesses plain text: RSS titles are HTML
        ("&amp;laquo;Ahoy&amp;raquo;", "«Ahoy»"),
    ],
)
def test_an_rss_title_is_html_whatever_feedparser_guesses(title, headline):
    document = (
        f'<rss version="2.0"><channel><title>Quay Notes</title><item><title>{title}</title>'
        "<guid>q-9</guid><description>Body.</description></item></channel></rss>"
    ).encode()
    [item] = parse_document(document)
    assert item.headline == headline
