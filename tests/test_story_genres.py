"""Article genres (#17 item 12): opinion, analysis and the rest are labelled for readers on the story
page and on every card, typed in JSON-LD as schema.org's NewsArticle subtypes, set by the desk (kept
in revisions, compared and restored like other copy) and by agencies where their format says so."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.ingest.formats.ninjs import parse_ninjs
from articles.ingest.genres import story_genre
from articles.models import Revision, Story
from tests.builders import make_section, make_story
from tests.confirming import confirm
from tests.desk_builders import change_url, logged_in, payload
from tests.ingest.builders import fixture_bytes, newsml_text, run_import, write_document
from tests.newsroom_staff import make_editor, make_reporter
from tests.pages import json_ld, page_tree

pytestmark = pytest.mark.django_db
G = Story.Genre

# schema.org's NewsArticle subtypes (https://schema.org/NewsArticle), one per genre.
SCHEMA_TYPES = {
    G.NEWS: "NewsArticle",
    G.REPORT: "ReportageNewsArticle",
    G.ANALYSIS: "AnalysisNewsArticle",
    G.EXPLAINER: "BackgroundNewsArticle",
    G.OPINION: "OpinionNewsArticle",
    G.REVIEW: "ReviewNewsArticle",
}


def genre_labels(response):
    """The genre labels on a page, as (genre class, text)."""
    return [
        (label.get("class").split("--")[-1], label.text_content())
        for label in page_tree(response).xpath('//span[contains(@class, "genre-label")]')
    ]


# The story page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("genre", G.values)
def test_the_story_page_labels_every_genre_but_news_and_types_it_in_json_ld(client, world, genre):
    story = make_story(section=world, genre=genre, headline="Why the river data deal matters")

    response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert json_ld(response)["@type"] == SCHEMA_TYPES[genre]
    header = page_tree(response).xpath('//header[@class="story__header"]')[0]
    labels = header.xpath('.//span[contains(@class, "genre-label")]/text()')
    assert labels == ([] if genre == G.NEWS else [str(G(genre).label)])
    if genre == G.OPINION:
        assert labels == ["Opinion"]
        # Before the headline, so it is read first.
        text = header.text_content()
        assert text.index("Opinion") < text.index("Why the river data deal matters")


def test_an_opinion_piece_in_the_opinion_section_is_not_labelled_twice(client):
    opinion = make_section("Opinion", slug="opinion")
    story = make_story(section=opinion, genre=G.OPINION)

    page = client.get(story.get_absolute_url())
    listing = client.get("/opinion/")

    assert genre_labels(page) == [] and genre_labels(listing) == []
    assert json_ld(page)["@type"] == "OpinionNewsArticle"


# Cards -----------------------------------------------------------------------------------------------


def test_cards_carry_the_label_on_the_section_page_and_the_home_page(client, world):
    make_story(section=world, headline="Plain news from the river", priority=1)
    make_story(section=world, genre=G.ANALYSIS, headline="What the river deal changes", priority=5)
    make_story(section=world, genre=G.OPINION, headline="The river deal is not enough", priority=3)

    section_page = client.get("/world/")
    home = client.get("/")

    assert sorted(genre_labels(section_page)) == [("analysis", "Analysis"), ("opinion", "Opinion")]
    # The analysis leads the home page (highest priority); the opinion follows it.
    assert sorted(genre_labels(home)) == [("analysis", "Analysis"), ("opinion", "Opinion")]
    lead = page_tree(home).xpath('//article[@class="lead-story"]//h3')[0].text_content()
    assert lead.split() == ["Analysis", "What", "the", "river", "deal", "changes"]


def page_queries(client, address):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len([query for query in queries if "readerpagesgeneration" not in query["sql"]])


def test_labels_on_cards_cost_no_query(client, world):
    for index in range(4):
        make_story(section=world, headline=f"River story {index}")
    news_only = [page_queries(client, address) for address in ("/", "/world/")]
    for genre in (G.OPINION, G.ANALYSIS, G.REVIEW, G.EXPLAINER):
        make_story(section=world, genre=genre)

    assert [page_queries(client, address) for address in ("/", "/world/")] == news_only
    assert len(genre_labels(client.get("/world/"))) == 4


# The desk ------------------------------------------------------------------------------------------


def test_the_desk_sets_the_genre_keeps_it_in_revisions_compares_and_restores_it(client):
    editor = make_editor()
    story = make_story(status=Story.Status.DRAFT, created_by=editor)
    logged_in(client, editor)

    client.post(change_url(story), payload(story))
    story.refresh_from_db()
    response = client.post(change_url(story), payload(story, genre=G.ANALYSIS))

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.genre == G.ANALYSIS
    first, second = Revision.objects.filter(story=story).order_by("created_at", "pk")
    assert (first.snapshot["genre"], second.snapshot["genre"]) == ("news", "analysis")

    compare = client.get(
        reverse("admin:articles_story_compare", args=[story.pk]) + f"?old={first.pk}&new={second.pk}"
    )
    assert compare.status_code == 200
    assert "Genre" in compare.text and "Analysis" in compare.text and "News" in compare.text

    restored = confirm(
        client, client.post(reverse("admin:articles_story_restore", args=[story.pk, first.pk]))
    )
    assert restored.status_code == 302
    story.refresh_from_db()
    assert story.genre == G.NEWS


def test_the_change_form_offers_the_genres_and_the_list_filters_by_them(client):
    story = make_story(status=Story.Status.DRAFT, genre=G.REVIEW)
    make_story(status=Story.Status.DRAFT, headline="An ordinary report")
    logged_in(client, make_editor())

    form = page_tree(client.get(change_url(story)))
    changelist = client.get(reverse("admin:articles_story_changelist") + "?genre__exact=review")

    assert form.xpath('//select[@name="genre"]/option/@value') == list(G.values)
    assert form.xpath('//select[@name="genre"]/option[@selected]/@value') == ["review"]
    assert story.headline in changelist.text and "An ordinary report" not in changelist.text


def test_a_reporter_cannot_relabel_someone_elses_story(client):
    story = make_story(status=Story.Status.DRAFT, created_by=make_reporter(), headline="Theirs")
    logged_in(client, make_reporter())

    response = client.post(change_url(story), payload(story, genre=G.OPINION))

    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.genre, story.headline) == (G.NEWS, "Theirs")


def test_an_unknown_genre_is_refused_and_nothing_is_saved(client):
    editor = make_editor()
    story = make_story(status=Story.Status.DRAFT, created_by=editor, headline="Kept as it was")

    response = logged_in(client, editor).post(
        change_url(story), payload(story, genre="satire", headline="Changed")
    )

    assert response.status_code == 200  # the form again, with its error
    story.refresh_from_db()
    assert (story.genre, story.headline) == (G.NEWS, "Kept as it was")


# Agencies --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agency_genre", "genre"),
    [
        ("genre:Opinion", "opinion"),
        ("opinion", "opinion"),  # the NewsML-G2 parser's qcode word
        ("Commentary", "opinion"),
        ("http://cv.iptc.org/newscodes/genre/Analysis", "analysis"),
        ("https://cv.iptc.org/newscodes/genre/Background/", "explainer"),
        ("Review", "review"),
        ("genre:Current", "news"),
        ("Feature", "news"),
        ("dpatextgenre:7", "news"),
        ("", "news"),
    ],
)
def test_iptc_genres_become_ours_and_anything_else_is_news(agency_genre, genre):
    assert story_genre(agency_genre) == genre
    assert genre in G.values


def test_a_newsml_opinion_comes_in_as_opinion_and_a_later_version_leaves_the_desks_genre(tmp_path, world):
    first = write_document(tmp_path, "v1.xml", newsml_text(genre="genre:Opinion"))
    run_import(first, section=world)
    story = Story.objects.get(source_guid="urn:test:story")
    assert story.genre == G.OPINION

    Story.objects.filter(pk=story.pk).update(genre=G.ANALYSIS)  # the desk's decision
    later = write_document(tmp_path, "v2.xml", newsml_text(version=2, headline="Later", genre="genre:Review"))
    run_import(later, section=world)

    story.refresh_from_db()
    assert story.headline == "Later" and story.genre == G.ANALYSIS


def test_a_newsml_item_of_no_genre_of_ours_comes_in_as_news(tmp_path, world):
    run_import(write_document(tmp_path, "a.xml", newsml_text(genre="genre:Current")), section=world)
    assert Story.objects.get(source_guid="urn:test:story").genre == G.NEWS


def test_a_ninjs_genre_is_read_as_ours():
    document = json.loads(fixture_bytes("ninjs/v3-night-train.json"))
    document["genres"] = [{"name": "Analysis", "uri": "http://cv.iptc.org/newscodes/genre/Analysis"}]

    [item] = parse_ninjs(json.dumps(document).encode(), name="analysis.json")

    assert story_genre(item.genre) == G.ANALYSIS
