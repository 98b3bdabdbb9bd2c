"""The story list's own filters for the desk: "mine", "needs review", "embargo" and "incoming wire"."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Story, StoryAuthor


class MineFilter(admin.SimpleListFilter):
    """Stories that are the person's own: made by them or carrying their byline (through the author
    profile linked to their user), or the ones they changed last."""

    title = _("mine")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("own", _("Created by me or in my byline")), ("changed", _("Last changed by me"))]

    def queryset(self, request, queryset):
        if self.value() == "own":
            bylined = StoryAuthor.objects.filter(author__user=request.user).values("story_id")
            # A subquery, not a join: a story with two of one's bylines is listed once.
            return queryset.filter(Q(created_by=request.user) | Q(pk__in=bylined))
        if self.value() == "changed":
            return queryset.filter(updated_by=request.user)
        return queryset


class NeedsReviewFilter(admin.SimpleListFilter):
    """Stories submitted and waiting for an editor."""

    title = _("needs review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=Story.Status.IN_REVIEW)
        return queryset


class EmbargoFilter(admin.SimpleListFilter):
    """Stories under an embargo that has not lifted yet (the dashboard's "embargoes ending soon")."""

    title = _("embargo")
    parameter_name = "embargo"

    def lookups(self, request, model_admin):
        return [("running", _("Running"))]

    def queryset(self, request, queryset):
        if self.value() == "running":
            return queryset.filter(embargo_until__gt=timezone.now())
        return queryset


class IncomingWireFilter(admin.SimpleListFilter):
    """Agency copy the importer brought in that no one has published yet."""

    title = _("incoming wire")
    parameter_name = "wire"

    def lookups(self, request, model_admin):
        return [("incoming", _("Not yet published"))]

    def queryset(self, request, queryset):
        if self.value() == "incoming":
            return queryset.filter(agency__isnull=False, first_published_at__isnull=True).exclude(
                source_guid=""
            )
        return queryset
