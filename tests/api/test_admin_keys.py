"""Keys in the admin: issued with the key shown once (only its digest kept), listed without it,
revoked by a list action; editors and anyone else without the key permissions are refused on the
server, and their attempts change nothing."""

import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import ApiKey
from tests.api.builders import ITEMS, keyed, make_api_key
from tests.builders import make_section, make_story
from tests.newsroom_staff import make_editor, make_staff, make_superuser

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_apikey_add")
LIST = reverse("admin:articles_apikey_changelist")


def issue_through_the_admin(client, **fields):
    """The add form posted, and the page it leads to (the key shown once)."""
    data = {"partner": "Harbour Radio", "requests_per_minute": "60", "notes": "", **fields}
    posted = client.post(ADD, data)
    assert posted.status_code == 302, posted.content  # a redirect: a reload never posts again
    response = client.get(posted["Location"])
    assert response.status_code == 200, response.content
    return response


def test_an_issued_key_is_shown_once_and_works(client, world):
    make_story(section=world, headline="Readable with the new key")
    admin = make_superuser()
    client.force_login(admin)
    response = issue_through_the_admin(client, every_section="on")
    key = ApiKey.objects.get()
    token = response.context["token"]
    assert token.startswith(key.shown_as)
    assert token.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    assert key.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert key.created_by == admin
    # Never again: not in the list, not on the key's page.
    for address in (LIST, reverse("admin:articles_apikey_change", args=[key.pk])):
        page = client.get(address)
        assert page.status_code == 200
        assert token.encode() not in page.content
        assert key.shown_as.encode() in page.content
    answer = client.get(ITEMS, **keyed(token))
    assert [item["headlines"][0]["value"] for item in answer.json()["items"]] == ["Readable with the new key"]


def test_reloading_the_issued_page_neither_shows_the_key_again_nor_issues_another(client, world):
    client.force_login(make_superuser())
    shown = issue_through_the_admin(client, every_section="on")
    token = shown.context["token"]

    again = client.get(shown.wsgi_request.path, follow=True)

    key = ApiKey.objects.get()  # still one key
    assert again.redirect_chain == [(reverse("admin:articles_apikey_change", args=[key.pk]), 302)]
    page = again.content.decode()
    assert token not in page
    assert "was shown once and cannot be shown again" in page


def test_a_key_is_issued_for_the_sections_chosen(client):
    world, sport = make_section("World", slug="world"), make_section("Sport", slug="sport")
    make_story(section=world, headline="World story")
    make_story(section=sport, headline="Sport story")
    client.force_login(make_superuser())
    token = issue_through_the_admin(client, sections=[str(sport.pk)]).context["token"]
    answer = client.get(ITEMS, **keyed(token))
    assert [item["headlines"][0]["value"] for item in answer.json()["items"]] == ["Sport story"]


def test_a_key_that_would_read_nothing_is_not_issued(client, world):
    client.force_login(make_superuser())
    response = client.post(ADD, {"partner": "Nobody", "requests_per_minute": "60", "notes": ""})
    assert response.status_code == 200
    assert "Choose the sections this key may read" in response.content.decode()
    assert "token" not in response.context
    assert not ApiKey.objects.exists()


def test_revoking_from_the_list(client, world):
    key, token = make_api_key()
    other, other_token = make_api_key("Keeps its key")
    client.force_login(make_superuser())
    response = client.post(LIST, {"action": "revoke_keys", "_selected_action": [str(key.pk)]}, follow=True)
    assert response.status_code == 200
    assert "1 key revoked." in response.content.decode()
    key.refresh_from_db()
    other.refresh_from_db()
    assert key.revoked_at is not None and other.revoked_at is None
    assert client.get(ITEMS, **keyed(token)).status_code == 401
    assert client.get(ITEMS, **keyed(other_token)).status_code == 200


def test_an_editor_may_neither_see_issue_nor_revoke_keys(client, world):
    key, token = make_api_key()
    client.force_login(make_editor())
    assert client.get(LIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.get(reverse("admin:articles_apikey_issued", args=[key.pk])).status_code == 403
    assert (
        client.post(
            ADD, {"partner": "Sneaky", "requests_per_minute": "60", "every_section": "on"}
        ).status_code
        == 403
    )
    assert client.post(LIST, {"action": "revoke_keys", "_selected_action": [str(key.pk)]}).status_code == 403
    assert list(ApiKey.objects.values_list("partner", "revoked_at")) == [("Harbour Radio", None)]
    assert client.get(ITEMS, **keyed(token)).status_code == 200


def test_who_may_only_view_keys_cannot_revoke_them(client, world):
    key, _token = make_api_key()
    viewer = make_staff()
    viewer.user_permissions.add(Permission.objects.get(codename="view_apikey"))
    client.force_login(viewer)
    page = client.get(LIST)
    assert page.status_code == 200
    assert b"revoke_keys" not in page.content
    client.post(LIST, {"action": "revoke_keys", "_selected_action": [str(key.pk)]})
    key.refresh_from_db()
    assert key.revoked_at is None
