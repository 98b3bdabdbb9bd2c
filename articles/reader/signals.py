"""Edits of what published stories show, made outside the story services: a photo's caption or
rights, an author's name, an agency, a section, a tag. Each retires the reader pages once, in the
edit's transaction, and only when a published story shows the object (a section always: every page's
navigation shows the sections). Stories themselves are purged by the services that change them.

Connected in ``ArticlesConfig.ready()`` with explicit senders.
"""

from django.db.models import Q
from django.db.models.signals import post_save, pre_delete
from taggit.models import Tag

from .. import frontend_cache
from ..models import Agency, Author, LiveEntry, Photo, Section, Story, StoryAuthor, TaggedStory
from .cache import purge_reader_pages


def stories_showing(instance):
    """The stories whose page shows ``instance`` (a Photo, Author, Agency or Tag)."""
    if isinstance(instance, Photo):
        in_entries = LiveEntry.objects.shown().filter(photo=instance).values("story_id")
        return Story.objects.filter(
            Q(pk__in=Story.objects.showing_photos([instance.pk])) | Q(pk__in=in_entries)
        )
    if isinstance(instance, Author):
        return Story.objects.filter(pk__in=StoryAuthor.objects.filter(author=instance).values("story_id"))
    if isinstance(instance, Agency):
        agency_photos = Photo.objects.filter(agency=instance).values("pk")
        return Story.objects.filter(
            Q(agency=instance) | Q(pk__in=Story.objects.showing_photos(agency_photos))
        )
    if isinstance(instance, Tag):
        return Story.objects.filter(
            pk__in=TaggedStory.objects.filter(tag=instance).values("content_object_id")
        )
    raise TypeError(f"no stories show a {type(instance).__name__}")


def purge_if_published_stories_show(sender, instance, raw=False, **kwargs):
    # pre_delete as well as post_save: after a delete its links to the stories are gone.
    if not raw and (shown_on := stories_showing(instance).published()).exists():
        # The caches in front drop the pages of those stories (their cards too) alone.
        keys = frontend_cache.keys.shown_object_keys(instance, shown_on) if frontend_cache.in_front() else ()
        purge_reader_pages(shown_objects=True, frontend_keys=keys)


def purge_after_section_change(sender, instance, raw=False, **kwargs):
    if not raw:
        purge_reader_pages(shown_objects=True)


def connect():
    for model in (Photo, Author, Agency, Tag):
        post_save.connect(
            purge_if_published_stories_show, sender=model, dispatch_uid=f"purge-{model.__name__}"
        )
        pre_delete.connect(
            purge_if_published_stories_show, sender=model, dispatch_uid=f"purge-deleted-{model.__name__}"
        )
    post_save.connect(purge_after_section_change, sender=Section, dispatch_uid="purge-Section")
    pre_delete.connect(purge_after_section_change, sender=Section, dispatch_uid="purge-deleted-Section")
