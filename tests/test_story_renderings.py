"""The story's own part of its page is rendered once and kept (articles.rendering): later readers get
the same page, and every change to anything the page shows is on the next page served."""

from datetime import timedelta

import pytest
from builders import make_agency, make_author, make_photo, make_section, make_story
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from newsroom_staff import make_reporter
from taggit.models import Tag

from articles import services
from articles.reader import story_page as rendering
from articles.models import Correction, Story, StoryAuthor, StoryPhoto, StoryRendering

pytestmark = pytest.mark.django_db


def page(client, story):
    # The page cache would answer a second request by itself; these tests are about what is
    # behind it.
    cache.clear()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def stored(story):
    return StoryRendering.objects.get(story=story)


@pytest.fixture
def world():
    return make_section("World", slug="world")


def test_the_first_reader_stores_the_rendering_and_the_next_gets_the_same_page(client, world):
    other = make_story(section=world, headline="An older neighbour", tags=["harbour"])
    story = make_story(
        section=world,
        headline="Boats return to the harbour",
        dateline="Kochi",
        lead_photo=make_photo(caption="Nets on the quay"),
        photos=[make_photo(caption="A second look")],
        authors=[make_author("Mira Nair")],
        tags=["harbour", "fishing"],
    )
    Correction.objects.create(story=story, note="An earlier version misspelt the quay.")

    first = page(client, story)
    kept = stored(story)
    second = page(client, story)

    assert second == first
    assert "Boats return to the harbour" in kept.article and "Nets on the quay" in kept.article
    assert "misspelt the quay" in kept.article and "Mira Nair" in kept.article
    assert '"@type": "NewsArticle"' in kept.head
    assert kept.related_ids == [other.pk]
    assert "An older neighbour" in second  # the related story and the next story stay live
    assert kept.stamp == rendering.stamp_of(Story.objects.get(pk=story.pk))


def test_a_stored_rendering_is_used_not_made_again(client, world):
    story = make_story(section=world, headline="Original words")
    page(client, story)
    # What is stored is what readers get while it is current: change it behind the site's back.
    StoryRendering.objects.filter(story=story).update(article="<p>Kept rendering</p>")

    assert "Kept rendering" in page(client, story)


GONE = "gone"


def edit_headline(story):
    story.headline = "A corrected headline"
    story.save()
    return "A corrected headline"


def edit_photo_caption(story):
    photo = story.lead_photo
    photo.caption = "A new caption for the lead photo"
    photo.save()
    return "A new caption for the lead photo"


def edit_photo_credit(story):
    photo = story.lead_photo
    photo.credit = "Fresh Credit Desk"
    photo.save()
    return "Fresh Credit Desk"


def rename_author(story):
    author = story.bylines.get().author
    author.name = "Renamed Reporter"
    author.save()
    return "Renamed Reporter"


def add_byline(story):
    StoryAuthor.objects.create(story=story, author=make_author("Second Writer"), position=5)
    return "Second Writer"


def rename_tag(story):
    tag = Tag.objects.get(name="harbour")
    tag.name = "Harbours and ports"
    tag.save()
    return "Harbours and ports"


def add_tag(story):
    story.tags.add("monsoon watch")
    return "monsoon watch"


def remove_tag(story):
    story.tags.remove("harbour")
    return GONE, 'rel="tag">harbour<'


def delete_tag(story):
    Tag.objects.get(name="harbour").delete()
    return GONE, 'rel="tag">harbour<'


def clear_tags(story):
    story.tags.clear()
    return GONE, 'rel="tag">harbour<'


def add_correction(story):
    Correction.objects.create(story=story, note="The boat count was wrong.")
    return "The boat count was wrong."


def add_further_photo(story):
    StoryPhoto.objects.create(story=story, photo=make_photo(caption="A late photograph"), position=3)
    return "A late photograph"


def rename_section(story):
    section = story.section
    section.name = "World news"
    section.save()
    return ">World news</a>"


def rename_agency(story):
    agency = story.agency
    agency.name = "Renamed Wire Service"
    agency.save()
    return "Renamed Wire Service"


@pytest.mark.parametrize(
    "change",
    [
        edit_headline,
        edit_photo_caption,
        edit_photo_credit,
        rename_author,
        add_byline,
        rename_tag,
        add_tag,
        remove_tag,
        clear_tags,
        delete_tag,
        add_correction,
        add_further_photo,
        rename_section,
        rename_agency,
    ],
    ids=lambda change: change.__name__,
)
def test_every_change_the_page_shows_is_on_the_next_page(client, world, change):
    story = make_story(
        section=world,
        headline="Boats return",
        agency=make_agency("Old Wire Service"),
        lead_photo=make_photo(caption="The old caption", credit="Old Credit"),
        authors=[make_author("First Reporter")],
        tags=["harbour"],
    )
    assert 'rel="tag">harbour<' in page(client, story)
    old_stamp = stored(story).stamp

    expected = change(Story.objects.get(pk=story.pk))

    content = page(client, story)
    if isinstance(expected, tuple):
        assert expected[1] not in content
    else:
        assert expected in content
    assert stored(story).stamp != old_stamp


def test_a_deleted_lead_photo_leaves_the_page(client, world):
    photo = make_photo(caption="Soon gone")
    story = make_story(section=world, lead_photo=photo)
    assert "Soon gone" in page(client, story)

    photo.delete()

    assert "Soon gone" not in page(client, story)


def test_a_related_story_withdrawn_since_leaves_the_page(client, world):
    elsewhere = make_section("Sport", slug="sport")
    related = make_story(section=elsewhere, headline="A story sharing the tag", tags=["harbour"])
    story = make_story(section=world, tags=["harbour"])
    assert "A story sharing the tag" in page(client, story)
    assert stored(story).related_ids == [related.pk]

    services.withdraw_story(Story.objects.get(pk=related.pk), by=None, reason="Legal advice.")

    assert "A story sharing the tag" not in page(client, story)


def test_stories_published_since_join_the_related_ones_after_the_refresh(client, world):
    elsewhere = make_section("Sport", slug="sport")
    story = make_story(section=world, tags=["harbour"], publish_at=timezone.now() - timedelta(days=2))
    page(client, story)
    make_story(section=elsewhere, headline="A later story on the same tag", tags=["harbour"])
    assert "A later story on the same tag" not in stored(story).article

    StoryRendering.objects.filter(story=story).update(fresh_until=timezone.now() - timedelta(seconds=1))

    assert "A later story on the same tag" in page(client, story)
    assert stored(story).fresh_until > timezone.now() + rendering.RELATED_REFRESH - timedelta(minutes=1)


def test_a_photo_whose_rights_run_out_sets_when_the_rendering_expires(client, world):
    expiry = timezone.now() + timedelta(minutes=30)
    story = make_story(section=world, lead_photo=make_photo(caption="Licensed briefly", expires_at=expiry))
    assert "Licensed briefly" in page(client, story)
    assert stored(story).fresh_until == expiry

    StoryRendering.objects.filter(story=story).update(fresh_until=timezone.now() - timedelta(seconds=1))
    type(story.lead_photo).objects.filter(pk=story.lead_photo_id).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert "Licensed briefly" not in page(client, story)


def test_new_templates_or_settings_make_every_rendering_again(client, world):
    story = make_story(section=world, headline="Same story, new clock")
    page(client, story)
    before = stored(story).stamp

    with override_settings(TIME_ZONE="UTC", NEWSROOM_SITE_NAME="The Evening Ledger"):
        content = page(client, story)
        assert stored(story).stamp != before
        assert "The Evening Ledger" in stored(story).head

    assert "The Evening Ledger" in content


def test_a_staff_preview_stores_nothing(client, world):
    draft = make_story(section=world, status=Story.Status.DRAFT, headline="Not out yet")
    client.force_login(make_reporter())

    response = client.get(reverse("admin:articles_story_preview", args=[draft.pk]))

    assert response.status_code == 200 and "Not out yet" in response.content.decode()
    assert not StoryRendering.objects.exists()


def test_the_page_around_the_story_is_what_the_template_gives(client, rf, world):
    from django.template.loader import render_to_string

    story = make_story(
        section=make_section("Kerala", parent=world, slug="kerala"),
        headline="Tides & <tempers> rise",
        seo_description='Quotes "here" & there',
        lead_photo=make_photo(),
        tags=["harbour"],
    )
    make_story(section=world, tags=["harbour"], headline="A neighbour")
    served = page(client, story)  # through the shell
    served_again = page(client, story)  # the shell kept from the first page

    request = rf.get(story.get_absolute_url())
    context = rendering.page_context(rendering.published_story(story.slug), request, keep=True)

    assert served == served_again == render_to_string("articles/story.html", context, request)
    assert "Tides &amp; &lt;tempers&gt; rise | " in served


def test_a_section_renamed_without_signals_is_in_the_next_pages_navigation(client, world):
    story = make_story(section=world)
    assert ">World</a>" in page(client, story)

    type(world).objects.filter(pk=world.pk).update(name="Planet")

    assert ">Planet</a>" in page(client, story)


def test_a_compiled_query_refuses_a_value_that_does_not_reach_its_sql():
    from articles.compiled import CompiledQuery, Joined

    ignores_slug = CompiledQuery(
        lambda slug: Story.objects.all(), Joined(Story, fields=["headline"]), slug="text"
    )

    with pytest.raises(RuntimeError, match="slot 'slug' does not reach"):
        ignores_slug.rows(slug="anything")


def test_a_compiled_query_answers_as_its_queryset_does(world):
    from articles.compiled import CompiledQuery, Joined

    for hours in (1, 2, 3):
        make_story(section=world, publish_at=timezone.now() - timedelta(hours=hours), lead_photo=make_photo())
    make_story(section=world, status=Story.Status.DRAFT)

    def newest(section_id, now):
        return Story.objects.published(at=now).filter(section_id=section_id).order_by("-publish_at")[:2]

    compiled = CompiledQuery(
        newest,
        Joined(Story, fields=["headline", "publish_at"], relations={"section": None, "lead_photo": None}),
        section_id="int",
        now="moment",
    )
    moment = timezone.now()
    built = compiled.instances(section_id=world.pk, now=moment)
    expected = list(newest(world.pk, moment).select_related("section", "lead_photo"))

    assert [(s.pk, s.headline, s.publish_at) for s in built] == [
        (s.pk, s.headline, s.publish_at) for s in expected
    ]
    assert [(s.section.name, s.lead_photo.image.name) for s in built] == [
        (s.section.name, s.lead_photo.image.name) for s in expected
    ]
    assert compiled.instances(section_id=world.pk, now=moment - timedelta(minutes=150)) != built


def test_a_neighbour_changed_behind_the_sites_back_is_on_the_next_page(client, world):
    elsewhere = make_section("Sport", slug="sport")
    neighbour = make_story(section=elsewhere, headline="First words", lead_photo=make_photo())
    story = make_story(section=world)
    assert "First words" in page(client, story)
    assert "First words" in page(client, story)  # the remembered HTML of what is around

    Story.objects.filter(pk=neighbour.pk).update(headline="Second words")

    content = page(client, story)
    assert "Second words" in content and "First words" not in content


def test_a_related_picture_whose_rights_ran_out_leaves_the_next_page(client, world):
    photo = make_photo(caption="Brief licence", alt_text="A licensed view")
    make_story(section=world, headline="With a picture", lead_photo=photo)
    story = make_story(section=world)
    assert "A licensed view" in page(client, story)

    # Straight in the table: the stored rendering of *this* story does not show the photo, and the
    # remembered HTML around it must not outlive the licence either.
    type(photo).objects.filter(pk=photo.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert "A licensed view" not in page(client, story)
