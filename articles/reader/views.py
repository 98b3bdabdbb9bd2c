"""Reader pages. Thin: the content comes from ``articles.page_content``, the caching from
``articles.page_cache``, and every story query starts from ``Story.objects.published()``.

The story page keeps the story's own part rendered (``articles.rendering``). Staff previews render
``articles/story.html`` with :func:`article_context`, so a preview shows exactly what readers will
see.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from taggit.models import Tag

from . import queries, structured_data
from . import story_page as pages
from ..models import Author, Story, StoryRedirect
from .page_cache import public_page
from .search import MAX_PAGES as MAX_SEARCH_PAGES
from .search import search_stories


def article_context(story, request=None):
    """Everything ``articles/story.html`` shows for ``story`` (loaded with
    ``queries.story_queryset()``), rendered afresh and kept nowhere: for staff previews."""
    return pages.page_context(story, request)


@require_safe
@public_page
def home(request):
    front = queries.front_page(queries.site_sections(request))
    return render(
        request,
        "articles/home.html",
        {
            "front": front,
            "canonical_url": structured_data.absolute_url("/"),
        },
    )


@require_safe
@public_page
def section_page(request, section_path):
    sections = queries.site_sections(request)
    section = sections.by_path(section_path)
    if section is None:
        raise Http404(_("No such section."))
    stories = Story.objects.published().in_section(section).for_listing().defer("body")
    page = queries.listing_page(stories, request.GET)
    return render(
        request,
        "articles/section.html",
        {
            "section": section,
            "subsections": sections.children_of(section.parent or section),
            "current_section": section.parent or section,
            "page": page,
            "canonical_url": _canonical_listing(request, section.get_absolute_url(), page),
        },
    )


@require_safe
@public_page
def story_page(request, section_path, year, month, day, slug):
    story = pages.published_story(slug)
    if story is None:
        return _missing_story(request, slug)
    # reverse() gives addresses percent-encoded; request.path is decoded (Malayalam slugs and all).
    if iri_to_uri(request.path) != story.get_absolute_url():
        # The section or date in the address is stale (the story moved): send readers on.
        return redirect(story.get_absolute_url(), permanent=True)
    return HttpResponse(pages.story_page_html(pages.page_context(story, request, keep=True), request))


def _missing_story(request, slug):
    """An old address answers 301, a withdrawn story 410; anything else readers may not see is 404."""
    moved = StoryRedirect.objects.for_path(iri_to_uri(request.path)).first()
    if moved and moved.story.is_published:
        return redirect(moved.story.get_absolute_url(), permanent=True)
    withdrawn = (moved.story if moved else None) or Story.objects.filter(
        slug=slug, status=Story.Status.WITHDRAWN
    ).select_related("section").first()
    if withdrawn and withdrawn.status == Story.Status.WITHDRAWN:
        return render(request, "articles/withdrawn.html", {"story": withdrawn}, status=410)
    raise Http404(_("No such story."))


@require_safe
@public_page
def tag_page(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    stories, order = queries.tag_listing(tag)
    page = queries.listing_page(stories.for_listing().defer("body"), request.GET, order=order)
    return render(
        request,
        "articles/tag.html",
        {
            "tag": tag,
            "page": page,
            "canonical_url": _canonical_listing(
                request, reverse("articles:tag", kwargs={"slug": tag.slug}), page
            ),
        },
    )


@require_safe
@public_page
def author_page(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    stories = Story.objects.published().filter(bylines__author=author).for_listing().defer("body")
    page = queries.listing_page(stories, request.GET)
    return render(
        request,
        "articles/author.html",
        {
            "author": author,
            "page": page,
            "canonical_url": _canonical_listing(request, author.get_absolute_url(), page),
        },
    )


@require_safe
@public_page
def search_page(request):
    page = queries.positive_int(request.GET.get("page")) or 1
    if page > MAX_SEARCH_PAGES:
        raise Http404(_("Search shows the best matches only; try more precise words."))
    results = search_stories(request.GET.get("q", ""), page=page)
    return render(request, "articles/search.html", {"results": results})


@require_safe
@public_page
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {structured_data.absolute_url(reverse('sitemap-index'))}",
        f"Sitemap: {structured_data.absolute_url(reverse('sitemap-news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _canonical_listing(request, path, page):
    # Page one is the listing's address; deeper pages are their own (cursor and all).
    return structured_data.absolute_url(path if page.number == 1 else request.get_full_path())
