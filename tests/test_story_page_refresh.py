"""After a new story's first publication every other story page takes it up ("More headlines",
"Related") within NEWSROOM_STORY_PAGES_REFRESH_SECONDS, each page at its own moment in that time, so
a busy site is not hit by every story page being made again at once; any other change retires every
page at once."""

from datetime import timedelta
from itertools import pairwise

import pytest
import time_machine

from articles.models import ReaderPagesGeneration
from articles.reader.cache import page_key, refresh_spread
from tests.builders import FROZEN_NOW

pytestmark = pytest.mark.django_db
REFRESH = 60
PAGES = [page_key(f"/world/2026/03/31/story-{n}/", "") for n in range(200)]


def keys_at(moment):
    generations = ReaderPagesGeneration.objects.current_generations()
    return {key: generations.for_story_pages(moment, refresh_spread(key)) for key in PAGES}


def advance(moment, *, new_story):
    with time_machine.travel(moment, tick=False):
        ReaderPagesGeneration.objects.advance(
            new_story_within=timedelta(seconds=REFRESH) if new_story else None
        )


@pytest.fixture(autouse=True)
def refresh_seconds(settings):
    settings.NEWSROOM_STORY_PAGES_REFRESH_SECONDS = REFRESH


def test_each_page_takes_a_new_story_at_its_own_moment_and_all_within_the_refresh_time():
    before = keys_at(FROZEN_NOW)
    advance(FROZEN_NOW, new_story=True)

    moved_by_second = []
    for second in range(0, REFRESH + 1, 5):
        now = keys_at(FROZEN_NOW + timedelta(seconds=second))
        moved_by_second.append(sum(now[key] != before[key] for key in PAGES))

    assert moved_by_second[-1] == len(PAGES)  # every page by the time the refresh falls due
    assert moved_by_second[0] < len(PAGES) * 0.2  # not all at once
    # Spread over the whole time: no five seconds take more than a fifth of the pages.
    steps = [later - earlier for earlier, later in pairwise(moved_by_second)]
    assert max(steps) < len(PAGES) * 0.2
    assert moved_by_second == sorted(moved_by_second)  # a page that moved on stays moved on


def test_a_page_that_took_the_refresh_does_not_move_again_when_the_next_story_is_banked():
    advance(FROZEN_NOW, new_story=True)
    taken = keys_at(FROZEN_NOW + timedelta(seconds=REFRESH + 1))

    advance(FROZEN_NOW + timedelta(seconds=REFRESH + 2), new_story=True)  # the next story
    assert keys_at(FROZEN_NOW + timedelta(seconds=REFRESH + 2)) == taken

    # A third story while that refresh waits asks for no other; the pages take the one refresh.
    advance(FROZEN_NOW + timedelta(seconds=REFRESH + 10), new_story=True)
    final = keys_at(FROZEN_NOW + timedelta(seconds=2 * REFRESH + 2))
    assert all(final[key] != taken[key] for key in PAGES)
    assert len(set(final.values())) == 1


@pytest.mark.parametrize("seconds_after_publication", [0, REFRESH // 2, REFRESH + 5])
def test_a_withdrawal_retires_every_page_whether_or_not_it_took_the_refresh(seconds_after_publication):
    advance(FROZEN_NOW, new_story=True)
    moment = FROZEN_NOW + timedelta(seconds=seconds_after_publication)
    before = keys_at(moment)

    advance(moment, new_story=False)

    after = keys_at(moment)
    assert all(after[key] != before[key] for key in PAGES)
