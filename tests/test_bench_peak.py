"""The news peak's reader mix (``bench.peak``): the shares of each kind of page and a Zipf-like
popularity of story addresses, where a few are hot and most of the 2,000 are cold; and the desks'
processes, which are at work before the readers come."""

import os
from collections import Counter

import pytest

from bench.peak import MIX, Background, reader_paths

ADDRESSES = {
    "stories": [f"/bench-world/2026/01/01/story-{number}/" for number in range(2000)],
    "sections": [f"/bench-section-{number}/" for number in range(12)],
    "section_slugs": [f"bench-section-{number}" for number in range(12)],
    "tags": [f"bench-topic-{number}" for number in range(500)],
}


def kind_of(path):
    if path == "/":
        return "home"
    for prefix, kind in (("/feeds/", "feed"), ("/tag/", "tag"), ("/search/", "search")):
        if path.startswith(prefix):
            return kind
    return "story" if "/2026/" in path else "section"


def test_each_kind_of_page_gets_its_share():
    kinds = Counter(kind_of(path) for path in reader_paths(ADDRESSES, count=20_000))
    for kind, share in MIX.items():
        assert abs(kinds[kind] / 20_000 - share) < 0.015, kind


def test_story_popularity_is_zipf_like_with_a_cold_tail():
    stories = Counter(path for path in reader_paths(ADDRESSES, count=50_000) if kind_of(path) == "story")
    ranked = [count for _path, count in stories.most_common()]
    total = sum(ranked)
    # 1/rank over 2,000 addresses: the first 20 take about 43 % of story reads ...
    assert 0.38 < sum(ranked[:20]) / total < 0.48
    # ... while most addresses are read a handful of times in the whole run: their pages are cold.
    read_rarely = sum(1 for address in ADDRESSES["stories"] if stories[address] <= 15)
    assert read_rarely > 1000


def test_the_same_seed_draws_the_same_addresses():
    assert reader_paths(ADDRESSES, count=500) == reader_paths(ADDRESSES, count=500)


def test_a_desk_process_is_waited_for_until_it_says_its_first_step_is_done():
    # ``python -m this`` prints the Zen of Python and stops: a process with known lines.
    with Background(dict(os.environ), "this") as process:
        process.wait_for("Beautiful is better than ugly.", timeout=30)
        with pytest.raises(RuntimeError, match="did not print 'Ugly is better'"):
            process.wait_for("Ugly is better", timeout=30)  # it stopped without saying so
