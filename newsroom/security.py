"""Project-wide defences that are not any one app's business.

- ``LoginThrottleMiddleware``: after repeated failed admin logins from one address (or for one user
  name, however spelt), further attempts are refused for a while with 429, before any password is
  checked. Failures are rows in the database (``newsroom.accounts``), never in the cache, so the lock
  holds and the log-in page answers while the cache server is down.
- ``client_address``: the visitor's address, read through ``NEWSROOM_TRUSTED_PROXIES`` proxies.
- ``AdminScriptHashMiddleware``: the admin's rich-text editor needs one inline ``importmap`` script;
  rather than allowing every inline script, the Content-Security-Policy allows exactly that one by
  its hash.
"""

import base64
import hashlib
import ipaddress
import re
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from newsroom.accounts.models import LoginFailure
from newsroom.accounts.usernames import normalise_username

INLINE_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL)


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the address the outermost of
    them saw, N entries from the right of X-Forwarded-For. Everything left of it was written by the
    client and may be anything; a missing, short or malformed header falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.NEWSROOM_TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


def _address_key(address):
    """One key per IPv4 address and per IPv6 /64 (one subscriber's usual allocation, which holds
    more addresses than anyone could try), each a keyed hash."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        if ip.version == 6 and ip.ipv4_mapped:
            network = str(ip.ipv4_mapped)
        elif ip.version == 6:
            network = str(ipaddress.ip_network(f"{ip}/64", strict=False))
        else:
            network = str(ip)
    return salted_hmac("newsroom.login-failures.address", network, algorithm="sha256").hexdigest()


def _username_key(username):
    name = normalise_username(username)
    return salted_hmac("newsroom.login-failures.username", name, algorithm="sha256").hexdigest()


def _limit():
    return settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_WINDOW


@receiver(user_login_failed, dispatch_uid="newsroom.security.count_failed_login")
def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    _, window = _limit()
    LoginFailure.objects.create(
        address_key=_address_key(client_address(request)),
        username_key=_username_key(credentials.get("username")),
    )
    # Forget what is past the window while we are here: one indexed delete, only on failures.
    LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(seconds=window)).delete()


@receiver(user_logged_in, dispatch_uid="newsroom.security.forget_failed_logins")
def forget_failed_logins(sender, request, user, **kwargs):
    # Only this account's failures (wherever they came from): logging in to one's own account must
    # not wipe an address's failures against other accounts.
    LoginFailure.objects.filter(username_key=_username_key(user.get_username())).delete()


class LoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            limit, window = _limit()
            failures = LoginFailure.objects.since(window).counts(
                address_key=_address_key(client_address(request)),
                username_key=_username_key(request.POST.get("username")),
            )
            if max(failures.values()) >= limit:
                message = _("Too many failed log-in attempts. Try again in %(minutes)d minutes.") % {
                    "minutes": window // 60
                }
                response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
                response["Retry-After"] = str(window)
                return response
        return self.get_response(request)


@cache
def admin_inline_script_hashes():
    """CSP hash sources for the inline scripts that admin widgets render (the editor's import map)."""
    from django_prose_editor.widgets import importmap

    sources = []
    for script in INLINE_SCRIPT.findall(str(importmap.render())):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        sources.append(f"'sha256-{digest}'")
    return tuple(sources)


class AdminScriptHashMiddleware:
    """Add the admin's known inline-script hashes to the CSP of admin pages only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": list(admin_inline_script_hashes())}
        return response
