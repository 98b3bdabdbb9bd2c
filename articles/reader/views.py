"""Reader pages. Thin: the content comes from the query modules beside this one, the caching from
``articles.reader.cache`` (each view declares the query parameters it reads), and every story query
starts from ``Story.objects.published()``."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..models import Author, Story, StoryRedirect
from . import structured_data
from .cache import reader_page
from .front import front_page
from .kept_story import read_kept_story
from .listings import LISTING_PARAMS, listing_page, positive_int, public_tag, tag_listing
from .search import MAX_PAGES as MAX_SEARCH_PAGES
from .search import search_stories
from .section_front import section_page_content
from .sections import site_sections
from .story_page import page_context, published_story, render_version


@require_safe
@reader_page(listing_of="home")  # a change of the home page's front retires it alone
def home(request):
    front = front_page(site_sections(request))
    return render(
        request,
        "articles/home.html",
        {"front": front, "canonical_url": structured_data.absolute_url("/")},
    )


@require_safe
@reader_page(params=LISTING_PARAMS, listing_of="section")
def section_page(request, section_path):
    sections = site_sections(request)
    section = sections.by_path(section_path)
    if section is None:
        raise Http404(_("No such section."))
    # Stories filed in the section (or a subsection) and those listed there as a secondary section;
    # on the first page, the section's front (a lead and top stories) above them.
    front, page = section_page_content(section, sections, request.GET)
    return render(
        request,
        "articles/section.html",
        {
            "section": section,
            "front": front,
            "subsections": sections.children_of(section.parent or section),
            "current_section": section.parent or section,
            "page": page,
            "canonical_url": _canonical_listing(request, section.get_absolute_url(), page),
        },
    )


@require_safe
# listing_of="story": a change of its live coverage retires this page alone (cache.purge_story_page).
@reader_page(new_stories_within_refresh=True, listing_of="story")
def story_page(request, section_path, year, month, day, slug):
    # What its page keeps in the cache, read in one round trip (kept_story).
    kept = read_kept_story(slug, section_path, render_version())
    story = published_story(slug, site_sections(request, kept), kept=kept)
    if story is None:
        return _missing_story(request, slug)
    # reverse() gives addresses percent-encoded; request.path is decoded (Malayalam slugs and all).
    if iri_to_uri(request.path) != story.get_absolute_url():
        # The section or date in the address is stale (the story moved): send readers on.
        return redirect(story.get_absolute_url(), permanent=True)
    response = render(request, "articles/story.html", page_context(story, request, kept=kept))
    kept.save()
    return response


def _missing_story(request, slug):
    """An old address answers 301, a withdrawn story 410; anything else readers may not see is 404."""
    moved = StoryRedirect.objects.for_path(iri_to_uri(request.path)).first()
    if moved and moved.story.is_published:
        return redirect(moved.story.get_absolute_url(), permanent=True)
    withdrawn = (moved.story if moved else None) or Story.objects.filter(
        slug=slug, status=Story.Status.WITHDRAWN
    ).select_related("section").first()
    # 410 only at the withdrawn story's own address (or one it had): any other section or date
    # with its slug would tell a prober that a story of that name existed.
    at_its_address = moved is not None or (
        withdrawn and iri_to_uri(request.path) == withdrawn.get_absolute_url()
    )
    if withdrawn and withdrawn.status == Story.Status.WITHDRAWN and at_its_address:
        return render(request, "articles/withdrawn.html", {"story": withdrawn}, status=410)
    raise Http404(_("No such story."))


@require_safe
@reader_page(params=LISTING_PARAMS, listing_of="tag")
def tag_page(request, slug):
    tag = public_tag(slug)
    stories, order = tag_listing(tag)
    page = listing_page(stories, request.GET, site_sections(request), order=order)
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
@reader_page(params=LISTING_PARAMS, listing_of="author")
def author_page(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    stories = Story.objects.published().filter(bylines__author=author)
    page = listing_page(stories, request.GET, site_sections(request))
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
# Search results take a new story within the refresh time, as other stories' pages do: twenty busy
# searches made again after every publish were the news peak's slowest burst (18 ms each on 200,000
# stories). Withdrawals and edits still reach them at once.
@reader_page(params=("q", "page", "order"), new_stories_within_refresh=True)
def search_page(request):
    page = positive_int(request.GET.get("page")) or 1
    if page > MAX_SEARCH_PAGES:
        raise Http404(_("Search shows the best matches only; try more precise words."))
    results = search_stories(request.GET.get("q", ""), page=page, order=request.GET.get("order", ""))
    return render(request, "articles/search.html", {"results": results})


@require_safe
@reader_page
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /embed/",
        "",
        f"Sitemap: {structured_data.absolute_url(reverse('sitemap-index'))}",
        f"Sitemap: {structured_data.absolute_url(reverse('sitemap-news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _canonical_listing(request, path, page):
    # Page one is the listing's address; deeper pages are their own (cursor and all: the page cache
    # has left only the parameters a listing reads).
    return structured_data.absolute_url(path if page.number == 1 else request.get_full_path())
