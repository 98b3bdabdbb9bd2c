from django.urls import path, re_path

from . import views

app_name = "articles"

SECTION_PATH = r"(?P<section_path>[-\w]+(?:/[-\w]+)?)"

urlpatterns = [
    path("", views.home, name="home"),
    path("author/<str:slug>/", views.author_page, name="author"),
    re_path(
        rf"^{SECTION_PATH}/(?P<year>\d{{4}})/(?P<month>\d{{2}})/(?P<day>\d{{2}})/(?P<slug>[-\w]+)/$",
        views.story_page,
        name="story",
    ),
    # Last: a section's address is any one- or two-part path not claimed above.
    re_path(rf"^{SECTION_PATH}/$", views.section_page, name="section"),
]
