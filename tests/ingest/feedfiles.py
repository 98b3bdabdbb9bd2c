"""Where the ingest tests find their own original fixture documents."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


def fixture_bytes(relative):
    return (FIXTURES / relative).read_bytes()
