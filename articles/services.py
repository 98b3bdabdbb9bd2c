"""State changes with side effects. Admin, management commands and the importer all call these.

Each runs in one transaction; the public cache is purged on commit by ``articles.signals``.
"""

from django.db import transaction
from django.utils import timezone

from .models import Story


@transaction.atomic
def publish_story(story, *, by=None, at=None):
    """Publish now, or at ``at``; an embargoed story is scheduled for its embargo time instead."""
    now = timezone.now()
    at = at or now
    if story.embargo_until and story.embargo_until > at:
        at = story.embargo_until
    story.publish_at = at
    if at > now:
        story.status = Story.Status.SCHEDULED
    else:
        story.status = Story.Status.PUBLISHED
        story.first_published_at = story.first_published_at or at
    story.updated_by = by or story.updated_by
    story.save()
    return story


@transaction.atomic
def withdraw_story(story, *, by=None, reason=""):
    story.status = Story.Status.WITHDRAWN
    story.updated_by = by or story.updated_by
    story.save()
    return story
