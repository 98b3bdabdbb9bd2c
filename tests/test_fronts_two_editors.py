"""Two editors on one front's draft: each sees who changed it last, and a Publish, Schedule or Discard
from a page that showed an earlier state of the draft is refused, so nobody releases (or throws away)
a colleague's latest pins without having seen them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import FrontVersion
from articles.services import fronts
from tests.desk_builders import logged_in, messages_of
from tests.front_builders import LEAD, TOP, arrange, published_stories, top_sections
from tests.newsroom_staff import make_editor
from tests.pages import page_tree

pytestmark = pytest.mark.django_db

HOME = reverse("admin:articles_front_edit", args=["home"])


@pytest.fixture
def stories(world):
    return published_stories(world, 3, headline="Quay story {n}")


def mark_on(page, form_class):
    """The draft's change as the page carries it back with the form of ``form_class``."""
    return page_tree(page).xpath(
        f'string(//form[contains(@class, "{form_class}")]//input[@name="draft_seen"]/@value)'
    )


def release_form(page):
    return mark_on(page, "front-release__publish")


def editor_client(first_name):
    editor = make_editor()
    editor.first_name, editor.last_name = first_name, "Example"
    editor.save()
    return editor, logged_in(Client(), editor)


def test_a_publish_from_a_page_that_missed_a_colleagues_pin_is_refused(stories):
    asha, asha_tab = editor_client("Asha")
    ben, _ben_tab = editor_client("Ben")
    front = arrange(pins=[(LEAD, stories[0])], publish=False, by=asha)
    asha_page = asha_tab.get(HOME)
    assert "You changed it last" in page_tree(asha_page).xpath('string(//*[@id="front-draft-changed"])')
    seen = release_form(asha_page)
    assert seen

    # Ben pins a story while Asha's page is open.
    fronts.pin_story(front, stories[1], slot=TOP, by=ben, top_sections=top_sections())

    answer = asha_tab.post(HOME, {"action": "publish", "note": "", "draft_seen": seen}, follow=True)
    refused = " ".join(messages_of(answer))
    assert "Ben Example changed this draft at" in refused and "after your page showed it" in refused
    assert not FrontVersion.objects.filter(status="live").exists()
    # The page she is sent back to names Ben and carries the draft as it is now.
    said = page_tree(answer).xpath('string(//*[@id="front-draft-changed"])')
    assert "Ben Example changed it last" in said and "publishing publishes their changes too" in said
    assert release_form(answer) != seen

    asha_tab.post(HOME, {"action": "publish", "note": "", "draft_seen": release_form(answer)})
    live = FrontVersion.objects.get(status="live")
    assert {pin.story_id for pin in live.pins.all()} == {stories[0].pk, stories[1].pk}


@pytest.mark.parametrize(
    "action, fields",
    [
        ("schedule", {"go_live_at": (timezone.now() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")}),
        ("discard", {}),
    ],
)
def test_schedule_and_discard_are_refused_too_and_change_nothing(stories, action, fields):
    asha, asha_tab = editor_client("Asha")
    ben, _ben_tab = editor_client("Ben")
    front = arrange(pins=[(LEAD, stories[0])], publish=False, by=asha)
    seen = release_form(asha_tab.get(HOME))
    fronts.pin_story(front, stories[1], slot=TOP, by=ben, top_sections=top_sections())

    answer = asha_tab.post(HOME, {"action": action, "draft_seen": seen, **fields}, follow=True)
    assert "Ben Example changed this draft" in " ".join(messages_of(answer))
    draft = FrontVersion.objects.get()
    assert draft.status == "draft" and draft.pins.count() == 2


def test_the_same_editor_in_two_windows_is_told_it_was_their_own_change(stories):
    asha, first_window = editor_client("Asha")
    front = arrange(pins=[(LEAD, stories[0])], publish=False, by=asha)
    seen = release_form(first_window.get(HOME))
    fronts.unpin(front, FrontVersion.objects.get().pins.get().pk, by=asha)  # from the other window

    answer = first_window.post(HOME, {"action": "discard", "draft_seen": seen}, follow=True)
    assert "You changed this draft again at" in " ".join(messages_of(answer))
    assert FrontVersion.objects.filter(status="draft").exists()


def test_each_change_of_the_draft_is_noted_and_a_page_that_saw_the_last_one_publishes(stories):
    asha, asha_tab = editor_client("Asha")
    ben, _ben_tab = editor_client("Ben")
    front = arrange(pins=[(LEAD, stories[0]), (TOP, stories[1])], publish=False, by=asha)
    draft = FrontVersion.objects.get()
    lead_pin, top_pin = draft.pins.order_by("slot")
    marks = [draft.change_mark]
    for change in (
        lambda: fronts.pin_story(front, stories[2], slot=TOP, by=ben, top_sections=top_sections()),
        lambda: fronts.move_pin(front, top_pin.pk, by=ben, step=1),
        lambda: fronts.set_pin_expiry(front, lead_pin.pk, timezone.now() + timedelta(hours=1), by=ben),
        lambda: fronts.arrange_slot(front, TOP, [top_pin.pk], by=ben, top_sections=top_sections()),
        lambda: fronts.unpin(front, lead_pin.pk, by=ben),
    ):
        change()
        draft.refresh_from_db()
        assert draft.changed_by == ben
        assert draft.change_mark not in marks
        marks.append(draft.change_mark)

    asha_tab.post(HOME, {"action": "publish", "note": "", "draft_seen": release_form(asha_tab.get(HOME))})
    assert FrontVersion.objects.get().status == "live"
