"""Old story addresses keep working: when a story's address changes, the old one is recorded.

A story's address is made of its section path, its publication date and its slug. The date never
moves once the story is out (``Story.dated_at``), so an address changes when an editor renames the
slug or moves the story to another section. (A renamed *section* needs no record: the story view
finds a story by its slug and redirects any stale section path to the current one.)
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver


@receiver(pre_save, sender="articles.Story", dispatch_uid="story-address-before-save")
def remember_address_before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    previous = (
        sender.objects.filter(pk=instance.pk)
        .select_related("section")
        .only("slug", "publish_at", "first_published_at", "created_at", "section__path")
        .first()
    )
    instance._address_before_save = previous.get_absolute_url() if previous else None


@receiver(post_save, sender="articles.Story", dispatch_uid="story-address-after-save")
def record_changed_address(sender, instance, raw=False, **kwargs):
    old_path = getattr(instance, "_address_before_save", None)
    instance._address_before_save = None
    if raw or not old_path:
        return
    new_path = instance.get_absolute_url()
    if old_path == new_path:
        return
    from .models import StoryRedirect

    # A story moved back to an address it once had must not redirect away from itself.
    StoryRedirect.objects.filter(old_path=new_path).delete()
    StoryRedirect.objects.update_or_create(old_path=old_path, defaults={"story": instance})
