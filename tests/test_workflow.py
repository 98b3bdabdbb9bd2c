"""The workflow's rules: every step, from every state, for every role (and for the system)."""

import pytest

from articles import services, workflow
from articles.models import Story
from articles.workflow import Action, InvalidTransition, TransitionNotAllowed
from tests.builders import make_section, make_story
from tests.newsroom_staff import make_editor, make_reporter, make_superuser, make_wire_desk

pytestmark = pytest.mark.django_db
S = Story.Status

# Written out by hand, independently of articles.workflow.STEPS, so a change there shows up here.
SOURCES = {
    Action.SUBMIT: {S.DRAFT},
    Action.RETURN: {S.IN_REVIEW, S.SCHEDULED},
    Action.SCHEDULE: {S.DRAFT, S.IN_REVIEW, S.SCHEDULED},
    Action.PUBLISH: {S.DRAFT, S.IN_REVIEW, S.SCHEDULED},
    Action.WITHDRAW: {S.PUBLISHED},
    Action.BACK_TO_DRAFT: {S.WITHDRAWN},
    Action.CORRECT: {S.PUBLISHED},
    Action.MAJOR_UPDATE: {S.PUBLISHED},
    Action.RESTORE: set(S),
}


def reporter_may(action, status, own):
    """A reporter writes and submits their own stories, and may restore them until they are out."""
    if not own or status not in (S.DRAFT, S.IN_REVIEW):
        return False
    return action in (Action.SUBMIT, Action.RESTORE)


ROLES = {
    "reporter": (make_reporter, reporter_may),
    "editor": (make_editor, lambda action, status, own: True),
    "wire desk": (make_wire_desk, lambda action, status, own: False),
    "superuser": (make_superuser, lambda action, status, own: True),
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("own", [True, False], ids=["own story", "someone else's"])
@pytest.mark.parametrize("role", list(ROLES))
def test_every_step_for_every_role_from_every_state(role, own, status):
    make_user, may = ROLES[role]
    user = make_user()
    story = make_story(status=status, created_by=user if own else make_reporter())

    for action in Action:
        allowed = may(action, status, own) and status in SOURCES[action]
        if allowed:
            workflow.check(user, action, story)  # does not raise
        elif not may(action, status, own):
            with pytest.raises(TransitionNotAllowed):
                workflow.check(user, action, story)
        else:
            with pytest.raises(InvalidTransition):
                workflow.check(user, action, story)
        shown = action in workflow.allowed_actions(user, story)
        assert shown == (allowed and action != Action.RESTORE), (role, own, status, action)


@pytest.mark.parametrize("status", list(S))
def test_the_system_is_bound_by_states_but_not_by_roles(status):
    story = make_story(status=status)
    for action in Action:
        if status in SOURCES[action]:
            workflow.check(None, action, story)
        else:
            with pytest.raises(InvalidTransition):
                workflow.check(None, action, story)


@pytest.mark.parametrize("status", list(S))
def test_who_may_edit_a_story(status):
    reporter, other_reporter = make_reporter(), make_reporter()
    story = make_story(status=status, created_by=reporter)

    assert workflow.can_edit(reporter, story) == (status in (S.DRAFT, S.IN_REVIEW))
    assert not workflow.can_edit(other_reporter, story)
    assert workflow.can_edit(make_editor(), story)
    assert workflow.can_edit(make_superuser(), story)
    assert not workflow.can_edit(make_wire_desk(), story)


def test_only_schedulers_set_publication_times():
    assert workflow.may_set_publication_time(make_editor())
    assert workflow.may_set_publication_time(None)
    assert not workflow.may_set_publication_time(make_reporter())
    assert not workflow.may_set_publication_time(make_wire_desk())


def test_messages_name_the_step_and_the_state():
    story = make_story(status=S.WITHDRAWN)
    with pytest.raises(InvalidTransition) as refused:
        workflow.check(make_editor(), Action.PUBLISH, story)
    assert "Withdrawn" in str(refused.value) and "Publish" in str(refused.value)


def test_the_groups_come_from_the_migration_with_their_permissions():
    from django.contrib.auth.models import Group

    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    reporter, editor, wire = codenames("Reporter"), codenames("Editor"), codenames("Wire desk")
    assert {"add_story", "change_story", "submit_story", "add_photo"} <= reporter
    assert not reporter & {
        "publish_story",
        "review_story",
        "withdraw_story",
        "edit_any_story",
        "delete_story",
    }
    assert {"publish_story", "review_story", "withdraw_story", "correct_story", "edit_any_story"} <= editor
    assert "delete_story" not in editor
    assert "view_story" in wire and "change_story" not in wire


def test_a_story_in_a_switched_off_section_is_not_published_until_filed_elsewhere():
    hidden = make_section("Wire", slug="wire-holding", is_active=False)
    story = make_story(status=Story.Status.IN_REVIEW, section=hidden)
    with pytest.raises(InvalidTransition, match="“Wire” is switched off"):
        services.publish_story(story, by=make_editor())
    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW

    under_hidden = make_section("Night desk", slug="night-desk", parent=hidden)
    story.section = under_hidden
    story.save()
    with pytest.raises(InvalidTransition, match="“Wire” is switched off"):
        services.publish_story(story, by=make_editor())

    story.section = make_section("Harbour", slug="harbour")
    story.save()
    services.publish_story(story, by=make_editor())
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
