"""Posts and videos a story's body may embed by their address, and how each provider shows them.

An address is recognised only when it names one post or video of a provider we know, over http(s),
on that provider's own host, with nothing in it we would pass on unchecked: the result is the
post's canonical address (which we store and link to) and the provider's player address (which
readers load only when they ask, ``articles.reader.embeds``). Anything else is refused, so a body
can never carry a script address, another host or a look-alike domain into a frame.

Pure functions, no Django: the sanitizer (``articles.sanitize``), the save (``articles.services.
body_photos``) and the reader (``articles.reader.embeds``, which describes the stored format) share
them.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

# No provider's post address is longer; a longer value is refused before it is parsed.
MAX_URL_LENGTH = 500

VIDEO, SOCIAL = "video", "social"


@dataclass(frozen=True)
class Provider:
    slug: str  # stored as data-provider
    name: str  # what readers read: "YouTube"
    kind: str  # VIDEO or SOCIAL (stored as data-embed)
    frame_origin: str  # what the embed page's Content-Security-Policy allows as frame-src
    hosts: frozenset


@dataclass(frozen=True)
class RecognisedPost:
    provider: Provider
    url: str  # canonical: what the body stores and the card links to
    frame_url: str  # the provider's player, loaded only when the reader asks


PROVIDERS = {
    provider.slug: provider
    for provider in (
        Provider("youtube", "YouTube", VIDEO, "https://www.youtube-nocookie.com",
                 frozenset({"youtube.com", "youtu.be", "youtube-nocookie.com"})),
        Provider("vimeo", "Vimeo", VIDEO, "https://player.vimeo.com",
                 frozenset({"vimeo.com", "player.vimeo.com"})),
        Provider("x", "X", SOCIAL, "https://platform.twitter.com", frozenset({"x.com", "twitter.com"})),
        Provider("instagram", "Instagram", SOCIAL, "https://www.instagram.com",
                 frozenset({"instagram.com"})),
        Provider("facebook", "Facebook", SOCIAL, "https://www.facebook.com", frozenset({"facebook.com"})),
        Provider("tiktok", "TikTok", SOCIAL, "https://www.tiktok.com", frozenset({"tiktok.com"})),
    )
}  # fmt: skip
PROVIDER_BY_HOST = {host: provider for provider in PROVIDERS.values() for host in provider.hosts}
# Prefixes of a provider's host that name the same site (mobile and "www" versions).
HOST_PREFIXES = ("www.", "m.", "mobile.", "web.")

YOUTUBE_ID = r"(?P<id>[A-Za-z0-9_-]{11})"
YOUTUBE_PATHS = re.compile(rf"/(?:embed|shorts|live|v)/{YOUTUBE_ID}/?")
YOUTUBE_SHORT_PATH = re.compile(rf"/{YOUTUBE_ID}/?")
YOUTUBE_VIDEO_ID = re.compile(YOUTUBE_ID)
VIMEO_PATH = re.compile(r"/(?:video/)?(?P<id>\d{1,12})(?:/(?P<hash>[0-9a-f]{6,20}))?/?")
ACCOUNT = r"[A-Za-z0-9_.]{1,40}"
X_PATH = re.compile(rf"/(?P<user>{ACCOUNT})/status(?:es)?/(?P<id>\d{{1,20}})(?:/.*)?")
INSTAGRAM_PATH = re.compile(rf"(?:/{ACCOUNT})?/(?P<type>p|reel|tv)/(?P<code>[A-Za-z0-9_-]{{5,40}})/?")
TIKTOK_PATH = re.compile(rf"/@(?P<user>{ACCOUNT})/video/(?P<id>\d{{1,20}})/?")
FACEBOOK_PAGE = r"[A-Za-z0-9.\-]{1,80}"
FACEBOOK_POST = re.compile(
    rf"/(?P<page>{FACEBOOK_PAGE})/(?P<type>posts|videos)/(?P<id>[A-Za-z0-9]{{1,40}})/?"
)
FACEBOOK_REEL = re.compile(r"/reel/(?P<id>\d{1,20})/?")
FACEBOOK_NUMBER = re.compile(r"\d{1,20}")


def recognise(url):
    """The post ``url`` names, as a :class:`RecognisedPost`, or None when it names none we embed."""
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        return None
    url = url.strip()
    if not url.isprintable() or any(character.isspace() for character in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or port is not None or parts.username or parts.password:
        return None
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    provider = PROVIDER_BY_HOST.get(host)
    if provider is None:
        return None
    return RECOGNISERS[provider.slug](provider, host, parts.path, parse_qs(parts.query))


def _query_value(query, name, pattern):
    values = query.get(name) or []
    return values[0] if len(values) == 1 and pattern.fullmatch(values[0]) else None


def _youtube(provider, host, path, query):
    video_id = None
    if host == "youtu.be":
        found = YOUTUBE_SHORT_PATH.fullmatch(path)
        video_id = found and found.group("id")
    elif path in ("/watch", "/watch/"):
        video_id = _query_value(query, "v", YOUTUBE_VIDEO_ID)
    elif found := YOUTUBE_PATHS.fullmatch(path):
        video_id = found.group("id")
    if not video_id:
        return None
    return RecognisedPost(
        provider,
        url=f"https://www.youtube.com/watch?v={video_id}",
        frame_url=f"{provider.frame_origin}/embed/{video_id}?autoplay=1",
    )


def _vimeo(provider, host, path, query):
    found = VIMEO_PATH.fullmatch(path)
    if not found or (host == "player.vimeo.com") != path.startswith("/video/"):
        return None
    video_id, private_hash = (
        found.group("id"),
        found.group("hash") or _query_value(query, "h", re.compile(r"[0-9a-f]{6,20}")),
    )
    url = f"https://vimeo.com/{video_id}" + (f"/{private_hash}" if private_hash else "")
    frame = f"{provider.frame_origin}/video/{video_id}?dnt=1&autoplay=1" + (
        f"&h={private_hash}" if private_hash else ""
    )
    return RecognisedPost(provider, url=url, frame_url=frame)


def _x(provider, host, path, query):
    found = X_PATH.fullmatch(path)
    if not found:
        return None
    user, post_id = found.group("user"), found.group("id")
    return RecognisedPost(
        provider,
        url=f"https://x.com/{user}/status/{post_id}",
        frame_url=f"{provider.frame_origin}/embed/Tweet.html?id={post_id}&dnt=true",
    )


def _instagram(provider, host, path, query):
    found = INSTAGRAM_PATH.fullmatch(path)
    if not found:
        return None
    address = f"{provider.frame_origin}/{found.group('type')}/{found.group('code')}/"
    return RecognisedPost(provider, url=address, frame_url=f"{address}embed/")


def _facebook(provider, host, path, query):
    if found := FACEBOOK_POST.fullmatch(path):
        url = f"https://www.facebook.com/{found.group('page')}/{found.group('type')}/{found.group('id')}/"
        plugin = "video" if found.group("type") == "videos" else "post"
    elif found := FACEBOOK_REEL.fullmatch(path):
        url, plugin = f"https://www.facebook.com/reel/{found.group('id')}/", "video"
    elif path in ("/watch", "/watch/") and (video_id := _query_value(query, "v", FACEBOOK_NUMBER)):
        url, plugin = f"https://www.facebook.com/watch/?v={video_id}", "video"
    elif path == "/permalink.php" and (
        (story := _query_value(query, "story_fbid", re.compile(r"[A-Za-z0-9]{1,40}")))
        and (page := _query_value(query, "id", FACEBOOK_NUMBER))
    ):
        url, plugin = f"https://www.facebook.com/permalink.php?story_fbid={story}&id={page}", "post"
    else:
        return None
    frame = f"{provider.frame_origin}/plugins/{plugin}.php?href={quote(url, safe='')}&show_text=true"
    return RecognisedPost(provider, url=url, frame_url=frame)


def _tiktok(provider, host, path, query):
    found = TIKTOK_PATH.fullmatch(path)
    if not found:
        return None
    return RecognisedPost(
        provider,
        url=f"https://www.tiktok.com/@{found.group('user')}/video/{found.group('id')}",
        frame_url=f"{provider.frame_origin}/embed/v2/{found.group('id')}",
    )


RECOGNISERS = {
    "youtube": _youtube,
    "vimeo": _vimeo,
    "x": _x,
    "instagram": _instagram,
    "facebook": _facebook,
    "tiktok": _tiktok,
}


# Over sanitized bodies only, where an embed figure is exactly this (``sanitize.canonical_embeds``):
# one pattern for the save and the reader, each a single pass over the body.
EMBED_FIGURE = re.compile(
    r'<figure data-embed="(photo|video|social)"((?: [a-z][a-z0-9-]*+="[^"]*+")*+)></figure>'
)
ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*+)="([^"]*+)"')


def figure_attributes(text):
    """The attributes of an embed figure's start tag (``EMBED_FIGURE``'s second group), unescaped."""
    return {name: html.unescape(value) for name, value in ATTRIBUTE.findall(text)}


def placed_photo_ids(body):
    """The ids of the library pictures placed in a sanitized ``body``, in order, once each."""
    ids = {}
    if 'data-embed="photo"' in (body or ""):
        for match in EMBED_FIGURE.finditer(body):
            photo_id = figure_attributes(match.group(2)).get("data-photo", "")
            if match.group(1) == "photo" and photo_id.isdigit():
                ids.setdefault(int(photo_id), None)
    return list(ids)
