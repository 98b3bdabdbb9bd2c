"""The newsroom's admin site: Django's own, with the desk dashboard as its index page.

Installed through :class:`NewsroomAdminConfig` (``default_site``), so ``admin.site`` and every
``@admin.register`` stay as they are. The dashboard lives with the desk (``articles.admin.dashboard``)
and is imported when first used: this module is loaded before the apps are ready.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class NewsroomAdminSite(admin.AdminSite):
    index_title = _("The desk")

    def index(self, request, extra_context=None):
        from articles.admin.dashboard import desk_dashboard

        return super().index(request, {**desk_dashboard(request), **(extra_context or {})})

    def get_urls(self):
        from articles.admin.dashboard import dashboard_urls

        return dashboard_urls(self) + super().get_urls()


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"
