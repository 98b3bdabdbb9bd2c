"""Embeds in a story's body, as readers get them: library pictures, pull quotes, fact boxes, and
videos and social posts as click-to-load cards.

The stored format (``Story.body`` after ``articles.sanitize.clean_html``, which keeps exactly this
and drops any other ``data-embed``); each is a block of the body, figures are empty::

    <figure data-embed="photo" data-photo="<photo id>" data-caption="<caption for this use>"></figure>
        A picture from the library. ``data-caption`` is optional: without it, the caption given to
        the photo among the story's further photos, else the photo's own. The credit and the alt
        text are always the photo's. Saving the story makes the photo one of its further photos
        (``articles.services.body_photos``): so it is public when the story is
        (``Photo.objects.shown_publicly()``), its credit and rights are checked before publishing,
        and the page shows it here, once, not again after the body. No other attribute is kept.
    <figure data-embed="video|social" data-provider="<slug>" data-url="<the post's address>"></figure>
        A video (YouTube, Vimeo) or social post (X, Instagram, Facebook, TikTok) by its address.
        The sanitizer recognises ``data-url`` (``articles.embeds.recognise``), stores it in canonical
        form and sets ``data-embed`` and ``data-provider`` from it: an address that is not one post
        of a known provider, on its own host, over https, is dropped with its figure.
    <aside data-embed="pullquote"><p>...</p></aside>
        A pull quote: a line of the story set large.
    <aside data-embed="factbox"><h3>Title</h3>...paragraphs, lists...</aside>
        A fact box: a titled box of text or lists.

Editor buttons (django-prose-editor extensions, group "embeds" of the menu): pull quote, fact box and
embed by address in ``static/admin/js/editor_blocks.js``; the picture button is the photo chooser's.

Pictures and cards are made in one pass over the body (:func:`expand_embeds`), from the story's
photos as its page already holds them: no query per embed, none at all for the cards.

A card makes no request to the provider. Its link goes to our own small page (:func:`embed_frame`,
``/embed/?url=...``), which holds the provider's player and is the only page whose
Content-Security-Policy lets that provider in as a frame; the story page's own policy never does.
With JavaScript (``static/js/embeds.js``) the click puts that page in a frame in place of the card;
without, the link opens it.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from ..embeds import EMBED_FIGURE, SOCIAL, figure_attributes, recognise
from ..photos.delivery import is_showable
from ..templatetags.reader import photo_credit, picture

PHOTO_SIZES = "(min-width: 64em) 46rem, 100vw"
# How long browsers and shared caches may keep the embed page: it depends on its address only.
EMBED_PAGE_SECONDS = 24 * 3600


def expand_embeds(body, photo_uses, now=None):
    """``body`` (sanitized HTML) with its embeds as readers see them, and the ids of the pictures
    it placed. ``photo_uses``: {photo id: StoryPhoto with its photo}, the story's further photos;
    a picture that is not one of them, or may not be shown now, is left out with its caption."""
    if "data-embed" not in body:
        return body, set()
    now = now or timezone.now()
    placed = set()

    def expand(match):
        kind, attributes = match.group(1), figure_attributes(match.group(2))
        if kind == "photo":
            photo_id = int(attributes["data-photo"]) if attributes.get("data-photo", "").isdigit() else None
            placed.add(photo_id)
            use = photo_uses.get(photo_id)
            if use is None or not is_showable(use.photo, now):
                return ""
            return photo_figure(use, attributes.get("data-caption", ""))
        post = recognise(attributes.get("data-url", ""))
        return post_card(post) if post is not None else ""

    return EMBED_FIGURE.sub(expand, body), placed


def photo_figure(use, caption):
    """A library picture in the body, like the story's other figures: <picture> with srcset, then
    its caption (``caption``: the embed's own, plain text) and credit."""
    return format_html(
        '<figure class="story__figure story__figure--in-body">{}<figcaption>{} {}</figcaption></figure>',
        picture(use.photo, sizes=PHOTO_SIZES),
        caption or use.display_caption,
        photo_credit(use.photo),
    )


def embed_page_url(post):
    return f"{reverse('articles:embed')}?{urlencode({'url': post.url})}"


def post_card(post):
    """A click-to-load card for a video or social post: what it is, what loading it shares with the
    provider, a button that loads it (our own embed page) and a plain link to the original."""
    provider = post.provider
    if provider.kind == SOCIAL:
        title = _("Post on %(provider)s") % {"provider": provider.name}
        load = _("Show the post")
    else:
        title = _("Video on %(provider)s") % {"provider": provider.name}
        load = _("Play the video")
    notice = _(
        "It is loaded from %(provider)s only when you ask: %(provider)s may then set cookies and see "
        "that you are reading this page."
    ) % {"provider": provider.name}
    return format_html(
        '<figure class="embed embed--{kind} embed--{slug}" data-embed-card>'
        '<div class="embed__card"><p class="embed__title">{title}</p><p class="embed__notice">{notice}</p>'
        '<p class="embed__actions"><a class="embed__load" href="{frame}" data-embed-load="{slug}"'
        ' data-embed-title="{title}">{load}</a>'
        ' <a class="embed__original" href="{url}" rel="noopener noreferrer">{original}</a></p>'
        "</div></figure>",
        kind=provider.kind,
        slug=provider.slug,
        title=title,
        notice=notice,
        frame=embed_page_url(post),
        load=load,
        url=post.url,
        original=_("Open it on %(provider)s") % {"provider": provider.name},
    )


@require_safe
@xframe_options_sameorigin
def embed_frame(request):
    """Our page that holds one provider's player, for a card's click (in a frame on the story page)
    or its link (on its own without JavaScript). Its Content-Security-Policy allows that provider's
    player as its only frame and lets only our own pages frame it; anything but a recognised post's
    address is a 404."""
    post = recognise(request.GET.get("url", ""))
    if post is None:
        raise Http404(_("Not a post or video this site embeds."))
    response = render(request, "articles/embed_frame.html", {"post": post})
    # What django-csp's csp_replace decorator sets, for this response's one provider.
    response._csp_replace = {"frame-src": [post.provider.frame_origin], "frame-ancestors": ["'self'"]}
    response["Cache-Control"] = f"public, max-age={EMBED_PAGE_SECONDS}"
    return response
