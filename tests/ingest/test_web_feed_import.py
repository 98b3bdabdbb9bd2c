"""Atom with media:/georss: and JSON Feed through the same importer from a folder (``manage.py
ingest``), a file, a URL and a configured feed: stories with their people, places and pictures."""

import json
from pathlib import Path

import pytest

from articles.ingest.runs import run_feed
from articles.models import Agency, AgencyFeed, Author, Photo, Story
from tests.images import encode, jpeg_bytes
from tests.ingest.builders import fixture_bytes, ingest, run_import, write_document
from tests.servers import LocalServer

pytestmark = pytest.mark.django_db

ATOM_PICTURES = (
    "fishmarket-3000.jpg",
    "fishmarket-300.jpg",
    "lighthouse-640.jpg",
    "puffins-800.jpg",
    "puffins-4000.jpg",
)
JSON_PICTURES = ("night-ferry.jpg", "timetable.png", "seal-pups.jpg")


def atom_feed(base=""):
    """The Atom fixture with its pictures at ``base`` (relative to the document when empty)."""
    return fixture_bytes("atom/media-georss.xml").replace(
        b"https://northsea.example.net/photos/", base.encode()
    )


def json_feed(base=""):
    return fixture_bytes("jsonfeed/harbour-bulletin.json").replace(
        b"https://bulletin.example.org/img/", base.encode()
    )


def picture_bytes(name, number):
    if name.endswith(".png"):
        from PIL import Image

        return encode(Image.new("RGB", (80, 60), (number * 30, 90, 160)), "PNG")
    return jpeg_bytes(size=(96, 64), color=(number * 20 % 256, 120, 200 - number))


def drop_folder(folder):
    write_document(folder, "coast.atom", atom_feed())
    write_document(folder, "bulletin.json", json_feed())
    for number, name in enumerate((*ATOM_PICTURES, *JSON_PICTURES)):
        write_document(folder, name, picture_bytes(name, number))
    return folder


def test_manage_py_ingest_of_a_folder_with_atom_media_georss_and_a_json_feed(tmp_path, wire, world):
    status, lines = ingest(drop_folder(tmp_path / "drop"), "--agency", wire.slug, "--section", world.slug)
    assert status == 0, lines
    # Two Atom entries and two JSON Feed items are stories; the Atom puffins entry and the JSON Feed
    # seal pups are pictures alone, filed in the photo library.
    assert lines[-1] == "created 4, updated 0, unchanged 0, withdrawn 0, failed 0"
    assert lines[-2] == "photo library: 2 pictures added, 0 already there, 0 failed"

    market = Story.objects.get(source_guid="urn:example:northsea-wire:2024-0514-fishmarket")
    assert market.headline == "Bergen fish market moves indoors for the winter season"
    assert [author.name for author in market.ordered_authors] == ["Signe Havik"]
    assert market.dateline == "Bergen, Norway"
    assert market.standfirst == "Stallholders get heated halls and a longer lease from October."
    assert market.body.startswith("<p>The city council voted on Monday to move the fish market")
    assert "«We will finally feel our fingers,»" in market.body
    assert market.status == Story.Status.DRAFT
    assert (market.agency, market.section) == (wire, world)
    assert market.lead_photo.caption == "Traders set out crab and prawns under the awnings at first light."
    assert market.lead_photo.credit == "Jonas Vik / Northsea Wire"
    assert market.lead_photo.photographer == "Jonas Vik"

    cottage = Story.objects.get(source_guid="urn:example:northsea-wire:2024-0514-lighthouse")
    assert cottage.ordered_authors == []  # "Northsea Wire Culture Desk" is no person
    assert cottage.dateline == ""
    assert cottage.lead_photo.caption == "The keeper's cottage below the lighthouse"
    assert cottage.lead_photo.credit == "Northsea Wire"

    ferry = Story.objects.get(source_guid="hb-2024-0901")
    assert ferry.headline == "Night ferry returns to the island route after four years"
    assert [author.name for author in ferry.ordered_authors] == ["Callum Reid", "Orla Byrne"]
    assert ferry.body.startswith("<p>The island council has agreed to bring back the 23:30 sailing")
    assert ferry.standfirst == "The late crossing will run on Fridays and Saturdays from October."
    assert ferry.language == "en-GB"
    assert sorted(ferry.tags.names()) == ["Islands", "Transport"]
    assert ferry.lead_photo.credit == "Priya Nair / Harbour Bulletin"
    assert ferry.lead_photo.alt_text == "The ferry at the quay after dark"
    assert [photo.display_caption for photo in ferry.story_photos.all()] == ["The new winter timetable"]

    rescue = Story.objects.get(source_guid="20240902")
    assert rescue.ordered_authors == []  # the feed's newsdesk: a byline, no Author
    assert rescue.body.startswith("<p>Two kayakers were brought ashore on Sunday evening")

    assert Photo.objects.get(
        caption="Puffins gather on the grass ledges of the bird cliff at Runde."
    ).photographer == ("Ragnhild Berge")
    assert Photo.objects.filter(caption="Two grey seal pups rest on the sand below the dunes.").exists()
    assert not Author.objects.filter(name__in=["Northsea Newsdesk", "Harbour Bulletin Newsdesk"]).exists()

    status, lines = ingest(tmp_path / "drop", "--agency", wire.slug, "--section", world.slug)
    assert (status, lines[-1]) == (0, "created 0, updated 0, unchanged 4, withdrawn 0, failed 0")


def test_a_single_file_imports_through_the_same_importer(tmp_path, wire, world):
    path = write_document(tmp_path, "bulletin.json", json_feed("https://bulletin.example.org/img/"))
    tally, reporter = run_import(path, agency=wire, section=world, remote_photos=False)
    assert tally.summary_line() == "created 2, updated 0, unchanged 0, withdrawn 0, failed 0"
    # The pictures are remote and this run fetches none: the stories come without them, the lone
    # picture fails on its own line.
    assert Story.objects.get(source_guid="hb-2024-0901").lead_photo is None
    [failure] = reporter.failures
    assert "[hb-2024-0903]" in failure and "remote pictures are not fetched" in failure


@pytest.fixture
def feed_server(settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    running = LocalServer({})
    yield running
    running.close()


def test_an_atom_feed_and_its_pictures_from_a_url(feed_server, wire, world):
    base = feed_server.url("/photos/")
    feed_server.server.routes["/coast.atom"] = (
        200,
        {"Content-Type": "application/atom+xml"},
        atom_feed(base),
    )
    for number, name in enumerate(ATOM_PICTURES):
        feed_server.server.routes[f"/photos/{name}"] = (
            200,
            {"Content-Type": "image/jpeg"},
            picture_bytes(name, number),
        )
    tally, _reporter = run_import(feed_server.url("/coast.atom"), agency=wire, section=world)
    assert tally.summary_line() == "created 2, updated 0, unchanged 0, withdrawn 0, failed 0"
    market = Story.objects.get(source_guid="urn:example:northsea-wire:2024-0514-fishmarket")
    assert market.dateline == "Bergen, Norway"
    assert market.lead_photo.credit == "Jonas Vik / Northsea Wire"
    assert Photo.objects.filter(photographer="Ragnhild Berge").exists()


def test_a_configured_feed_in_json_feed_format(tmp_path, wire, world):
    folder = drop_folder(tmp_path / "drop")
    (folder / "coast.atom").unlink()  # a JSON Feed folder: the format is fixed, not detected
    feed = AgencyFeed.objects.create(
        name="Harbour Bulletin",
        agency=wire,
        source=str(folder),
        format=AgencyFeed.Format.JSONFEED,
        section=world,
    )
    tally = run_feed(feed)
    assert tally.summary_line() == "created 2, updated 0, unchanged 0, withdrawn 0, failed 0"
    assert Story.objects.get(source_guid="hb-2024-0901").agency_copy.feed == feed
    feed.refresh_from_db()
    assert feed.last_error == ""


def test_a_json_feed_without_items_fails_with_its_reason(tmp_path, wire, world):
    write_document(
        tmp_path, "bulletin.json", json.dumps({"version": "https://jsonfeed.org/version/1.1"}).encode()
    )
    status, lines = ingest(Path(tmp_path), "--agency", wire.slug, "--format", "jsonfeed")
    assert status == 1
    assert any("bulletin.json" in line and "has no items list" in line for line in lines)


def test_the_feed_format_is_offered_to_the_desk():
    assert ("jsonfeed", "JSON Feed") in [(value, str(label)) for value, label in AgencyFeed.Format.choices]


def test_rss_in_windows_1252_imports_once_unescaped_with_no_author_for_a_slogan(tmp_path, wire, world):
    path = write_document(tmp_path, "bulletin.rss", fixture_bytes("rss/windows-1252-undeclared.xml"))
    tally, _reporter = run_import(path, agency=wire, section=world)
    assert tally.summary_line() == "created 2, updated 0, unchanged 0, withdrawn 0, failed 0"
    marrow = Story.objects.get(source_guid="mb-2024-0630")
    assert marrow.headline == "Allotment society’s “giant marrow” weighs in at 41kg"
    assert marrow.body.startswith("<p>The winning marrow – grown behind the old mill – earned its keeper £50")
    assert marrow.ordered_authors == []
    assert not Author.objects.filter(name__in=["Pull Up Your Plants!", "Millbrook Newsdesk"]).exists()
    assert marrow.agency == wire  # the configured agency, never one named after "Millbrook Evening Bulletin"


def test_without_an_agency_the_channel_title_does_not_become_one(tmp_path, world):
    for name in ("rss/windows-1252-undeclared.xml", "rss/greek-iso-8859-7.xml"):
        write_document(tmp_path, name.rsplit("/", 1)[-1], fixture_bytes(name))
    tally, _reporter = run_import(tmp_path, section=world)
    assert tally.summary_line() == "created 4, updated 0, unchanged 0, withdrawn 0, failed 0"
    titles = ["Millbrook Evening Bulletin", "Ειδήσεις του Λιμανιού"]
    assert not Agency.objects.filter(name__in=titles).exists()
    assert not Story.objects.filter(agency__name__in=titles).exists()
