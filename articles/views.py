"""Reader pages. Thin: the queries come from the models' QuerySets."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .models import Section, Story


def home(request):
    stories = Story.objects.published().for_listing().newest_first()[:30]
    return render(request, "articles/home.html", {"stories": stories})


def section_page(request, section_path):
    section = get_object_or_404(Section.objects.active().select_related("parent"), path=section_path)
    stories = Story.objects.published().in_section(section).for_listing().newest_first()[:30]
    return render(request, "articles/section.html", {"section": section, "stories": stories})


def story_page(request, section_path, year, month, day, slug):
    story = get_object_or_404(
        Story.objects.published().for_listing().prefetch_related("tags", "corrections"), slug=slug
    )
    if request.path != story.get_absolute_url():
        # The section or date in the address is stale (the story moved): send readers on.
        return redirect(story.get_absolute_url(), permanent=True)
    return render(request, "articles/story.html", {"story": story})


def author_page(request, slug):
    raise Http404  # The reader-site work adds author pages.
