"""Writes with side effects. The admin, the management commands and the importer all call these.

- :mod:`.saving`: :func:`save_story`, the one write path for a story (lock once, check the edit's
  version, save once, relations, revision, step, purge);
- :mod:`.workflow_steps`: the steps (submit, publish, schedule, withdraw, correct...), with an edit
  through ``save_story`` or alone, and the scheduler's;
- :mod:`.revisions`: recording revisions and restoring one (the copy only);
- :mod:`.agency_updates`: an agency's version written over a story;
- :mod:`.checks`: what must hold before a story goes out; :mod:`.editable`: who may set which field;
- :mod:`.edit_locks` and :mod:`.autosaves`: who is editing a story now, and what each person typed
  and has not saved (neither is the story: they lock no story row and purge nothing).

Each runs in one transaction and locks the story's row first (so two editors, or two schedulers,
cannot move the same story at once), checks steps with ``articles.workflow`` against the state in
the database, and retires the cached reader pages (``purge_reader_pages``, on commit) only when
readers see the change. ``by=None`` is the system (scheduler, agency import): bound by the states,
not by permissions.
"""

from ..workflow import InvalidTransition, TransitionNotAllowed
from .agency_updates import apply_agency_update, write_agency_version
from .checks import (
    AgencyHold,
    EditConflict,
    PhotoCreditMissing,
    ShownPhotoUncredited,
    check_agency_release,
    check_photo_credits,
    uncredited_photos,
)
from .editable import fields_readonly_for
from .revisions import (
    first_revision,
    record_first_revisions,
    record_revision,
    restore_changes,
    restore_revision,
    restored_fields,
)
from .saving import (
    NewPhoto,
    SavedStory,
    StepRefused,
    StoryRelations,
    claim_edit,
    save_story,
    store_secondary_sections,
    store_tags,
)
from .workflow_steps import (
    back_to_draft,
    correct_story,
    mark_major_update,
    publish_due_story,
    publish_story,
    return_to_draft,
    reveal_stories_due_by_the_clock,
    schedule_story,
    submit_for_review,
    take_step,
    withdraw_story,
)

__all__ = [
    "AgencyHold",
    "EditConflict",
    "InvalidTransition",
    "NewPhoto",
    "PhotoCreditMissing",
    "SavedStory",
    "ShownPhotoUncredited",
    "StepRefused",
    "StoryRelations",
    "TransitionNotAllowed",
    "apply_agency_update",
    "back_to_draft",
    "check_agency_release",
    "check_photo_credits",
    "claim_edit",
    "correct_story",
    "fields_readonly_for",
    "first_revision",
    "mark_major_update",
    "publish_due_story",
    "publish_story",
    "record_first_revisions",
    "record_revision",
    "restore_changes",
    "restore_revision",
    "restored_fields",
    "return_to_draft",
    "reveal_stories_due_by_the_clock",
    "save_story",
    "schedule_story",
    "store_secondary_sections",
    "store_tags",
    "submit_for_review",
    "take_step",
    "uncredited_photos",
    "withdraw_story",
    "write_agency_version",
]
