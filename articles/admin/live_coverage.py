"""The live panel on a story's page in the admin: start and end the coverage, the key points, the
compact entry form, and the entries with their buttons (edit, correct, pin, approve, delete).

Like the notes panel it is a set of forms of their own beside the story's form (an entry is not an
edit of the story: no edit version, no lock, no revision), so a reporter posts in seconds while an
editor has the story open, and everything works without JavaScript. Every view checks the person's
permission on the server (``articles.services.live``): a hand-made POST gets a 403 and changes
nothing.
"""

from functools import partial, update_wrapper

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import LiveEntry, Story
from ..services import live
from ..workflow import InvalidTransition
from .live_forms import EditLiveEntryForm, KeyPointsForm, NewLiveEntryForm, author_choices, own_author_ids

# The panel lists the newest entries; a live story of hundreds is edited from its newest ones.
DESK_ENTRIES = 50
ENTRY_ACTIONS = ("pin", "unpin", "approve", "delete")
# The entry form's fields are named "live-text" and so on: the story's own form shares the page.
ENTRY_PREFIX = "live"


def live_urls(model_admin):
    site = model_admin.admin_site
    info = model_admin.opts.app_label, model_admin.opts.model_name

    def on_site(view):
        return update_wrapper(partial(view, admin_site=site), view)

    return [
        path(
            "<path:object_id>/live/",
            site.admin_view(require_POST(coverage_view)),
            name="{}_{}_live".format(*info),
        ),
        path(
            "<path:object_id>/live/entries/",
            site.admin_view(require_POST(on_site(post_entry_view))),
            name="{}_{}_live_post".format(*info),
        ),
        path(
            "<path:object_id>/live/entries/<int:entry_id>/",
            site.admin_view(on_site(edit_entry_view)),
            name="{}_{}_live_entry".format(*info),
        ),
        path(
            "<path:object_id>/live/entries/<int:entry_id>/<str:action>/",
            site.admin_view(require_POST(entry_action_view)),
            name="{}_{}_live_entry_action".format(*info),
        ),
    ]


def _may_see_story(user):
    return user.has_perm("articles.view_story") or user.has_perm("articles.change_story")


def live_context(request, story):
    """The live panel for ``story`` on its change form: nothing for a new story, or for a person who
    may neither post nor run coverage; for a story that is not live, only the "go live" form."""
    user = request.user
    if story is None:
        return {}
    may_post, may_run = live.may_post_entries(user), live.may_run_coverage(user)
    if not (may_post or may_run):
        return {}
    context = {
        "live_story": story,
        "live_may_run": may_run,
        "live_may_post": may_post and story.is_live,
        "live_coverage_url": reverse("admin:articles_story_live", args=[story.pk]),
    }
    if not story.has_live_coverage:
        return context if may_run else {}  # only an editor can make it live
    entries = list(
        LiveEntry.objects.current()
        .filter(story=story)
        .select_related("photo", "created_by")
        .prefetch_related("bylines__author")
        .newest_first()[:DESK_ENTRIES]
    )
    for entry in entries:
        entry.may_change = live.may_change_entry(user, entry, story)
        entry.edit_url = reverse("admin:articles_story_live_entry", args=[story.pk, entry.pk])
    choices = author_choices(story, user)
    form = NewLiveEntryForm(
        prefix=ENTRY_PREFIX,
        author_choices=choices,
        may_pin=may_run,
        initial={"authors": own_author_ids(choices, user)},
    )
    context.update(
        {
            "live_entries": entries,
            "live_waiting": sum(1 for entry in entries if not entry.is_shown),
            "live_entry_form": form,
            "live_post_url": reverse("admin:articles_story_live_post", args=[story.pk]),
            "live_key_points_form": KeyPointsForm(initial={"key_points": story.key_points}),
            "live_reader_url": story.get_absolute_url() if story.is_published else None,
        }
    )
    return context


def _story(object_id):
    return get_object_or_404(Story.objects.select_related("section").defer("search_vector"), pk=object_id)


def _back(story, anchor="live-coverage"):
    return HttpResponseRedirect(f"{reverse('admin:articles_story_change', args=[story.pk])}#{anchor}")


def _refused(request, story, refusal):
    messages.error(request, refusal.message)
    return _back(story)


def coverage_view(request, object_id):
    """Start or end the coverage, set its key points, or whether reporters' entries need review."""
    story = _story(object_id)
    if not live.may_run_coverage(request.user) or not _may_see_story(request.user):
        raise PermissionDenied
    action = request.POST.get("action")
    try:
        if action == "start":
            live.start_coverage(story, by=request.user, review_required=request.POST.get("review") == "on")
            messages.success(request, _("The story is live: post the first entry."))
        elif action == "end":
            live.end_coverage(story, by=request.user)
            messages.success(request, _("The live coverage has ended; the page keeps its entries."))
        elif action == "key_points":
            form = KeyPointsForm(request.POST)
            form.is_valid()
            live.set_key_points(story, form.cleaned_data.get("key_points", ""), by=request.user)
            messages.success(request, _("The key points were saved."))
        elif action == "review":
            required = request.POST.get("review") == "on"
            live.set_review_required(story, required, by=request.user)
            if required:
                messages.success(request, _("Reporters' entries now wait for an editor."))
            else:
                messages.success(request, _("Reporters' entries are now published at once."))
        else:
            return HttpResponseBadRequest(_("Unknown live coverage action."))
    except InvalidTransition as refusal:
        return _refused(request, story, refusal)
    return _back(story)


def post_entry_view(request, object_id, *, admin_site):
    """Post an entry from the compact form; back to the story's live panel. A refused entry comes
    back on a page of its own with what was typed, so nothing is lost."""
    story = _story(object_id)
    if not live.may_post_entries(request.user) or not _may_see_story(request.user):
        raise PermissionDenied
    may_run = live.may_run_coverage(request.user)
    pinned = request.POST.get(f"{ENTRY_PREFIX}-pinned") == "on"
    if pinned and not may_run:
        raise PermissionDenied  # the box is not shown to those who may not pin
    form = NewLiveEntryForm(
        request.POST, prefix=ENTRY_PREFIX, author_choices=author_choices(story, request.user), may_pin=may_run
    )
    entry = None
    if form.is_valid():
        try:
            entry = live.post_entry(story, form.content(), by=request.user, pinned=pinned)
        except InvalidTransition as refusal:
            form.add_error(None, refusal.message)
    if entry is None:
        return _entry_page(
            request,
            admin_site,
            story,
            form,
            title=_("Post a live entry"),
            action=reverse("admin:articles_story_live_post", args=[story.pk]),
        )
    if entry.is_shown:
        messages.success(request, _("Posted: readers see it now."))
    else:
        messages.success(request, _("Posted: it waits for an editor's approval before readers see it."))
    return _back(story, f"live-entry-{entry.pk}")


def _entry_page(request, admin_site, story, form, *, title, action, entry=None):
    context = {
        **admin_site.each_context(request),
        "title": title,
        "story": story,
        "entry": entry,
        "form": form,
        "form_action": action,
        "opts": Story._meta,
        "back_url": f"{reverse('admin:articles_story_change', args=[story.pk])}#live-coverage",
    }
    return TemplateResponse(request, "admin/articles/story/live_entry_form.html", context)


def _entry(story, entry_id):
    return get_object_or_404(
        LiveEntry.objects.current().select_related("photo", "story"), pk=entry_id, story=story
    )


def edit_entry_view(request, object_id, entry_id, *, admin_site):
    """Edit an entry, or correct a published one (with a note readers see)."""
    story = _story(object_id)
    entry = _entry(story, entry_id)
    if not live.may_change_entry(request.user, entry, story) or not _may_see_story(request.user):
        raise PermissionDenied
    choices = author_choices(story, request.user, entry)
    if request.method == "POST":
        form = EditLiveEntryForm(request.POST, author_choices=choices)
        if form.is_valid():
            note = form.cleaned_data.get("correction_note", "").strip()
            try:
                if note:
                    live.correct_entry(entry, form.content(), note, by=request.user)
                    messages.success(request, _("The entry was corrected; readers see the note."))
                else:
                    live.edit_entry(entry, form.content(), by=request.user)
                    messages.success(request, _("The entry was saved."))
            except InvalidTransition as refusal:
                form.add_error(None, refusal.message)
            else:
                return _back(story, f"live-entry-{entry.pk}")
    else:
        form = EditLiveEntryForm(
            author_choices=choices,
            initial={
                "title": entry.title,
                "text": entry.text,
                "photo": entry.photo_id,
                "photo_caption": entry.photo_caption,
                "embed_url": entry.embed_url,
                "authors": list(entry.bylines.values_list("author_id", flat=True)),
                "time": timezone.localtime(entry.time).replace(microsecond=0),
            },
        )
    action = reverse("admin:articles_story_live_entry", args=[story.pk, entry.pk])
    return _entry_page(
        request, admin_site, story, form, title=_("Edit a live entry"), action=action, entry=entry
    )


def entry_action_view(request, object_id, entry_id, action):
    """Pin, unpin, approve or delete an entry."""
    if action not in ENTRY_ACTIONS:
        return HttpResponseBadRequest(_("Unknown entry action."))
    story = _story(object_id)
    entry = _entry(story, entry_id)
    if not _may_see_story(request.user):
        raise PermissionDenied
    try:
        if action in ("pin", "unpin"):
            live.pin_entry(entry, action == "pin", by=request.user)
            messages.success(
                request, _("Pinned as a key event.") if action == "pin" else _("No longer a key event.")
            )
        elif action == "approve":
            live.approve_entry(entry, by=request.user)
            messages.success(request, _("Approved: readers see it now."))
        else:
            live.delete_entry(entry, by=request.user)
            messages.success(request, _("The entry was deleted."))
            return _back(story)
    except InvalidTransition as refusal:
        return _refused(request, story, refusal)
    return _back(story, f"live-entry-{entry.pk}")
