"""Steps readers notice ask first, and Enter never takes a step.

- **Enter saves.** A browser's Enter in a field submits the form's first submit button; the story form
  starts with a hidden "Save and continue editing" (``_safe_steps.html``), so Enter saves and takes no
  workflow step. On the server, :func:`requested_step` takes a step only from a POST that names that
  step's button alone: a browser sends the name of the one button that submitted the form, so a step
  named together with another button came from no browser and is refused (400) before anything is
  saved.
- **Confirmation pages** (working without JavaScript, like the admin's delete) for withdraw, return to
  draft, back to draft (:data:`CONFIRMED_STEPS`) and restoring a revision, saying what readers will see
  (``reader_status.step_consequence``). The change form's button for such a step saves the editor's
  text first, through the usual save, and then asks: a file upload and the inlines cannot be carried
  through a second page (a browser will not post a file again), the lost-update check stays where the
  text was written, and answering "no" loses nothing. The step itself is taken only by the
  confirmation page's POST (:meth:`StepConfirmationsMixin.step_view`, the list action, the restore
  view), and only with the signed token the page carries, naming the person, the step and each story's
  version and state as the page showed them; a POST without it (or with one for another story, version,
  state or person) takes no step and shows the page again, with the note as typed.
- **An embargo on a live story** takes it off the site: :class:`EmbargoOnLiveCheck` holds such a save
  until the editor ticks the confirmation on the form shown again (everything typed kept, an upload
  kept as for any refused form), and the message after the save says until when.
"""

import hashlib
import json

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import BadRequest
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import services, workflow
from ..forms import StepForm
from ..workflow import Action
from .reader_status import embargo_consequence, local_time, status_badge, step_consequence

CONFIRMED_STEPS = frozenset({Action.WITHDRAW, Action.RETURN, Action.BACK_TO_DRAFT})
# The admin's own submit buttons (django/contrib/admin/templates/admin/submit_line.html).
SAVE_BUTTONS = frozenset({"_save", "_continue", "_addanother", "_saveasnew"})
TOKEN_FIELD = "confirmation"
EMBARGO_FIELD = "confirm_embargo"
TOKEN_SALT = "articles.admin.step_confirmations"
# A page left open longer is shown again (with the note as typed) rather than trusted.
TOKEN_MAX_AGE = 60 * 60
EMBARGO = "embargo"  # the "step" an embargo confirmation names


def requested_step(request):
    """The workflow step a POST of the story form asks for, or None for a plain save."""
    pressed = [key for key in request.POST if key in SAVE_BUTTONS or key in workflow.FORM_BUTTONS]
    steps = [workflow.FORM_BUTTONS[key] for key in pressed if key in workflow.FORM_BUTTONS]
    if steps and len(pressed) > 1:
        raise BadRequest("A workflow step is taken by its own button alone.")
    return steps[0] if steps else None


# Confirmation tokens -----------------------------------------------------------------------------


def _as_shown(user, step, stories, extra):
    # A digest of the stories as shown keeps the token short however many a list action selects.
    shown = json.dumps(sorted([story.pk, story.edit_version, story.status] for story in stories))
    return [user.pk, str(step), hashlib.sha256(shown.encode()).hexdigest(), extra]


def confirmation_token(user, step, stories, extra=None):
    """A signed record of what the confirmation page showed ``user``; see :func:`token_matches`."""
    return signing.dumps(_as_shown(user, step, stories, extra), salt=TOKEN_SALT)


def token_matches(token, user, step, stories, extra=None):
    try:
        shown = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # tampered, expired or missing
        return False
    return shown == _as_shown(user, step, stories, extra)


def is_confirmed(request, step, stories, extra=None):
    return token_matches(request.POST.get(TOKEN_FIELD), request.user, step, stories, extra)


def step_form(action, data=None, *, note=""):
    """The note (and for scheduling the time) a step from a confirmation page takes. A confirmed step
    always offers the note, so the one typed on the story form arrives with it."""
    step = workflow.STEPS[action]
    form = StepForm(
        data,
        initial={"note": note},
        needs_note=step.needs_note or action in CONFIRMED_STEPS,
        needs_time=action == Action.SCHEDULE,
    )
    if "note" in form.fields:
        form.fields["note"].required = step.needs_note
    return form


def confirmation_page(
    model_admin,
    request,
    *,
    action,
    stories,
    title,
    cancel_url,
    form=None,
    form_action="",
    hidden=(),
    original=None,
    token_extra=None,
    changes=(),
    kept=(),
    gone=(),
):
    """The page that asks before ``action`` is taken on ``stories`` (each with what readers see now
    and, for a step readers notice, what they will see), posting to ``form_action``."""
    asks = action in CONFIRMED_STEPS or action == Action.RESTORE
    rows = [
        {
            "story": story,
            "badge": status_badge(story),
            "consequence": step_consequence(
                action, story, request.build_absolute_uri(story.get_absolute_url())
            )
            if asks
            else "",
        }
        for story in stories
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "original": original,
        "action": action,
        "rows": rows,
        "form": form,
        "form_action": form_action,
        "hidden": hidden,
        "token_field": TOKEN_FIELD,
        "token": confirmation_token(request.user, action, stories, token_extra) if asks else "",
        "confirm_label": _("Yes, %(step)s") % {"step": str(action.label).lower()} if asks else action.label,
        "cancel_url": cancel_url,
        "changes": changes,
        "kept": kept,
        "gone": gone,
        "media": model_admin.media + (form.media if form is not None else forms.Media()),
    }
    return TemplateResponse(request, "admin/articles/story/confirm_step.html", context)


def restore_confirmation(model_admin, request, story, revision, *, changes, kept, gone=()):
    """Ask before restoring ``revision`` (``changes``/``kept``/``gone``: the field labels it brings
    back, keeps, or cannot bring back as what they named was deleted since). The page posts back to
    the restore view with its token."""
    change_url = reverse(
        f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_change", args=[story.pk]
    )
    return confirmation_page(
        model_admin,
        request,
        action=Action.RESTORE,
        stories=[story],
        title=_("Restore the version of %(when)s?") % {"when": local_time(revision.created_at)},
        cancel_url=change_url,
        original=story,
        token_extra=revision.pk,
        changes=changes,
        kept=kept,
        gone=gone,
    )


class EmbargoOnLiveCheck:
    """Mixed into the story form by the admin (``get_form``): a future embargo on a story readers can
    see now takes it off the site, so the save waits until the editor ticks the confirmation shown with
    the form (``embargo_question``); ``embargo_pulls`` then holds the embargo for the admin's message."""

    desk_user = None  # set by the admin for each request
    embargo_question = None
    embargo_pulls = None

    def clean(self):
        cleaned = super().clean()
        embargo = cleaned.get("embargo_until")
        story = self.instance
        if (
            "embargo_until" not in self.fields
            or embargo is None
            or embargo <= timezone.now()
            or story.pk is None
            or not story.is_published  # the row as it is: a running embargo already hides it
        ):
            return cleaned
        extra = embargo.isoformat()
        if token_matches(self.data.get(EMBARGO_FIELD), self.desk_user, EMBARGO, [story], extra):
            self.embargo_pulls = embargo
            return cleaned
        self.embargo_question = {
            "embargo": embargo,
            "token": confirmation_token(self.desk_user, EMBARGO, [story], extra),
        }
        self.add_error(
            "embargo_until",
            _("This takes the story off the site until %(time)s: confirm it above, or clear the embargo.")
            % {"time": local_time(embargo)},
        )
        return cleaned


class StepConfirmationsMixin:
    """The story admin's side of the above: the agency's kill or hold for the badges, the step page's
    address and view, and the hooks the change form and the list actions call."""

    def get_queryset(self, request):
        # The agency's kill or hold for the status badges: one column of a join, not the copy's JSON.
        return super().get_queryset(request).annotate(agency_status=F("agency_copy__agency_status"))

    def step_confirmation_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/step/<str:action>/",
                self.admin_site.admin_view(self.step_view),
                name="{}_{}_step".format(*info),
            )
        ]

    def _change_url(self, story):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[story.pk])

    def step_page(self, request, story, action, form):
        return confirmation_page(
            self,
            request,
            action=action,
            stories=[story],
            title=_("%(step)s “%(headline)s”?") % {"step": action.label, "headline": story.headline},
            cancel_url=self._change_url(story),
            form=form,
            form_action=reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_step", args=[story.pk, action.value]
            ),
            original=story,
        )

    def ask_to_confirm_step(self, request, story, action):
        """After the change form saved the text with a confirmed step's button: the confirmation, with
        the note typed on the form (or, when the step does not fit the story, why, on the form)."""
        try:
            workflow.check(request.user, action, story)
        except workflow.InvalidTransition as error:
            self.message_user(
                request, format_html(_("Your changes were saved, but: {}"), error.message), messages.ERROR
            )
            return HttpResponseRedirect(self._change_url(story))
        self.message_user(
            request,
            format_html(_("Your changes to “{}” were saved. Nothing else happens until you confirm."), story),
            messages.SUCCESS,
        )
        return self.step_page(
            request, story, action, step_form(action, note=request.POST.get("transition_note", ""))
        )

    def step_view(self, request, object_id, action):
        """A confirmed step on one story: GET or an unconfirmed POST shows the confirmation, a POST with
        the page's token takes the step."""
        try:
            action = Action(action)
        except ValueError as error:
            raise Http404 from error
        story = self.get_object(request, object_id)
        if action not in CONFIRMED_STEPS or story is None:
            raise Http404
        try:
            workflow.check(request.user, action, story)  # a person who may not: 403
        except workflow.InvalidTransition as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(self._change_url(story))
        form = step_form(action, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            if is_confirmed(request, action, [story]):
                return self._take_confirmed_step(request, story, action, form.cleaned_data.get("note", ""))
            self.message_user(
                request,
                _(
                    "Nothing has changed yet: the story has changed since you were asked, or the step "
                    "was not confirmed on this page. Check what readers will see and confirm again."
                ),
                messages.WARNING,
            )
        return self.step_page(request, story, action, form)

    def _take_confirmed_step(self, request, story, action, note):
        try:
            services.take_step(action, story, by=request.user, note=note)
        except workflow.InvalidTransition as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                format_html(_("“{}” is now {}."), story, story.get_status_display()),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(story))

    # The list's actions --------------------------------------------------------------------------

    def list_step_confirmed(self, request, action, stories):
        """May the list action go ahead: not a confirmed step, or confirmed on the page just shown."""
        return action not in CONFIRMED_STEPS or is_confirmed(request, action, stories)

    def list_step_page(self, request, action, stories, form):
        return confirmation_page(
            self,
            request,
            action=action,
            stories=stories,
            title=action.label,
            cancel_url=reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
            form=form,
            hidden=[
                *(("_selected_action", story.pk) for story in stories),
                ("action", action.value),
                ("confirm", "yes"),
            ],
        )

    # The embargo on a live story -----------------------------------------------------------------

    def embargo_context(self, request, story, form):
        """The change form's question before an embargo takes a live story off the site."""
        question = getattr(form, "embargo_question", None)
        if question is None:
            return {"embargo_question": None}
        address = request.build_absolute_uri(story.get_absolute_url())
        return {
            "embargo_question": {
                **question,
                "field": EMBARGO_FIELD,
                "time": local_time(question["embargo"]),
                "consequence": embargo_consequence(story, question["embargo"], address),
            }
        }

    def report_embargo_pull(self, request, story, form):
        embargo = getattr(form, "embargo_pulls", None)
        if embargo is not None:
            self.message_user(
                request,
                format_html(
                    _("“{}” was taken off the site until {}: readers will see it again then."),
                    story,
                    local_time(embargo),
                ),
                messages.WARNING,
            )
