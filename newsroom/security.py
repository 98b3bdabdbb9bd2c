"""Project-wide defences that are not any one app's business.

- ``LoginThrottleMiddleware``: after repeated failed admin logins from one address (or for one user
  name), further attempts are refused for a while with 429, before any password is checked.
- ``AdminScriptHashMiddleware``: the admin's rich-text editor needs one inline ``importmap`` script;
  rather than allowing every inline script, the Content-Security-Policy allows exactly that one by
  its hash.
"""

import base64
import hashlib
import re
from functools import cache

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache as shared_cache
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

INLINE_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL)


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def _keys(request, username):
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    name = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return f"login-failures:address:{address}", f"login-failures:user:{name}"


def _limit():
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5), getattr(settings, "LOGIN_FAILURE_WINDOW", 15 * 60)


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    _, window = _limit()
    for key in _keys(request, credentials.get("username")):
        shared_cache.add(key, 0, timeout=window)
        try:
            shared_cache.incr(key)
        except ValueError:  # evicted between add and incr
            shared_cache.set(key, 1, timeout=window)


@receiver(user_logged_in)
def forget_failed_logins(sender, request, user, **kwargs):
    if request is not None:
        shared_cache.delete_many(list(_keys(request, user.get_username())))


class LoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            limit, window = _limit()
            failures = shared_cache.get_many(list(_keys(request, request.POST.get("username"))))
            if any(count >= limit for count in failures.values()):
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
