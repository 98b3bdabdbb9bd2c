"""Which of a story's fields a person may set by hand: the change form leaves the others out, and a
restored revision brings back only the copy this person may edit (never the workflow's fields)."""

from .. import workflow
from ..models import Story

# Set only by the workflow's steps, the scheduler or the importer; never by a form or a restore.
SYSTEM_FIELDS = (
    "status",
    "first_published_at",
    "major_update_at",
    "source_guid",
    "source_version",
    "created_by",
    "updated_by",
)
# When and how prominently the story is out: the desk sets these deliberately, never a restore.
WORKFLOW_FIELDS = ("publish_at", "embargo_until", "priority", "agency_update_available")


def fields_readonly_for(user, story=None):
    """The story fields ``user`` may not change on ``story`` (``None``: a new story)."""
    readonly = list(SYSTEM_FIELDS)
    if not workflow.may_set_publication_time(user):
        readonly += WORKFLOW_FIELDS
    elif story is not None and story.status in (Story.Status.PUBLISHED, Story.Status.WITHDRAWN):
        readonly.append("publish_at")  # the date in a published story's address stays put
    return readonly
