"""Where purges go: each entry of ``FRONTEND_CACHE_URLS`` is one cache in front of the site.

- ``http://host:port`` (or https): a Varnish with ``deploy/varnish/default.vcl``, sent
  ``PURGE /`` with the keys in an ``xkey-purge`` header (:class:`VarnishPurger`);
- ``cdn+https://api.example.com/...``: a CDN's purge-by-tag API, shaped like Cloudflare's
  (``POST {"tags": [...]}`` with ``Authorization: Bearer FRONTEND_CACHE_CDN_TOKEN``; Fastly's
  ``/service/<id>/purge`` takes the same keys in a ``Surrogate-Key`` header, sent too)
  (:class:`CdnPurger`).

Each raises :class:`PurgeFailed` when its cache did not say yes; the sender tries again.
"""

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Purges go to our own caches and to the CDN's API as configured, never through a proxy from the
# environment.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
CDN_SCHEME = "cdn+"


class PurgeFailed(Exception):
    pass


def batches(keys, size):
    keys = sorted(keys)
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def send(request, timeout):
    """The answer's body, or :class:`PurgeFailed` for anything but a 2xx answer."""
    try:
        with DIRECT.open(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise PurgeFailed(f"{error.code} {error.reason}") from error
    except OSError as error:  # refused, timed out, name not found
        raise PurgeFailed(str(getattr(error, "reason", error))) from error


class VarnishPurger:
    """A Varnish running ``deploy/varnish/default.vcl``: ``PURGE /`` with ``xkey-purge: <keys>``."""

    # Keys per request: well under Varnish's 8 KB for one request header.
    BATCH = 100

    def __init__(self, url, timeout):
        self.url = url.rstrip("/") + "/"
        self.timeout = timeout

    def __str__(self):
        return self.url

    def purge(self, keys):
        for batch in batches(keys, self.BATCH):
            request = urllib.request.Request(
                self.url, method="PURGE", headers={"xkey-purge": " ".join(batch)}
            )
            send(request, self.timeout)


class CdnPurger:
    """A CDN's purge-by-tag API: ``POST <url>`` with ``{"tags": [...]}`` as JSON and the token as a
    bearer (Cloudflare's ``/zones/<zone>/purge_cache``), the same keys space-separated in
    ``Surrogate-Key`` (Fastly's). A 2xx answer whose JSON says ``"success": false`` failed too."""

    # Cloudflare takes up to 30 tags per call.
    BATCH = 30

    def __init__(self, url, token, timeout):
        self.url = url
        self.token = token
        self.timeout = timeout

    def __str__(self):
        return self.url

    def purge(self, keys):
        for batch in batches(keys, self.BATCH):
            request = urllib.request.Request(
                self.url,
                method="POST",
                data=json.dumps({"tags": batch}).encode(),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Surrogate-Key": " ".join(batch),
                },
            )
            body = send(request, self.timeout)
            try:
                answer = json.loads(body or b"{}")
            except ValueError:
                answer = {}
            if isinstance(answer, dict) and answer.get("success") is False:
                raise PurgeFailed(f"the API said no: {answer.get('errors') or answer}")


def purgers():
    """One purger per entry of ``FRONTEND_CACHE_URLS``."""
    timeout = settings.FRONTEND_CACHE_TIMEOUT
    found = []
    for url in settings.FRONTEND_CACHE_URLS:
        address = url.removeprefix(CDN_SCHEME)
        if urlsplit(address).scheme not in ("http", "https") or not urlsplit(address).netloc:
            raise ImproperlyConfigured(
                f"FRONTEND_CACHE_URLS: {url!r} is neither http(s)://host:port (Varnish) nor cdn+https://... "
                "(a CDN's purge API)."
            )
        if url.startswith(CDN_SCHEME):
            if not settings.FRONTEND_CACHE_CDN_TOKEN:
                raise ImproperlyConfigured(
                    f"FRONTEND_CACHE_URLS names a CDN ({url}): set FRONTEND_CACHE_CDN_TOKEN."
                )
            found.append(CdnPurger(address, settings.FRONTEND_CACHE_CDN_TOKEN, timeout))
        else:
            found.append(VarnishPurger(address, timeout))
    return found
