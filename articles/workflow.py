"""The editorial workflow as plain rules: which steps exist, from which states, and who may take them.

Nothing here writes anything; ``articles.services`` applies the steps and calls :func:`check` first,
and the admin asks :func:`allowed_actions` which buttons to show. Roles are Django permissions
(bundled into the groups Reporter, Editor and Wire desk by a migration), so a superuser passes every
permission check, but no one, not even a superuser, can take a step from the wrong state.

``by=None`` means the system itself (the scheduler, an agency import): it is bound by the states
but not by permissions.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Story

Status = Story.Status


class Action(models.TextChoices):
    SUBMIT = "submit_for_review", _("Submit for review")
    RETURN = "return_to_draft", _("Return to draft")
    SCHEDULE = "schedule", _("Schedule")
    PUBLISH = "publish", _("Publish")
    WITHDRAW = "withdraw", _("Withdraw")
    BACK_TO_DRAFT = "back_to_draft", _("Back to draft")
    CORRECT = "correct", _("Save as a correction")
    MAJOR_UPDATE = "major_update", _("Save as a major update")
    RESTORE = "restore_revision", _("Restore revision")


@dataclass(frozen=True)
class Step:
    sources: frozenset
    target: str | None  # None: the status stays as it is
    permission: str | None  # None: being allowed to edit the story is enough
    needs_note: bool = False
    edits_content: bool = False  # the step changes the text, so the editor must be allowed to edit it


EDITABLE_BEFORE_PUBLICATION = frozenset({Status.DRAFT, Status.IN_REVIEW})
NOT_YET_OUT = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED})

STEPS = {
    Action.SUBMIT: Step(
        frozenset({Status.DRAFT}), Status.IN_REVIEW, "articles.submit_story", edits_content=True
    ),
    Action.RETURN: Step(
        frozenset({Status.IN_REVIEW, Status.SCHEDULED}),
        Status.DRAFT,
        "articles.review_story",
        needs_note=True,
    ),
    Action.SCHEDULE: Step(NOT_YET_OUT, Status.SCHEDULED, "articles.publish_story"),
    Action.PUBLISH: Step(NOT_YET_OUT, Status.PUBLISHED, "articles.publish_story"),
    Action.WITHDRAW: Step(
        frozenset({Status.PUBLISHED}), Status.WITHDRAWN, "articles.withdraw_story", needs_note=True
    ),
    Action.BACK_TO_DRAFT: Step(frozenset({Status.WITHDRAWN}), Status.DRAFT, "articles.review_story"),
    Action.CORRECT: Step(
        frozenset({Status.PUBLISHED}), None, "articles.correct_story", needs_note=True, edits_content=True
    ),
    Action.MAJOR_UPDATE: Step(
        frozenset({Status.PUBLISHED}), None, "articles.correct_story", edits_content=True
    ),
    Action.RESTORE: Step(frozenset(Status), None, None, edits_content=True),
}

# The buttons on the change form, each named after the POST key that asks for the step.
FORM_BUTTONS = {
    f"_{action.value}": action
    for action in (
        Action.SUBMIT,
        Action.RETURN,
        Action.SCHEDULE,
        Action.PUBLISH,
        Action.WITHDRAW,
        Action.BACK_TO_DRAFT,
        Action.CORRECT,
        Action.MAJOR_UPDATE,
    )
}


class InvalidTransition(Exception):
    """The step does not fit the story as it is (wrong state, missing note or time, photo not credited)."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class TransitionNotAllowed(PermissionDenied):
    """The person asking may not take this step: the admin answers 403."""


def is_system(user):
    return user is None


def can_edit(user, story):
    """May ``user`` change ``story``'s text? Reporters: their own stories until they are scheduled."""
    if is_system(user) or user.is_superuser:
        return True
    if story.pk is None:
        return user.has_perm("articles.add_story")
    if not user.has_perm("articles.change_story"):
        return False
    if user.has_perm("articles.edit_any_story"):
        return True
    return story.created_by_id == user.pk and story.status in EDITABLE_BEFORE_PUBLICATION


def why_read_only(user, story):
    """Why ``user`` may read ``story`` on the desk but not change it (:func:`can_edit` said no): the
    form says so, where it only showed every field read-only (a reporter found a story under their
    byline in "My drafts" and could not tell why)."""
    if not user.has_perm("articles.change_story"):
        return _("You may read stories here but not change them.")
    if story.created_by_id != user.pk:
        return _(
            "Only editors change this story: reporters change the stories they created. "
            "Leave a note below to ask for a change."
        )
    return _(
        "Reporters change their stories until they are scheduled or published: ask an editor, or "
        "leave a note below."
    )


def is_permitted(user, action, story):
    """The role half of the rule: may this person take this kind of step on this story at all?"""
    if is_system(user) or user.is_superuser:
        return True
    step = STEPS[Action(action)]
    if step.permission and not user.has_perm(step.permission):
        return False
    if step.edits_content or step.permission is None:
        return can_edit(user, story)
    return True


def fits_state(action, story):
    return story.status in STEPS[Action(action)].sources


def check(user, action, story):
    """Raise :class:`TransitionNotAllowed` or :class:`InvalidTransition` unless ``user`` may take the
    step now; return the step."""
    action = Action(action)
    if not is_permitted(user, action, story):
        raise TransitionNotAllowed(_("You may not “%(action)s” this story.") % {"action": action.label})
    if not fits_state(action, story):
        raise InvalidTransition(
            _("A story that is “%(status)s” cannot be given “%(action)s”.")
            % {"status": story.get_status_display(), "action": action.label}
        )
    return STEPS[action]


def allowed_actions(user, story):
    """The steps ``user`` may take on ``story`` right now, in the order the buttons appear."""
    return [
        action
        for action in FORM_BUTTONS.values()
        if fits_state(action, story) and is_permitted(user, action, story)
    ]


def may_set_publication_time(user):
    """Only those who may schedule set ``publish_at`` and the embargo by hand."""
    return is_system(user) or user.is_superuser or user.has_perm("articles.publish_story")
