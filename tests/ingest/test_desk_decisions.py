"""An agency update brings the agency's copy and never the desk's decisions: a published story in
Business keeps its section, slug, address, status and the desk's tags when the agency's newer version
is written over it, by an importer run or by an editor's Apply; readers' pages are purged once."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import ReaderPagesGeneration, Section, Story
from tests.builders import make_section
from tests.desk_builders import change_url, logged_in, payload
from tests.ingest.builders import newsml_text, run_import, write_document
from tests.newsroom_staff import make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status


def purges_so_far():
    """Every purge of the reader pages advances the listings generation by one."""
    return ReaderPagesGeneration.objects.current_generations().listings


def story_of(guid="urn:test:story"):
    return Story.objects.get(source_guid=guid)


def byline_of(story):
    return [byline.author.name for byline in story.bylines.order_by("position")]


def second_version(**item):
    """Version 2 of the test story: the agency rewrote every part of its copy."""
    return newsml_text(
        version=item.pop("version", 2),
        headline=item.pop("headline", "Winter ferries leave an hour later"),
        body=item.pop("body", "<p>The first ferry now leaves at eight.</p>"),
        city="Portside",
        creators=("Mira Stone", "Tom Reed"),
        **item,
    )


@pytest.fixture
def business():
    return make_section("Business", slug="business")


def test_an_importer_run_updates_the_copy_of_a_published_story_and_leaves_where_it_is(
    client, tmp_path, wire, business
):
    """The run has no section for the agency's copy: before, the story moved to the inactive “Wire”
    section and its address changed to /wire/..."""
    path = write_document(tmp_path, "story.xml", newsml_text(version=1, keywords=("ferries",)))
    run_import(path, agency=wire, section=business)
    story = story_of()
    services.publish_story(story)
    story.refresh_from_db()
    slug, address = story.slug, story.get_absolute_url()
    assert address.startswith("/business/")
    before = purges_so_far()

    write_document(tmp_path, "story.xml", second_version(keywords=("ferries", "timetables")))
    tally, _reporter = run_import(path, agency=wire)

    story.refresh_from_db()
    assert tally.updated == 1
    assert (story.headline, story.body, story.dateline) == (
        "Winter ferries leave an hour later",
        "<p>The first ferry now leaves at eight.</p>",
        "Portside",
    )
    assert byline_of(story) == ["Mira Stone", "Tom Reed"]
    assert story.section == business
    assert (story.slug, story.get_absolute_url()) == (slug, address)
    assert story.status == S.PUBLISHED and story.source_version == 2
    # Nobody on the staff has touched it: its tags are the agency's and follow the version.
    assert sorted(story.tags.names()) == ["ferries", "timetables"]
    assert not Section.objects.filter(slug="wire").exists()  # no holding section made for an update
    assert purges_so_far() - before == 1
    page = client.get(address)
    assert page.status_code == 200 and "Winter ferries leave an hour later" in page.content.decode()


def test_an_editor_applying_a_waiting_update_keeps_the_desks_section_tags_slug_and_address(
    client, tmp_path, wire, world, business
):
    """The story came in unsorted, the desk filed it in Business with a tag of its own and published
    it; the agency's next version waits, the editor applies it, and the one after comes in by itself."""
    path = write_document(tmp_path, "story.xml", newsml_text(version=1, keywords=("ferries",)))
    run_import(path, agency=wire, section=world)
    story = story_of()
    editor = make_editor()
    ferries = story.tags.get()
    response = logged_in(client, editor).post(
        change_url(story),
        payload(
            story,
            section=business,
            agency=str(wire.pk),
            tags=[str(ferries.pk)],
            new_tags="Markets",
            _publish="x",
        ),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == S.PUBLISHED and story.section == business
    slug, address = story.slug, story.get_absolute_url()

    write_document(tmp_path, "story.xml", second_version(keywords=("ferries", "timetables")))
    run_import(path, agency=wire, section=world)
    story.refresh_from_db()
    assert story.agency_update_available and story.headline == "Ferry timetable changes for the winter"

    page = client.get(change_url(story)).content.decode()
    compare = reverse("admin:articles_agencycopy_update", args=[story.pk])
    assert 'id="agency-update-waiting"' in page and f'href="{compare}"' in page
    comparison = client.get(compare)
    changed = {difference.label: difference for difference in comparison.context["differences"]}
    assert "section" not in changed  # applying does not move the story
    assert (changed["tags"].ours, changed["tags"].theirs) == (
        "Markets, ferries",
        "Markets, ferries, timetables",
    )
    before = purges_so_far()

    assert client.post(compare).status_code == 302

    story.refresh_from_db()
    assert purges_so_far() - before == 1
    assert story.headline == "Winter ferries leave an hour later"
    assert story.body == "<p>The first ferry now leaves at eight.</p>" and story.dateline == "Portside"
    assert byline_of(story) == ["Mira Stone", "Tom Reed"]
    assert story.section == business
    assert (story.slug, story.get_absolute_url()) == (slug, address)
    assert story.status == S.PUBLISHED and not story.agency_update_available
    assert sorted(story.tags.names()) == ["Markets", "ferries", "timetables"]
    assert 'id="agency-update-waiting"' not in client.get(change_url(story)).content.decode()

    # Nothing edited since the editor applied it: version 3 is written over the story by itself,
    # still in Business, still with the desk's tag.
    write_document(tmp_path, "story.xml", second_version(version=3, headline="Ferries: the new times"))
    tally, _reporter = run_import(path, agency=wire, section=world)
    story.refresh_from_db()
    assert tally.updated == 1 and story.headline == "Ferries: the new times"
    assert story.section == business and story.get_absolute_url() == address
    assert "Markets" in story.tags.names()


def test_the_change_form_says_nothing_of_agency_updates_when_none_waits(client, tmp_path, wire, world):
    path = write_document(tmp_path, "story.xml", newsml_text(version=1))
    run_import(path, agency=wire, section=world)
    write_document(tmp_path, "story.xml", second_version())
    run_import(path, agency=wire, section=world)  # unedited: written over the story, nothing waits
    story = story_of()
    assert story.source_version == 2

    page = logged_in(client, make_editor()).get(change_url(story)).content.decode()

    assert "agency-update-waiting" not in page.split("</style>", 1)[1]
    assert "An agency update is waiting" not in page


def test_a_reporter_is_told_an_update_waits_without_a_way_to_apply_it(client, tmp_path, wire, world):
    path = write_document(tmp_path, "story.xml", newsml_text(version=1))
    run_import(path, agency=wire, section=world)
    reporter = make_reporter()
    Story.objects.filter(source_guid="urn:test:story").update(
        created_by=reporter, body="<p>Our own words.</p>"
    )
    write_document(tmp_path, "story.xml", second_version())
    run_import(path, agency=wire, section=world)
    story = story_of()
    assert story.agency_update_available

    page = logged_in(client, reporter).get(change_url(story)).content.decode()

    assert 'id="agency-update-waiting"' in page
    assert "An editor can compare it with the story and apply it." in page
    assert reverse("admin:articles_agencycopy_update", args=[story.pk]) not in page
