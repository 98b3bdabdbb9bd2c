"""Fixtures the ingest tests share (``world``, the section, comes from tests/conftest.py)."""

import pytest

from tests.builders import make_agency


@pytest.fixture
def wire():
    """The agency the importer is told the documents come from."""
    return make_agency("Test Wire", credit="TW")
