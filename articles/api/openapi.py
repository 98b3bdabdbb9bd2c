"""The OpenAPI 3.1 description served at ``/api/ninjs/openapi.json``, written out by hand.

tests/api/test_openapi.py holds it to the views: every path it names answers, and every query
parameter it documents is one the views read (and the other way round).
"""

from django.conf import settings

from .conf import anonymous_access
from .ninjs import SCHEMAS
from .queries import DEFAULT_LIMIT, MAX_LIMIT

NINJS_ITEM = {
    "type": "object",
    "description": (
        "An IPTC ninjs item: version 2.1 by default, 3.0 with version=3 or an Accept profile naming "
        "the ninjs 3.0 schema. A story readers can no longer see answers with pubstatus (3.0: "
        "pubStatus) 'canceled' and its identity only: take it down."
    ),
    "required": ["uri"],
    "externalDocs": {"url": "https://www.iptc.org/std/ninjs/", "description": "IPTC ninjs"},
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}
VERSION = {
    "name": "version",
    "in": "query",
    "description": "The ninjs version: 2 (2.1, the default) or 3 (3.0).",
    "schema": {"type": "string", "enum": ["2", "2.1", "3", "3.0"]},
}
ACCEPT = {
    "name": "Accept",
    "in": "header",
    "description": (
        f'Another way to ask for ninjs 3.0: application/json; profile="{SCHEMAS["3.0"]}". '
        "The version parameter wins."
    ),
    "schema": {"type": "string"},
}
LIST_PARAMETERS = [
    {
        "name": "section",
        "in": "query",
        "description": (
            "A section's path (world, nation/kerala): its stories, its subsections' and those also "
            "listed there."
        ),
        "schema": {"type": "string"},
    },
    {"name": "tag", "in": "query", "description": "A tag's slug.", "schema": {"type": "string"}},
    {
        "name": "updated_since",
        "in": "query",
        "description": (
            "Only items changed after this time (RFC 3339, with its zone), including canceled ones: "
            "what a partner needs to stay in step."
        ),
        "schema": {"type": "string", "format": "date-time"},
    },
    {
        "name": "q",
        "in": "query",
        "description": "Words to find in the headline, standfirst or body.",
        "schema": {"type": "string", "maxLength": 200},
    },
    {
        "name": "cursor",
        "in": "query",
        "description": "Where the next page starts: take it from the previous answer's next link.",
        "schema": {"type": "string"},
    },
    {
        "name": "limit",
        "in": "query",
        "description": "Items per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    },
    VERSION,
    ACCEPT,
]
CONDITIONAL = [
    {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
    {"name": "If-Modified-Since", "in": "header", "schema": {"type": "string"}},
]


def answer(description, schema=None, *, conditional=True):
    described = {"description": description}
    if schema is not None:
        described["content"] = {"application/json": {"schema": schema}}
    if conditional:
        described["headers"] = {
            "ETag": {"schema": {"type": "string"}},
            "Vary": {"schema": {"type": "string"}},
            "Cache-Control": {"schema": {"type": "string"}},
        }
    return described


REFUSALS = {
    "304": {"description": "Not modified: the answer is the one the ETag names."},
    "400": answer(
        "A parameter that cannot be used.", {"$ref": "#/components/schemas/Error"}, conditional=False
    ),
    "401": answer(
        "No key, or a wrong or revoked one.", {"$ref": "#/components/schemas/Error"}, conditional=False
    ),
    "429": {
        "description": "Too many requests this minute.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}


def openapi_document():
    security = [{"bearerKey": []}, {"headerKey": []}]
    if anonymous_access():
        security.append({})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.NEWSROOM_SITE_NAME} content API",
            "version": "1.0",
            "description": (
                "Published stories as IPTC ninjs 2.1 or 3.0, read-only. Keys come from the newsroom; "
                "each reads the sections it was given, so many requests a minute."
            ),
        },
        "servers": [{"url": settings.NEWSROOM_SITE_URL}],
        "security": security,
        "paths": {
            "/api/ninjs/items": {
                "get": {
                    "operationId": "listItems",
                    "summary": "Items, newest first, a page at a time.",
                    "parameters": [*LIST_PARAMETERS, *CONDITIONAL[:1]],
                    "responses": {
                        "200": answer("A page of items.", {"$ref": "#/components/schemas/ItemList"}),
                        **REFUSALS,
                        "403": answer(
                            "A section this key does not cover.",
                            {"$ref": "#/components/schemas/Error"},
                            conditional=False,
                        ),
                    },
                }
            },
            "/api/ninjs/items/{guid}": {
                "get": {
                    "operationId": "getItem",
                    "summary": "One item by its guid (its uri).",
                    "parameters": [
                        {
                            "name": "guid",
                            "in": "path",
                            "required": True,
                            "description": "The item's uri, e.g. urn:newsroom:example.org:story:42.",
                            "schema": {"type": "string"},
                        },
                        VERSION,
                        ACCEPT,
                        *CONDITIONAL,
                    ],
                    "responses": {
                        "200": answer("The item.", {"$ref": "#/components/schemas/NinjsItem"}),
                        **REFUSALS,
                        "404": answer(
                            "No such item, or not one this key may read.",
                            {"$ref": "#/components/schemas/Error"},
                            conditional=False,
                        ),
                    },
                }
            },
            "/api/ninjs/openapi.json": {
                "get": {
                    "operationId": "describeApi",
                    "summary": "This description.",
                    "security": [{}],
                    "responses": {"200": answer("OpenAPI 3.1.", {"type": "object"}, conditional=False)},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearerKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Authorization: Bearer <key>",
                },
                "headerKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            },
            "schemas": {
                "NinjsItem": NINJS_ITEM,
                "ItemList": {
                    "type": "object",
                    "required": ["items"],
                    "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/NinjsItem"}},
                        "next": {
                            "type": "string",
                            "format": "uri",
                            "description": "The next page; absent on the last.",
                        },
                    },
                },
                "Error": ERROR,
            },
        },
    }
