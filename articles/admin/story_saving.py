"""How the story form's save reaches ``services.save_story``: the form's relations (tags, inlines)
handed to the service, a refusal under the lock shown as the form's own error, the upload of a
refused form kept in the photo library, and what the editor is told of the photo file they sent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import services
from ..models import StoryPhoto
from ..photos.library import PhotoRejected, PhotoStorageFailed
from .story_fields import store_related_fields

# Refusals services.save_story raises under the lock, shown on the form like its own errors.
SAVE_REFUSALS = (
    services.EditConflict,
    services.StepRefused,
    services.ShownPhotoUncredited,
    PhotoRejected,
    PhotoStorageFailed,
)
SAVE_REFUSED = "story_save_refused"  # the request attribute that carries one to the form


class DeskRelations:
    """What the change form carries besides the story's own fields: its tags and the inlines (byline,
    further photos), stored by ``services.save_story`` once the story is saved."""

    def __init__(self, model_admin, request, form, formsets, change):
        self.model_admin, self.request, self.form = model_admin, request, form
        self.formsets, self.change = formsets, change

    def further_photo_ids(self):
        """The further photos the story will carry, for the credit check before anything is saved."""
        for formset in self.formsets:
            if formset.model is StoryPhoto:
                return [
                    form.cleaned_data["photo"].pk
                    for form in formset.forms
                    if form.cleaned_data.get("photo") and not form.cleaned_data.get("DELETE")
                ]
        return None

    def store(self, story):
        if "tags" in self.form.cleaned_data:
            services.store_tags(story, self.form.cleaned_data["tags"])
        store_related_fields(story, self.form)
        for formset in self.formsets:
            self.model_admin.save_formset(self.request, self.form, formset, change=self.change)


def keep_upload(adminform):
    """A refused form keeps its upload: the file goes into the photo library now and is attached
    on the next save (``new_photo_stored``), so the editor need not choose it again."""
    form = getattr(adminform, "form", None)
    if form is None or not form.is_bound or form.is_valid():
        return
    upload = form.cleaned_data.get("new_photo")
    if not upload or {"new_photo", "new_photo_credit"} & set(form.errors):
        return
    new_photo = form.photo_to_attach()
    try:
        new_photo.store()
    except PhotoRejected as error:
        form.add_error("new_photo", ValidationError(error.message, code=error.code, params=error.params))
    except PhotoStorageFailed as error:
        form.add_error("new_photo", ValidationError(error.message, code="storage_failed"))
    else:
        form.cleaned_data["new_photo_stored"] = new_photo.photo
        form.photo_duplicate = new_photo.existed


def new_photo_messages(new_photo):
    """What the editor is told about the photo file sent with the story: (level, message) pairs."""
    if new_photo is None:
        return []
    if new_photo.existed:
        if new_photo.same_picture:
            found = _("This picture is already in the photo library, in another file (resized or re-encoded)")
        else:
            found = _("This file is already in the photo library")
        text = _("{}: {}. That photo was used, with its own caption and credit.")
        return [(messages.INFO, format_html(text, found, photo_link(new_photo.photo)))]
    text = _(
        "The new photo #{} looks like {}, already in the library (resized, re-encoded or slightly "
        "cropped): if it is the same picture, choose that one and delete the new one."
    )
    return [
        (messages.WARNING, format_html(text, new_photo.photo.pk, photo_link(like)))
        for _distance, like in new_photo.look_alikes
    ]


def photo_link(photo):
    return format_html(
        '<a href="{}">“{}” (#{})</a>',
        reverse("admin:articles_photo_change", args=[photo.pk]),
        str(photo)[:60],
        photo.pk,
    )
