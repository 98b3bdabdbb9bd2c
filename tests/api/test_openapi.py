"""The OpenAPI description: valid JSON, OpenAPI 3.1, and true to the views it describes."""

import json

import pytest
from django.urls import Resolver404, resolve

from articles.api.queries import LIST_PARAMS
from articles.api.views import item, items
from tests.api.builders import ITEMS, item_path, keyed, make_api_key
from tests.builders import make_story

pytestmark = pytest.mark.django_db


def document(client):
    response = client.get("/api/ninjs/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def query_parameters(operation):
    return {parameter["name"] for parameter in operation["parameters"] if parameter["in"] == "query"}


def test_it_is_openapi_3_1_with_the_apis_paths(client):
    described = document(client)
    assert described["openapi"] == "3.1.0"
    assert set(described["paths"]) == {
        "/api/ninjs/items",
        "/api/ninjs/items/{guid}",
        "/api/ninjs/openapi.json",
    }
    assert resolve("/api/ninjs/items").func.__name__ == items.__name__
    assert resolve("/api/ninjs/items/urn:newsroom:example.org:story:1").func.__name__ == item.__name__
    with pytest.raises(Resolver404):
        resolve("/api/ninjs/items/a/b")
    schemes = described["components"]["securitySchemes"]
    assert schemes["bearerKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Authorization: Bearer <key>",
    }
    assert schemes["headerKey"]["name"] == "X-Api-Key"
    assert {} not in described["security"]


def test_every_reference_resolves(client):
    described = document(client)

    def references(value):
        if isinstance(value, dict):
            for name, member in value.items():
                if name == "$ref":
                    yield member
                else:
                    yield from references(member)
        elif isinstance(value, list):
            for member in value:
                yield from references(member)

    found = list(references(described))
    assert found
    for reference in found:
        target = described
        for part in reference.removeprefix("#/").split("/"):
            target = target[part]
        assert isinstance(target, dict)


def test_every_documented_parameter_is_read_and_every_read_one_documented(client, world):
    described = document(client)
    listing = described["paths"]["/api/ninjs/items"]["get"]
    assert query_parameters(listing) == set(LIST_PARAMS)
    single = described["paths"]["/api/ninjs/items/{guid}"]["get"]
    assert query_parameters(single) == {"version"}
    # And the views take each of them (an unknown one is refused with 400).
    story = make_story(section=world)
    _key, token = make_api_key()
    samples = {
        "section": "world",
        "tag": "anything",
        "updated_since": "2026-01-01T00:00:00Z",
        "q": "words",
        "limit": "5",
        "version": "3",
    }
    for name in query_parameters(listing) - {"cursor"}:
        response = client.get(ITEMS, {name: samples[name]}, **keyed(token))
        assert response.status_code == 200, (name, response.content)
    assert client.get(ITEMS, {"made_up": "1"}, **keyed(token)).status_code == 400
    assert client.get(item_path(story), {"version": "3"}, **keyed(token)).status_code == 200
    assert client.get(item_path(story), {"limit": "3"}, **keyed(token)).status_code == 400


def test_it_says_when_anyone_may_read(client, settings):
    settings.NEWSROOM_API_ANONYMOUS = True
    assert {} in document(client)["security"]
