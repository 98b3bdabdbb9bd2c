"""Forms for the desk: the story form (rich text, tags, photo upload, lost-update guard) and the
small form that asks for a note or a time before a step is taken on many stories at once.

Forms validate; ``articles.services`` writes (stores the upload, locks, checks the version)."""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import DEFAULT_MENU_GROUPS
from django_prose_editor.fields import ProseEditorFormField
from taggit.models import Tag, TaggedItem
from taggit.utils import parse_tags

from .models import Photo, Section, Story
from .photos.keywords import is_code
from .photos.library import PhotoRejected, PhotoStorageFailed, embedded_field_values
from .photos.rights import picker_label
from .photos.story_fields import LeadFramingFormMixin
from .photos.validation import validate_upload
from .sanitize import clean_html
from .services import EditConflict, NewPhoto, ShownPhotoUncredited, StepRefused

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
    # Our own (DJANGO_PROSE_EDITOR_EXTENSIONS): the body's embeds, in the menu's "embeds" group, and
    # Word's lists read as lists when pasted.
    "PullQuote": True,
    "FactBox": True,
    "PostEmbed": True,
    "PhotoEmbed": True,  # "Insert picture": the photo chooser's (static/admin/js/prose_photo_embed.js)
    "OfficePaste": True,
    "Menu": {"groups": [*DEFAULT_MENU_GROUPS, {"group": "embeds"}]},
}
# Fields whose words and characters the form counts as one types (static/admin/js/story_counts.js);
# titles against what search engines show of them.
SEARCH_TITLE_LIMIT = 70
COUNTED_FIELDS = {
    "headline": {"data-count": "", "data-count-limit": SEARCH_TITLE_LIMIT},
    "seo_title": {"data-count": "", "data-count-limit": SEARCH_TITLE_LIMIT},
    "standfirst": {"data-count": ""},
    "body": {"data-count": "", "data-count-html": ""},
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
            # A comma would split it into two tags; an agency's code is no tag at all (photos
            # stored before codes were recognised still hold them).
            if keyword and "," not in keyword and not is_code(keyword):
                seen.setdefault(keyword.casefold(), keyword)
    return list(seen.values())


class PhotoChoiceField(forms.ModelChoiceField):
    """A photo picked by an editor reads with its credit, usage terms and expiry."""

    def label_from_instance(self, obj):
        return picker_label(obj)


class StoryForm(LeadFramingFormMixin, forms.ModelForm):
    """Validates only: the admin hands the cleaned values to ``services.save_story``, which writes."""

    # Set by the admin for each request: who is uploading a photo through this form, and why the
    # last attempt to save this very form was refused (an EditConflict, a refused correction or
    # major update, a photo refusal).
    photo_uploader = None
    save_refused = None
    photo_duplicate = False
    # The form's own controls, not the story: kept out of changed_data, which Django's history of
    # the story words as "Changed …" (it said "Changed Headline, Use as the lead photo and
    # edit_version" for a new headline).
    CONTROLS = frozenset({"edit_version", "conflict_version", "overwrite_newer", "new_photo_as_lead"})

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
    # Declared: the admin offers no field for a many-to-many with its own ``through`` model.
    secondary_sections = forms.ModelMultipleChoiceField(
        label=_("Also in sections"),
        queryset=Section.objects.all(),
        required=False,
        help_text=_("Listed on these sections' pages and feeds too; its address stays in its own section."),
    )
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
            "genre",
            "standfirst",
            "body",
            "section",
            "secondary_sections",
            "tags",
            "dateline",
            "agency",
            "lead_photo",
            "lead_photo_caption",
            "lead_photo_crop",
            "lead_photo_focal_x",
            "lead_photo_focal_y",
            "publish_at",
            "embargo_until",
            "priority",
            "language",
            "seo_title",
            "seo_description",
            "social_title",
            "social_description",
            "social_image",
            "canonical_url",
            "agency_update_available",
        ]

    class Media:
        css = {"all": ["admin/css/story_editor.css"]}
        js = ["admin/js/story_counts.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, attrs in COUNTED_FIELDS.items():
            if name in self.fields:
                self.fields[name].widget.attrs.update(attrs)
        if "tags" in self.fields:
            # Suggestions come from the admin's own autocomplete view over tags.
            tags = self.fields["tags"]
            tags.widget = admin_widgets.AutocompleteSelectMultiple(
                TaggedItem._meta.get_field("tag"), admin.site
            )
            tags.widget.choices = tags.choices
        if "secondary_sections" in self.fields:
            sections = self.fields["secondary_sections"]
            sections.widget = admin_widgets.AutocompleteSelectMultiple(
                Story._meta.get_field("secondary_sections"), admin.site
            )
            sections.widget.choices = sections.choices
        if self.instance.pk and "edit_version" in self.fields and not self.is_bound:
            self.initial["edit_version"] = self.instance.edit_version

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name not in self.CONTROLS]

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
        self.check_new_photo(cleaned)
        if self.save_refused is not None:
            self.report_refusal(self.save_refused)
        return cleaned

    def check_new_photo(self, cleaned):
        """Check an uploaded file the way the photo library will (format, size, hostile content) and
        that it will carry a credit; the file is stored when the story is saved
        (``services.save_story``), so a refusal here is reported next to the field with the editor's
        text still in the form."""
        upload = cleaned.get("new_photo")
        if not upload:
            return
        try:
            accepted = validate_upload(upload)
        except PhotoRejected as error:
            self.add_error("new_photo", ValidationError(error.message, code=error.code, params=error.params))
            return
        if not cleaned.get("new_photo_credit", "").strip() and not self._carries_credit(accepted):
            self.add_error(
                "new_photo_credit",
                _("Every photo needs a credit before it can be published, and this file carries none."),
            )

    def _carries_credit(self, accepted):
        """Whether a file sent without a typed credit has one: embedded in it, or on the photo it
        duplicates."""
        existing = Photo.objects.select_related("agency").filter(file_hash=accepted.sha256).first()
        if existing is not None:
            return bool(existing.credit_line.strip())
        embedded = embedded_field_values(accepted.content)
        return bool(embedded.get("credit") or embedded.get("photographer"))

    def report_refusal(self, refusal):
        """Report why the save of this very form was refused (``save_refused``, set by the admin when
        ``services.save_story`` refused it and nothing was saved)."""
        if isinstance(refusal, EditConflict):
            self.edit_conflict = refusal
            raise ValidationError(
                _(
                    "%(conflict)s Your text has not been saved and is kept below. Compare it with theirs, "
                    "then tick “Overwrite their changes with mine” and save again to replace their version."
                ),
                code="edit_conflict",
                params={"conflict": refusal.message},
            )
        if isinstance(refusal, ShownPhotoUncredited):
            raise ValidationError(
                _("%(reason)s Nothing has been saved: your text is kept below."),
                code="photo_uncredited",
                params={"reason": refusal.message},
            )
        if isinstance(refusal, StepRefused):
            if not self.data.get("transition_note", "").strip():
                self.add_error("transition_note", refusal.message)
            raise ValidationError(
                _("%(reason)s Nothing has been saved: your text is kept below."),
                code="step_refused",
                params={"reason": refusal.message},
            )
        if isinstance(refusal, PhotoRejected):
            self.add_error(
                "new_photo", ValidationError(refusal.message, code=refusal.code, params=refusal.params)
            )
        elif isinstance(refusal, PhotoStorageFailed):
            self.add_error("new_photo", ValidationError(refusal.message, code="storage_failed"))

    @property
    def photo_waiting(self):
        """The photo stored with this form but not yet attached (the story's save was refused)."""
        if not hasattr(self, "cleaned_data"):
            return None
        return self.cleaned_data.get("new_photo_stored")

    def expected_version(self):
        """The version of the story this form edits: the one it was opened at, or the newer one it was
        shown as a conflict when the editor ticked "overwrite"."""
        cleaned = self.cleaned_data
        if cleaned.get("overwrite_newer") and cleaned.get("conflict_version") is not None:
            return cleaned["conflict_version"]
        expected = cleaned.get("edit_version")
        return -1 if expected is None else expected  # a hand-made POST that does not say: stale

    def story_fields(self):
        """The story's own fields this form sets (those read-only for this person are not in it)."""
        names = {field.name for field in Story._meta.concrete_fields}
        return [name for name in self.fields if name in names]

    def photo_to_attach(self):
        """The photo sent with the story, for ``services.save_story``: a file to store, or the photo an
        earlier refused attempt stored; None."""
        cleaned = self.cleaned_data
        upload, stored = cleaned.get("new_photo"), cleaned.get("new_photo_stored")
        if not upload and stored is None:
            return None
        return NewPhoto(
            upload=upload or None,
            photo=None if upload else stored,
            caption=cleaned.get("new_photo_caption", ""),
            credit=cleaned.get("new_photo_credit", ""),
            alt_text=cleaned.get("new_photo_alt_text", ""),
            as_lead=bool(cleaned.get("new_photo_as_lead")),
            uploaded_by=self.photo_uploader,
        )


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
