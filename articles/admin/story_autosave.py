"""Autosave on the story desk: the form's fields posted every half minute while someone types
(``static/admin/js/story_autosave.js``), and offered back to their author when they open the story
again: "Restore your unsaved changes from 10:42" (or discard them).

Restoring shows the change form bound to the autosaved fields, inlines included, exactly as the author
left it (with the version of the story it was typed on, so the lost-update refusal still compares it
with anything saved since). A new story's form is autosaved too, one per person. The rules (who may
autosave and read back what) are ``articles.services.autosaves``'.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import workflow
from ..services import autosaves

RESTORED = "story_autosave_restored"  # the request attribute carrying the autosave a form shows
RESTORE_PARAMETER = "autosave"  # ?autosave=restore


def local_time(moment):
    return formats.time_format(timezone.localtime(moment), "H:i")


def restored_form(form_class, data):
    """``form_class`` bound to ``data`` when the admin makes it for showing (unbound)."""

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            if not args and "data" not in kwargs:
                kwargs["data"] = data
            super().__init__(*args, **kwargs)

    RestoredForm.__name__ = form_class.__name__
    return RestoredForm


class AutosaveMixin:
    """The story admin's autosave endpoints, and the restore offered on the change and add forms."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("autosave/", view(self.autosave_view), name="{}_{}_autosave_new".format(*info)),
            path(
                "autosave/discard/",
                view(self.autosave_discard_view),
                name="{}_{}_autosave_discard_new".format(*info),
            ),
            path("<path:object_id>/autosave/", view(self.autosave_view), name="{}_{}_autosave".format(*info)),
            path(
                "<path:object_id>/autosave/discard/",
                view(self.autosave_discard_view),
                name="{}_{}_autosave_discard".format(*info),
            ),
        ] + super().get_urls()

    def _autosaved_story(self, request, object_id):
        """The story an autosave request is about (None: a new story)."""
        if object_id is None:
            return None
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404
        return story

    # The endpoints ----------------------------------------------------------------------------------

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        saved = autosaves.autosave(self._autosaved_story(request, object_id), request.user, request.POST)
        return JsonResponse(
            {
                "saved_at": saved.saved_at.isoformat(),
                "message": _("Your changes were autosaved at %(time)s (not yet saved to the story).")
                % {"time": local_time(saved.saved_at)},
            }
        )

    def autosave_discard_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self._autosaved_story(request, object_id)
        autosaves.discard(story, request.user)
        self.message_user(request, _("Your unsaved changes were discarded."), messages.INFO)
        if story is None:
            return redirect("admin:articles_story_add")
        return redirect("admin:articles_story_change", story.pk)

    # The change and add forms -----------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" and request.GET.get(RESTORE_PARAMETER) == "restore":
            story = self._autosaved_story(request, object_id)
            if story is None or workflow.can_edit(request.user, story):
                saved = autosaves.newer_autosave(story, request.user)
                if saved is not None:
                    setattr(request, RESTORED, saved)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _restored_data(self, request):
        saved = getattr(request, RESTORED, None)
        if saved is None or request.method == "POST":
            return None
        if not hasattr(saved, "data"):
            saved.data = autosaves.form_data(saved)
        return saved.data

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        data = self._restored_data(request)
        return form if data is None else restored_form(form, data)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        data = self._restored_data(request)
        if data is not None:
            kwargs["data"] = data  # the byline and photo rows as they were typed
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["autosave"] = None if context.get("is_popup") else self._autosave_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _autosave_context(self, request, story):
        if story is None:
            editable, suffix, args = self.has_add_permission(request), "_new", []
        else:
            editable, suffix, args = self.has_change_permission(request, story), "", [story.pk]
        if not editable:
            return None  # a read-only form has nothing to autosave, nor to restore into
        restored = getattr(request, RESTORED, None) if request.method != "POST" else None
        offer = None
        if restored is None and request.method != "POST":
            offer = autosaves.newer_autosave(story, request.user)
        return {
            "url": reverse(f"admin:articles_story_autosave{suffix}", args=args),
            "discard_url": reverse(f"admin:articles_story_autosave_discard{suffix}", args=args),
            "restore_url": f"{request.path}?{RESTORE_PARAMETER}=restore",
            "offer_time": local_time(offer.saved_at) if offer else None,
            "restored_time": local_time(restored.saved_at) if restored else None,
            "every_seconds": settings.NEWSROOM_AUTOSAVE_SECONDS,
        }
