"""Forms for the desk: the story form (rich text, tags, photo upload, lost-update guard) and the
small form that asks for a note or a time before a step is taken on many stories at once."""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from taggit.models import Tag, TaggedItem
from taggit.utils import parse_tags

from .models import Photo, Story
from .photos.library import PhotoRejected, PhotoStorageFailed, embedded_field_values, store_photo
from .photos.rights import picker_label
from .photos.validation import validate_upload
from .sanitize import clean_html

# What the upload field's file picker offers; the server decides by content (photos.validation).
PHOTO_UPLOAD_ACCEPT = "image/jpeg,image/png,image/webp,image/avif,image/gif"

# What the body editor offers; anything else is removed on the server by clean_html.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


def story_photo_keywords(story):
    """The keywords of a saved story's photos (lead first, then further ones), once each, in order:
    what the desk offers as tags for a story that has none yet (one query)."""
    if story.pk is None:
        return []
    photos = Photo.objects.filter(Q(pk=story.lead_photo_id) | Q(story_uses__story=story)).distinct()
    keyword_lists = sorted(
        photos.values_list("pk", "keywords"), key=lambda row: (row[0] != story.lead_photo_id, row[0])
    )
    seen = {}
    for _pk, keywords in keyword_lists:
        for keyword in keywords or []:
            keyword = str(keyword).strip()
            if keyword and "," not in keyword:  # a comma would split it into two tags
                seen.setdefault(keyword.casefold(), keyword)
    return list(seen.values())


class PhotoChoiceField(forms.ModelChoiceField):
    """A photo picked by an editor reads with its credit, usage terms and expiry."""

    def label_from_instance(self, obj):
        return picker_label(obj)


class StoryForm(forms.ModelForm):
    # Set by the admin for each request: who is uploading a photo through this form.
    photo_uploader = None
    photo_duplicate = False

    body = ProseEditorFormField(
        label=_("Body"),
        required=False,
        config={"extensions": BODY_EDITOR_EXTENSIONS},
        sanitize=clean_html,
        widget=admin_widgets.AdminTextareaWidget,
    )
    canonical_url = forms.URLField(
        label=_("Canonical URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For syndicated copy: the address of the original."),
    )
    tags = forms.ModelMultipleChoiceField(label=_("Tags"), queryset=Tag.objects.all(), required=False)
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        help_text=_("Tags not in the list yet, separated by commas."),
    )
    # Offered (outside the fieldsets) when the story has no tags and its photos carry keywords.
    add_photo_keywords = forms.BooleanField(label=_("Add them as tags"), required=False)
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite_newer = forms.BooleanField(
        label=_("Overwrite their changes with mine"),
        required=False,
        help_text=_("Only after comparing: the newer version stays in the story's revisions."),
    )
    transition_note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Needed to return a story to draft, withdraw it or print a correction."),
    )
    # A plain file field: the photo desk's own checks (photos.validation) decide, with their messages.
    new_photo = forms.FileField(
        label=_("Photo file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_UPLOAD_ACCEPT}),
    )
    # A photo stored by an earlier attempt at this form that was refused for another reason: it is
    # attached on the next successful save, so the editor need not pick the file again.
    new_photo_stored = forms.ModelChoiceField(
        queryset=Photo.objects.all(), widget=forms.HiddenInput, required=False
    )
    new_photo_caption = forms.CharField(
        label=_("Caption"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    new_photo_credit = forms.CharField(label=_("Credit"), required=False, max_length=200)
    new_photo_alt_text = forms.CharField(label=_("Alt text"), required=False, max_length=500)
    new_photo_as_lead = forms.BooleanField(
        label=_("Use as the lead photo"),
        required=False,
        initial=True,
        help_text=_("Otherwise it is added after the further photos."),
    )

    class Meta:
        model = Story
        fields = [
            "headline",
            "slug",
            "kicker",
            "standfirst",
            "body",
            "section",
            "tags",
            "dateline",
            "agency",
            "lead_photo",
            "lead_photo_caption",
            "publish_at",
            "embargo_until",
            "priority",
            "language",
            "seo_title",
            "seo_description",
            "canonical_url",
            "agency_update_available",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tags" in self.fields:
            # Suggestions come from the admin's own autocomplete view over tags.
            tags = self.fields["tags"]
            tags.widget = admin_widgets.AutocompleteSelectMultiple(
                TaggedItem._meta.get_field("tag"), admin.site
            )
            tags.widget.choices = tags.choices
        if self.instance.pk and "edit_version" in self.fields and not self.is_bound:
            self.initial["edit_version"] = self.instance.edit_version

    def clean(self):
        cleaned = super().clean()
        if "new_tags" in cleaned:
            cleaned["tags"] = list(cleaned.get("tags") or []) + parse_tags(cleaned.get("new_tags", ""))
            if cleaned.get("add_photo_keywords"):
                # The keywords as offered: those of the photos the story had when the form was shown.
                cleaned["tags"] += story_photo_keywords(self.instance)
        needs_time = self.instance.status in (Story.Status.SCHEDULED, Story.Status.PUBLISHED)
        if "publish_at" in self.fields and needs_time and not cleaned.get("publish_at"):
            self.add_error("publish_at", _("A scheduled or published story needs its publication time."))
        # Before the lost-update check, which ends cleaning with an error: a refused save must not
        # cost the editor their upload.
        self.store_new_photo(cleaned)
        if self.instance.pk:
            self.refuse_lost_update(cleaned)
        return cleaned

    def store_new_photo(self, cleaned):
        """Put the uploaded file into the photo library the way every upload goes in (validation,
        duplicates, embedded metadata), turning a refusal into an error on the upload field.

        This happens while the form is checked, not when the story is saved, so that a refused file
        is reported next to the field with the editor's text still in the form; a photo stored here
        while something else in the form is wrong is remembered in ``new_photo_stored``.
        """
        self.photo_duplicate = False
        upload = cleaned.get("new_photo")
        if not upload:
            return
        defaults = {
            "caption": cleaned.get("new_photo_caption", ""),
            "credit": cleaned.get("new_photo_credit", "").strip(),
            "alt_text": cleaned.get("new_photo_alt_text", ""),
        }
        try:
            if not defaults["credit"] and not self._upload_carries_credit(upload):
                self.add_error(
                    "new_photo_credit",
                    _("Every photo needs a credit before it can be published, and this file carries none."),
                )
                return
            photo, created = store_photo(upload, uploaded_by=self.photo_uploader, defaults=defaults)
        except PhotoRejected as error:
            self.add_error("new_photo", ValidationError(error.message, code=error.code, params=error.params))
            return
        except PhotoStorageFailed as error:
            self.add_error("new_photo", ValidationError(error.message, code="storage_failed"))
            return
        cleaned["new_photo_stored"] = photo
        self.photo_duplicate = not created

    def _upload_carries_credit(self, upload):
        """Whether a file sent without a typed credit has one: embedded in it, or on the photo it
        duplicates. Raises :class:`PhotoRejected` for a file the library would refuse anyway."""
        accepted = validate_upload(upload)
        existing = Photo.objects.select_related("agency").filter(file_hash=accepted.sha256).first()
        if existing is not None:
            return bool(existing.credit_line.strip())
        embedded = embedded_field_values(accepted.content)
        return bool(embedded.get("credit") or embedded.get("photographer"))

    @property
    def photo_waiting(self):
        """The photo stored with this form but not yet attached (the story's save was refused)."""
        if not hasattr(self, "cleaned_data"):
            return None
        return self.cleaned_data.get("new_photo_stored")

    def refuse_lost_update(self, cleaned):
        """Refuse to save over a version saved after this form was opened, unless the editor has seen
        that version (it was shown to them as a conflict) and ticked "overwrite"."""
        from .services import EditConflict, claim_edit

        expected = cleaned.get("edit_version")
        if expected is None:
            expected = -1  # a hand-made POST that does not say which version it edits
        if cleaned.get("overwrite_newer") and cleaned.get("conflict_version") is not None:
            expected = cleaned["conflict_version"]
        try:
            claim_edit(self.instance, expected_version=expected)
        except EditConflict as conflict:
            self.edit_conflict = conflict
            raise ValidationError(
                _(
                    "%(conflict)s Your text has not been saved and is kept below. Compare it with theirs, "
                    "then tick “Overwrite their changes with mine” and save again to replace their version."
                ),
                code="edit_conflict",
                params={"conflict": conflict.message},
            ) from None

    def save_new_photo(self, story):
        """Put the photo uploaded with the story where the editor asked; return it (or None).

        A file that was already in the library is that existing photo, untouched; the caption the
        editor typed for it is kept as this story's own caption when the story has none there yet.
        """
        photo = self.cleaned_data.get("new_photo_stored")
        if photo is None:
            return None
        typed_caption = self.cleaned_data.get("new_photo_caption", "").strip()
        story_caption = typed_caption if self.photo_duplicate and typed_caption != photo.caption else ""
        if self.cleaned_data.get("new_photo_as_lead") or not story.lead_photo_id:
            story.lead_photo = photo
            fields = ["lead_photo", "updated_at"]
            if story_caption and not story.lead_photo_caption:
                story.lead_photo_caption = story_caption
                fields.append("lead_photo_caption")
            story.save(update_fields=fields)
        elif not story.story_photos.filter(photo=photo).exists():
            position = story.story_photos.count()
            story.story_photos.create(photo=photo, position=position, caption=story_caption)
        return photo


class StepForm(forms.Form):
    """What a step on several stories at once needs to know: a note, or a publication time."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    publish_at = forms.SplitDateTimeField(
        label=_("publish at"), required=False, widget=admin_widgets.AdminSplitDateTime
    )

    def __init__(self, *args, needs_note=False, needs_time=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = needs_note
        if not needs_note:
            del self.fields["note"]
        self.fields["publish_at"].required = needs_time
        if not needs_time:
            del self.fields["publish_at"]

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value and value <= timezone.now():
            raise ValidationError(_("Choose a time in the future."))
        return value
