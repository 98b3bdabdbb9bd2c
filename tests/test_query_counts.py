"""Every reader page runs a fixed number of SQL queries, whatever the content (the budget: at most
six, with the page cache cold). Besides these, each process reads the reader pages' generation at
most once a second (``articles.reader.cache``), which the counts leave out."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Correction, Story
from tests.builders import make_agency, make_author, make_photo, make_section, make_story

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 6
# The story with its section, agency and lead photo; the sections; byline, tags and corrections;
# the further photos; the stories around it.
ARTICLE_QUERIES = 5


@pytest.fixture(autouse=True)
def content_types_known():
    # Tag lookups need the Story content type; Django keeps it for the life of the process, so a
    # running site never asks again. Ask once here so each count is the same in any test order.
    ContentType.objects.get_for_model(Story)


def page_queries(queries):
    """The page's own queries: each process also reads the generation at most twice a second, which
    a slow moment between two requests can bring into either."""
    return [query for query in queries if "readerpagesgeneration" not in query["sql"]]


def cold_queries(client, address):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(page_queries(queries))


def test_article_queries_do_not_grow_with_tags_photos_and_authors(client):
    world = make_section("World", slug="world")
    sport = make_section("Sport", slug="sport")
    agency = make_agency("Associated Press", credit="AP")
    for index in range(12):
        make_story(section=world if index % 2 else sport, tags=[f"tag-{index % 5}"], lead_photo=make_photo())
    small = make_story(section=world, tags=["tag-1"], lead_photo=make_photo(), authors=[make_author()])
    large = make_story(
        section=world,
        agency=agency,
        lead_photo=make_photo(agency=agency, credit=""),
        tags=[f"tag-{n}" for n in range(30)],
        photos=[make_photo(agency=agency, credit="") for _ in range(10)],
        authors=[make_author() for _ in range(5)],
    )
    for note in ("First correction.", "Second correction."):
        Correction.objects.create(story=large, note=note)

    counts = [cold_queries(client, story.get_absolute_url()) for story in (small, large)]
    assert counts == [ARTICLE_QUERIES, ARTICLE_QUERIES]


def fill(count, *, sections, agency, writer):
    for index in range(count):
        make_story(
            lead_photo=make_photo(),
            tags=["common", f"tag-{index % 7}"],
            authors=[writer, make_author()],
            agency=agency if index % 2 else None,
            section=sections[index % len(sections)],
            headline=f"Harbour story number {index}",
        )


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/nation/",
        "/nation/kerala/",
        "/tag/common/",
        "/author/{author}/",
        "/search/?q=harbour",
        "/feeds/latest/",
        "/feeds/section/nation/",
        "/feeds/tag/common/",
    ],
)
def test_listing_queries_do_not_grow_with_the_number_of_stories(client, address):
    nation = make_section("Nation", slug="nation")
    kerala = make_section("Kerala", slug="kerala", parent=nation)
    sections = [nation, kerala, make_section("World", slug="world")]
    writer = make_author()
    agency = make_agency("Associated Press", credit="AP")

    address = address.format(author=writer.slug)
    fill(10, sections=sections, agency=agency, writer=writer)
    with_ten = cold_queries(client, address)
    fill(40, sections=sections, agency=agency, writer=writer)
    with_fifty = cold_queries(client, address)

    assert with_ten == with_fifty <= QUERY_BUDGET, address


def test_deep_section_pages_cost_what_the_first_page_costs(client):
    world = make_section("World", slug="world")
    for _ in range(70):
        make_story(section=world, lead_photo=make_photo())
    first = cold_queries(client, "/world/")
    response = client.get("/world/")
    counts = [first]
    for _ in range(3):  # follow "Older stories" to the last page
        older = response.text.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
        counts.append(cold_queries(client, "/world/" + older))
        response = client.get("/world/" + older)
    assert len(set(counts)) == 1 and counts[0] <= QUERY_BUDGET


def test_a_story_page_retired_by_another_story_reuses_its_own_part(client):
    """Another story's withdrawal retires every cached page; this story's own part (labels, photos,
    the article's HTML) has not changed, nor have the sections: its page then costs two queries, its
    row and the blocks around it (the withdrawal might have taken a story out of either)."""
    from articles import services
    from articles.reader.cache import local_pages

    world = make_section("World", slug="world")
    story = make_story(section=world, tags=["tides"], lead_photo=make_photo(), authors=[make_author()])
    client.get(story.get_absolute_url())
    services.withdraw_story(make_story(section=world), reason="Not verified.")
    local_pages.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
    assert len(page_queries(queries)) == 2
