"""Edit locks on the story desk: who is editing a story now, read-only fields for everyone else until
they take over, and the open tab's heartbeat and goodbye (``static/admin/js/story_lock.js``).

The rules are ``articles.services.edit_locks``'; this module puts them on the change form. Opening the
form claims the lock; a person who opens it while someone else holds a live lock sees "<name> is
editing this story (since 10:42)", the form read-only and a "Take over" button. A save posted while
someone else holds a live lock (their tab took it over, or the form was opened before the lock) is
refused like a form error, with the text typed kept in the form and a box to take over and save.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import workflow
from ..services import edit_locks
from ..services.edit_locks import LockState, holder_name

# Request attributes: this request shows a story's change form; (that story's pk, its LockState).
ON_CHANGE_FORM = "story_change_form"
EDIT_LOCK = "story_edit_lock"
TAKE_OVER_AND_SAVE = "take_over_lock"  # the box on a refused save: take the lock, then save


def lock_message(lock):
    since = formats.time_format(timezone.localtime(lock.since), "H:i")
    return _("%(name)s is editing this story (since %(since)s).") % {
        "name": holder_name(lock.user),
        "since": since,
    }


class LockedElsewhereForm:
    """A form refused while someone else holds the story's live lock (``locked_elsewhere``, set by the
    admin for a save): nothing is saved and the text typed stays in the form."""

    locked_elsewhere = None

    def clean(self):
        cleaned = super().clean()
        if self.locked_elsewhere is not None:
            raise ValidationError(
                "%(editing)s %(refused)s",
                code="edit_locked",
                params={
                    "editing": lock_message(self.locked_elsewhere),
                    "refused": _(
                        "Your changes have not been saved and are kept below. Tick “Take over and save” "
                        "and save again to save them; they will be told."
                    ),
                },
            )
        return cleaned


class EditLockMixin:
    """The story admin's edit locks: claimed by opening the change form, kept by the tab, taken over."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/lock/keep-alive/",
                view(self.lock_keep_alive_view),
                name="{}_{}_lock_keep_alive".format(*info),
            ),
            path(
                "<path:object_id>/lock/release/",
                view(self.lock_release_view),
                name="{}_{}_lock_release".format(*info),
            ),
            path(
                "<path:object_id>/lock/take-over/",
                view(self.lock_take_over_view),
                name="{}_{}_lock_take_over".format(*info),
            ),
        ] + super().get_urls()

    # The change form --------------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            setattr(request, ON_CHANGE_FORM, True)  # the lock is claimed once the story is loaded
        return super().changeform_view(request, object_id, form_url, extra_context)

    def lock_state(self, request, story):
        """This request's view of ``story``'s lock, worked out once, on the change form only: opening
        the form claims the lock; a save sees whether someone else holds a live one (or takes it over,
        when the box says so). None for anyone who may not change the story."""
        if not getattr(request, ON_CHANGE_FORM, False) or story is None or story.pk is None:
            return None
        if not hasattr(request, EDIT_LOCK):
            state = None
            if workflow.can_edit(request.user, story):
                if request.method != "POST":
                    state = edit_locks.claim(story, request.user)
                elif TAKE_OVER_AND_SAVE in request.POST:
                    state = edit_locks.take_over(story, request.user)
                else:
                    other = edit_locks.editing_elsewhere(story, request.user)
                    state = LockState(other, held=other is None)
            setattr(request, EDIT_LOCK, (story.pk, state))
        story_pk, state = getattr(request, EDIT_LOCK)
        return state if story_pk == story.pk else None

    def read_only_while_locked(self, request, story):
        """Whether the change form opened (not posted) by this request shows ``story`` read-only,
        because someone else holds its live lock."""
        state = self.lock_state(request, story)
        return request.method != "POST" and state is not None and state.other is not None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        state = self.lock_state(request, obj)
        if request.method != "POST" or state is None or state.other is None:
            return form
        return type(form.__name__, (LockedElsewhereForm, form), {"locked_elsewhere": state.other})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        state = self.lock_state(request, obj)
        read_only = self.read_only_while_locked(request, obj)
        if read_only:
            context["workflow_buttons"] = []  # the workflow's steps wait for the lock like the fields
        context["edit_lock"] = (
            {
                "message": lock_message(state.other) if state.other else "",
                "holding": state.held,
                "read_only": read_only,
                "refused": state.other is not None and request.method == "POST",
                "take_over_url": self._lock_url("take_over", obj),
                "keep_alive_url": self._lock_url("keep_alive", obj),
                "release_url": self._lock_url("release", obj),
                "heartbeat_seconds": settings.NEWSROOM_EDIT_LOCK_HEARTBEAT_SECONDS,
            }
            if state is not None and obj is not None
            else None
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _lock_url(self, name, story):
        return reverse(f"admin:articles_story_lock_{name}", args=[story.pk])

    # The tab's requests -----------------------------------------------------------------------------

    def _story_for_lock(self, request, object_id):
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404
        return story

    def lock_keep_alive_view(self, request, object_id):
        """The open tab's heartbeat: keeps (or claims again) the lock, or says who took it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        state = edit_locks.claim(self._story_for_lock(request, object_id), request.user)
        if state.held:
            return JsonResponse({"held": True})
        return JsonResponse(
            {
                "held": False,
                "message": _(
                    "%(editing)s They took over: your changes have not been saved. They are kept in "
                    "your autosave, and saving asks you to take over again."
                )
                % {"editing": lock_message(state.other)},
            }
        )

    def lock_release_view(self, request, object_id):
        """The tab closing or leaving the form (``navigator.sendBeacon``): lets go of its own lock."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        edit_locks.release(self._story_for_lock(request, object_id), request.user)
        return HttpResponse(status=204)

    def lock_take_over_view(self, request, object_id):
        """The "Take over" button: the lock changes hands (the holder is told), then the form opens
        for editing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self._story_for_lock(request, object_id)
        edit_locks.take_over(story, request.user)
        self.message_user(request, _("You are editing this story now."), messages.SUCCESS)
        return redirect("admin:articles_story_change", story.pk)
