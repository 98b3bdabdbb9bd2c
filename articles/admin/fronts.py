"""The front editor: editors arrange the home page and each section's page.

One page per front (``/admin/articles/front/home/``, ``.../section-<id>/``): the slots with their
pinned and automatic stories, a story autocomplete to pin one, drag and drop to reorder (a small
script of our own, ``admin/js/front_editor.js``) and, for the keyboard and without scripts, move-up and
move-down buttons that are plain POSTs; an expiry per pin; a preview of the page as readers would see
it; publish now or schedule; the history, each version previewable and restorable. Every button goes
through ``articles.services.fronts``, which checks ``change_front`` again.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Front, FrontPin, FrontVersion, Section
from ..reader import structured_data
from ..reader.front import front_page
from ..reader.section_front import section_page_content
from ..reader.sections import site_sections
from ..services import fronts
from .front_editor import ExpiryForm, PinForm, ScheduleForm, front_key, history, section_of_key, slot_views

# A slot's key as the editor's page names it in ``slot-<key>`` (lead, top, section-12...).
SLOT_KEY = re.compile(r"[a-z0-9-]{1,60}")

# The editor's buttons: the POST's ``action`` and what each does with the request.
ACTIONS = (
    "pin",
    "unpin",
    "up",
    "down",
    "expiry",
    "arrange",
    "publish",
    "schedule",
    "discard",
    "unschedule",
    "restore",
)


# A front's part of the editor's addresses (``front_editor.front_key``): the admin's own pages (add/,
# <id>/change/) keep theirs.
FRONT_KEY = r"(?P<key>home|section-\d{1,18})"


def _ids(values):
    if not values or any(not value.isascii() or not value.isdigit() or len(value) > 18 for value in values):
        raise ValueError
    return [int(value) for value in values]


@admin.register(Front)
class FrontAdmin(admin.ModelAdmin):
    """Fronts are made by their first change (services.fronts.front_of), never added or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return fronts.may_change_fronts(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_front") or self.has_change_permission(request, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            re_path(rf"^{FRONT_KEY}/preview/$", view(self.preview_view), name="{}_{}_preview".format(*info)),
            re_path(rf"^{FRONT_KEY}/$", view(self.editor_view), name="{}_{}_edit".format(*info)),
        ] + super().get_urls()

    # The list of fronts ----------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        existing = {front.section_id: front for front in Front.objects.all()}
        shown = {}
        for version in FrontVersion.objects.shown_to_readers().select_related("front"):
            shown.setdefault(version.front.section_id, version)
        waiting = {}
        for version in FrontVersion.objects.filter(status__in=["draft", "scheduled"]).select_related("front"):
            waiting.setdefault(version.front.section_id, []).append(version)
        rows = [(None, _("Home page"))] + [
            (section, str(section)) for section in Section.objects.select_related("parent").order_by("path")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Fronts"),
            "rows": [
                {
                    "label": label,
                    "section": section,
                    "url": reverse("admin:articles_front_edit", args=[front_key(section)]),
                    "front": existing.get(section.pk if section else None),
                    "shown": shown.get(section.pk if section else None),
                    "waiting": waiting.get(section.pk if section else None, []),
                }
                for section, label in rows
            ],
        }
        return TemplateResponse(request, "admin/articles/front/change_list.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        front = get_object_or_404(Front.objects.select_related("section"), pk=object_id)
        return self.editor_view(request, front_key(front.section))

    # The editor ------------------------------------------------------------------------------------

    def _front(self, key):
        """(the front at ``key``, unsaved until its first change, and its section), or 404."""
        try:
            section = section_of_key(key)
        except Section.DoesNotExist as missing:
            raise Http404(_("No such front.")) from missing
        lookup = {"kind": Front.Kind.HOME} if section is None else {"section": section}
        front = Front.objects.filter(**lookup).first()
        if front is None:
            front = Front(kind=Front.Kind.HOME if section is None else Front.Kind.SECTION, section=section)
        return front, section

    def editor_view(self, request, key):
        front, section = self._front(key)
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            return self._act(request, key, section)
        if not self.has_view_permission(request):
            raise PermissionDenied
        draft = fronts.draft_of(front) if front.pk else None
        readers = fronts.shown_version(front) if front.pk else None
        slots, sections = slot_views(front, draft or readers)
        schedule_form = ScheduleForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Front: %(front)s") % {"front": front},
            "front": front,
            "edit_url": request.path,
            "preview_url": reverse("admin:articles_front_preview", args=[key]),
            "draft": draft,
            "readers_version": readers,
            "scheduled": list(front.versions.filter(status=FrontVersion.Status.SCHEDULED))
            if front.pk
            else [],
            "slots": slots,
            "pin_form": PinForm(slots=front.slots(sections.top_level)),
            "schedule_form": schedule_form,
            "media": self.media + PinForm().media + schedule_form.media,
            "history": history(front),
            "can_change": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/articles/front/edit.html", context)

    def _act(self, request, key, section):
        action = request.POST.get("action")
        if action not in ACTIONS:
            return HttpResponseBadRequest(_("Unknown front action."))
        front = fronts.front_of(section)
        top_sections = site_sections(request).top_level
        by = request.user
        where = place_to_return_to(request.POST, action)
        try:
            done = self._take(action, request, front, by, top_sections)
        except ValueError:
            return HttpResponseBadRequest(_("The request does not name a pinned story or version."))
        except fronts.FrontRefusal as refusal:
            messages.error(request, refusal.message)
        else:
            if done:
                messages.success(request, done)
        return HttpResponseRedirect(reverse("admin:articles_front_edit", args=[key]) + where)

    def _take(self, action, request, front, by, top_sections):
        """Take ``action``; returns what to tell the editor, or raises FrontRefusal / ValueError."""
        post = request.POST
        # The draft's last change as the page showed it (absent from a hand-made request: not checked).
        seen = post.get("draft_seen")
        if action == "pin":
            form = PinForm(post, slots=front.slots(top_sections))
            if not form.is_valid():
                errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
                raise fronts.FrontRefusal(errors)
            story = form.cleaned_data["story"]
            fronts.pin_story(
                front,
                story,
                slot=form.cleaned_data["slot"],
                by=by,
                expires_at=form.cleaned_data["expires_at"],
                top_sections=top_sections,
            )
            return format_html(_("“{}” is pinned in the draft. Publish or schedule it for readers."), story)
        if action in ("unpin", "up", "down", "expiry"):
            (pin_id,) = _ids([post.get("pin", "")])
            if action == "unpin":
                fronts.unpin(front, pin_id, by=by)
                return _("Unpinned in the draft.")
            if action == "expiry":
                form = ExpiryForm(post)
                if not form.is_valid():
                    raise fronts.FrontRefusal(_("Give the expiry as a date and time."))
                fronts.set_pin_expiry(front, pin_id, form.cleaned_data["expires_at"], by=by)
                return _("Expiry saved in the draft.")
            fronts.move_pin(front, pin_id, by=by, step=-1 if action == "up" else 1)
            return _("Moved up in the draft.") if action == "up" else _("Moved down in the draft.")
        if action == "arrange":
            fronts.arrange_slot(
                front, post.get("slot", ""), _ids(post.getlist("pin")), by=by, top_sections=top_sections
            )
            return None
        if action == "publish":
            version = fronts.publish_draft(front, by=by, note=post.get("note", "")[:200], seen=seen)
            return _("Version %(number)s is live: readers see it now.") % {"number": version.number}
        if action == "schedule":
            form = ScheduleForm(post)
            if not form.is_valid():
                raise fronts.FrontRefusal(_("Give the time the version goes live."))
            version = fronts.schedule_draft(
                front, form.cleaned_data["go_live_at"], by=by, note=form.cleaned_data["note"], seen=seen
            )
            return _("Version %(number)s goes live at the time you chose.") % {"number": version.number}
        if action == "discard":
            fronts.discard_draft(front, by=by, seen=seen)
            return _("The draft is discarded.")
        (version_id,) = _ids([post.get("version", "")])
        if action == "unschedule":
            version = fronts.unschedule(front, version_id, by=by)
            return _("Version %(number)s is the draft again.") % {"number": version.number}
        version = fronts.restore_version(front, version_id, by=by)
        return _("%(note)s Readers see it now as version %(number)s.") % {
            "note": version.note,
            "number": version.number,
        }

    # Preview ---------------------------------------------------------------------------------------

    def preview_view(self, request, key):
        """The front's page as readers would see it with the draft (or ``?version=``): the reader site's
        own template and code; staff only, never cached or indexed."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        front, section = self._front(key)
        version = None
        if front.pk is not None:
            versions = front.versions.all()
            requested = request.GET.get("version", "")
            if requested:
                if not requested.isascii() or not requested.isdigit():
                    raise Http404(_("No such version."))
                version = get_object_or_404(versions, pk=int(requested))
            else:
                version = fronts.draft_of(front) or fronts.shown_version(front)
        version_id = version.pk if version else 0
        sections = site_sections(request)
        context = {"is_preview": True, "preview_version": version, "front_label": str(front)}
        if section is None:
            context["front"] = front_page(sections, version_id=version_id)
            template = "admin/articles/front/preview_home.html"
        else:
            section_front, page = section_page_content(section, sections, {}, version_id=version_id)
            context.update(
                front=section_front,
                page=page,
                section=section,
                subsections=sections.children_of(section.parent or section),
                current_section=section.parent or section,
                canonical_url=structured_data.absolute_url(section.get_absolute_url()),
            )
            template = "admin/articles/front/preview_section.html"
        response = TemplateResponse(request, template, context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def place_to_return_to(post, action):
    """The fragment the editor's page opens at after ``action``: the story just pinned, moved or given
    an expiry, or the slot a story was unpinned from. A keyboard user carries on from there (each
    button reloads the page; from its top that was some thirty Tabs back to the same story)."""
    story, slot = post.get("story", ""), post.get("slot", "")
    pin = post.get("pin", "")
    if action in ("up", "down", "expiry", "unpin") and pin.isdigit():
        story, slot = FrontPin.objects.filter(pk=pin).values_list("story_id", "slot").first() or ("", "")
    if action != "unpin" and str(story).isdigit():
        return f"#front-story-{story}"
    return f"#slot-{slot}" if SLOT_KEY.fullmatch(slot) else ""
