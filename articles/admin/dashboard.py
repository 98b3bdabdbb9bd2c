"""The admin index as a desk: what each person should look at now, in a fixed number of queries.

Each block is one query of at most ``BLOCK_ROWS + 1`` rows (the extra row only says "there is more"),
so the page costs the same with an empty newsroom and with a busy one; a block the person may not see
(the review queue for a reporter, the wire for someone without the agency copy) costs no query. Each
block links to the list it is the top of.

Blocks: my notifications (unread, with "mark read"; every one, read ones too, on a page of their own
behind it), returned to me (with the editor's note), my
drafts, waiting for review (editors), scheduled next, embargoes ending soon, recently published,
incoming wire (flash and urgent first), agency updates waiting, pictures whose rights expire soon.
"""

from dataclasses import dataclass, field
from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import AgencyCopy, Notification, Photo, Story, StoryAuthor, StoryTransition
from ..workflow import Action

BLOCK_ROWS = 8
# Agency urgencies the wire block marks (1 is a flash, 2 and 3 urgent in IPTC's scale).
FLASH, URGENT = 1, 3
S = Story.Status
# What a story row in a block needs: no other field is read, so no row loads more.
STORY_COLUMNS = ("id", "headline", "status", "publish_at", "embargo_until", "updated_at")


@dataclass
class Block:
    """One box on the dashboard: a title, its rows (at most BLOCK_ROWS), and the list behind it."""

    key: str
    title: str
    rows: list = field(default_factory=list)
    more: bool = False
    list_url: str = ""
    empty: str = ""

    @classmethod
    def of(cls, key, title, queryset, *, list_url="", empty=""):
        rows = list(queryset[: BLOCK_ROWS + 1])
        return cls(key, title, rows[:BLOCK_ROWS], len(rows) > BLOCK_ROWS, list_url, empty)


def changelist(model_name, **filters):
    url = reverse(f"admin:articles_{model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def mine(user):
    """Stories ``user`` created or has a byline on (their author profile)."""
    bylines = StoryAuthor.objects.filter(author__user=user).values("story_id")
    return Q(created_by=user) | Q(pk__in=bylines)


def with_last_step(stories):
    """Annotate each story with its last workflow step: action, note, who and when (one query still)."""
    last = StoryTransition.objects.filter(story=OuterRef("pk")).order_by("-at", "-pk")
    return stories.annotate(
        last_action=Subquery(last.values("action")[:1]),
        last_note=Subquery(last.values("note")[:1]),
        last_by=Subquery(last.values("by__username")[:1]),
        last_at=Subquery(last.values("at")[:1]),
    )


def may_see_stories(user):
    return user.has_perm("articles.view_story") or user.has_perm("articles.change_story")


def may_review(user):
    return user.has_perm("articles.review_story") or user.has_perm("articles.publish_story")


def may_see_wire(user):
    return user.has_perm("articles.view_agencycopy") or user.has_perm("articles.change_agencycopy")


def may_see_photos(user):
    return user.has_perm("articles.view_photo") or user.has_perm("articles.change_photo")


NOTIFICATION_COLUMNS = (
    *("id", "kind", "text", "created_at"),
    *("story__id", "story__headline", "actor__id", "actor__username"),
)


def notifications_block(user):
    unread = (
        Notification.objects.for_user(user)
        .unread()
        .select_related("story", "actor")
        .only(*NOTIFICATION_COLUMNS)
        .order_by("-created_at", "-pk")
    )
    return Block.of(
        "notifications",
        _("My notifications"),
        unread,
        list_url=reverse("admin:desk_notifications"),
        empty=_("Nothing new."),
    )


def story_blocks(user, now):
    """The story blocks ``user`` may see, in the order the desk reads them."""
    stories = Story.objects.only(*STORY_COLUMNS)
    my_drafts = with_last_step(stories.filter(mine(user), status=S.DRAFT))
    blocks = [
        Block.of(
            "returned",
            _("Returned to me"),
            my_drafts.filter(last_action=Action.RETURN).order_by("-last_at", "-pk"),
            list_url=changelist("story", mine="own", status__exact=S.DRAFT),
            empty=_("No story of yours was returned."),
        ),
        Block.of(
            "drafts",
            _("My drafts"),
            my_drafts.filter(~Q(last_action=Action.RETURN) | Q(last_action__isnull=True)).order_by(
                "-updated_at", "-pk"
            ),
            list_url=changelist("story", mine="own", status__exact=S.DRAFT),
            empty=_("No drafts."),
        ),
    ]
    if may_review(user):
        blocks.append(
            Block.of(
                "review",
                _("Waiting for review"),
                # The longest-waiting first.
                stories.filter(status=S.IN_REVIEW).order_by("updated_at", "pk"),
                list_url=changelist("story", review="waiting"),
                empty=_("Nothing waits for review."),
            )
        )
    blocks += [
        Block.of(
            "scheduled",
            _("Scheduled next"),
            stories.filter(status=S.SCHEDULED).order_by("publish_at", "pk"),
            list_url=changelist("story", status__exact=S.SCHEDULED),
            empty=_("Nothing is scheduled."),
        ),
        Block.of(
            "embargoes",
            _("Embargoes ending soon"),
            stories.filter(status__in=[S.SCHEDULED, S.PUBLISHED], embargo_until__gt=now).order_by(
                "embargo_until", "pk"
            ),
            list_url=changelist("story", embargo="running"),
            empty=_("No embargo is running."),
        ),
        Block.of(
            "published",
            _("Recently published"),
            stories.published(at=now).order_by("-publish_at", "-pk"),
            list_url=changelist("story", status__exact=S.PUBLISHED),
            empty=_("Nothing published yet."),
        ),
    ]
    return blocks


def wire_blocks(user):
    incoming = (
        Story.objects.filter(agency__isnull=False, first_published_at__isnull=True)
        .exclude(source_guid="")
        .exclude(status=S.WITHDRAWN)
        .select_related("agency", "agency_copy")
        .only(*STORY_COLUMNS, "agency__name", "agency_copy__urgency", "agency_copy__received_at")
        # Flash first, then urgent, then the rest; within an urgency, the newest first.
        .order_by(F("agency_copy__urgency").asc(nulls_last=True), "-created_at", "-pk")
    )
    waiting = (
        AgencyCopy.objects.with_pending_update()
        .select_related("story", "story__agency")
        .only(
            "story_id",
            "urgency",
            "pending_version",
            "pending_received_at",
            "story__id",
            "story__headline",
            "story__agency__name",
        )
        .order_by("pending_received_at", "pk")
    )
    return [
        Block.of(
            "wire",
            _("Incoming wire"),
            incoming,
            list_url=changelist("story", wire="incoming"),
            empty=_("No agency copy waiting."),
        ),
        Block.of(
            "agency_updates",
            _("Agency updates waiting"),
            waiting,
            list_url=changelist("agencycopy", pending_version__isempty="0"),
            empty=_("No agency update waits."),
        ),
    ]


def photos_block(now):
    expiring = Photo.objects.expiring_soon(at=now).only("id", "caption", "credit", "expires_at")
    return Block.of(
        "photos",
        _("Pictures whose rights expire soon"),
        expiring.order_by("expires_at", "pk"),
        list_url=changelist("photo", rights="soon"),
        empty=_("No picture's rights run out soon."),
    )


def desk_dashboard(request):
    """The dashboard's context for the admin index: blocks for ``request.user``."""
    user, now = request.user, timezone.now()
    if not user.is_active or not user.is_staff:
        return {}
    blocks = [notifications_block(user)]
    if may_see_stories(user):
        blocks += story_blocks(user, now)
    if may_see_wire(user):
        blocks += wire_blocks(user)
    if may_see_photos(user):
        blocks.append(photos_block(now))
    return {
        "desk_blocks": blocks,
        "notifications_read_url": reverse("admin:desk_notifications_read"),
        "flash_urgency": FLASH,
        "urgent_urgency": URGENT,
    }


def dashboard_urls(admin_site):
    return [
        path(
            "desk/notifications/read/",
            admin_site.admin_view(require_POST(mark_notifications_read)),
            name="desk_notifications_read",
        ),
        path(
            "desk/notifications/",
            admin_site.admin_view(partial(all_notifications, admin_site=admin_site)),
            name="desk_notifications",
        ),
    ]


NOTIFICATIONS_PAGE = 50


def all_notifications(request, admin_site):
    """Every notification of the person's, read ones too, newest first, a page at a time: a mention
    marked read on the dashboard is still there to find."""
    notifications = (
        Notification.objects.for_user(request.user)
        .select_related("story", "actor")
        .only(*NOTIFICATION_COLUMNS, "read_at")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(notifications, NOTIFICATIONS_PAGE).get_page(request.GET.get("page"))
    context = {
        **admin_site.each_context(request),
        "title": _("My notifications"),
        "page": page,
        "notifications_read_url": reverse("admin:desk_notifications_read"),
    }
    return TemplateResponse(request, "admin/desk_notifications.html", context)


def mark_notifications_read(request):
    """Mark one of the person's notifications read (``notification``), or all of them; only ever
    their own, whatever was posted."""
    unread = Notification.objects.for_user(request.user).unread()
    chosen = request.POST.get("notification", "")
    if chosen:
        unread = unread.filter(pk=int(chosen)) if chosen.isdigit() else unread.none()
    count = unread.update(read_at=timezone.now())
    if not chosen:
        messages.success(request, _("All your notifications are marked read (%(count)d).") % {"count": count})
    # Back to the page the button was on: the dashboard, or the list of every notification.
    back = "admin:desk_notifications" if request.POST.get("next") == "notifications" else "admin:index"
    return HttpResponseRedirect(reverse(back))
