from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Uploaded photos; in production a web server or object storage serves them.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include("articles.urls"))]
