from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("items", views.items, name="items"),
    # A guid is a URN ("urn:newsroom:example.org:story:42"): colons, never a slash.
    path("items/<str:guid>", views.item, name="item"),
    path("openapi.json", views.openapi, name="openapi"),
]
