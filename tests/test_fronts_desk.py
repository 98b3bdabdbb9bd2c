"""The front editor in the admin and the services behind it: editors pin, reorder, set expiries,
preview, publish, schedule and restore; reporters and the wire desk are refused on the server, and
nothing is changed by a refused request."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import BreakingNewsBanner, Front, FrontPin, FrontVersion, Story
from articles.services import fronts
from tests.builders import make_section
from tests.desk_builders import logged_in
from tests.front_builders import LEAD, TOP, arrange, block_slot, published_stories
from tests.newsroom_staff import make_editor, make_reporter, make_staff, make_superuser
from tests.pages import page_tree

pytestmark = pytest.mark.django_db

HOME = reverse("admin:articles_front_edit", args=["home"])
PREVIEW = reverse("admin:articles_front_preview", args=["home"])
FRONTS = reverse("admin:articles_front_changelist")


def local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def draft_pins(front=None):
    """The draft's pins as (slot, headline), in order."""
    draft = FrontVersion.objects.get(front=front or Front.objects.get(kind="home"), status="draft")
    return [
        (pin.slot, pin.story.headline)
        for pin in draft.pins.select_related("story").order_by("slot", "position")
    ]


@pytest.fixture
def stories(world):
    return published_stories(world, 6)


@pytest.fixture
def editor(client):
    return logged_in(client, make_editor())


def post(client, address=HOME, **data):
    return client.post(address, data)


def test_an_editor_pins_a_lead_previews_it_and_publishes_it(editor, stories):
    oldest = stories[-1]
    response = post(editor, action="pin", story=oldest.pk, slot=LEAD, expires_at="")
    assert response.status_code == 302
    assert draft_pins() == [(LEAD, oldest.headline)]
    # Readers see none of the draft; the preview shows it, to staff only, never cached.
    assert (
        page_tree(editor.get("/")).xpath('string(//article[@class="lead-story"]//h3)').strip()
        != oldest.headline
    )
    preview = editor.get(PREVIEW)
    assert preview.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in preview["Cache-Control"].split(",")}
    assert page_tree(preview).xpath('string(//article[@class="lead-story"]//h3)').strip() == oldest.headline

    page = editor.get(HOME)
    assert page.status_code == 200
    assert "You are editing the draft, version 1." in page.text
    lead = page_tree(page).xpath('//ol[@data-slot="lead"]/li')
    assert [item.get("class") for item in lead] == ["front-entry front-entry--pinned"]

    assert post(editor, action="publish", note="Evening front").status_code == 302
    version = FrontVersion.objects.get(status="live")
    assert (version.number, version.note) == (1, "Evening front")
    assert version.released_by.groups.filter(name="Editor").exists()
    assert (
        page_tree(editor.get("/")).xpath('string(//article[@class="lead-story"]//h3)').strip()
        == oldest.headline
    )


def test_the_editor_says_which_stories_are_pinned_and_which_automatic(editor, stories):
    arrange(pins=[(TOP, stories[4]), (TOP, stories[5])])
    tree = page_tree(editor.get(HOME))
    top = tree.xpath('//ol[@data-slot="top"]/li[not(contains(@class, "front-entry--empty"))]')
    kinds = [item.xpath('string(.//*[@class="front-entry__kind"])') for item in top]
    headlines = [item.xpath('string(.//*[@class="front-entry__headline"])') for item in top]
    assert kinds[:2] == ["Pinned", "Pinned"] and set(kinds[2:]) == {"Automatic"}
    assert headlines[:2] == [stories[4].headline, stories[5].headline]
    assert "2 pinned of 6 places, the rest automatic" in tree.xpath('string(//h2[@id="slot-top-heading"])')
    assert tree.xpath('//*[@id="slot-lead-heading"]')  # the lead: automatic, no pins


def test_moving_pins_up_and_down_works_without_scripts(editor, stories):
    arrange(pins=[(TOP, story) for story in stories[:3]], publish=False)
    pins = list(FrontPin.objects.filter(version__status="draft").order_by("position"))

    post(editor, action="down", pin=pins[0].pk)
    assert [headline for _, headline in draft_pins()] == [
        stories[1].headline,
        stories[0].headline,
        stories[2].headline,
    ]
    post(editor, action="up", pin=pins[2].pk)
    assert [headline for _, headline in draft_pins()] == [
        stories[1].headline,
        stories[2].headline,
        stories[0].headline,
    ]


def test_after_each_button_the_page_opens_at_the_story_or_slot_it_changed(editor, stories, world):
    # Each button reloads the page; a keyboard user carries on from the story, not from the top.
    arrange(pins=[(TOP, story) for story in stories[:2]], publish=False)
    first, second = FrontPin.objects.filter(version__status="draft").order_by("position")

    moved = post(editor, action="down", pin=first.pk)
    pinned = post(editor, action="pin", story=stories[3].pk, slot=LEAD)
    unpinned = post(editor, action="unpin", pin=second.pk)

    assert moved["Location"].endswith(f"#front-story-{stories[0].pk}")
    assert pinned["Location"].endswith(f"#front-story-{stories[3].pk}")
    assert unpinned["Location"].endswith("#slot-top")
    page = page_tree(editor.get(moved["Location"]))
    assert page.xpath(f'//li[@id="front-story-{stories[0].pk}"][@tabindex="-1"]')
    assert page.xpath('//section[@id="slot-top"][@tabindex="-1"]')
    # The three messages wait for this first page: the move is confirmed as the others are.
    assert "Moved down in the draft." in page.xpath("string(//ul[@class='messagelist'])")


def test_a_change_to_the_live_arrangement_starts_a_draft_and_leaves_readers_alone(editor, stories):
    front = arrange(pins=[(TOP, stories[0]), (TOP, stories[1])])
    live = list(FrontVersion.objects.get(status="live").pins.order_by("position"))

    post(editor, action="up", pin=live[1].pk)

    assert [headline for _, headline in draft_pins(front)] == [stories[1].headline, stories[0].headline]
    assert [pin.story_id for pin in FrontVersion.objects.get(status="live").pins.order_by("position")] == [
        stories[0].pk,
        stories[1].pk,
    ]


def test_drag_and_drop_posts_a_slots_new_order_and_may_move_a_pin_across_slots(editor, stories):
    arrange(pins=[(TOP, stories[0]), (TOP, stories[1]), (TOP, stories[2]), (LEAD, stories[3])], publish=False)
    by_story = {pin.story_id: pin.pk for pin in FrontPin.objects.filter(version__status="draft")}

    post(editor, action="arrange", slot=TOP, pin=[by_story[stories[2].pk], by_story[stories[0].pk]])
    assert [headline for slot, headline in draft_pins() if slot == TOP] == [
        stories[2].headline,
        stories[0].headline,
        stories[1].headline,
    ]
    # The lead's story dragged into the top stories: the lead is left to the automatic fill.
    post(editor, action="arrange", slot=TOP, pin=[by_story[stories[3].pk], by_story[stories[2].pk]])
    assert draft_pins()[0] == (TOP, stories[3].headline)
    assert not [slot for slot, _ in draft_pins() if slot == LEAD]


def test_a_pin_expiry_is_set_and_cleared(editor, stories):
    arrange(pins=[(LEAD, stories[0])], publish=False)
    pin = FrontPin.objects.get()
    until = timezone.now() + timedelta(hours=3)

    post(editor, action="expiry", pin=pin.pk, expires_at=local(until))
    pin.refresh_from_db()
    assert abs(pin.expires_at - until) < timedelta(minutes=1)
    assert f'value="{local(pin.expires_at)}"' in editor.get(HOME).text
    post(editor, action="expiry", pin=pin.pk, expires_at="")
    pin.refresh_from_db()
    assert pin.expires_at is None

    refused = post(editor, action="expiry", pin=pin.pk, expires_at=local(timezone.now() - timedelta(hours=1)))
    assert "Choose an expiry in the future." in editor.get(refused["Location"]).text


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("twice", "is already pinned on this front"),
        ("full", "This slot holds 1 story and it is pinned: unpin it first."),
        ("withdrawn", "Select a valid choice"),
    ],
)
def test_pins_that_break_the_rules_are_refused(editor, stories, case, message):
    arrange(pins=[(LEAD, stories[0])], publish=False)
    story = {"twice": stories[0], "full": stories[1], "withdrawn": stories[2]}[case]
    slot = TOP if case == "twice" else LEAD
    if case == "withdrawn":
        Story.objects.filter(pk=story.pk).update(status=Story.Status.WITHDRAWN)

    response = post(editor, action="pin", story=story.pk, slot=slot)

    assert message in editor.get(response["Location"]).text
    assert draft_pins() == [(LEAD, stories[0].headline)]


def test_the_home_page_has_a_slot_per_top_level_section(editor, stories, world):
    sport = make_section("Sport", slug="sport")
    make_section("Cricket", slug="cricket", parent=sport)
    post(editor, action="pin", story=stories[0].pk, slot=block_slot(sport.pk))
    assert draft_pins() == [(block_slot(sport.pk), stories[0].headline)]
    refused = post(editor, action="pin", story=stories[1].pk, slot="section-999999")
    assert "Select a valid choice" in editor.get(refused["Location"]).text
    slots = page_tree(editor.get(HOME)).xpath("//ol/@data-slot")
    assert slots == [LEAD, TOP, block_slot(sport.pk), block_slot(world.pk)]  # the navigation's order


def test_schedule_unschedule_and_discard(editor, stories):
    arrange(pins=[(LEAD, stories[3])], publish=False)
    refused = post(editor, action="schedule", go_live_at=local(timezone.now() - timedelta(minutes=5)))
    assert "Choose a time in the future" in editor.get(refused["Location"]).text

    post(editor, action="schedule", go_live_at=local(timezone.now() + timedelta(hours=2)), note="Morning")
    version = FrontVersion.objects.get()
    assert (version.status, version.note) == ("scheduled", "Morning")
    assert "is scheduled to go live at" in editor.get(HOME).text

    post(editor, action="unschedule", version=version.pk)
    version.refresh_from_db()
    assert (version.status, version.go_live_at) == ("draft", None)

    post(editor, action="discard")
    assert not FrontVersion.objects.exists()


def test_history_lists_versions_and_restore_makes_an_earlier_one_live_again(editor, stories):
    front = arrange(pins=[(LEAD, stories[4])])
    first = FrontVersion.objects.get(status="live")
    fronts.unpin(front, first.pins.get().pk, by=None)
    arrange(pins=[(LEAD, stories[5])])
    assert FrontVersion.objects.get(pk=first.pk).status == "past"

    history = page_tree(editor.get(HOME)).xpath('//div[contains(@class, "front-history")]//tbody/tr')
    assert [row.xpath("string(td[1])") for row in history] == ["2", "1"]
    preview = editor.get(f"{PREVIEW}?version={first.pk}")
    assert stories[4].headline in page_tree(preview).xpath('string(//article[@class="lead-story"])')

    post(editor, action="restore", version=first.pk)

    restored = FrontVersion.objects.get(status="live")
    assert restored.number == 3 and restored.restored_from == first
    assert [pin.story for pin in restored.pins.all()] == [stories[4]]
    assert "Restored from version 1" in restored.note
    assert (
        page_tree(editor.get("/")).xpath('string(//article[@class="lead-story"]//h3)').strip()
        == stories[4].headline
    )


def test_a_section_front_is_edited_at_its_own_address(editor, stories, world):
    address = reverse("admin:articles_front_edit", args=[f"section-{world.pk}"])
    assert editor.get(address).status_code == 200
    post(editor, address, action="pin", story=stories[5].pk, slot=LEAD)
    post(editor, address, action="publish")
    front = Front.objects.get(section=world)
    assert front.versions.get().status == "live"
    assert editor.get(reverse("admin:articles_front_change", args=[front.pk])).status_code == 200
    listing = editor.get(FRONTS)
    assert listing.status_code == 200
    assert "World" in listing.text and "Version 1, since" in listing.text
    assert editor.get(reverse("admin:articles_front_edit", args=["section-999999"])).status_code == 404


def test_hand_made_posts_get_a_400(editor, stories):
    assert post(editor, action="explode").status_code == 400
    assert post(editor, action="unpin", pin="1; drop table").status_code == 400
    assert post(editor, action="arrange", slot=TOP).status_code == 400
    assert post(editor, action="restore", version="").status_code == 400


# Who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["Reporter", "Wire desk"])
def test_reporters_and_the_wire_desk_are_refused_and_nothing_changes(client, stories, role):
    arrange(pins=[(LEAD, stories[0])])
    before = list(FrontPin.objects.values_list("version_id", "slot", "position", "story_id"))
    logged_in(client, make_staff(role))

    assert client.get(FRONTS).status_code == 403
    assert client.get(HOME).status_code == 403
    assert client.get(PREVIEW).status_code == 403
    for data in (
        {"action": "pin", "story": stories[1].pk, "slot": TOP},
        {"action": "unpin", "pin": FrontPin.objects.get().pk},
        {"action": "publish"},
        {"action": "restore", "version": FrontVersion.objects.get().pk},
    ):
        assert post(client, **data).status_code == 403
    assert list(FrontPin.objects.values_list("version_id", "slot", "position", "story_id")) == before
    assert FrontVersion.objects.count() == 1
    banner = reverse("admin:articles_breakingnewsbanner_add")
    assert client.post(banner, {"text": "Not mine to say", "is_active": "on"}).status_code == 403
    assert not BreakingNewsBanner.objects.exists()


def test_the_services_refuse_someone_without_change_front(stories):
    reporter = make_reporter()
    front = fronts.front_of(None)
    with pytest.raises(PermissionDenied):
        fronts.pin_story(front, stories[0], slot=LEAD, by=reporter)
    with pytest.raises(PermissionDenied):
        fronts.publish_draft(front, by=reporter)
    with pytest.raises(PermissionDenied):
        fronts.save_banner(BreakingNewsBanner(text="No"), by=reporter)
    assert not FrontVersion.objects.exists() and not BreakingNewsBanner.objects.exists()
    fronts.pin_story(front, stories[0], slot=LEAD, by=make_superuser())
    assert FrontPin.objects.count() == 1


def test_editors_run_the_banner_from_the_admin(editor, stories):
    add = reverse("admin:articles_breakingnewsbanner_add")
    refused = editor.post(add, {"text": "Bad link", "link": "javascript:alert(1)", "is_active": "on"})
    assert refused.status_code == 200 and not BreakingNewsBanner.objects.exists()
    response = editor.post(
        add, {"text": "Cyclone warning for the coast", "link": "/world/", "is_active": "on"}
    )
    assert response.status_code == 302
    assert "Cyclone warning for the coast" in editor.get(stories[0].get_absolute_url()).text
    banner = BreakingNewsBanner.objects.get()
    changelist = reverse("admin:articles_breakingnewsbanner_changelist")
    editor.post(changelist, {"action": "switch_off", "_selected_action": [banner.pk]})
    assert "Cyclone warning" not in editor.get(stories[0].get_absolute_url()).text
