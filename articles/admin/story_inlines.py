"""The story form's parts: the inlines (byline, further photos, corrections) and the widgets that label
their chosen rows once per formset (the byline's autocomplete; the further photos' picture chooser,
with each photo's credit, usage terms and expiry)."""

from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.forms.models import BaseInlineFormSet

from ..forms import PhotoChoiceField
from ..models import Correction, Photo, StoryAuthor, StoryPhoto
from ..photos.story_fields import PhotoChooserWidget
from .story_fields import writer_extra_rows


class PreloadedAutocompleteSelect(admin_widgets.AutocompleteSelect):
    """An autocomplete whose chosen value is labelled from ``labels`` (filled once for the whole
    formset) instead of one query per row, so the change form's queries do not grow with the byline."""

    labels = None

    def optgroups(self, name, value, attr=None):
        chosen = [str(item) for item in value if str(item) not in ("", "None")]
        if self.labels is None or any(item not in self.labels for item in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for item in chosen[:1]:
            options.append(self.create_option(name, item, self.labels[item], set(chosen), len(options)))
        return [(None, options, 0)]


class PreloadedLabelsFormSet(BaseInlineFormSet):
    related_field = None  # the foreign key shown with an autocomplete in each row
    related_label = str  # how a chosen row reads in its autocomplete

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = type(self).related_label
        labels = {
            str(getattr(row, f"{self.related_field}_id")): label(getattr(row, self.related_field))
            for row in self.get_queryset()
        }
        for form in self.forms:
            widget = form.fields[self.related_field].widget
            getattr(widget, "widget", widget).labels = labels


class PreloadedLabelsInline(admin.TabularInline):
    extra = 0
    related_field = None
    related_label = str
    autocomplete_widget = PreloadedAutocompleteSelect

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.related_field)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(
            formset.__name__,
            (PreloadedLabelsFormSet, formset),
            {"related_field": self.related_field, "related_label": staticmethod(self.related_label)},
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.related_field:
            kwargs["widget"] = self.autocomplete_widget(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StoryAuthorInline(PreloadedLabelsInline):
    model = StoryAuthor
    related_field = "author"

    def get_extra(self, request, obj=None, **kwargs):
        return writer_extra_rows(request, obj)  # a new story's byline starts with its writer


class StoryPhotoInline(PreloadedLabelsInline):
    model = StoryPhoto
    related_field = "photo"
    # The picture chooser shows each row's photo (thumbnail, caption, credit, terms): it is handed the
    # rows' photos themselves, all at once.
    related_label = staticmethod(lambda photo: photo)
    autocomplete_widget = staticmethod(lambda db_field, admin_site, using=None: PhotoChooserWidget())
    fields = ["photo", "caption", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo__agency")  # for the credit line

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs.update(form_class=PhotoChoiceField, queryset=Photo.objects.select_related("agency"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CorrectionInline(admin.TabularInline):
    """Corrections are printed through the “Save as a correction” button, never edited afterwards."""

    model = Correction
    extra = 0
    fields = ["note", "created_at", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
