"""A feed set up on the desk reads an http(s) address or a drop folder, never the server's own files:
a wire desk account once made the ingest machine list /etc in a feed's last error and import a
readable local file as a story. The command line still reads any path its operator names."""

import os

import pytest
from django.urls import reverse

from articles.ingest.runs import run_feed
from articles.models import AgencyFeed, Story
from tests.builders import make_agency
from tests.desk_builders import feed_form, logged_in
from tests.ingest.builders import newsml_text, run_import, write_document
from tests.newsroom_staff import make_wire_desk

pytestmark = pytest.mark.django_db

ADD_FEED = reverse("admin:articles_agencyfeed_add")


@pytest.fixture
def drop_folder(tmp_path, settings):
    folder = tmp_path / "drop"
    folder.mkdir()
    settings.INGEST_DROP_FOLDERS = [folder]
    return folder


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("/etc", "only from the drop folders"),
        ("/etc/passwd", "only from the drop folders"),
        ("file:///etc/passwd", "must start with http:// or https://"),
        ("ftp://wire.test/feed.xml", "must start with http:// or https://"),
        ("etc/passwd", "full path"),
    ],
)
def test_the_desk_may_not_point_a_feed_at_the_servers_own_files(client, drop_folder, source, reason):
    response = logged_in(client, make_wire_desk()).post(ADD_FEED, feed_form(make_agency(), [], source=source))

    assert response.status_code == 200
    assert reason in response.context["adminform"].form.errors["source"][0]
    assert not AgencyFeed.objects.exists()


def test_a_drop_folder_and_an_address_are_accepted(client, drop_folder):
    desk = logged_in(client, make_wire_desk())
    for name, source in (("Drop", str(drop_folder / "agency-a")), ("Web", "https://wire.test/feed.xml")):
        response = desk.post(ADD_FEED, feed_form(make_agency(), [], name=name, source=source))
        assert response.status_code == 302, response.context["adminform"].form.errors
    assert AgencyFeed.objects.count() == 2


def test_a_link_out_of_the_drop_folder_is_not_followed(client, drop_folder, tmp_path):
    outside = tmp_path / "outside"
    write_document(outside, "secret.xml", newsml_text(headline="Server-only words"))
    os.symlink(outside, drop_folder / "looks-inside")

    response = logged_in(client, make_wire_desk()).post(
        ADD_FEED, feed_form(make_agency(), [], source=str(drop_folder / "looks-inside"))
    )
    assert "only from the drop folders" in response.context["adminform"].form.errors["source"][0]

    # A row made another way (a shell, an older release) is refused when it runs, and reads nothing.
    feed = AgencyFeed.objects.create(
        name="Old", agency=make_agency(), source=str(drop_folder / "looks-inside")
    )
    tally = run_feed(feed)
    feed.refresh_from_db()
    assert tally.failed == 1 and not Story.objects.exists()
    assert "only from the drop folders" in feed.last_error and "secret.xml" not in feed.last_error


def test_the_command_line_still_reads_any_path_its_operator_names(tmp_path, drop_folder, world):
    outside = tmp_path / "elsewhere"
    write_document(outside, "a.xml", newsml_text())
    tally, _reporter = run_import(outside, agency=make_agency(), section=world)
    assert tally.created == 1
