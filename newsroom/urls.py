from django.contrib import admin
from django.urls import include, path

from articles.reader.urls import site_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    *site_urlpatterns,
    # The ninjs content API; before the reader site, whose section addresses would claim "api/...".
    path("api/ninjs/", include("articles.api.urls")),
    # The reader site, including the rendition view under MEDIA_URL: every picture readers get comes
    # through it, which checks that they may see it. Nothing serves MEDIA_ROOT itself, in development
    # either: a plain file server there answered originals of unpublished photos, and renditions of
    # withdrawn ones at a variant of their address (a doubled slash, a trailing one).
    path("", include("articles.reader.urls")),
]
