"""Feeds claimed one at a time by ``ingest --feeds``, so that the same command on several servers
shares the feeds that are due (tests/test_app_servers.py runs it on two servers at once)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.ingest.runs import claim_due_feeds, claim_due_feeds_one_by_one
from articles.models import AgencyFeed

pytestmark = pytest.mark.django_db


def make_feeds(agency, count, **fields):
    return [
        AgencyFeed.objects.create(name=f"Feed {number}", agency=agency, source=f"/drop/{number}", **fields)
        for number in range(count)
    ]


def test_a_limited_claim_takes_the_oldest_due_feeds_and_leaves_the_rest_due(wire):
    first, second, third = make_feeds(wire, 3)

    assert claim_due_feeds(limit=1) == [first]
    assert claim_due_feeds(limit=2) == [second, third]
    assert claim_due_feeds(limit=1) == []


def test_one_by_one_each_feed_is_claimed_only_when_the_one_before_has_run(wire):
    feeds = make_feeds(wire, 3)
    claims = claim_due_feeds_one_by_one()

    assert next(claims) == feeds[0]
    # The others are still due: another server's run could take them now.
    assert set(AgencyFeed.objects.due()) == {feeds[1], feeds[2]}
    assert list(claims) == feeds[1:]
    assert not AgencyFeed.objects.due().exists()


def test_one_by_one_a_feed_due_again_during_the_run_is_not_taken_twice(wire):
    make_feeds(wire, 2, poll_interval=1)

    claims = []
    for feed in claim_due_feeds_one_by_one():
        # A run longer than the feed's interval: it is due again before the run ends.
        AgencyFeed.objects.filter(pk=feed.pk).update(next_due_at=timezone.now() - timedelta(minutes=1))
        claims.append(feed.pk)

    assert len(claims) == 2 and len(set(claims)) == 2
