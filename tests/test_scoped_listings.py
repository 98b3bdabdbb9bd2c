"""A new story retires the listings it joins (the home page, the latest feed, search, its own
section's, tags' and author's pages and feeds) and no other section's, tag's or author's: those keep
their cached pages. Anything else readers see change (a withdrawal, an edit) retires every page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import ReaderPagesGeneration, Story
from articles.models.reader_pages import listing_bucket
from tests.builders import make_author, make_section, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def distinct_slugs(kind, prefix, count):
    """Slugs of ``kind`` ("tag", "author") whose listings keep counters of their own (different
    buckets): slugs drawn from a counter may share one, as "author-67" and "author-68" do."""
    slugs, buckets = [], set()
    for n in range(1000):
        bucket = listing_bucket((kind, f"{prefix}-{n}"))
        if bucket not in buckets:
            slugs.append(f"{prefix}-{n}")
            buckets.add(bucket)
        if len(slugs) == count:
            return slugs
    raise AssertionError("not enough buckets")


def cached(client, address):
    """Whether ``address`` is answered from the page cache (no query)."""
    with CaptureQueriesContext(connection) as queries:
        client.get(address)
    return len(queries) == 0


@pytest.fixture
def site(world):
    ports, rain = distinct_slugs("tag", "topic", 2)
    other = make_section("Business", slug="business")
    lena, ravi = distinct_slugs("author", "writer", 2)
    writer, other_writer = make_author("Lena Thomas", slug=lena), make_author("Ravi Nair", slug=ravi)
    assert listing_bucket(("section", "world")) != listing_bucket(("section", "business"))
    assert listing_bucket(("author", writer.slug)) != listing_bucket(("author", other_writer.slug))
    make_story(section=world, tags=[ports], authors=[writer])
    make_story(section=other, tags=[rain], authors=[other_writer])
    joined = [
        "/",
        "/feeds/latest/",
        "/world/",
        "/feeds/section/world/",
        f"/tag/{ports}/",
        f"/feeds/tag/{ports}/",
    ]
    joined.append(writer.get_absolute_url())
    kept = ["/business/", "/feeds/section/business/", f"/tag/{rain}/", f"/feeds/tag/{rain}/"]
    kept.append(other_writer.get_absolute_url())
    return {"world": world, "ports": ports, "writer": writer, "joined": joined, "kept": kept}


def test_a_new_story_retires_only_the_listings_it_joins(client, site, on_commit):
    for address in site["joined"] + site["kept"]:
        client.get(address)
    draft = make_story(
        section=site["world"],
        tags=[site["ports"]],
        authors=[site["writer"]],
        status=Story.Status.DRAFT,
        headline="Dredging of the channel begins",
    )

    with on_commit():
        services.publish_story(draft)

    for address in site["joined"]:
        assert "Dredging of the channel begins" in client.get(address).text, address
    for address in site["kept"]:
        assert cached(client, address), address
        assert client.get(address).status_code == 200


@pytest.mark.parametrize("change", ["withdraw", "edit"])
def test_any_other_change_retires_every_listing(client, site, on_commit, change):
    story = Story.objects.filter(section=site["world"]).get()
    for address in site["joined"] + site["kept"]:
        client.get(address)

    with on_commit():
        if change == "withdraw":
            services.withdraw_story(story, reason="Not verified.")
        else:
            story.headline = "A sharper headline"
            services.save_story(story, fields={"headline"})

    for address in site["joined"] + site["kept"]:
        assert not cached(client, address), address


def test_publishes_count_in_every_bucket_they_touch(site, on_commit):
    first, second = (
        make_story(section=site["world"], tags=[site["ports"]], status=Story.Status.DRAFT) for _ in range(2)
    )
    with on_commit():
        services.publish_story(first)
    with on_commit():
        services.publish_story(second)

    counters = ReaderPagesGeneration.objects.current_generations().scoped_listings
    assert counters[listing_bucket(("tag", site["ports"]))] == 2
    assert counters[listing_bucket(("section", "world"))] == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_publishes_at_once_both_count():
    """Two transactions advancing the same counter at the same time: the second waits for the first
    (the generation row is held from its first update) and adds to what the first wrote."""
    import threading

    from django.db import connections, transaction

    scope = ("tag", "ports")
    first_holds, release = threading.Event(), threading.Event()
    errors = []

    def publish(hold):
        try:
            with transaction.atomic():
                ReaderPagesGeneration.objects.advance(
                    new_story_within=timedelta(seconds=60), new_story_scopes={scope}
                )
                if hold:
                    first_holds.set()
                    release.wait(10)
        except Exception as error:  # reported below: a thread's exception would be lost
            errors.append(error)
        finally:
            connections.close_all()

    ReaderPagesGeneration.objects.advance()  # the row exists before both start
    first = threading.Thread(target=publish, args=(True,))
    first.start()
    assert first_holds.wait(10)
    second = threading.Thread(target=publish, args=(False,))
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting for the first's transaction
    release.set()
    first.join(10)
    second.join(10)

    assert not errors
    counters = ReaderPagesGeneration.objects.current_generations().scoped_listings
    assert counters[listing_bucket(scope)] == 2
