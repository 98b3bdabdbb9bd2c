"""Who may open which admin page: each newsroom group against every page of every model in the admin.

The table says what the README's roles mean for each model: **Reporter** writes stories and uploads
photos, **Editor** edits any story and the catalogue, **Wire desk** runs agency feeds and reads the
incoming wire copy. "edit" is a change form with a Save button, "view" the same page read-only, and
None a 403.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from taggit.models import Tag

from articles.models import AgencyCopy, AgencyFeed, BreakingNewsBanner, FeedMapping, Story
from articles.services import fronts
from tests.api.builders import make_api_key
from tests.builders import make_agency, make_author, make_photo, make_section, make_story, unique
from tests.newsroom_staff import make_staff, restore_newsroom_groups

pytestmark = pytest.mark.django_db

GROUPS = ("Reporter", "Editor", "Wire desk")
EDIT, VIEW, NONE = "edit", "view", None


@pytest.fixture(autouse=True)
def _groups_as_migrated():
    """A transactional test elsewhere empties the tables and ``newsroom_staff`` puts back only the
    groups of 0003; the later grants are added again by their migration's own code (idempotent)."""
    restore_newsroom_groups()
    migration = importlib.import_module("articles.migrations.0010_wire_desk_permissions")
    migration.grant_desk_permissions(apps, None)


def agency_feed(user):
    return AgencyFeed.objects.create(name=unique("Feed"), agency=make_agency(), source="https://wire.test/a")


def agency_copy(user):
    story = make_story(status=Story.Status.DRAFT, agency=make_agency(), source_guid=unique("urn:wire"))
    return AgencyCopy.objects.create(story=story, source_name="wire.xml")


# model: (builder of one object for the change page, {group: (changelist, add page, change page)})
PAGES = {
    "articles.story": (
        lambda user: make_story(status=Story.Status.DRAFT, created_by=user),  # the user's own draft
        {"Reporter": (200, 200, EDIT), "Editor": (200, 200, EDIT), "Wire desk": (200, 403, VIEW)},
    ),
    "articles.photo": (  # adding a photo is uploading one: the add page sends to the upload page
        lambda user: make_photo(),
        {"Reporter": (200, 302, EDIT), "Editor": (200, 302, EDIT), "Wire desk": (200, 403, VIEW)},
    ),
    "articles.section": (
        lambda user: make_section(),
        {"Reporter": (200, 403, VIEW), "Editor": (200, 200, EDIT), "Wire desk": (200, 403, VIEW)},
    ),
    "articles.author": (
        lambda user: make_author(),
        {"Reporter": (200, 403, VIEW), "Editor": (200, 200, EDIT), "Wire desk": (200, 403, VIEW)},
    ),
    "articles.agency": (
        lambda user: make_agency(),
        {"Reporter": (200, 403, VIEW), "Editor": (200, 200, EDIT), "Wire desk": (200, 200, EDIT)},
    ),
    "taggit.tag": (
        lambda user: Tag.objects.create(name=unique("tag"), slug=unique("tag")),
        {"Reporter": (200, 200, VIEW), "Editor": (200, 200, EDIT), "Wire desk": (200, 403, VIEW)},
    ),
    "articles.agencyfeed": (
        agency_feed,
        {"Reporter": (403, 403, NONE), "Editor": (403, 403, NONE), "Wire desk": (200, 200, EDIT)},
    ),
    "articles.feedmapping": (
        lambda user: FeedMapping.objects.create(value=unique("sport"), agency=make_agency(), tag="sport"),
        {"Reporter": (403, 403, NONE), "Editor": (403, 403, NONE), "Wire desk": (200, 200, EDIT)},
    ),
    "articles.agencycopy": (  # made by the importer only; editors apply its waiting versions
        agency_copy,
        {"Reporter": (403, 403, NONE), "Editor": (200, 403, EDIT), "Wire desk": (200, 403, VIEW)},
    ),
    "articles.front": (  # the home page's and sections' fronts, arranged in the front editor
        lambda user: fronts.front_of(None),
        {"Reporter": (403, 403, NONE), "Editor": (200, 403, EDIT), "Wire desk": (403, 403, NONE)},
    ),
    "articles.breakingnewsbanner": (
        lambda user: BreakingNewsBanner.objects.create(text=unique("Breaking"), is_active=False),
        {"Reporter": (403, 403, NONE), "Editor": (200, 200, EDIT), "Wire desk": (403, 403, NONE)},
    ),
    "articles.apikey": (  # partners' keys to the content API: an administrator's job
        lambda user: make_api_key()[0],
        dict.fromkeys(GROUPS, (403, 403, NONE)),
    ),
    "auth.user": (
        lambda user: get_user_model().objects.create_user(username=unique("someone")),
        dict.fromkeys(GROUPS, (403, 403, NONE)),
    ),
    "auth.group": (
        lambda user: Group.objects.get(name="Editor"),
        dict.fromkeys(GROUPS, (403, 403, NONE)),
    ),
}


# What shows a page can change its object, where that is not a change form's Save button.
SAVE_MARKS = {"articles.front": 'name="action" value="pin"'}  # the front editor's own buttons


def admin_url(label, page, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{page}", args=args)


def test_the_table_covers_every_model_in_the_admin():
    registered = {
        model._meta.label_lower
        for model in apps.get_models()
        if admin.site.is_registered(model) and admin.site.get_model_admin(model) is not None
    }
    assert registered == set(PAGES)


CASES = [(label, group) for label in PAGES for group in GROUPS]


@pytest.mark.parametrize(("label", "group"), CASES, ids=[f"{group}-{label}" for label, group in CASES])
def test_each_group_reaches_the_pages_of_its_role(client, label, group):
    user = make_staff(group)
    client.force_login(user)
    build, expected = PAGES[label]
    changelist, add, change = expected[group]
    obj = build(user)

    assert client.get(admin_url(label, "changelist")).status_code == changelist
    assert client.get(admin_url(label, "add")).status_code == add
    response = client.get(admin_url(label, "change", obj.pk))
    if change is NONE:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        saves = SAVE_MARKS.get(label, 'name="_save"') in response.content.decode()
        assert saves == (change == EDIT), f"{group} should {change} {label}"


def test_reporters_cannot_open_an_agency_update_even_of_their_own_draft(client):
    reporter = make_staff("Reporter")
    copy = agency_copy(reporter)
    Story.objects.filter(pk=copy.story_id).update(created_by=reporter)
    client.force_login(reporter)

    assert client.get(reverse("admin:articles_agencycopy_update", args=[copy.story_id])).status_code == 403
    assert client.get(admin_url("articles.agencycopy", "changelist")).status_code == 403


def test_the_wire_desk_reads_agency_copy_but_applies_no_update_to_a_story(client):
    copy = agency_copy(None)
    client.force_login(make_staff("Wire desk"))

    assert client.get(admin_url("articles.agencycopy", "change", copy.pk)).status_code == 200
    update = reverse("admin:articles_agencycopy_update", args=[copy.story_id])
    assert client.post(update).status_code == 403


def test_the_wire_desk_runs_its_feeds(client):
    client.force_login(make_staff("Wire desk"))
    agency, section = make_agency(), make_section()

    response = client.post(
        admin_url("articles.agencyfeed", "add"),
        {
            "name": "Morning wire",
            "agency": agency.pk,
            "source": "https://wire.test/morning.xml",
            "format": "auto",
            "section": section.pk,
            "time_zone": "UTC",
            "is_active": "on",
            "poll_interval": "15",
            "mappings-TOTAL_FORMS": "0",
            "mappings-INITIAL_FORMS": "0",
            "mappings-MIN_NUM_FORMS": "0",
            "mappings-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    assert AgencyFeed.objects.filter(name="Morning wire", agency=agency).exists()
