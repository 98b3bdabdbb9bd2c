"""The photo library: find, upload, caption and frame photos, and see their rights and where they run.

Uploads go through ``articles.photos.library.store_photo`` (validation, de-duplication, metadata),
so the admin, ``import_photos`` and the agency importer store photos the same way. Thumbnails and
the focal-point preview are renditions made by the one rendition code path and kept in storage.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Photo, Story
from ..photos.forms import (
    PhotoForm,
    PhotoReviewFormSet,
    PhotoUploadForm,
    duplicate_message,
    look_alike_message,
)
from ..photos.rights import (
    GOING_OUT,
    expiry_text,
    going_out_message,
    locked_photo_ids,
    may_change_photo,
    photo_uses,
    stories_going_out_with,
    stories_with_expiring_photos,
)
from .photo_chooser import PhotoChooserMixin
from .photo_filters import RightsFilter, UseFilter
from .photo_framing import PhotoFramingMixin
from .photo_previews import PREVIEW_WIDTH, REVIEW_WIDTH, PhotoPreviewMixin, preview_url, thumbnail


@admin.register(Photo)
class PhotoAdmin(PhotoPreviewMixin, PhotoFramingMixin, PhotoChooserMixin, admin.ModelAdmin):
    form = PhotoForm
    change_list_template = "admin/articles/photo/change_list.html"
    list_display = [
        "list_thumbnail",
        "caption_and_headline",
        "credit_column",
        "photographer",
        "agency",
        "rights_column",
        "uses_column",
        "created_at",
    ]
    list_display_links = ["list_thumbnail", "caption_and_headline"]
    list_filter = ["agency", "created_at", "date_created", RightsFilter, UseFilter]
    # The agency's name and credit too: a photo credited through its agency reads "HW" in every list.
    search_fields = [
        "caption",
        "credit",
        "photographer",
        "keywords",
        "headline",
        "alt_text",
        "agency__name",
        "agency__credit",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["agency"]
    list_per_page = 50
    readonly_fields = [
        "rights_notice",
        "focal_point_picker",
        "crop_previews",
        "where_used",
        "look_alikes",
        "perceptual_hash",
        "dimensions",
        "file_hash",
        "embedded_values",
        "uploaded_by",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["rights_notice"]}),
        (
            _("Picture and focal point"),
            {
                "fields": [
                    "focal_point_picker",
                    ("focal_point_x", "focal_point_y"),
                    "crop_previews",
                    "dimensions",
                ],
                "description": _(
                    "Click the picture on what must stay in view: every crop (16:9, 4:3, square, portrait) "
                    "is centred there as far as the edges allow, as the previews below show."
                ),
            },
        ),
        (_("Caption and credit"), {"fields": ["caption", "alt_text", "credit", "photographer", "agency"]}),
        (_("Rights"), {"fields": ["usage_terms", "expires_at", "copyright_notice"]}),
        (
            _("Details"),
            {"fields": ["headline", "keywords", "city", "country", "date_created", "source_identifier"]},
        ),
        (_("Where it is used"), {"fields": ["where_used"]}),
        (_("Look-alikes"), {"fields": ["look_alikes"]}),
        (
            _("As delivered"),
            {
                "classes": ["collapse"],
                "fields": ["embedded_values", "file_hash", "perceptual_hash", "uploaded_by", "created_at"],
            },
        ),
    ]

    class Media:
        css = {"all": ["admin/css/photo_desk.css"]}
        js = ["admin/js/focal_point.js"]

    # The list --------------------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).with_use_counts()

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # SQLite keeps JSON ASCII-escaped ("Z\\u00fcrich"): match keywords in that spelling too.
        term = search_term.strip()
        escaped = json.dumps(term)[1:-1]
        if term and escaped != term:
            found = found | queryset.filter(keywords__icontains=escaped)
        return found, may_have_duplicates

    @admin.display(description=_("picture"))
    def list_thumbnail(self, photo):
        return thumbnail(photo)

    @admin.display(description=_("caption"), ordering="caption")
    def caption_and_headline(self, photo):
        caption = Truncator(photo.caption).words(25) or _("(no caption)")
        if photo.headline:
            return format_html("<strong>{}</strong><br>{}", photo.headline, caption)
        return caption

    @admin.display(description=_("credit"), ordering="credit")
    def credit_column(self, photo):
        if photo.credit_line.strip():
            return photo.credit_line
        return format_html('<span class="photo-flag photo-flag-missing">{}</span>', _("No credit"))

    @admin.display(description=_("rights"), ordering="expires_at")
    def rights_column(self, photo):
        flags = []
        if photo.expires_at is not None:
            date = formats.date_format(timezone.localtime(photo.expires_at), "SHORT_DATE_FORMAT")
            if photo.is_expired:
                flags.append(("photo-flag-expired", _("Expired %(date)s") % {"date": date}))
            elif photo.expires_soon:
                flags.append(("photo-flag-soon", _("Expires %(date)s") % {"date": date}))
            else:
                flags.append(("photo-flag-dated", _("Until %(date)s") % {"date": date}))
        flagged = format_html_join(" ", '<span class="photo-flag {}">{}</span>', flags)
        if photo.usage_terms:
            return format_html(
                '{} <span class="photo-usage-terms">{}</span>',
                flagged,
                Truncator(photo.usage_terms).chars(70),
            )
        return flagged or "—"

    @admin.display(description=_("used"))
    def uses_column(self, photo):
        stories = photo.lead_use_count + photo.further_use_count
        parts = []
        if stories:
            parts.append(ngettext("%(n)d story", "%(n)d stories", stories) % {"n": stories})
        if photo.author_use_count:
            parts.append(str(_("author photo")))
        return ", ".join(parts) or "—"

    def changelist_view(self, request, extra_context=None):
        at_risk = stories_with_expiring_photos().count()
        if at_risk:
            messages.warning(
                request,
                format_html(
                    '{} <a href="?{}">{}</a>',
                    ngettext(
                        "%(n)d story uses a photo whose usage rights expire within the warning period.",
                        "%(n)d stories use photos whose usage rights expire within the warning period.",
                        at_risk,
                    )
                    % {"n": at_risk},
                    urlencode({"rights": "soon", "use": "used"}),
                    _("Show the photos"),
                ),
            )
        extra_context = {**(extra_context or {}), "upload_url": reverse("admin:articles_photo_upload")}
        return super().changelist_view(request, extra_context)

    # The change form -------------------------------------------------------------------------------

    @admin.display(description=_("rights"))
    def rights_notice(self, photo):
        items = []
        if photo.usage_terms:
            items.append(("photo-usage-terms", _("Usage terms: %(terms)s") % {"terms": photo.usage_terms}))
        else:
            items.append(("photo-usage-none", _("No usage terms recorded.")))
        if photo.expires_at is not None:
            level = (
                "photo-flag-expired" if photo.is_expired else "photo-flag-soon" if photo.expires_soon else ""
            )
            items.append((f"photo-expiry {level}", expiry_text(photo)))
        if not photo.credit_line.strip():
            items.append(
                (
                    "photo-flag-missing",
                    _("No credit: stories with this photo cannot be published until it has one."),
                )
            )
        return format_html(
            '<ul class="photo-rights-notice">{}</ul>', format_html_join("", '<li class="{}">{}</li>', items)
        )

    @admin.display(description=_("picture"))
    def focal_point_picker(self, photo):
        if not photo.pk or not photo.image:
            return "—"
        return format_html(
            '<div class="focal-point-picker" tabindex="0" role="application" aria-label="{}">'
            '<img src="{}" width="{}" height="{}" alt="{}" draggable="false">'
            '<span class="focal-point-marker" style="left:{}%;top:{}%"></span></div>'
            '<p class="help focal-point-help">{} <button type="button" class="button focal-point-reset">{}'
            "</button></p>",
            _("Focal point: click the picture, or use the arrow keys"),
            preview_url(photo, PREVIEW_WIDTH),
            min(PREVIEW_WIDTH, photo.width or PREVIEW_WIDTH),
            round(photo.height * min(PREVIEW_WIDTH, photo.width) / photo.width)
            if photo.width
            else PREVIEW_WIDTH,
            photo.alt_text,
            round(photo.focal_point_x * 100, 1),
            round(photo.focal_point_y * 100, 1),
            _("The marker shows the focal point."),
            _("Back to the centre"),
        )

    @admin.display(description=_("size"))
    def dimensions(self, photo):
        if not photo.width:
            return "—"
        return _("%(width)d × %(height)d pixels") % {"width": photo.width, "height": photo.height}

    @admin.display(description=_("used in"))
    def where_used(self, photo):
        if not photo.pk:
            return "—"
        uses = photo_uses(photo)
        if not uses:
            return _("Not used in any story or author page.")
        rows = []
        for label, stories in ((_("Lead photo of"), uses.lead_of), (_("Further photo in"), uses.further_in)):
            for story in stories:
                rows.append(
                    (
                        label,
                        reverse("admin:articles_story_change", args=[story.pk]),
                        story.headline,
                        story.get_status_display(),
                    )
                )
        for author in uses.author_of:
            rows.append(
                (
                    _("Author photo of"),
                    reverse("admin:articles_author_change", args=[author.pk]),
                    author.name,
                    "",
                )
            )
        return format_html(
            '<ul class="photo-uses">{}</ul>',
            format_html_join("", '<li>{}: <a href="{}">{}</a> <span class="quiet">{}</span></li>', rows),
        )

    @admin.display(description=_("embedded metadata"))
    def embedded_values(self, photo):
        record = photo.embedded_metadata or {}
        read = record.get("read") or {}
        if not read and not record.get("problems"):
            return _("The file carried no caption, credit or rights metadata.")
        rows = [
            (name.replace("_", " "), ", ".join(v) if isinstance(v, list) else v) for name, v in read.items()
        ]
        table = format_html(
            '<table class="photo-embedded"><tbody>{}</tbody></table>',
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )
        problems = format_html_join(
            "", '<li class="photo-flag-missing">{}</li>', ((p,) for p in record.get("problems", []))
        )
        return format_html("{}<ul>{}</ul>", table, problems) if problems else table

    def has_change_permission(self, request, obj=None):
        # A photo on a published or scheduled story changes with that story's permission: the form
        # is then shown read-only and Django's change view answers a POST with 403.
        if obj is None:
            return super().has_change_permission(request)
        if "_may_change" not in obj.__dict__:  # asked several times while one form is shown
            obj.__dict__["_may_change"] = may_change_photo(request.user, obj)
        return obj.__dict__["_may_change"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            photo = self.get_object(request, object_id)
            if (
                photo is not None
                and super().has_change_permission(request)
                and not self.has_change_permission(request, photo)
            ):
                messages.warning(request, going_out_message(stories_going_out_with(photo)))
            if photo is not None and (photo.is_expired or photo.expires_soon):
                stories = photo_uses(photo).stories
                message = expiry_text(photo)
                if stories:
                    message = format_html(
                        "{} {} {}",
                        message,
                        _("Used in:"),
                        format_html_join(
                            ", ",
                            '<a href="{}">{}</a>',
                            (
                                (reverse("admin:articles_story_change", args=[s.pk]), s.headline)
                                for s in stories
                            ),
                        ),
                    )
                messages.warning(request, message)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        """A photo that leads a published or scheduled story (or is its social image) is protected as
        a further photo is: deleting it emptied the live story's lead without a word on the delete
        page. Listed there as the stories to change first."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        ids = [photo.pk for photo in objs]
        leading = Story.objects.filter(
            Q(lead_photo_id__in=ids) | Q(social_image_id__in=ids), status__in=GOING_OUT
        ).order_by("-publish_at")
        reason = _("Story: {} (readers see this photo with it: choose another picture first)")
        protected = [*protected, *(format_html(reason, story) for story in leading)]
        return deleted, counts, perms_needed, protected

    # Upload, review, previews ----------------------------------------------------------------------

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="articles_photo_upload"),
            path("review/", self.admin_site.admin_view(self.review_view), name="articles_photo_review"),
            path(
                "<int:photo_id>/preview/<str:token>/<int:width>.jpg",
                self.admin_site.admin_view(self.preview_view),
                name="articles_photo_preview",
            ),
            *self.chooser_urls(),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # A photo begins as a file: adding one is uploading one (or several).
        if not self.has_add_permission(request):
            raise PermissionDenied
        query = request.GET.urlencode()  # keeps ?_popup=1&_to_field=id from a story's "+" button
        return HttpResponseRedirect(reverse("admin:articles_photo_upload") + (f"?{query}" if query else ""))

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PhotoUploadForm(request.POST or None, request.FILES or None)
        is_popup = IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET
        to_field = request.POST.get(TO_FIELD_VAR) or request.GET.get(TO_FIELD_VAR, "")
        if request.method == "POST" and form.is_valid():
            outcome = form.store(uploaded_by=request.user)
            chosen = outcome.created + outcome.existing
            if is_popup and chosen:
                # Opened from a story's photo field: hand the (first) photo back to that field; a file
                # already in the library, or a look-alike of one, hands back the existing photo.
                if not outcome.created:
                    name, photo = (outcome.duplicates + outcome.look_alikes)[0]
                    message = duplicate_message if outcome.duplicates else look_alike_message
                    messages.info(request, message(name, photo))
                return self.response_add(request, chosen[0])
            if outcome.created:
                for photo in outcome.created:
                    self.log_addition(request, photo, [{"added": {}}])
                for name, reason in outcome.failed:
                    messages.error(request, format_html("“{}”: {}", name, reason))
                for name, photo in outcome.duplicates:
                    messages.info(request, duplicate_message(name, photo))
                for name, photo in outcome.look_alikes:
                    messages.warning(request, look_alike_message(name, photo))
                messages.success(
                    request,
                    ngettext(
                        "%(n)d photo stored. Check the captions and credits read from the file.",
                        "%(n)d photos stored. Check the captions and credits read from the files.",
                        len(outcome.created),
                    )
                    % {"n": len(outcome.created)},
                )
                ids = ",".join(str(photo.pk) for photo in outcome.created)
                return HttpResponseRedirect(
                    f"{reverse('admin:articles_photo_review')}?{urlencode({'ids': ids})}"
                )
            form.add_outcome_errors(outcome)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Upload photos"),
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": self.has_view_permission(request),
            "is_popup": is_popup,
            "to_field": to_field,
        }
        return TemplateResponse(request, "admin/articles/photo/upload.html", context)

    def review_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()]
        photos = Photo.objects.filter(pk__in=ids).select_related("agency").order_by("pk")
        locked = locked_photo_ids(request.user, photos)
        if locked:
            # Left out of the formset, so a posted row for one of them is refused as an unknown id.
            photos = photos.exclude(pk__in=locked)
            messages.warning(
                request,
                _("Photos %(ids)s are shown by published or scheduled stories: only editors may change them.")
                % {"ids": ", ".join(f"#{pk}" for pk in sorted(locked))},
            )
        formset = PhotoReviewFormSet(request.POST or None, queryset=photos)
        if request.method == "POST" and formset.is_valid():
            saved = formset.save()
            for photo in saved:
                self.log_change(request, photo, [{"changed": {"fields": ["caption", "credit"]}}])
            messages.success(
                request,
                ngettext("%(n)d photo updated.", "%(n)d photos updated.", len(saved)) % {"n": len(saved)},
            )
            return HttpResponseRedirect(reverse("admin:articles_photo_changelist"))
        rows = [(form, thumbnail(form.instance, REVIEW_WIDTH)) for form in formset.forms]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Check the new photos"),
            "formset": formset,
            "rows": rows,
            "media": self.media + formset.media,
        }
        return TemplateResponse(request, "admin/articles/photo/review.html", context)
