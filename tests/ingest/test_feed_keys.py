"""A feed's key for agency APIs that ask for one: sent in the header the wire desk chose, only to the
feed's own scheme, host and port (never after a redirect elsewhere), and never shown in the admin."""

import pytest
from django.urls import reverse

from articles.ingest.runs import run_feed
from articles.ingest.transports import fetch_document, read_reference
from articles.models import AgencyFeed, Story
from tests.ingest.builders import newsml_text
from tests.servers import LocalServer

pytestmark = pytest.mark.django_db

KEY = "k-7f3a9c-harbour"


@pytest.fixture
def servers(settings):
    settings.INGEST_ALLOW_PRIVATE_URLS = True
    document = (200, {"Content-Type": "application/xml"}, newsml_text(guid="urn:test:keyed"))
    elsewhere = LocalServer({"/feed.xml": document})
    agency_api = LocalServer(
        {
            "/feed.xml": document,
            "/moved": (301, {"Location": "/feed.xml"}, b""),
            "/away": (302, {"Location": elsewhere.url("/feed.xml")}, b""),
        }
    )
    yield agency_api, elsewhere
    agency_api.close()
    elsewhere.close()


def keyed_feed(agency, source, kind=AgencyFeed.Credential.API_KEY):
    return AgencyFeed.objects.create(
        name="Keyed wire", agency=agency, source=source, credential_kind=kind, credential=KEY
    )


def sent(server, name):
    return [headers.get(name) for _path, headers in server.requests]


def test_the_key_goes_to_the_feeds_own_address(servers, wire):
    agency_api, _elsewhere = servers
    tally = run_feed(keyed_feed(wire, agency_api.url("/moved")))
    assert tally.created == 1
    # The redirect stayed on the same host and port: both requests carry the key.
    assert [path for path, _headers in agency_api.requests] == ["/moved", "/feed.xml"]
    assert sent(agency_api, "X-Api-Key") == [KEY, KEY]


def test_a_redirect_to_another_host_is_followed_without_the_key(servers, wire):
    agency_api, elsewhere = servers
    tally = run_feed(keyed_feed(wire, agency_api.url("/away"), kind=AgencyFeed.Credential.BEARER))
    assert tally.created == 1
    assert sent(agency_api, "Authorization") == [f"Bearer {KEY}"]
    assert sent(elsewhere, "Authorization") == [None]
    assert Story.objects.get().source_guid == "urn:test:keyed"


def test_a_feed_without_a_key_sends_none(servers, wire):
    agency_api, _elsewhere = servers
    feed = AgencyFeed.objects.create(name="Open wire", agency=wire, source=agency_api.url("/feed.xml"))
    run_feed(feed)
    assert sent(agency_api, "X-Api-Key") == [None] and sent(agency_api, "Authorization") == [None]


def test_pictures_on_the_agencys_server_are_fetched_with_the_key_and_others_without(servers):
    agency_api, elsewhere = servers
    agency_api.server.routes["/pictures/pier.jpg"] = (200, {}, b"AGENCYJPEG")
    elsewhere.server.routes["/pier.jpg"] = (200, {}, b"OTHERJPEG")
    document = fetch_document(agency_api.url("/feed.xml"), credentials={"X-Api-Key": KEY})
    assert KEY not in repr(document)

    assert read_reference(document, "/pictures/pier.jpg") == b"AGENCYJPEG"
    assert read_reference(document, elsewhere.url("/pier.jpg")) == b"OTHERJPEG"
    assert sent(agency_api, "X-Api-Key") == [KEY, KEY]
    assert sent(elsewhere, "X-Api-Key") == [None]


def change_form_data(feed, **changes):
    data = {
        "name": feed.name,
        "agency": feed.agency_id,
        "source": feed.source,
        "format": feed.format,
        "time_zone": feed.time_zone,
        "poll_interval": feed.poll_interval,
        "is_active": "on",
        "credential_kind": feed.credential_kind,
        "credential": "",
        "mappings-TOTAL_FORMS": "0",
        "mappings-INITIAL_FORMS": "0",
        **changes,
    }
    return data


def test_the_admin_never_shows_the_key_and_an_empty_field_keeps_it(admin_client, wire):
    feed = keyed_feed(wire, "https://api.example.com/items")
    url = reverse("admin:articles_agencyfeed_change", args=[feed.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and KEY not in page.content.decode()

    saved = admin_client.post(url, change_form_data(feed, name="Keyed wire, renamed"))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    feed.refresh_from_db()
    assert (feed.name, feed.credential) == ("Keyed wire, renamed", KEY)

    admin_client.post(url, change_form_data(feed, credential="a-new-key"))
    feed.refresh_from_db()
    assert feed.credential == "a-new-key"

    admin_client.post(url, change_form_data(feed, credential_kind=""))
    feed.refresh_from_db()
    assert (feed.credential_kind, feed.credential) == ("", "")


def test_choosing_a_key_header_without_a_key_is_refused(admin_client, wire):
    feed = AgencyFeed.objects.create(name="Open wire", agency=wire, source="https://api.example.com/x")
    url = reverse("admin:articles_agencyfeed_change", args=[feed.pk])
    answer = admin_client.post(url, change_form_data(feed, credential_kind="x-api-key"))
    assert answer.status_code == 200
    assert "Enter the key the agency gave you." in answer.content.decode()
    feed.refresh_from_db()
    assert feed.credential_kind == ""
