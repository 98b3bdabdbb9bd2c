"""Decoupled clean-up after content changes.

- Anything that changes what readers may see empties the public cache.
- A change to something a story's page shows from outside the story row (a photo's caption, an
  author's name, a tag, a byline, a correction, the section, the agency) raises the story's
  ``page_version`` in the same transaction, which retires its stored rendering
  (``articles.rendering``). Saving the story itself changes its ``updated_at``, which does the same.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag

from .reader.cache import purge_public_cache
from .models import Agency, Author, Correction, Photo, Section, Story, StoryAuthor, StoryPhoto
from .models.stories import story_tagged_items

PUBLIC_MODELS = (Story, Section, Author, Agency, Photo, Correction, StoryAuthor, StoryPhoto, Tag)


@receiver(post_save)
@receiver(post_delete)
def purge_after_content_change(sender, **kwargs):
    if sender in PUBLIC_MODELS:
        # After the commit, so no reader can cache the old page again between purge and commit.
        transaction.on_commit(purge_public_cache)


@receiver(m2m_changed, sender=Story.tags.through)
def purge_after_tags_change(sender, **kwargs):
    transaction.on_commit(purge_public_cache)


# Stored renderings -------------------------------------------------------------------------------


def _stories_tagged(tag_ids):
    tagged = story_tagged_items().filter(tag_id__in=tag_ids)
    return Story.objects.filter(pk__in=tagged.values("object_id"))


def stories_showing(instance):
    """The stories whose page shows ``instance``, a saved or deleted object of a shown model."""
    if isinstance(instance, StoryAuthor | StoryPhoto | Correction):
        return Story.objects.filter(pk=instance.story_id)
    if isinstance(instance, Photo):
        return Story.objects.showing_photos([instance.pk])
    if isinstance(instance, Author):
        return Story.objects.filter(pk__in=StoryAuthor.objects.filter(author=instance).values("story_id"))
    if isinstance(instance, Agency):
        return Story.objects.filter(agency=instance) | Story.objects.showing_photos(
            Photo.objects.filter(agency=instance).values("pk")
        )
    if isinstance(instance, Section):
        # A section's address is part of its subsections' addresses.
        return Story.objects.filter(Q(section=instance) | Q(section__parent=instance))
    if isinstance(instance, Tag):
        return _stories_tagged([instance.pk])
    return None


@receiver(post_save)
@receiver(pre_delete)  # before: a deleted tag or photo takes its links to the stories with it
def retire_renderings_after_change(sender, instance, raw=False, **kwargs):
    if raw or sender not in PUBLIC_MODELS or sender is Story:
        return
    stories = stories_showing(instance)
    if stories is not None:
        stories.retire_renderings()


@receiver(m2m_changed, sender=Story.tags.through)
def retire_renderings_after_tagging(sender, instance, action, **kwargs):
    # taggit sends this from the story's side only (story.tags.add/remove/set/clear); a tag's own
    # changes arrive as Tag saves and deletes above.
    if action.startswith("post_") and isinstance(instance, Story):
        Story.objects.filter(pk=instance.pk).retire_renderings()
