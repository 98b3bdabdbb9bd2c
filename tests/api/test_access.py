"""Who may read the API: keys (missing, wrong, revoked, shown either way), anonymous access, a key's
sections, rate limits, conditional GET, and that no shared or page cache keeps a keyed answer."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import ApiKey, StorySection
from articles.reader.cache import reader_page_params
from articles.services import save_story
from tests.api.builders import ITEMS, item_path, keyed, make_api_key
from tests.builders import make_section, make_story

pytestmark = pytest.mark.django_db


def headlines(response):
    return [item["headlines"][0]["value"] for item in response.json()["items"]]


def test_without_a_key_the_api_is_closed(client, world):
    make_story(section=world)
    response = client.get(ITEMS)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "key_required"
    assert response["WWW-Authenticate"] == 'Bearer realm="ninjs"'
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Bearer nr_not-a-key-we-issued"},
        {"HTTP_X_API_KEY": "nr_not-a-key-we-issued"},
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
        {"HTTP_AUTHORIZATION": "Bearer"},
    ],
)
def test_a_wrong_key_is_refused(client, world, headers):
    make_api_key()
    make_story(section=world)
    response = client.get(ITEMS, **headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_key"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_key_opens_it_as_bearer_or_as_x_api_key(client, world):
    make_story(section=world, headline="Tide tables for the week")
    _key, token = make_api_key()
    for headers in (keyed(token), {"HTTP_X_API_KEY": token}, {"HTTP_AUTHORIZATION": f"bearer {token}"}):
        response = client.get(ITEMS, **headers)
        assert response.status_code == 200
        assert headlines(response) == ["Tide tables for the week"]


def test_a_revoked_key_is_refused_from_the_next_request_on(client, world):
    make_story(section=world)
    key, token = make_api_key()
    assert client.get(ITEMS, **keyed(token)).status_code == 200
    key.revoke()
    response = client.get(ITEMS, **keyed(token))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_key"


def test_a_revoked_key_stays_refused_when_anyone_may_read(client, world, settings):
    settings.NEWSROOM_API_ANONYMOUS = True
    make_story(section=world)
    key, token = make_api_key()
    key.revoke()
    assert client.get(ITEMS).status_code == 200
    assert client.get(ITEMS, **keyed(token)).status_code == 401


def test_only_the_keys_digest_is_stored(world):
    key, token = make_api_key()
    stored = ApiKey.objects.values_list("key_hash", "shown_as").get(pk=key.pk)
    assert stored == (hashlib.sha256(token.encode()).hexdigest(), token[: len(stored[1])])
    assert token.startswith("nr_") and len(token) > 40
    assert len(stored[1]) < 12
    assert ApiKey.objects.matching(token) == key
    assert ApiKey.objects.matching(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_anonymous_access_is_a_setting(client, world, settings):
    make_story(section=world, headline="Open to all")
    assert client.get(ITEMS).status_code == 401
    settings.NEWSROOM_API_ANONYMOUS = True
    response = client.get(ITEMS)
    assert response.status_code == 200
    assert headlines(response) == ["Open to all"]
    assert response["Cache-Control"].startswith("public")


def test_keyed_answers_are_private_and_vary_by_key(client, world):
    story = make_story(section=world)
    _key, token = make_api_key()
    for address in (ITEMS, item_path(story)):
        response = client.get(address, **keyed(token))
        assert response["Cache-Control"] == "private, max-age=0, must-revalidate"
        vary = {part.strip() for part in response["Vary"].split(",")}
        assert {"Authorization", "X-Api-Key", "Accept"} <= vary


def test_the_page_cache_never_keeps_an_api_answer(client, world, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    story = make_story(section=world, headline="Before")
    _key, token = make_api_key()
    assert reader_page_params(ITEMS) is None
    assert reader_page_params(item_path(story)) is None
    assert headlines(client.get(ITEMS, **keyed(token))) == ["Before"]
    # A change no service announces (no purge): a cached answer would still say "Before".
    type(story).objects.filter(pk=story.pk).update(headline="After")
    assert headlines(client.get(ITEMS, **keyed(token))) == ["After"]
    assert client.get(item_path(story), **keyed(token)).json()["headlines"][0]["value"] == "After"


def test_a_key_reads_its_sections_only(client):
    world = make_section("World", slug="world")
    europe = make_section("Europe", slug="europe", parent=world)
    sport = make_section("Sport", slug="sport")
    in_world = make_story(section=world, headline="In World")
    in_europe = make_story(section=europe, headline="In Europe")
    in_sport = make_story(section=sport, headline="In Sport")
    listed = make_story(section=sport, headline="Sport, also in World")
    StorySection.objects.create(story=listed, section=world, publish_at=listed.publish_at)
    _key, token = make_api_key(sections=[world])

    response = client.get(ITEMS, **keyed(token))
    assert sorted(headlines(response)) == ["In Europe", "In World", "Sport, also in World"]
    for story in (in_world, in_europe, listed):
        assert client.get(item_path(story), **keyed(token)).status_code == 200
    refused = client.get(item_path(in_sport), **keyed(token))
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    outside = client.get(ITEMS, {"section": "sport"}, **keyed(token))
    assert outside.status_code == 403
    assert outside.json()["error"]["code"] == "section_not_covered"
    assert headlines(client.get(ITEMS, {"section": "world/europe"}, **keyed(token))) == ["In Europe"]


def test_a_key_without_sections_reads_nothing(client, world):
    story = make_story(section=world)
    _key, token = make_api_key(every_section=False)
    assert client.get(ITEMS, **keyed(token)).json()["items"] == []
    assert client.get(item_path(story), **keyed(token)).status_code == 404


def test_a_deleted_section_does_not_widen_a_key(client):
    world = make_section("World", slug="world")
    empty = make_section("Empty", slug="empty")
    make_story(section=world)
    _key, token = make_api_key(sections=[empty])
    empty.delete()
    assert client.get(ITEMS, **keyed(token)).json()["items"] == []


def test_requests_past_the_keys_limit_wait_for_the_next_minute(client, world):
    make_story(section=world)
    _key, token = make_api_key(requests_per_minute=3)
    start = timezone.now().replace(second=10, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        assert [client.get(ITEMS, **keyed(token)).status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get(ITEMS, **keyed(token))
        assert refused.status_code == 429
        assert refused["Retry-After"] == "50"
        assert refused.json()["error"]["code"] == "rate_limited"
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        assert client.get(ITEMS, **keyed(token)).status_code == 200


def test_each_key_has_its_own_count(client, world):
    make_story(section=world)
    _first, first_token = make_api_key(requests_per_minute=1)
    _second, second_token = make_api_key("Another partner", requests_per_minute=1)
    with time_machine.travel(timezone.now().replace(second=0) + timedelta(minutes=1), tick=False):
        assert client.get(ITEMS, **keyed(first_token)).status_code == 200
        assert client.get(ITEMS, **keyed(first_token)).status_code == 429
        assert client.get(ITEMS, **keyed(second_token)).status_code == 200


def test_anonymous_callers_are_counted_by_address(client, world, settings):
    settings.NEWSROOM_API_ANONYMOUS = True
    settings.NEWSROOM_API_ANONYMOUS_RATE = 2
    make_story(section=world)
    with time_machine.travel(timezone.now().replace(second=0) + timedelta(minutes=1), tick=False):
        statuses = [client.get(ITEMS, REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert client.get(ITEMS, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_a_list_asked_again_unchanged_is_304_and_changed_is_200(client, world):
    story = make_story(section=world, headline="First wording")
    _key, token = make_api_key()
    first = client.get(ITEMS, **keyed(token))
    etag = first["ETag"]
    again = client.get(ITEMS, HTTP_IF_NONE_MATCH=etag, **keyed(token))
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"].startswith("private")
    story.headline = "Second wording"
    story.save()
    changed = client.get(ITEMS, HTTP_IF_NONE_MATCH=etag, **keyed(token))
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_an_item_answers_if_modified_since_and_if_none_match(client, world):
    story = make_story(section=world)
    _key, token = make_api_key()
    first = client.get(item_path(story), **keyed(token))
    assert first.status_code == 200
    modified = first["Last-Modified"]
    assert client.get(item_path(story), HTTP_IF_MODIFIED_SINCE=modified, **keyed(token)).status_code == 304
    assert client.get(item_path(story), HTTP_IF_NONE_MATCH=first["ETag"], **keyed(token)).status_code == 304
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        story.headline = "A later headline"
        save_story(story, fields={"headline"}, by=None)
    later = client.get(item_path(story), HTTP_IF_MODIFIED_SINCE=modified, **keyed(token))
    assert later.status_code == 200
    assert later.json()["headlines"][0]["value"] == "A later headline"
