"""The photo desk's forms: editing one photo, uploading many, and reviewing what was uploaded."""

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Agency, Photo
from .keywords import desk_keywords
from .library import LooksLikeExisting, PhotoStorageFailed, file_photo
from .rights import stories_going_out_with
from .validation import PhotoRejected

KEYWORD_SEPARATOR = ","


class KeywordsField(forms.CharField):
    """Keywords typed as a comma-separated line, stored as a list without blanks or repeats.

    An agency's internal codes (:mod:`articles.photos.keywords`) are neither shown nor kept: a photo
    stored before they were recognised loses them the next time the desk saves it.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separate keywords with commas."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "vTextField"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return f"{KEYWORD_SEPARATOR} ".join(desk_keywords(value))
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return desk_keywords(value)
        typed = (super().to_python(value) or "").split(KEYWORD_SEPARATOR)
        return desk_keywords(" ".join(keyword.split()) for keyword in typed)


class FocalPointInput(forms.NumberInput):
    """A number between 0 and 1; the picker script keeps it in step with clicks on the picture."""

    def __init__(self, axis):
        super().__init__(attrs={"step": "0.001", "min": "0", "max": "1", "data-focal-axis": axis})


class KeepsShownPhotosCredited:
    """For a photo form: publishing refuses a picture without a credit, so taking the credit off a
    picture readers see (or will, at a story's time) is refused too, naming the story."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not self.credit_line_of(cleaned):
            shown_on = list(stories_going_out_with(self.instance)[:2])
            if shown_on:
                more = _(" and other stories") if len(shown_on) > 1 else ""
                message = _(
                    "Readers see this photo with “%(story)s”%(more)s: it needs a credit, an agency that "
                    "gives one, or a photographer."
                )
                self.add_error("credit", message % {"story": shown_on[0].headline, "more": more})
        return cleaned

    def credit_line_of(self, cleaned):
        """``Photo.credit_line`` for the values as typed, stripped as the publishing check reads it."""
        agency = cleaned.get("agency") if "agency" in self.fields else self.instance.agency
        typed = Photo(credit=cleaned.get("credit") or "", photographer=cleaned.get("photographer") or "")
        typed.agency = agency
        return typed.credit_line.strip()


class PhotoForm(KeepsShownPhotosCredited, forms.ModelForm):
    """Everything an editor may change about a photo; the file itself is replaced by a new upload."""

    keywords = KeywordsField(label=_("Keywords"))

    class Meta:
        model = Photo
        fields = [
            "caption",
            "alt_text",
            "credit",
            "photographer",
            "agency",
            "copyright_notice",
            "usage_terms",
            "expires_at",
            "headline",
            "keywords",
            "city",
            "country",
            "date_created",
            "source_identifier",
            "focal_point_x",
            "focal_point_y",
        ]
        widgets = {
            "focal_point_x": FocalPointInput("x"),
            "focal_point_y": FocalPointInput("y"),
            "caption": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "usage_terms": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once and cleans each of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/avif,image/gif"}),
        )
        super().__init__(**kwargs)

    def clean(self, value, initial=None):
        files = value if isinstance(value, list | tuple) else [value]
        files = [upload for upload in files if upload]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


class PhotoUploadForm(forms.Form):
    """One or more photos, and what the desk knows about all of them that the files may not say."""

    files = MultipleFileField(
        label=_("Photos"),
        help_text=_(
            "JPEG, PNG, WebP, AVIF or GIF. Select several files at once; captions, credits and keywords "
            "are read from each file's IPTC/XMP metadata and can be corrected on the next page."
        ),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.order_by("name"), required=False
    )
    credit = forms.CharField(
        label=_("Credit"),
        max_length=200,
        required=False,
        help_text=_("Only where a file names no credit of its own."),
    )
    usage_terms = forms.CharField(
        label=_("Usage terms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("Replaces the terms written in the files, for every photo of this upload."),
    )
    expires_at = forms.SplitDateTimeField(
        label=_("Usage expires"),
        required=False,
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("After this the public site stops showing these photos."),
    )
    store_look_alikes = forms.BooleanField(
        label=_("Store look-alikes as new photos"),
        required=False,
        help_text=_(
            "A file whose picture is already in the library (resized, re-encoded or slightly cropped) is "
            "not stored unless this is ticked: the existing photo is offered instead."
        ),
    )

    def defaults(self):
        """What the form says about every file, for ``store_photo``."""
        cleaned = self.cleaned_data
        return {"usage_terms": cleaned["usage_terms"], "expires_at": cleaned["expires_at"]}

    def store(self, *, uploaded_by):
        """Store every file; return an :class:`UploadOutcome`. Refused files are listed, never raised."""
        outcome = UploadOutcome()
        for upload in self.cleaned_data["files"]:
            try:
                stored = file_photo(
                    upload,
                    filename=upload.name,
                    agency=self.cleaned_data["agency"],
                    uploaded_by=uploaded_by,
                    defaults=self.defaults(),
                    similar="store" if self.cleaned_data.get("store_look_alikes") else "ask",
                )
            except (PhotoRejected, PhotoStorageFailed) as error:
                outcome.failed.append((upload.name, str(error)))
                continue
            except LooksLikeExisting as found:
                outcome.look_alikes.append((upload.name, found.closest))
                continue
            photo, created = stored.photo, stored.created
            if created:
                if not photo.credit and self.cleaned_data["credit"]:
                    photo.credit = self.cleaned_data["credit"].strip()
                    photo.save(update_fields=["credit"])
                outcome.created.append(photo)
            else:
                outcome.duplicates.append((upload.name, photo))
        return outcome

    def add_outcome_errors(self, outcome):
        """Put refused files and duplicates on the form, so a page with nothing stored explains why."""
        for name, reason in outcome.failed:
            self.add_error("files", format_html("“{}”: {}", name, reason))
        for name, photo in outcome.duplicates:
            self.add_error("files", duplicate_message(name, photo))
        for name, photo in outcome.look_alikes:
            self.add_error("files", look_alike_message(name, photo))


class UploadOutcome:
    def __init__(self):
        self.created = []
        self.duplicates = []  # (uploaded name, existing photo)
        self.look_alikes = []  # (uploaded name, existing photo of the same picture): not stored
        self.failed = []  # (uploaded name, reason)

    @property
    def existing(self):
        """The photos already in the library that the files turned out to be."""
        return [photo for _name, photo in self.duplicates + self.look_alikes]


def duplicate_message(name, photo):
    return format_html(
        '“{}” is already in the library: use <a href="{}">photo #{} “{}”</a> instead.',
        name,
        reverse("admin:articles_photo_change", args=[photo.pk]),
        photo.pk,
        str(photo)[:60],
    )


def look_alike_message(name, photo):
    return format_html(
        '“{}” looks like <a href="{}">photo #{} “{}”</a>, already in the library (resized, re-encoded or '
        "slightly cropped): use the existing photo. It was not stored; to keep it as a new photo, upload it "
        "again with “{}” ticked.",
        name,
        reverse("admin:articles_photo_change", args=[photo.pk]),
        photo.pk,
        str(photo)[:60],
        PhotoUploadForm.base_fields["store_look_alikes"].label,
    )


class PhotoReviewForm(KeepsShownPhotosCredited, forms.ModelForm):
    """The fields worth checking right after an upload, prefilled from each file's metadata."""

    keywords = KeywordsField(label=_("Keywords"))

    class Meta:
        model = Photo
        fields = ["caption", "alt_text", "credit", "photographer", "usage_terms", "keywords"]
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "usage_terms": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "alt_text": forms.TextInput(attrs={"class": "vTextField"}),
        }


PhotoReviewFormSet = forms.modelformset_factory(Photo, form=PhotoReviewForm, extra=0, edit_only=True)
