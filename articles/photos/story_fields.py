"""The story form's photo fields: the picture chooser in place of a drop-down, and the story's own
framing of its lead photo.

:class:`PhotoChooserWidget` shows the chosen picture (thumbnail, caption, credit, usage terms) and a
"Choose a picture" button that opens ``static/admin/js/photo_chooser.js``; the value is the photo's
id in a plain input, so without JavaScript a photo number can still be typed. A formset of many rows
hands every row's photo to its widget at once (``labels``, as the admin's inlines label their
autocompletes: ``articles.admin.story_inlines``), so the form costs no query per row.
"""

from django import forms
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import Photo
from .rights import picker_label


class PhotoChooserWidget(forms.Widget):
    template_name = "admin/articles/widgets/photo_chooser.html"
    # str(photo id) -> Photo (with its agency), filled by a formset for all its rows at once.
    labels = None

    class Media:
        css = {"all": ["admin/css/photo_chooser.css"]}
        js = ["admin/js/photo_chooser.js"]

    def format_value(self, value):
        return "" if value in (None, "") else str(value)

    def chosen(self, value):
        if not value or not str(value).isdigit():
            return None
        if self.labels is not None and value in self.labels:
            return self.labels[value]
        return Photo.objects.select_related("agency").filter(pk=int(value)).first()

    def get_context(self, name, value, attrs):
        from ..admin.photo_chooser import chosen_photo  # the admin's JSON of a photo, for one shape

        context = super().get_context(name, value, attrs)
        photo = self.chosen(context["widget"]["value"])
        context["widget"].update(
            chosen=chosen_photo(photo) if photo is not None else None,
            label=picker_label(photo) if photo is not None else "",
            chooser_url=reverse("admin:articles_photo_chooser"),
            upload_url=reverse("admin:articles_photo_chooser_upload"),
            flat_attrs=flatatt(context["widget"]["attrs"]),
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (the template lives with the admin's other overrides), not
        # the form renderer's, which reads only Django's and the apps' own widget templates.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))


class LeadFramingFormMixin:
    """Checks the story's framing of its lead photo: both values of a focal point or neither,
    rounded to the thousandths rendition addresses carry; a focal point chosen for one picture is
    forgotten when the story takes another lead photo."""

    def clean(self):
        cleaned = super().clean()
        if "lead_photo_focal_x" not in self.fields or "lead_photo_focal_y" not in self.fields:
            return cleaned
        x, y = cleaned.get("lead_photo_focal_x"), cleaned.get("lead_photo_focal_y")
        if self.has_error("lead_photo_focal_x") or self.has_error("lead_photo_focal_y"):
            return cleaned
        if (x is None) != (y is None):
            self.add_error("lead_photo_focal_x", _("Give both values of the focal point, or neither."))
            return cleaned
        if x is None:
            return cleaned
        other_photo = (
            "lead_photo" in self.fields
            and getattr(cleaned.get("lead_photo"), "pk", None) != self.instance.lead_photo_id
        )
        unchanged = (x, y) == (self.instance.lead_photo_focal_x, self.instance.lead_photo_focal_y)
        if other_photo and unchanged:
            cleaned["lead_photo_focal_x"] = cleaned["lead_photo_focal_y"] = None
        else:
            cleaned["lead_photo_focal_x"], cleaned["lead_photo_focal_y"] = round(x, 3), round(y, 3)
        return cleaned
