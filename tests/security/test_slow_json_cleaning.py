"""Removing the characters XML cannot hold from a JSON document (ninjs, JSON Feed) costs time linear
in its size, whether they fill one long string or thousands of small ones."""

import json

import pytest

from articles.ingest.formats.json_values import load_document
from tests.growth import assert_linear

pytestmark = pytest.mark.slow

SHAPES = {
    "one string of controls": lambda size: json.dumps({"body_html": "\u001b\u0000" * (size // 12)}),
    "many items with controls": lambda size: json.dumps(
        [{"headline": "\u001bx", "body_html": "<p>\u0007</p>"} for _ in range(size // 64)]
    ),
    "nested lists": lambda size: "[" * 500 + json.dumps(["\u0001"] * (size // 10)) + "]" * 500,
}


@pytest.mark.parametrize("shape_name", sorted(SHAPES))
def test_a_json_document_is_cleaned_in_linear_time(shape_name):
    def load(text):
        return load_document(text.encode(), "wire.json", "a news item")

    assert_linear(load, SHAPES[shape_name], f"JSON cleaning: {shape_name}")
