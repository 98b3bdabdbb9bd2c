"""The desk sees what the agency sent: the incoming-wire list and the copy's page show the agency's
urgency, slugline, filing time, words and subjects (with their official IPTC names); the story form
shows the subjects and where our mapping table sends them; a feed is saved with its mapping rows."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from articles.models import AgencyCopy, AgencyFeed, FeedMapping, Story
from tests.builders import make_agency, make_section, make_story, unique
from tests.desk_builders import change_url, feed_form, logged_in
from tests.ingest.builders import newsml_text, run_import, write_document
from tests.newsroom_staff import make_editor, make_reporter, make_wire_desk

pytestmark = pytest.mark.django_db

INCOMING = reverse("admin:articles_agencycopy_changelist")
ADD_FEED = reverse("admin:articles_agencyfeed_add")
ECONOMY = "economy, business and finance"  # medtop:04000000's official name
SPORT = "sport"  # subj:15000000's


def wire_copy(*, headline=None, agency=None, **facts):
    """An agency story still in the incoming wire, with what its agency said about it."""
    story = make_story(
        status=Story.Status.DRAFT,
        headline=headline,
        agency=agency or make_agency(),
        source_guid=unique("urn:wire"),
    )
    return AgencyCopy.objects.create(story=story, source_name="wire.xml", **facts)


def flash():
    return wire_copy(
        headline="Harbour bridge closed after ship strike",
        urgency=1,
        slugline="BRIDGE-CLOSED",
        filed_at=datetime(2026, 3, 30, 6, 5, tzinfo=UTC),
        word_count=412,
        subjects=[
            {"code": "medtop:04000000", "name": "", "kind": "subject"},
            {"code": "subj:15000000", "name": "Sports", "kind": "subject"},
            {"code": "", "name": "Inland", "kind": "category"},
        ],
    )


def shown_time(moment):
    """A time as the admin's lists and read-only fields print it (in the newsroom's zone)."""
    return formats.localize(timezone.template_localtime(moment))


# The incoming-wire list and the copy's page ------------------------------------------------------


def test_the_incoming_wire_list_shows_urgency_slugline_filing_time_words_and_subjects(client):
    copy = flash()
    wire_copy(headline="Allotment show results", urgency=6, slugline="GARDEN-SHOW", word_count=230)

    page = logged_in(client, make_wire_desk()).get(INCOMING).content.decode()

    assert "Harbour bridge closed after ship strike" in page and str(copy.story.agency) in page
    assert '<strong style="color:#b91c1c">1</strong>' in page  # a flash stands out
    assert "BRIDGE-CLOSED" in page and "GARDEN-SHOW" in page
    assert shown_time(copy.filed_at) in page
    assert "412" in page and "230" in page
    assert f'<span title="medtop:04000000">{ECONOMY}</span>' in page
    assert f'<span title="subj:15000000">{SPORT}</span>' in page  # the IPTC's name, not the agency's
    assert '<span title="Inland">Inland</span>' in page  # a category has no official name


def test_the_incoming_wire_list_filters_by_urgency_and_searches_sluglines(client):
    flash()
    wire_copy(headline="Allotment show results", urgency=6, slugline="GARDEN-SHOW")
    logged_in(client, make_wire_desk())

    def headlines(query):
        response = client.get(INCOMING + query)
        return {copy.story.headline for copy in response.context["cl"].result_list}

    assert headlines("?urgency=1") == {"Harbour bridge closed after ship strike"}
    assert headlines("?q=garden-show") == {"Allotment show results"}
    in_order = client.get(INCOMING + "?o=3").context["cl"].result_list  # by urgency, flash first
    assert [copy.urgency for copy in in_order] == [1, 6]


def test_the_copy_page_lists_every_subject_with_code_and_name(client):
    copy = flash()

    page = logged_in(client, make_wire_desk()).get(
        reverse("admin:articles_agencycopy_change", args=[copy.pk])
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert f"<li>{ECONOMY} <code>medtop:04000000</code> (subject)</li>" in text
    assert f"<li>{SPORT} <code>subj:15000000</code> (subject)</li>" in text
    assert "<li>Inland <code></code> (category)</li>" in text
    assert "BRIDGE-CLOSED" in text and "412" in text


def test_an_imported_items_subjects_reach_the_list_with_their_official_names(client, tmp_path, world):
    wire = make_agency("Test Wire", credit="TW")
    path = write_document(
        tmp_path,
        "item.xml",
        newsml_text(subjects=[("medtop:04000000", ""), ("medtop:20000763", "Computing")]),
    )
    run_import(path, agency=wire, section=world)

    page = logged_in(client, make_wire_desk()).get(INCOMING).content.decode()

    assert f'<span title="medtop:04000000">{ECONOMY}</span>' in page
    assert '<span title="medtop:20000763">information technology and computer science</span>' in page


# The story form -------------------------------------------------------------------------------------


def test_the_story_form_shows_the_agency_subjects_and_offers_to_map_the_unmapped(client):
    business = make_section("Business", slug="business")
    copy = flash()
    story = copy.story
    FeedMapping.objects.create(agency=story.agency, kind="subject", value="04000000", section=business)

    page = logged_in(client, make_wire_desk()).get(change_url(story)).content.decode()

    box = page.split('id="agency-sent"', 1)[1].split("</div>", 1)[0]
    assert "urgency 1" in box and "<code>BRIDGE-CLOSED</code>" in box and "412 words" in box
    assert f"{ECONOMY} <code>medtop:04000000</code>" in box and "→ Business" in box
    assert f"{SPORT} <code>subj:15000000</code> (the agency calls it “Sports”)" in box
    links = [part.split('"', 1)[0] for part in box.split('href="')[1:]]
    assert len(links) == 2  # sport and the category; the economy code is mapped already
    queries = [parse_qs(urlsplit(link.replace("&amp;", "&")).query) for link in links]
    assert queries == [
        {"kind": ["subject"], "value": ["subj:15000000"], "agency": [str(story.agency_id)]},
        {"kind": ["category"], "value": ["Inland"], "agency": [str(story.agency_id)]},
    ]
    # The link opens the mapping form filled in.
    form = client.get(links[0].replace("&amp;", "&")).context["adminform"].form
    assert (form.initial["kind"], form.initial["value"]) == ("subject", "subj:15000000")


def test_who_may_not_add_mappings_sees_the_subjects_without_links(client):
    story = flash().story

    page = logged_in(client, make_editor()).get(change_url(story)).content.decode()

    box = page.split('id="agency-sent"', 1)[1].split("</div>", 1)[0]
    assert f"{ECONOMY} <code>medtop:04000000</code>" in box
    assert "href=" not in box


def test_a_story_of_our_own_shows_nothing_of_an_agency(client):
    story = make_story(status=Story.Status.DRAFT)

    page = logged_in(client, make_editor()).get(change_url(story)).content.decode()

    assert 'id="agency-sent"' not in page and 'id="agency-update-waiting"' not in page


# A feed with its mapping rows -----------------------------------------------------------------------


def test_a_feed_is_saved_with_two_mapping_rows_in_one_post(client):
    agency, business = make_agency(), make_section("Business", slug="business")

    response = logged_in(client, make_wire_desk()).post(
        ADD_FEED,
        feed_form(
            agency,
            [
                {"value": " medtop:04000000 ", "section": str(business.pk)},
                {"kind": "keyword", "value": "ferries", "tag": "Ferries"},
            ],
        ),
    )

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    feed = AgencyFeed.objects.get(name="Morning wire")
    rows = list(feed.mappings.values_list("kind", "value", "section__name", "tag", "agency"))
    assert rows == [
        ("subject", "medtop:04000000", "Business", "", None),
        ("keyword", "ferries", None, "Ferries", None),
    ]
    page = client.get(reverse("admin:articles_agencyfeed_change", args=[feed.pk])).content.decode()
    assert ECONOMY in page  # the inline reads the code's official name


@pytest.mark.parametrize(
    "rows, error",
    [
        ([{"value": "medtop:04000000"}], "Give a section, a tag or both."),
        (
            [{"value": "ferries", "tag": "Ferries"}, {"value": "Ferries", "tag": "Boats"}],
            "“Ferries” is mapped twice: give it one row, with its section and tag.",
        ),
    ],
)
def test_a_feed_with_a_wrong_mapping_row_is_not_saved_at_all(client, rows, error):
    response = logged_in(client, make_wire_desk()).post(ADD_FEED, feed_form(make_agency(), rows))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not AgencyFeed.objects.exists() and not FeedMapping.objects.exists()


@pytest.mark.parametrize("make_user", [make_editor, make_reporter])
def test_only_the_wire_desk_saves_feeds_and_their_mappings(client, make_user):
    rows = [{"kind": "keyword", "value": "ferries", "tag": "Ferries"}]

    response = logged_in(client, make_user()).post(ADD_FEED, feed_form(make_agency(), rows))

    assert response.status_code == 403
    assert not AgencyFeed.objects.exists() and not FeedMapping.objects.exists()
