"""The home page's "Latest" column says when across days (#17 item 9): "14:05" today, "Yesterday
05:05", "4 Dec" earlier this year, with the year before that, in the site's time zone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from articles.templatetags.reader import rail_time
from tests.builders import make_story
from tests.pages import page_tree

KOLKATA = ZoneInfo("Asia/Kolkata")
# 09:30 on 6 December in Kolkata: 04:00 UTC.
NOW = datetime(2026, 12, 6, 9, 30, tzinfo=KOLKATA)


@pytest.fixture
def morning(settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("published", "said"),
    [
        (datetime(2026, 12, 6, 2, 41, tzinfo=KOLKATA), "02:41"),
        (datetime(2026, 12, 5, 2, 41, tzinfo=KOLKATA), "Yesterday 02:41"),
        (datetime(2026, 12, 5, 23, 59, tzinfo=KOLKATA), "Yesterday 23:59"),
        (datetime(2026, 12, 4, 5, 5, tzinfo=KOLKATA), "4 Dec"),
        (datetime(2026, 1, 1, 0, 0, tzinfo=KOLKATA), "1 Jan"),
        (datetime(2025, 12, 31, 23, 0, tzinfo=KOLKATA), "31 Dec 2025"),
        # 20:00 UTC on the 5th is already 01:30 on the 6th in Kolkata: today there.
        (datetime(2026, 12, 5, 20, 0, tzinfo=ZoneInfo("UTC")), "01:30"),
    ],
)
def test_rail_times_across_days(morning, published, said):
    assert rail_time(published) == said


@pytest.mark.django_db
def test_the_latest_column_shows_them(client, world, morning):
    # The seven newest lead the page; the "Latest" column runs on with the next eight: four from
    # yesterday, four from the 4th.
    for hours in (*range(1, 8), *range(20, 27, 2), *range(50, 57, 2)):
        make_story(
            section=world, headline=f"Brief {hours}", publish_at=timezone.now() - timedelta(hours=hours)
        )
    column = page_tree(client.get("/")).xpath('//aside[@class="front__latest"]//time/text()')
    assert column, "the Latest column shows no times"
    assert any(text.startswith("Yesterday ") for text in column), column
    assert any(text.endswith(" Dec") for text in column), column
