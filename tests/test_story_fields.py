"""A story's own fields for sharing (social title, description and image, with their fallbacks), the
byline a new story starts with, and the first revision of the demo stories."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.admin.history import readable_snapshots
from articles.models import Author, Photo, Revision, Story, StoryAuthor
from articles.photos.delivery import rendition_url
from tests.builders import make_author, make_photo, make_story
from tests.desk_builders import ADD, change_url, logged_in, payload
from tests.newsroom_staff import make_editor, make_reporter
from tests.pages import page_tree

pytestmark = pytest.mark.django_db
S = Story.Status


def meta_of(response, *keys):
    tree = page_tree(response)
    found = {}
    for key in keys:
        values = tree.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
        found[key] = values[0] if values else None
    return found


SHARING = ("og:title", "og:description", "og:image", "og:image:alt")
TWITTER = ("twitter:title", "twitter:description", "twitter:image", "twitter:image:alt")


def photo_id_in(address):
    return int(address.split("/media/renditions/")[1].split("/")[0])


# Sharing previews ----------------------------------------------------------------------------------


def test_sharing_previews_show_the_social_title_description_and_image(client, world):
    lead = make_photo(size=(1600, 900), alt_text="Boats at the quay")
    social = make_photo(size=(1600, 900), alt_text="A fisher mending a net")
    story = make_story(
        section=world,
        headline="Trawling ban begins",
        standfirst="Fishers ask for more relief.",
        seo_title="Kerala trawling ban 2026",
        seo_description="The 52-day ban and what it means.",
        social_title="Fifty-two days ashore",
        social_description="What a trawling ban means for a fishing family.",
        lead_photo=lead,
        social_image=social,
    )
    response = client.get(story.get_absolute_url())
    sharing, twitter = meta_of(response, *SHARING), meta_of(response, *TWITTER)

    assert sharing["og:title"] == twitter["twitter:title"] == "Fifty-two days ashore"
    assert sharing["og:description"] == twitter["twitter:description"]
    assert sharing["og:description"] == "What a trawling ban means for a fishing family."
    assert sharing["og:image"] == twitter["twitter:image"]
    assert sharing["og:image"].startswith(settings.NEWSROOM_SITE_URL + "/media/renditions/")
    assert photo_id_in(sharing["og:image"]) == social.pk
    assert sharing["og:image:alt"] == twitter["twitter:image:alt"] == "A fisher mending a net"
    # Search engines keep the SEO copy and the page's own photos.
    tree = page_tree(response)
    assert tree.xpath("string(//title)").startswith("Kerala trawling ban 2026")
    assert meta_of(response, "description")["description"] == "The 52-day ban and what it means."
    assert client.get(sharing["og:image"].removeprefix(settings.NEWSROOM_SITE_URL)).status_code == 200


def test_sharing_previews_fall_back_to_the_seo_copy_and_the_lead_photo(client, world):
    lead = make_photo(size=(1600, 900), alt_text="Boats at the quay")
    story = make_story(
        section=world,
        headline="Trawling ban begins",
        standfirst="Fishers ask for more relief.",
        seo_title="Kerala trawling ban 2026",
        seo_description="The 52-day ban and what it means.",
        lead_photo=lead,
    )
    sharing = meta_of(client.get(story.get_absolute_url()), *SHARING, *TWITTER)
    assert sharing["og:title"] == sharing["twitter:title"] == "Kerala trawling ban 2026"
    assert sharing["og:description"] == sharing["twitter:description"] == "The 52-day ban and what it means."
    assert photo_id_in(sharing["og:image"]) == lead.pk
    assert sharing["og:image:alt"] == "Boats at the quay"

    plain = make_story(section=world, headline="Quiet harbour", standfirst="Nothing moved all day.")
    sharing = meta_of(client.get(plain.get_absolute_url()), *SHARING, "twitter:card")
    assert (sharing["og:title"], sharing["og:description"]) == ("Quiet harbour", "Nothing moved all day.")
    assert sharing["og:image"] is None and sharing["twitter:card"] == "summary"


def test_a_social_image_whose_rights_ran_out_gives_way_to_the_lead_photo(client, world):
    from django.utils import timezone

    lead = make_photo(size=(1600, 900), alt_text="Boats at the quay")
    expired = make_photo(size=(1600, 900), expires_at=timezone.now() - timezone.timedelta(days=1))
    story = make_story(section=world, lead_photo=lead, social_image=expired)
    sharing = meta_of(client.get(story.get_absolute_url()), *SHARING)
    assert photo_id_in(sharing["og:image"]) == lead.pk


def test_a_social_image_is_public_only_while_a_published_story_shows_it(client, world):
    social = make_photo(size=(1600, 900))
    story = make_story(section=world, status=S.DRAFT, social_image=social)
    address = rendition_url(social, 640, "16:9", "jpeg")
    assert social not in Photo.objects.shown_publicly()
    assert client.get(address).status_code == 404

    services.publish_story(story)
    assert social in Photo.objects.shown_publicly()
    assert client.get(address).status_code == 200


def test_the_social_image_costs_the_story_page_no_query(client, world):
    from django.core.cache import cache

    def cold(story):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(story.get_absolute_url()).status_code == 200
        return len([query for query in queries if "readerpagesgeneration" not in query["sql"]])

    plain = make_story(section=world, lead_photo=make_photo())
    social = make_story(
        section=world, lead_photo=make_photo(), social_image=make_photo(), photos=[make_photo()]
    )
    assert cold(plain) == cold(social) == 5


def test_an_uncredited_social_image_holds_up_publication(world):
    story = make_story(section=world, status=S.IN_REVIEW, social_image=make_photo(credit=""))
    with pytest.raises(services.PhotoCreditMissing):
        services.publish_story(story, by=make_editor())
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW


def test_a_changed_social_image_retires_the_story_page(client, world, django_capture_on_commit_callbacks):
    social = make_photo(size=(1600, 900), alt_text="Before")
    story = make_story(section=world, social_image=social)
    assert meta_of(client.get(story.get_absolute_url()), "og:image:alt")["og:image:alt"] == "Before"
    with django_capture_on_commit_callbacks(execute=True):
        social.alt_text = "After"
        social.save()
    assert meta_of(client.get(story.get_absolute_url()), "og:image:alt")["og:image:alt"] == "After"


# The desk ------------------------------------------------------------------------------------------


def test_the_social_fields_are_edited_in_a_collapsed_seo_and_social_fieldset(client, world):
    story = make_story(section=world, headline="Trawling ban begins")
    social = make_photo(caption="A fisher mending a net")
    logged_in(client, make_editor())
    form = page_tree(client.get(change_url(story)))
    fieldset = form.xpath('//fieldset[.//h2[normalize-space()="SEO and social"]]')
    assert "collapse" in fieldset[0].get("class").split()
    names = set(fieldset[0].xpath(".//*[@name]/@name"))
    assert {"seo_title", "seo_description", "social_title", "social_description", "social_image"} <= names

    response = client.post(
        change_url(story),
        payload(
            story,
            social_title="Fifty-two days ashore",
            social_description="A fishing family waits.",
            social_image=social.pk,
        ),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.social_title, story.social_description, story.social_image) == (
        "Fifty-two days ashore",
        "A fishing family waits.",
        social,
    )
    snapshot = Revision.objects.filter(story=story).latest().snapshot
    assert snapshot["social_title"] == "Fifty-two days ashore"
    assert snapshot["social_image"] == social.pk


def test_compare_and_restore_cover_the_social_fields(client, world):
    editor = make_editor()
    first_image, second_image = make_photo(caption="First picture"), make_photo(caption="Second picture")
    story = make_story(section=world)
    story.social_title, story.social_image = "First title", first_image
    first = services.save_story(story, fields={"social_title", "social_image"}, by=editor).revision
    story.social_title, story.social_image = "Second title", second_image
    second = services.save_story(story, fields={"social_title", "social_image"}, by=editor).revision

    compared = logged_in(client, editor).get(
        f"/admin/articles/story/{story.pk}/history/compare/?old={first.pk}&new={second.pk}"
    )
    assert "Social title" in compared.text and "Social image" in compared.text
    old_text, new_text = readable_snapshots(first.snapshot, second.snapshot)
    assert (old_text["social_image"], new_text["social_image"]) == (
        f"First picture (#{first_image.pk})",
        f"Second picture (#{second_image.pk})",
    )

    assert {"social_title", "social_description", "social_image"} <= set(
        services.restored_fields(editor, story)
    )
    services.restore_revision(first, by=editor)
    story.refresh_from_db()
    assert (story.social_title, story.social_image) == ("First title", first_image)


def test_a_reporter_who_may_not_edit_the_story_cannot_change_its_social_fields(client, world):
    reporter = make_reporter()
    story = make_story(section=world, created_by=reporter, social_title="As published")
    response = logged_in(client, reporter).post(
        change_url(story), payload(story, social_title="Quietly changed", social_image=make_photo().pk)
    )
    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.social_title, story.social_image_id) == ("As published", None)


# The byline a new story starts with -----------------------------------------------------------------


def byline_rows(response):
    form = page_tree(response)
    total = form.xpath('//input[@name="bylines-TOTAL_FORMS"]/@value')[0]
    chosen = form.xpath('//select[@name="bylines-0-author"]/option[@selected]/@value')
    return int(total), chosen


def test_a_new_story_starts_with_its_writer_in_the_byline(client, world):
    reporter = make_reporter()
    writer = make_author("Devika Nair", user=reporter)
    make_author("Someone Else")
    logged_in(client, reporter)

    assert byline_rows(client.get(ADD)) == (1, [str(writer.pk)])
    # Saved as offered: the row is the writer's, not an unchanged empty row.
    data = payload(section=world, **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(writer.pk)})
    data["bylines-0-position"] = "0"
    assert client.post(ADD, data).status_code == 302
    story = Story.objects.get()
    assert list(StoryAuthor.objects.filter(story=story).values_list("author", flat=True)) == [writer.pk]
    # An existing story's form offers no extra row.
    assert byline_rows(client.get(change_url(story)))[0] == 1


def test_a_writer_may_take_themself_off_the_byline(client, world):
    reporter = make_reporter()
    make_author("Devika Nair", user=reporter)
    logged_in(client, reporter)
    assert client.post(ADD, payload(section=world)).status_code == 302  # the row removed: none posted
    assert not StoryAuthor.objects.exists()


def test_someone_without_an_author_profile_starts_with_an_empty_byline(client):
    editor = make_editor()
    make_author("Devika Nair")
    assert byline_rows(logged_in(client, editor).get(ADD)) == (0, [])
    assert Author.objects.filter(user=editor).count() == 0


# Demo content ------------------------------------------------------------------------------------


def test_demo_stories_have_a_first_revision_like_any_other():
    call_command("seed_demo", stdout=io.StringIO())
    stories = list(Story.objects.all())
    revisions = {revision.story_id: revision for revision in Revision.objects.all()}
    assert len(revisions) == len(stories) == Revision.objects.count()
    for story in stories:
        assert revisions[story.pk].snapshot == Revision.snapshot_of(story), story.headline
    listed = Story.objects.get(slug__startswith="kochi-fintech-paisaline")
    assert [section.slug for section in listed.secondary_sections.all()] == ["kerala"]
    assert listed.social_title

    # A second run adds nothing; a demo story loaded before revisions were kept gets one, as it is.
    Revision.objects.filter(story=listed).delete()
    call_command("seed_demo", stdout=io.StringIO())
    assert Revision.objects.count() == len(stories)
    assert Revision.objects.get(story=listed).snapshot == Revision.snapshot_of(listed)
