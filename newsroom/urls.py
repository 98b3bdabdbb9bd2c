from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from articles.reader.urls import site_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    *site_urlpatterns,
    # The ninjs content API; before the reader site, whose section addresses would claim "api/...".
    path("api/ninjs/", include("articles.api.urls")),
    # The reader site, including the rendition view under MEDIA_URL that makes missing renditions.
    path("", include("articles.reader.urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Uploaded photos; in production a web server or object storage serves them.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
