"""Shared fixtures. Builders live in tests/builders.py; images are made in memory."""

import os
import sys
from pathlib import Path

import pytest

# Let test modules import the builders as `from builders import ...` wherever they live under tests/.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def sample_feeds():
    """The real agency documents in ../shared/feeds (CI sets NEWSROOM_SAMPLE_FEEDS)."""
    folder = os.environ.get("NEWSROOM_SAMPLE_FEEDS")
    if not folder:
        pytest.skip("NEWSROOM_SAMPLE_FEEDS is not set (CI sets it to ../shared/feeds)")
    path = Path(folder)
    if not path.is_dir():
        pytest.fail(f"NEWSROOM_SAMPLE_FEEDS={folder} is not a folder")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache, so cached pages never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):

    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL; CI runs the suite there too"))
