"""Two agencies that are one (an import met "Associated Press" before AP had that alias): merged from
the admin into the one kept, with everything that pointed at the other, which is deleted."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from articles.models import (
    Agency,
    AgencyAlias,
    AgencyFeed,
    FeedMapping,
    IngestedDocument,
    Photo,
    Story,
    WireTake,
)
from articles.services.agencies import AgencyMergeRefused, merge_agencies
from tests.builders import make_agency, make_photo, make_section, make_story
from tests.desk_builders import logged_in, messages_of
from tests.newsroom_staff import make_reporter, make_wire_desk

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_agency_changelist")


@pytest.fixture
def two_agencies(media_root):
    """AP, and the agency an import made of "Associated Press", each with something of everything."""
    ap = make_agency("AP", credit="AP")
    other = make_agency("Associated Press", credit="Associated Press")
    world = make_section("World", slug="world")
    for agency, guid in ((ap, "urn:ap:1"), (other, "urn:ap:2")):
        make_story(section=world, agency=agency, source_guid=guid, headline=f"Story {guid}")
        make_photo(agency=agency, credit="")
        feed = AgencyFeed.objects.create(
            name=f"Feed {guid}", agency=agency, source=f"https://wire.example/{guid}"
        )
        FeedMapping.objects.create(agency=agency, feed=feed, value="POL", section=world)
        WireTake.objects.create(agency=agency, story_key="ap/storm", guid="urn:ap:takes", number=1)
        IngestedDocument.objects.create(name="drop/a.xml", agency_key=agency.pk, sha256="0" * 64)
    WireTake.objects.create(agency=other, story_key="ap/storm", guid="urn:ap:takes", number=2)
    AgencyAlias.objects.create(agency=other, value="nprov:AP")
    return ap, other


def test_merging_moves_everything_of_the_other_agency_and_gives_its_names(two_agencies):
    ap, other = two_agencies

    merged = merge_agencies(ap, other)

    assert not Agency.objects.filter(pk=other.pk).exists()
    assert (merged.stories, merged.photos, merged.feeds) == (1, 1, 1)
    assert Story.objects.filter(agency=ap).count() == 2
    assert Photo.objects.filter(agency=ap).count() == 2
    assert AgencyFeed.objects.filter(agency=ap).count() == 2
    assert FeedMapping.objects.filter(agency=ap).count() == 2
    # The take both held once is the kept agency's; the other's second take joins it.
    assert sorted(WireTake.objects.filter(agency=ap).values_list("number", flat=True)) == [1, 2]
    assert IngestedDocument.objects.filter(name="drop/a.xml").count() == 1
    assert sorted(ap.aliases.values_list("value", flat=True)) == ["Associated Press", "nprov:AP"]
    assert merged.names == ["Associated Press"]


def test_two_copies_of_one_agency_item_refuse_the_merge_and_change_nothing(two_agencies):
    ap, other = two_agencies
    make_story(agency=other, source_guid="urn:ap:1", headline="The same item again")

    with pytest.raises(AgencyMergeRefused) as refused:
        merge_agencies(ap, other)

    assert "The same item again" in refused.value.message
    assert Agency.objects.filter(pk=other.pk).exists()
    assert Story.objects.filter(agency=other).count() == 2


def test_an_agency_is_not_merged_into_itself(two_agencies):
    ap, _other = two_agencies
    with pytest.raises(AgencyMergeRefused):
        merge_agencies(ap, ap)


def test_the_wire_desk_merges_from_the_agency_list_after_choosing_which_to_keep(client, two_agencies):
    ap, other = two_agencies
    logged_in(client, make_wire_desk())
    chosen = {"action": "merge_agencies", helpers.ACTION_CHECKBOX_NAME: [ap.pk, other.pk], "index": "0"}

    asked = client.post(CHANGELIST, chosen)
    assert asked.status_code == 200
    assert "Agency to keep" in asked.text and "Associated Press" in asked.text
    assert Agency.objects.filter(pk=other.pk).exists()  # nothing merged before the confirmation

    confirmed = client.post(
        CHANGELIST,
        {
            "action": "merge_agencies",
            helpers.ACTION_CHECKBOX_NAME: [ap.pk, other.pk],
            "keep": ap.pk,
            "merge": "yes",
        },
        follow=True,
    )

    assert confirmed.status_code == 200
    assert any("Associated Press is merged into AP" in message for message in messages_of(confirmed))
    assert list(Agency.objects.values_list("name", flat=True)) == ["AP"]


def test_reporters_cannot_merge_agencies(client, two_agencies):
    ap, other = two_agencies
    logged_in(client, make_reporter())
    client.post(
        CHANGELIST,
        {
            "action": "merge_agencies",
            helpers.ACTION_CHECKBOX_NAME: [ap.pk, other.pk],
            "keep": ap.pk,
            "merge": "yes",
        },
    )
    assert Agency.objects.filter(pk=other.pk).exists()


def test_a_merged_story_shows_the_kept_agency_to_readers(client, two_agencies):
    ap, other = two_agencies
    story = Story.objects.get(agency=other)
    assert "Associated Press" in client.get(story.get_absolute_url()).text

    merge_agencies(ap, other)

    page = client.get(story.get_absolute_url()).text
    assert "Associated Press" not in page
