vcl 4.1;
# Varnish 7 in front of the newsroom's application servers (Debian: apt-get install varnish
# varnish-modules, for xkey).
#
# - Reader pages are kept for anonymous readers only. The admin (staff previews live there), the API
#   asked with a key, and any request carrying a session cookie go to the application every time.
#   Other cookies (csrftoken, analytics) are dropped from reader requests: reader pages are the same
#   for everyone.
# - Only what the application says may be kept is kept (Cache-Control or Expires): reader pages say
#   s-maxage (NEWSROOM_PAGE_CACHE_SECONDS, or the story-page refresh time) when FRONTEND_CACHE_URLS
#   names this Varnish; a 404 says nothing and is never kept.
# - Every reader page names what it shows in an `xkey` header (story:<id>, front:home,
#   front:section:<path>...); after each change the application sends `PURGE` with an `xkey-purge`
#   header naming the keys to drop (articles/frontend_cache). Only `purgers` may purge.
# - Grace: while the application is down, failing (5xx) or slow, a page that has expired is served
#   stale for up to the grace time, said in `X-Cache: HIT-STALE` (and `Age`). The grace time is
#   varnishd's `default_grace` parameter: `varnishd -p default_grace=6h ...` (10 s unless set).
#   While the application is healthy an expired page is served stale for 10 s at most, while it is
#   fetched again in the background.
# - X-Cache on every answer: HIT, HIT-STALE, MISS, PASS (or SYNTH: Varnish's own answer).

import std;
import xkey;
import directors;

probe app_health {
    # A reader page the application keeps in its own cache: cheap, and it answers only when the
    # application and its database do.
    .url = "/robots.txt";
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

# >>> app servers: one backend per application server (gunicorn), each added to the director in
# vcl_init below. tests/varnish.py rewrites this block and the add_backend lines.
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = app_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 15s;
    .between_bytes_timeout = 5s;
}
# <<< app servers

# Who may purge: this machine and the application servers (add their addresses here).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app1);
}

sub vcl_recv {
    # Varnish's own checks of the Host header (lower case; required in HTTP/1.1).
    call vcl_req_host;
    set req.backend_hint = app_servers.backend();
    if (req.restarts == 0) {
        # Set by this VCL on a restart after a failed fetch (vcl_synth), never by a client.
        unset req.http.X-Newsroom-Stale-Ok;
    }
    unset req.http.X-Newsroom-Cache;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Newsroom-Purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.X-Newsroom-Purged));
        }
        # Without keys: the one address.
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk: the admin and its previews (a preview parameter anywhere is passed as well).
    if (req.url ~ "^/admin(/|\?|$)" || req.url ~ "(?i)[?&]preview=") {
        return (pass);
    }
    # A partner's key (Authorization: Bearer or X-Api-Key): each key sees its own sections.
    if (req.http.Authorization || (req.url ~ "^/api/" && req.http.X-Api-Key)) {
        return (pass);
    }
    # A signed-in person (Django's session cookie; csrftoken alone is not a session).
    if (req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;

    # One copy per page, not one per campaign link: the application ignores these parameters.
    if (req.url ~ "(?i)[?&](utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=") {
        set req.url = regsuball(req.url, "(?i)([?&])(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=[^&]*", "\1");
        set req.url = regsuball(req.url, "([?&])&+", "\1");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    set req.url = std.querysort(req.url);

    # Healthy: serve an expired page for a few seconds while it is fetched again. Otherwise (the
    # probe says the application is down, or this is the restart after a failed fetch) for as long
    # as its grace lasts.
    if (std.healthy(req.backend_hint) && !req.http.X-Newsroom-Stale-Ok) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        set req.http.X-Newsroom-Cache = "HIT-STALE";
    } else {
        set req.http.X-Newsroom-Cache = "HIT";
    }
}

sub vcl_miss {
    if (req.http.X-Newsroom-Stale-Ok) {
        # The fetch before this restart failed and there is no stale copy: do not wait for it again.
        return (synth(503, "The site is not answering"));
    }
    set req.http.X-Newsroom-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Newsroom-Cache = "PASS";
}

sub vcl_backend_fetch {
    # This VCL's own request headers stay here.
    unset bereq.http.X-Newsroom-Cache;
    unset bereq.http.X-Newsroom-Stale-Ok;
}

sub vcl_backend_response {
    if (beresp.status >= 500 && !bereq.uncacheable) {
        # Never keep an error, and never let one replace the stale copy readers can still be given
        # (vcl_synth then answers from it). A passed request (the desk) gets the application's page.
        return (abandon);
    }
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        # Only what the application says may be kept is kept (a 404, a redirect of the admin...).
        set beresp.ttl = 0s;
    }
    # beresp.grace is varnishd's default_grace parameter: see the top of this file.
}

sub vcl_backend_error {
    # The application could not be reached, or took too long: give the client side its chance to
    # answer from a stale copy (vcl_synth restarts with X-Newsroom-Stale-Ok). A passed request gets
    # Varnish's own error page.
    if (!bereq.uncacheable) {
        return (abandon);
    }
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Newsroom-Cache;
    if (client.ip !~ purgers) {
        # The keys are for purging; readers need not see them (this machine does, for debugging).
        unset resp.http.xkey;
    }
}

sub vcl_synth {
    # A fetch for the cache failed (vcl_backend_response or vcl_backend_error abandoned it): look
    # again, this time taking a stale copy however old, within its grace.
    if (resp.status == 503 && req.restarts == 0 && req.http.X-Newsroom-Cache == "MISS") {
        set req.http.X-Newsroom-Stale-Ok = "1";
        return (restart);
    }
    set resp.http.X-Cache = "SYNTH";
}
