"""Decoupled clean-up: anything that changes what readers may see empties the public cache."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import purge_public_cache
from .models import Agency, Author, Correction, Photo, Section, Story, StoryAuthor, StoryPhoto

PUBLIC_MODELS = (Story, Section, Author, Agency, Photo, Correction, StoryAuthor, StoryPhoto)


@receiver(post_save)
@receiver(post_delete)
def purge_after_content_change(sender, **kwargs):
    if sender in PUBLIC_MODELS:
        # After the commit, so no reader can cache the old page again between purge and commit.
        transaction.on_commit(purge_public_cache)


@receiver(m2m_changed, sender=Story.tags.through)
def purge_after_tags_change(sender, **kwargs):
    transaction.on_commit(purge_public_cache)
