"""A live story as readers get it: entries above the body, newest first, with key points and key
events; every entry reachable without JavaScript; the polling endpoint with its ETag, 304s and
short max-age; LiveBlogPosting JSON-LD, and a plain article once the coverage has ended; a fixed
number of queries whatever the number of entries."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Story
from articles.reader.live import PAGE_SIZE
from articles.services import live
from articles.services.live import EntryContent
from tests.builders import make_author, make_photo, make_story
from tests.newsroom_staff import make_editor

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def live_story(world, editor):
    story = make_story(
        section=world,
        headline="Floods: the river breaks its banks",
        body="<p>The background to the floods, written before the first entry.</p>",
    )
    live.start_coverage(story, by=editor)
    return Story.objects.get(pk=story.pk)


def post(story, words, by, *, minutes_ago=0, **fields):
    content = EntryContent(text=words, time=timezone.now() - timedelta(minutes=minutes_ago), **fields)
    return live.post_entry(story, content, by=by)


def entries_url(story):
    return Story.objects.get(pk=story.pk).get_absolute_url() + "live/entries"


def main_of(response):
    """The page's content, after the head's metadata (which quotes the entries too)."""
    return response.text[response.text.index("<main") :]


def json_ld(response):
    return [json.loads(block) for block in JSON_LD.findall(response.text)]


def test_entries_sit_above_the_body_newest_first_with_key_points_and_key_events(client, live_story, editor):
    writer = make_author("Arun Das")
    post(live_story, "Rain gauges record 210 mm overnight.", editor, minutes_ago=30)
    key = post(live_story, "The army is called in to help evacuate.", editor, minutes_ago=20)
    post(live_story, "Schools will stay shut on Monday.", editor, minutes_ago=10, author_ids=[writer.pk])
    live.pin_entry(key, True, by=editor)
    live.set_key_points(live_story, "<ul><li>Over 2,000 people moved to shelters</li></ul>", by=editor)

    page = main_of(client.get(live_story.get_absolute_url()))
    stream = page[page.index("data-live-entries") :]
    order = [stream.index(text) for text in ("Schools will stay", "The army is called", "Rain gauges record")]
    assert order == sorted(order)
    assert stream.index("Rain gauges record") < stream.index('<div class="story__body">')
    assert page.index("Key points") < page.index("Key events") < page.index("data-live-entries")
    assert "Over 2,000 people moved to shelters" in page
    assert 'class="live__key-events"' in page and f'href="#entry-{key.pk}"' in page
    assert ">Arun Das</a>" in page
    assert 'data-live-url="' in page and "js/live.js" in page


def test_an_entry_waiting_for_review_and_a_deleted_one_are_not_shown(client, live_story, editor):
    from tests.newsroom_staff import make_reporter

    live.set_review_required(live_story, True, by=editor)
    post(live_story, "Unchecked rumour of a dam breach.", make_reporter())
    gone = post(live_story, "Posted to the wrong story.", editor)
    live.delete_entry(gone, by=editor)
    page = client.get(live_story.get_absolute_url()).text
    assert "Unchecked rumour" not in page and "wrong story" not in page
    assert "No updates yet." in page


def test_a_correction_shows_its_note(client, live_story, editor):
    entry = post(live_story, "Four bridges closed.", editor)
    live.correct_entry(entry, EntryContent(text="Three bridges closed."), "We said four bridges.", by=editor)
    page = client.get(live_story.get_absolute_url()).text
    assert "Three bridges closed." in page and "Four bridges" not in page.split("Correction")[0]
    assert "We said four bridges." in page and 'class="live-entry__correction"' in page


def test_without_javascript_every_entry_is_reached_by_older_updates(client, live_story, editor):
    count = PAGE_SIZE * 2 + 3
    for number in range(count):
        post(live_story, f"Bulletin number {number:03d}.", editor, minutes_ago=count - number)
    page = client.get(live_story.get_absolute_url())
    seen = set(re.findall(r"Bulletin number (\d{3})", page.text))
    address = re.search(r'<a href="([^"]+live/\?page=2)">Older updates</a>', page.text).group(1)
    while address:
        older = client.get(address.replace("&amp;", "&"))
        assert older.status_code == 200
        seen |= set(re.findall(r"Bulletin number (\d{3})", older.text))
        found = re.search(r'<a href="([^"]+)" rel="next">Older updates</a>', older.text)
        address = found and found.group(1)
    assert seen == {f"{number:03d}" for number in range(count)}
    assert client.get(live_story.get_absolute_url() + "live/?page=9").status_code == 404


def test_the_endpoint_answers_what_changed_since_a_version(client, live_story, editor):
    first = post(live_story, "Water reaches the market square.", editor)
    cursor = Story.objects.get(pk=live_story.pk).live_version

    answer = client.get(entries_url(live_story), {"since": cursor}).json()
    assert answer["cursor"] == cursor and answer["entries"] == [] and answer["live"] is True

    second = post(live_story, "Boats ferry families to the school.", editor)
    live.edit_entry(first, EntryContent(text="Water reaches the market square and the station."), by=editor)
    answer = client.get(entries_url(live_story), {"since": cursor}).json()
    assert [entry["id"] for entry in answer["entries"]] == [second.pk, first.pk]
    assert "and the station" in answer["entries"][1]["html"]
    assert f'id="entry-{second.pk}"' in answer["entries"][0]["html"]
    assert answer["removed"] == [] and answer["more"] is False and isinstance(answer["top"], str)

    cursor = answer["cursor"]
    live.delete_entry(second, by=editor)
    answer = client.get(entries_url(live_story), {"since": cursor}).json()
    assert answer["entries"] == [] and answer["removed"] == [second.pk]

    live.end_coverage(live_story, by=editor)
    assert client.get(entries_url(live_story), {"since": answer["cursor"]}).json()["live"] is False


def test_too_many_changes_ask_the_page_to_reload(client, live_story, editor):
    for number in range(PAGE_SIZE + 2):
        post(live_story, f"Line {number}", editor)
    answer = client.get(entries_url(live_story), {"since": 0}).json()
    assert answer["more"] is True and len(answer["entries"]) == PAGE_SIZE


def test_the_endpoint_is_cacheable_and_answers_304(client, live_story, editor, settings):
    settings.NEWSROOM_LIVE_MAX_AGE = 1
    post(live_story, "Sirens in the lower town.", editor)
    url = entries_url(live_story)
    first = client.get(url, {"since": 0})
    assert first.status_code == 200 and first["Content-Type"].startswith("application/json")
    assert first["Cache-Control"] == "public, max-age=1, must-revalidate"
    assert first["ETag"].startswith('"')

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, {"since": 0, "cb": "123"}, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert [query for query in queries if "readerpagesgeneration" not in query["sql"]] == []

    # The story page keeps the site's own max-age.
    assert "max-age=0" in client.get(live_story.get_absolute_url())["Cache-Control"]


def test_a_new_entry_retires_the_cached_answer_and_page_at_once(client, live_story, editor, on_commit):
    url = entries_url(live_story)
    cursor = Story.objects.get(pk=live_story.pk).live_version
    quiet = client.get(url, {"since": cursor})
    page = client.get(live_story.get_absolute_url())
    with on_commit():
        post(live_story, "Rescue teams reach the island.", editor)
    changed = client.get(url, {"since": cursor}, headers={"If-None-Match": quiet["ETag"]})
    assert changed.status_code == 200 and "Rescue teams" in changed.json()["entries"][0]["html"]
    fresh = client.get(live_story.get_absolute_url(), headers={"If-None-Match": page["ETag"]})
    assert fresh.status_code == 200 and "Rescue teams" in fresh.text


def test_the_endpoint_refuses_what_is_not_a_published_live_story(client, live_story, world, editor):
    assert client.get(entries_url(live_story), {"since": "abc"}).status_code == 400
    assert client.get(entries_url(live_story), {"since": "-1"}).status_code == 400
    plain = make_story(section=world)
    assert client.get(plain.get_absolute_url() + "live/entries").status_code == 404
    draft = make_story(section=world, status=Story.Status.DRAFT)
    live.start_coverage(draft, by=editor)
    assert client.get(entries_url(draft)).status_code == 404
    wrong_section = entries_url(live_story).replace("/world/", "/sport/")
    assert client.get(wrong_section).status_code == 404


def test_json_ld_is_a_live_blog_posting_then_a_news_article(client, live_story, editor):
    writer = make_author("Leela Iyer")
    photo = make_photo(size=(1600, 900))
    post(
        live_story,
        "The first relief train arrives.",
        editor,
        minutes_ago=5,
        author_ids=[writer.pk],
        photo=photo,
    )
    entry = post(live_story, "Power is back in the north.", editor)

    data = json_ld(client.get(live_story.get_absolute_url()))[0]
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] and data["coverageEndTime"] > data["coverageStartTime"]
    updates = data["liveBlogUpdate"]
    assert [update["@type"] for update in updates] == ["BlogPosting", "BlogPosting"]
    assert updates[0]["articleBody"] == "Power is back in the north."
    assert updates[0]["url"].endswith(f"#entry-{entry.pk}")
    assert updates[1]["author"][0]["name"] == "Leela Iyer" and "image" in updates[1]

    live.end_coverage(live_story, by=editor)
    page = client.get(live_story.get_absolute_url())
    data = json_ld(page)[0]
    assert data["@type"] == "NewsArticle" and "liveBlogUpdate" not in data
    # The page keeps its entries, and no longer polls.
    assert "Power is back in the north." in page.text and "The live coverage ended" in page.text
    assert "data-live-url" not in page.text and "js/live.js" not in page.text


def test_an_entry_picture_is_public_while_the_entry_is_shown(client, live_story, editor):
    from articles.models import Photo

    photo = make_photo(size=(1600, 900))
    assert not Photo.objects.shown_publicly().filter(pk=photo.pk).exists()
    entry = post(live_story, "Aerial view of the flooded fields.", editor, photo=photo)
    assert Photo.objects.shown_publicly().filter(pk=photo.pk).exists()
    page = client.get(live_story.get_absolute_url()).text
    assert f"/renditions/{photo.pk}/" in page
    live.delete_entry(entry, by=editor)
    assert not Photo.objects.shown_publicly().filter(pk=photo.pk).exists()


def page_queries(client, address):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len([query for query in queries if "readerpagesgeneration" not in query["sql"]])


def test_the_live_page_makes_six_queries_whatever_the_number_of_entries(client, live_story, editor):
    authors = [make_author() for _ in range(3)]
    post(live_story, "One entry.", editor, author_ids=[authors[0].pk])
    few = page_queries(client, live_story.get_absolute_url())
    for number in range(PAGE_SIZE + 15):
        entry = post(
            live_story,
            f"Entry {number}",
            editor,
            author_ids=[author.pk for author in authors],
            photo=make_photo() if number % 5 == 0 else None,
        )
        if number % 9 == 0:
            live.pin_entry(entry, True, by=editor)
    many = page_queries(client, live_story.get_absolute_url())
    assert few == many == 6  # the article's five, and the entries with their pictures and authors
    older = page_queries(client, live_story.get_absolute_url() + "live/?page=2")
    assert older == 3  # sections, the story, the entries
    assert page_queries(client, entries_url(live_story) + "?since=0") == 2  # the story, the changes
    cursor = Story.objects.get(pk=live_story.pk).live_version
    assert page_queries(client, f"{entries_url(live_story)}?since={cursor}") == 1
