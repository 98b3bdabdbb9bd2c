"""Hostile requests: anonymous visitors on staff pages, open redirects, missing CSRF tokens, absurd
queries, page numbers and rendition addresses, too many fields, and a reporter's hand-made POSTs.

Already proven and not repeated: a 100 KB search query answered quickly (tests/test_search.py),
preview for anonymous and non-staff users, every forbidden button, status and list action by a
reporter (tests/test_admin_desk.py), restoring someone else's revision (tests/test_revisions.py),
renditions outside the site's own widths, crops and formats (tests/test_photo_delivery.py), log-in
throttling (tests/test_security_config.py).
"""

import time
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.models import Revision, Story, StoryTransition
from articles.photos.delivery import photo_token
from articles.services import record_revision
from tests.builders import make_photo, make_story
from tests.desk_builders import CHANGELIST, change_url, payload
from tests.newsroom_staff import PASSWORD, make_editor, make_reporter

pytestmark = pytest.mark.django_db
S = Story.Status


@pytest.fixture
def draft(world):
    story = make_story(
        section=world, status=S.DRAFT, headline="Secret draft headline", body="<p>Unpublished.</p>"
    )
    record_revision(story)
    Story.objects.filter(pk=story.pk).update(headline="Secret second headline")
    story.refresh_from_db()
    record_revision(story)
    return story


# Anonymous visitors on staff pages -----------------------------------------------------------------


def staff_addresses(story):
    first, second = story.revisions.order_by("pk")
    return [
        reverse("admin:articles_story_preview", args=[story.pk]),
        reverse("admin:articles_story_history", args=[story.pk]),
        reverse("admin:articles_story_compare", args=[story.pk]) + f"?old={first.pk}&new={second.pk}",
        reverse("admin:articles_story_change", args=[story.pk]),
        reverse("admin:articles_story_changelist") + "?q=draft",
    ]


def test_anonymous_visitors_get_the_login_page_never_the_content(client, draft):
    for address in staff_addresses(draft):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/admin/login/"), address
        assert "Secret" not in response.content.decode()
        followed = client.get(address, follow=True)
        assert "Secret" not in followed.content.decode(), address


def test_an_anonymous_restore_post_restores_nothing(client, draft):
    first = draft.revisions.order_by("pk").first()
    response = client.post(reverse("admin:articles_story_restore", args=[draft.pk, first.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    draft.refresh_from_db()
    assert draft.headline == "Secret second headline"
    assert Revision.objects.filter(story=draft).count() == 2


def test_a_logged_in_non_staff_user_gets_no_content_either(client, draft, django_user_model):
    reader = django_user_model.objects.create_user("reader", password=PASSWORD)
    client.force_login(reader)
    for address in staff_addresses(draft):
        response = client.get(address, follow=True)
        assert "Secret" not in response.content.decode(), address


def test_staff_pages_for_a_story_that_does_not_exist_are_not_errors(client):
    client.force_login(make_editor())
    for address in (
        reverse("admin:articles_story_preview", args=[999999]),
        reverse("admin:articles_story_history", args=[999999]),
        reverse("admin:articles_story_compare", args=[999999]) + "?old=1&new=2",
        reverse("admin:articles_story_compare", args=["1%00"]) + "?old=x&new=%00",
    ):
        assert client.get(address).status_code in (302, 404), address


def test_compare_with_revisions_of_another_story_or_nonsense_ids_is_404(client, draft, world):
    other = make_story(section=world, status=S.DRAFT)
    foreign = record_revision(other)
    client.force_login(make_editor())
    compare = reverse("admin:articles_story_compare", args=[draft.pk])
    first = draft.revisions.order_by("pk").first()
    for query in (f"?old={first.pk}&new={foreign.pk}", "?old=-1&new=2", "?old=abc&new=1", "?old=" + "9" * 30):
        assert client.get(compare + query).status_code == 404, query


# Log-in redirects ---------------------------------------------------------------------------------

EXTERNAL_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "http:/evil.example",
    " https://evil.example/",
    "\thttps://evil.example/",
    "https://testserver@evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%09/evil.example/",
]


@pytest.mark.parametrize("target", EXTERNAL_TARGETS)
def test_login_never_redirects_off_site(client, target):
    make_editor(username="desk-editor")
    response = client.post(
        "/admin/login/?next=" + quote(target, safe=""),
        {"username": "desk-editor", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc) == ("", ""), response["Location"]  # a path on this site
    assert location.path.startswith("/") and not location.path.startswith(("//", "/\\"))


def test_login_follows_a_next_on_this_site(client):
    make_editor(username="desk-editor")
    response = client.post(
        "/admin/login/?next=/admin/articles/story/",
        {"username": "desk-editor", "password": PASSWORD, "next": "/admin/articles/story/"},
    )
    assert response["Location"] == "/admin/articles/story/"


@pytest.mark.parametrize("target", EXTERNAL_TARGETS[:4])
def test_an_already_logged_in_editor_is_not_sent_off_site_either(client, target):
    client.force_login(make_editor())
    response = client.get("/admin/login/?next=" + quote(target, safe=""))
    assert "evil.example" not in response.get("Location", "")


def test_logout_next_does_not_redirect_off_site(client):
    client.force_login(make_editor())
    response = client.post("/admin/logout/?next=" + quote("https://evil.example/", safe=""))
    assert "evil.example" not in response.get("Location", "")


def test_a_nul_byte_in_the_login_form_is_a_form_error_not_a_crash(client):
    response = client.post("/admin/login/", {"username": "desk\x00editor", "password": "x\x00"})
    assert response.status_code == 200


# CSRF ---------------------------------------------------------------------------------------------


def test_admin_posts_without_a_csrf_token_are_refused_and_change_nothing(draft):
    editor = make_editor()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    first = draft.revisions.order_by("pk").first()
    attempts = [
        (change_url(draft), payload(draft, headline="Forged headline", _publish="x")),
        (CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]}),
        (reverse("admin:articles_story_restore", args=[draft.pk, first.pk]), {}),
        (reverse("admin:articles_story_add"), payload(headline="Forged new story")),
        ("/admin/logout/", {}),
    ]
    for address, form in attempts:
        response = client.post(address, form)
        assert response.status_code == 403, address
        assert b"CSRF" in response.content
    draft.refresh_from_db()
    assert (draft.headline, draft.status) == ("Secret second headline", S.DRAFT)
    assert Story.objects.count() == 1 and not StoryTransition.objects.exists()
    assert client.get("/admin/").status_code == 200  # still logged in: the logout was refused too


def test_a_csrf_token_from_another_session_does_not_work(draft):
    attacker = Client(enforce_csrf_checks=True)
    attacker.get("/admin/login/")
    stolen = attacker.cookies["csrftoken"].value
    victim = Client(enforce_csrf_checks=True)
    victim.force_login(make_editor())
    response = victim.post(
        change_url(draft), {**payload(draft, headline="Forged"), "csrfmiddlewaretoken": stolen}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.headline == "Secret second headline"


# Absurd queries ------------------------------------------------------------------------------------

ABSURD_PAGES = [
    "?page=999999999999",
    "?page=9999999999999999999999",
    "?page=-1",
    "?page=0",
    "?page=1.5",
    "?page=1e3",
    "?page=abc",
    "?page=%00",
    "?page=",
    "?page=1&page=2",
    "?before=999999999999",
    "?before=99999999999999999999",
    "?before=-5",
    "?before=abc",
    "?after=999999999999",
    "?after=0",
    "?page=2&before=1&after=1",
    "?before=1%00",
]
UNICODE_DIGITS = ["?page=%C2%B2", "?page=%E2%91%A0"]  # "²" and "①": str.isdigit() says yes, int() says no


@pytest.mark.parametrize("query", ABSURD_PAGES)
@pytest.mark.parametrize("page", ["/world/", "tag", "/search/?q=harbour&"])
def test_absurd_page_numbers_and_cursors_are_404_or_the_page_never_500(client, world, page, query):
    make_story(section=world, headline="Harbour dredging begins", tags=["harbour"])
    if page == "tag":
        page = reverse("articles:tag", kwargs={"slug": Tag.objects.get().slug})
    address = page + (query[1:] if page.endswith("&") else query)
    started = time.monotonic()
    response = client.get(address)
    assert time.monotonic() - started < 2
    assert response.status_code in (200, 404), address


@pytest.mark.parametrize("query", UNICODE_DIGITS)
def test_unicode_digits_as_page_numbers_are_404(client, world, query):
    make_story(section=world)
    assert client.get("/world/" + query).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "%00",
        "a%00b",
        "%ED%A0%80",  # a lone surrogate, as bytes
        "%F0%9F%98%80" * 3000,
        "%27%22%3B--%20DROP%20TABLE%20articles_story%3B",
        "%25%25%25%5C%5C_",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "a%20" * 2000,
        "%26%7C!%3A*()",
    ],
)
def test_hostile_search_queries_answer_politely_and_fast(client, world, query):
    make_story(section=world, headline="Harbour dredging begins")
    started = time.monotonic()
    response = client.get("/search/?q=" + query)
    assert time.monotonic() - started < 2
    assert response.status_code in (200, 400)
    assert b"<script>alert(1)</script>" not in response.content
    assert Story.objects.count() == 1


@pytest.mark.parametrize("query", ["%00", "a%00b", "%27%20OR%201=1--"])
def test_hostile_admin_searches_are_not_errors(client, world, query):
    make_story(section=world)
    client.force_login(make_editor())
    for changelist in (CHANGELIST, reverse("admin:articles_photo_changelist")):
        assert client.get(f"{changelist}?q={query}").status_code in (200, 400)


@pytest.mark.parametrize(
    "address",
    [
        "/tag/a%00b/",
        "/author/a%00b/",
        "/feeds/tag/a%00b/",
    ]
    + ["/world%00/", "/search/?q=%00", "/world/2024/01/01/a%00b/", "/feeds/section/a%00/"],
)
def test_a_nul_byte_in_an_address_is_404(client, world, address):
    assert client.get(address).status_code in (404, 200 if "search" in address else 404)


# Renditions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename",
    [
        "w99999.jpg",
        "w9999.jpg",
        "w1.jpg",
        "w640.jpg.php",
        "w640.gif",
        "w640.svg",
        "w640-c16x9-f99999x1.jpg",
        "w640-c16x9-f-1x500.jpg",
        "w640-c0x0-f500x500.jpg",
        "w640-c100000x1-f500x500.jpg",
        "W640.JPG",
        "w640.jpg%00.png",
        "w640..jpg",
        "%2e%2e%2f%2e%2e%2fsettings.py",
    ],
)
def test_absurd_rendition_addresses_are_404_and_make_nothing(client, filename, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    photo = make_photo(size=(1600, 900))
    started = time.monotonic()
    response = client.get(f"/media/renditions/{photo.pk}/{photo_token(photo)}/{filename}")
    assert time.monotonic() - started < 2
    assert response.status_code == 404, filename
    assert not (tmp_path / "renditions").exists()


@pytest.mark.parametrize(
    "address",
    [
        "/media/renditions/999999999999/00000000/w640.jpg",
        "/media/renditions/9999999999999999999/00000000/w640.jpg",
        "/media/renditions/-1/00000000/w640.jpg",
        "/media/renditions/1/zzzzzzzz/w640.jpg",
        "/media/renditions/1/00000000/" + "w" * 5000 + ".jpg",
    ],
)
def test_absurd_rendition_photo_ids_and_tokens_are_404(client, address):
    assert client.get(address).status_code == 404


# Too many fields -----------------------------------------------------------------------------------


def test_too_many_form_fields_are_refused_with_400_and_change_nothing(client, draft, settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    client.force_login(make_editor())
    form = payload(draft, headline="Changed by a huge form")
    form.update({f"junk{number}": "x" for number in range(1500)})
    response = client.post(change_url(draft), form)
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.headline == "Secret second headline"


def test_too_many_query_parameters_are_refused_with_400(client, world):
    query = "&".join(f"p{number}=1" for number in range(1500))
    assert client.get(f"/search/?q=harbour&{query}").status_code == 400
    assert client.get(f"/world/?{query}").status_code == 400


def test_a_huge_request_body_is_refused_with_400(client, draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    client.force_login(make_editor())
    response = client.post(change_url(draft), payload(draft, body="<p>" + "x" * 200_000 + "</p>"))
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.body == "<p>Unpublished.</p>"


# A reporter's hand-made POSTs ---------------------------------------------------------------------


def test_a_reporter_cannot_set_fields_the_form_does_not_offer_them(client, world):
    reporter, editor = make_reporter(), make_editor()
    story = make_story(section=world, status=S.DRAFT, created_by=reporter, headline="Own draft")
    client.force_login(reporter)
    forged = payload(
        story,
        headline="Own draft, edited",
        created_by=editor.pk,
        updated_by=editor.pk,
        first_published_at_0="2020-01-01",
        first_published_at_1="10:00:00",
        agency_update_available="on",
        source_guid="urn:forged:1",
        edit_version="999",
        priority="100",
    )
    client.post(change_url(story), forged)
    story.refresh_from_db()
    assert story.created_by == reporter and story.first_published_at is None
    assert (story.source_guid, story.agency_update_available, story.status) == ("", False, S.DRAFT)


def test_a_reporter_cannot_delete_stories_by_the_bulk_delete_action(client, world):
    reporter = make_reporter()
    own = make_story(section=world, status=S.DRAFT, created_by=reporter)
    client.force_login(reporter)
    response = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [own.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302, 403)
    assert Story.objects.filter(pk=own.pk).exists()


def test_a_reporter_cannot_act_on_a_story_id_they_cannot_see_in_the_list(client, world):
    reporter = make_reporter()
    theirs = make_story(section=world, status=S.IN_REVIEW, created_by=make_reporter())
    client.force_login(reporter)
    for action in ("submit_for_review", "publish", "return_to_draft", "nonexistent_action"):
        response = client.post(CHANGELIST, {"action": action, "_selected_action": [theirs.pk, 999999]})
        assert response.status_code in (200, 302, 403)
    theirs.refresh_from_db()
    assert theirs.status == S.IN_REVIEW and not StoryTransition.objects.exists()


def test_a_non_numeric_selected_id_is_a_polite_refusal(client, world):
    story = make_story(section=world, status=S.IN_REVIEW)
    client.force_login(make_editor())
    response = client.post(CHANGELIST, {"action": "publish", "_selected_action": [story.pk, "1 OR 1=1"]})
    assert response.status_code == 400
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW
