"""Tags on stories: taggit's tags, through our own table, and a usable address for every tag.

``TaggedStory`` is the custom ``through`` model taggit offers (``TaggedItemBase``): a direct foreign
key to the story instead of taggit's generic (content type, object id) pair, and a copy of the
story's ``publish_at``, so that a tag's stories newest first are one walk down the index on
(tag, publish_at, story) on every database, however many stories carry the tag.

The copy is kept without triggers:

- a row takes the story's time when it is saved (taggit's ``tags.add``/``tags.set`` create rows
  one at a time with ``get_or_create``, so through ``save()``); code that inserts rows with
  ``bulk_create`` (the wire's new stories, the benchmark generator) sets ``publish_at`` itself;
- a story saved with another time rewrites its rows' copies (:func:`follow_story_time`, one
  ``UPDATE`` that touches only the rows whose time differs).

A bare ``Story.objects.update(publish_at=...)`` bypasses both; nothing in the project does one.
"""

import hashlib

from django.db import models
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItemBase

FALLBACK_SLUG_PREFIX = "tag-"


class TaggedStory(TaggedItemBase):
    """One tag on one story, with the story's publication time (see the module's docstring)."""

    # Redefined without their own indexes: the unique constraint and the timeline index below
    # start with these columns, and serve deletes, joins and lookups by either.
    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), on_delete=models.CASCADE, related_name="tagged_stories", db_index=False
    )
    content_object = models.ForeignKey(
        "articles.Story",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="tagged_items",
        db_index=False,
    )
    publish_at = models.DateTimeField(_("story's publication time"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("tagged story")
        verbose_name_plural = _("tagged stories")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedstory_unique"),
        ]
        indexes = [
            # A tag's stories newest first (tag pages and feeds, related stories' candidates).
            models.Index(
                fields=["tag", "-publish_at", "-content_object"], name="taggedstory_tag_timeline_idx"
            ),
        ]

    def save(self, *args, **kwargs):
        if self.pk is None:
            # The story as the caller holds it: taggit passes the instance it was asked to tag.
            self.publish_at = self.content_object.publish_at
        super().save(*args, **kwargs)


def follow_story_time(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Give a saved story's tag rows its ``publish_at`` (post_save of Story)."""
    if created or raw:
        # A new story has no tag rows yet; a fixture's rows carry their own time.
        return
    if update_fields is not None and "publish_at" not in update_fields:
        return
    # exclude(publish_at=x) on a nullable column reads "IS DISTINCT FROM x": a NULL row is updated
    # too, and rows already right are not written.
    TaggedStory.objects.filter(content_object=instance).exclude(publish_at=instance.publish_at).update(
        publish_at=instance.publish_at
    )


def fallback_tag_slug(name, *, exclude_pk=None):
    """A slug for a tag whose name slugifies to nothing (``)</``, ``★★★``): ``tag-`` and a hash of
    the name, so the same name always gets the same address; numbered in the unlikely event that
    another tag holds it already."""
    base = FALLBACK_SLUG_PREFIX + hashlib.sha256(name.encode()).hexdigest()[:8]
    taken = set(
        Tag.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def fill_empty_tag_slug(sender, instance, raw=False, **kwargs):
    """Give a tag with an empty slug a usable one (pre_save of taggit's Tag).

    taggit slugifies the name with ``allow_unicode=True``, which keeps letters and digits of every
    script (so "Київ" stays "київ") and leaves nothing of a name made only of symbols: such a tag
    had an empty slug, its page no address, and every story carrying it a 500. taggit fills the
    slug in ``Tag.save()`` before this signal is sent, so only the names it could not slugify get
    here, from the desk's "New tags" and from agency keywords alike.
    """
    if not raw and not instance.slug:
        instance.slug = fallback_tag_slug(instance.name, exclude_pk=instance.pk)


def connect():
    """Connected in ``ArticlesConfig.ready()``, with explicit senders."""
    from .stories import Story

    post_save.connect(follow_story_time, sender=Story, dispatch_uid="tagged-story-follows-story-time")
    pre_save.connect(fill_empty_tag_slug, sender=Tag, dispatch_uid="tag-slug-never-empty")
