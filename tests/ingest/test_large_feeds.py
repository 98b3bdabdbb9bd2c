"""A large RSS feed is read a few entries at a time: the memory an import needs does not grow with
the feed beyond the document's own bytes (a 50 MB feed once took 400 MB held whole by feedparser)."""

import tracemalloc

import pytest

from articles.ingest.formats import stream_rss
from articles.models import Story
from tests.ingest.builders import run_import

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PARAGRAPH = (
    "<p>The harbour board met on Tuesday to weigh the winter timetable, and the ferry crews "
    "asked again for a later last crossing on Fridays while the market is open.</p>"
)


def write_feed(path, count):
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Harbour Wire</title><link>https://wire.example.org/</link><language>en</language>\n"
        )
        for number in range(count):
            out.write(
                f"<item><title>Ferry timetable, part {number}</title>"
                f'<guid isPermaLink="false">harbour-{count}-{number}</guid>'
                f"<dc:creator>Mira Stone</dc:creator>"
                f"<pubDate>Mon, 05 Jan 2026 10:{number % 60:02d}:00 +0000</pubDate>"
                f"<description>The ferry timetable changes again.</description>"
                f"<content:encoded><![CDATA[{PARAGRAPH * 8}]]></content:encoded></item>\n"
            )
        out.write("</channel></rss>\n")
    return path.stat().st_size


def test_reading_a_feed_holds_one_group_of_entries_not_the_whole_feed(tmp_path):
    """Once the document is checked and prepared, reading its items costs the same memory for 400
    entries as for 1,200: entries are parsed a few dozen at a time and let go."""

    def reading_peak(count):
        path = tmp_path / f"feed-{count}.xml"
        size = write_feed(path, count)
        stream = stream_rss(path.read_bytes(), name=path.name)
        tracemalloc.start()
        try:
            read = sum(1 for _item in stream.drain())
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert read == count
        return size, peak

    small_size, small_peak = reading_peak(400)
    large_size, large_peak = reading_peak(1200)

    assert large_peak < 1.3 * small_peak, (small_peak, large_peak)
    assert large_peak < large_size / 2, (large_size, large_peak)  # the items held whole: > 1 x the feed


def test_a_large_feed_imports_in_memory_bounded_by_its_own_bytes(tmp_path, world):
    """A dry run of the whole import: the peak is the document's bytes and their decoded, prepared
    copies (held briefly while the feed is checked), not its items or a tree of it."""
    path = tmp_path / "feed.xml"
    size = write_feed(path, 1200)

    tracemalloc.start()
    try:
        tally, _ = run_import(path, section=world, dry_run=True)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert tally.summary_line() == "created 1200, updated 0, unchanged 0, withdrawn 0, failed 0"
    assert peak < 4.5 * size + 4 * 1024 * 1024, (size, peak)
    assert not Story.objects.exists()
