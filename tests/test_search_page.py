"""The search page as a reader sees it (#17 item 5): whole words highlighted, how many results,
relevance or newest first, and a heading that is not the form's label again. Both databases."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.reader.search import RANKED_MATCHES
from tests.builders import make_story

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def headlines(tree):
    return [h.text_content().strip() for h in tree.xpath('//li[@class="search-result"]//h2')]


def test_whole_words_are_highlighted_never_parts_of_them(client, world):
    make_story(
        section=world,
        headline="Monsoon arrives early",
        body="<p>The Indian weather office said the monsoon reached India's southern coast.</p>",
    )
    tree = search(client, q="Indian")
    marks = [mark.text for mark in tree.xpath('//p[@class="search-result__snippet"]//mark')]
    assert marks and all(mark.casefold().startswith("indian") for mark in marks), marks
    snippet = tree.xpath('//p[@class="search-result__snippet"]')[0]
    for mark in snippet.xpath(".//mark"):
        assert not (mark.tail or "")[:1].isalnum(), "a highlight stops inside a word"


def test_the_page_says_how_many_results_there_are(client, world):
    for number in range(3):
        make_story(section=world, headline=f"Ferry timetable change {number}")
    make_story(section=world, headline="Nothing to do with boats")
    tree = search(client, q="ferry")
    assert tree.xpath('string(//p[@class="search-count"])').strip() == "3 results"
    one = search(client, q="boats")
    assert one.xpath('string(//p[@class="search-count"])').strip() == "1 result"


def test_the_count_stops_at_what_search_ranks(client, world, monkeypatch):
    monkeypatch.setattr("articles.reader.search.RANKED_MATCHES", 4)
    for number in range(6):
        make_story(section=world, headline=f"Lighthouse keeper diary {number}")
    assert RANKED_MATCHES > 4  # the module's own bound is what the page normally counts to
    tree = search(client, q="lighthouse")
    assert tree.xpath('string(//p[@class="search-count"])').strip() == "More than 4 results"


def test_newest_first_on_request_and_relevance_by_default(client, world):
    now = timezone.now()
    in_headline = make_story(section=world, headline="Tea auction prices", publish_at=now - timedelta(days=3))
    in_body = make_story(
        section=world,
        headline="Market report",
        body="<p>The tea auction closed lower.</p>",
        publish_at=now - timedelta(hours=1),
    )
    assert headlines(search(client, q="tea auction")) == [in_headline.headline, in_body.headline]
    newest = search(client, q="tea auction", order="newest")
    assert headlines(newest) == [in_body.headline, in_headline.headline]
    assert newest.xpath('string(//*[@aria-current="true"])').strip() == "Newest"
    # The order survives a new search from the form on that page.
    assert newest.xpath('//form[@role="search"]//input[@name="order"]/@value') == ["newest"]


def test_an_unknown_order_is_relevance(client, world):
    make_story(section=world, headline="Spice exports grow")
    tree = search(client, q="spice", order="'; DROP TABLE")
    assert tree.xpath('string(//*[@aria-current="true"])').strip() == "Most relevant"


def test_the_heading_names_the_search_not_the_forms_label(client, world):
    make_story(section=world, headline="Coastal road reopens")
    tree = search(client, q="coastal")
    heading = tree.xpath("string(//h1)").strip()
    label = tree.xpath('string(//label[@for="search-page-q"])').strip()
    assert heading == "Results for “coastal”"
    assert heading != label
    assert search(client).xpath("string(//h1)").strip() == "Search our stories"


def test_a_result_says_when_it_is_analysis_or_opinion_as_cards_do(client, world):
    from articles.models import Story

    make_story(section=world, headline="Why the ferry fares rose", genre=Story.Genre.ANALYSIS)
    make_story(section=world, headline="Ferry fares rise again")
    tree = search(client, q="ferry fares", order="newest")

    labels = {
        h2.xpath("string(./a)"): h2.xpath("string(./span[contains(@class, 'genre-label')])")
        for h2 in tree.xpath('//li[@class="search-result"]//h2')
    }
    assert labels == {"Why the ferry fares rose": "Analysis", "Ferry fares rise again": ""}
