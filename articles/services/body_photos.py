"""Pictures placed in a story's body are among its further photos.

A library picture in the body (``<figure data-embed="photo" data-photo="...">``, see
``articles.reader.embeds``) is kept as one of the story's further photos (``StoryPhoto``), so that
everything the site already knows about a story's photos holds for it too: readers may fetch it
while the story is published (``Photo.objects.shown_publicly()``), its credit is checked before the
story goes out, the photo desk sees it in use, and the story page loads it with the story's other
photos, in the same query. The page shows it where it is placed and not again after the body.

Taking a picture out of the body takes it out of the further photos. Only a person's edit places
pictures: an agency's body cannot attach photos from our library.
"""

from django.db.models import Max

from ..embeds import placed_photo_ids
from ..models import Photo, StoryPhoto


def with_body_photos(story, further_photo_ids):
    """The further photos the story will carry once its body's pictures are among them, for the
    checks made before anything is saved (``further_photo_ids``: those the caller is about to store,
    or None for those in the database)."""
    placed = placed_photo_ids(story.body)
    if not placed:
        return further_photo_ids
    if further_photo_ids is None:
        further_photo_ids = (
            list(StoryPhoto.objects.filter(story_id=story.pk).values_list("photo_id", flat=True))
            if story.pk
            else []
        )
    return [*further_photo_ids, *(pk for pk in placed if pk not in further_photo_ids)]


def keep_body_photos(story, previous_body=""):
    """Make the pictures placed in ``story.body`` further photos of the saved ``story`` (after the
    others, in the body's order), and drop those ``previous_body`` placed that it no longer does.
    Ids of photos no longer in the library are skipped (the page leaves their figure out)."""
    placed = placed_photo_ids(story.body)
    taken_out = set(placed_photo_ids(previous_body)) - set(placed)
    if taken_out:
        StoryPhoto.objects.filter(story=story, photo_id__in=taken_out).delete()
    if not placed:
        return
    uses = StoryPhoto.objects.filter(story=story)
    held = set(uses.values_list("photo_id", flat=True))
    missing = [pk for pk in placed if pk not in held]
    if not missing:
        return
    existing = set(Photo.objects.filter(pk__in=missing).values_list("pk", flat=True))
    last = uses.aggregate(last=Max("position"))["last"]
    start = 0 if last is None else last + 1
    StoryPhoto.objects.bulk_create(
        StoryPhoto(story=story, photo_id=pk, position=start + offset)
        for offset, pk in enumerate(pk for pk in missing if pk in existing)
    )
