"""Fixtures for the content API's tests."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def ninjs_validator(version):
    schema = json.loads((SCHEMAS / f"ninjs-{version}.json").read_text())
    Draft202012Validator.check_schema(schema)
    # With rfc3339-validator and rfc3986-validator installed, "date-time" and "uri" are checked too.
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="session")
def ninjs_schemas():
    """Validators for our ninjs 2.1 and 3.0 schemas, by version ("2.1", "3.0")."""
    return {version: ninjs_validator(version) for version in ("2.1", "3.0")}
