"""The picture chooser's server side: a searchable, paged grid of the library and upload in place,
as JSON for ``static/admin/js/photo_chooser.js`` (the story form's photo fields and the body
editor's "Insert picture" button open it).

Both views live under the Photo admin and keep its rules: the grid needs permission to view photos
and searches with the admin's own ``search_fields`` (caption, credit, photographer, keywords,
headline, alt text); an upload needs permission to add photos and goes through the library's one
upload path (``PhotoUploadForm`` → ``store_photo``: the file's content checked by Pillow, its
IPTC/XMP metadata read, usage terms and expiry kept). A page of the grid is two queries (the count
and the rows with their agencies) whatever it shows: thumbnails are addresses built from the rows.
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..models import Photo
from ..photos.forms import PhotoUploadForm, duplicate_message, look_alike_message
from ..photos.rights import picker_label
from .photo_previews import THUMBNAIL_WIDTH, preview_url

PAGE_SIZE = 24
# The date filter's choices: how far back a picture may have been added to the library.
ADDED_WITHIN = {"today": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=31)}


def chosen_photo(photo):
    """What the chooser tells its caller about a photo (``NewsroomPhotoChooser``'s ``photo``): built
    from the row and its agency, no query."""
    shot = photo.date_created or photo.created_at
    return {
        "id": photo.pk,
        "caption": photo.caption,
        "credit": photo.credit_line,
        "keywords": list(photo.keywords or []),
        "date": formats.date_format(timezone.localtime(shot), "DATE_FORMAT") if shot else "",
        "thumbnail": preview_url(photo, THUMBNAIL_WIDTH) if photo.image else "",
        "width": photo.width,
        "height": photo.height,
        "label": picker_label(photo),
        "expired": not photo.is_usable,
        "change_url": reverse("admin:articles_photo_change", args=[photo.pk]),
    }


class ChooserUploadForm(PhotoUploadForm):
    """One picture uploaded from the chooser: the library's upload form, with the words a picture
    chosen for a story needs at once (no review page follows)."""

    caption = forms.CharField(label=_("caption"), required=False, widget=forms.Textarea)
    alt_text = forms.CharField(label=_("alt text"), required=False, max_length=500)

    def defaults(self):
        # Typed words win; left empty, the file's embedded caption and alt text are used.
        return {
            **super().defaults(),
            "caption": self.cleaned_data["caption"],
            "alt_text": self.cleaned_data["alt_text"],
        }


class PhotoChooserMixin:
    """The Photo admin's chooser views: ``chooser/`` (the grid, JSON) and ``chooser/upload/``."""

    def chooser_urls(self):
        return [
            path("chooser/", self.admin_site.admin_view(self.chooser_view), name="articles_photo_chooser"),
            path(
                "chooser/upload/",
                self.admin_site.admin_view(self.chooser_upload_view),
                name="articles_photo_chooser_upload",
            ),
        ]

    def chooser_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        photos = Photo.objects.select_related("agency").order_by("-created_at", "-pk")
        if request.GET.get("id", "").isdigit():
            # One photo by its id: the body editor labels the pictures a story already holds.
            found = photos.filter(pk=int(request.GET["id"])).first()
            return JsonResponse({"results": [chosen_photo(found)] if found else []})
        term = request.GET.get("q", "").strip()
        if term:
            photos, may_have_duplicates = self.get_search_results(request, photos, term)
            if may_have_duplicates:
                photos = photos.distinct()
        within = ADDED_WITHIN.get(request.GET.get("added", ""))
        if within is not None:
            photos = photos.filter(created_at__gte=timezone.now() - within)
        page = Paginator(photos, PAGE_SIZE).get_page(request.GET.get("page"))
        return JsonResponse(
            {
                "results": [chosen_photo(photo) for photo in page.object_list],
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "has_next": page.has_next(),
                "has_previous": page.has_previous(),
            }
        )

    def chooser_upload_view(self, request):
        if request.method != "POST":
            return JsonResponse({"error": str(_("Send the picture with POST."))}, status=405)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ChooserUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": _errors(form)}, status=400)
        outcome = form.store(uploaded_by=request.user)
        if outcome.created:
            photo = outcome.created[0]
            self.log_addition(request, photo, [{"added": {}}])
            stored = Photo.objects.select_related("agency").get(pk=photo.pk)
            return JsonResponse({"photo": chosen_photo(stored)})
        if outcome.duplicates:
            name, photo = outcome.duplicates[0]
            return _existing(photo, same_file=True, message=duplicate_message(name, photo))
        if outcome.look_alikes:
            # Nothing stored: the chooser offers the existing photo, or the upload again as a new one.
            name, photo = outcome.look_alikes[0]
            return _existing(photo, same_file=False, message=look_alike_message(name, photo))
        return JsonResponse({"errors": {"files": [reason for _name, reason in outcome.failed]}}, status=400)


def _existing(photo, *, same_file, message):
    return JsonResponse({"existing": chosen_photo(photo), "same_file": same_file, "message": message})


def _errors(form):
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}
