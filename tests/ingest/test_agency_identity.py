"""Agencies are matched by their known identifiers, whole, across formats, with editors' aliases.

The documents here are original: invented stories in the shapes AP, AAP and Reuters send.
"""

import json
import time

import pytest
from django.db import IntegrityError, transaction

from articles.ingest.agencies import identifier_keys
from articles.ingest.known_agencies import KNOWN_AGENCIES
from articles.ingest.runs import run_feed
from articles.models import Agency, AgencyAlias, AgencyFeed, Story, normalised_agency_name
from tests.builders import make_agency
from tests.ingest.builders import newsml_text, run_import, write_document

pytestmark = pytest.mark.django_db


def newsml_from(provider_qcode, guid):
    """A NewsML-G2 text item whose provider is given only by its QCode, as AP sends it."""
    return (
        newsml_text(guid=guid, headline=f"Lighthouse keepers vote to strike ({guid})")
        .decode()
        .replace('<provider literal="Test Wire"/>', f'<provider qcode="{provider_qcode}"/>')
        .encode()
    )


def nitf_from(distributor, guid, holder=""):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<nitf>
  <head>
    <docdata>
      <doc-id id-string="{guid}"/>
      {f'<doc.copyright holder="{holder}" year="2024"/>' if holder else ""}
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Tide tables reprinted after a decimal slip ({guid})</hl1></hedline>
      <distributor>{distributor}</distributor>
    </body.head>
    <body.content><p>The harbour office printed the new tables overnight.</p></body.content>
  </body>
</nitf>
""".encode()


def ninjs_from(guid, **names):
    item = {
        "uri": guid,
        "type": "text",
        "version": "1",
        "headline": f"Orchard trains return for the apple harvest ({guid})",
        "body_html": "<p>Two steam engines will run on weekends until October.</p>",
        **names,
    }
    return json.dumps(item).encode()


def agency_of(guid):
    return Story.objects.get(source_guid=guid).agency


# One agency, many names -------------------------------------------------------------------------------


def test_ap_by_qcode_name_and_the_name_with_the_article_is_one_agency_across_formats(tmp_path):
    write_document(tmp_path, "a-newsml.xml", newsml_from("nprov:AP", "ap-1"))
    write_document(tmp_path, "b-nitf.xml", nitf_from("The Associated Press", "ap-2"))
    write_document(tmp_path, "c-ninjs.json", ninjs_from("ap-3", copyrightholder="Associated Press"))
    write_document(tmp_path, "d-ninjs.json", ninjs_from("ap-4", provider="ASSOCIATED PRESS"))
    tally, reporter = run_import(tmp_path)

    assert tally.created == 4
    assert Agency.objects.count() == 1
    ap = Agency.objects.get()
    assert (ap.name, ap.credit, ap.slug) == ("Associated Press", "AP", "associated-press")
    assert {agency_of(guid) for guid in ("ap-1", "ap-2", "ap-3", "ap-4")} == {ap}
    # Created under its usual name with the names it is known by, for editors to see and change.
    assert set(ap.aliases.values_list("value", flat=True)) == {"AP", "apnews.com", "ap.org"}
    assert any("created Associated Press (associated-press)" in note for note in reporter.notes)


def test_australian_associated_press_is_not_the_associated_press(tmp_path):
    write_document(tmp_path, "a.xml", newsml_from("nprov:AP", "ap-1"))
    write_document(tmp_path, "b.xml", nitf_from("Australian Associated Press", "aap-1"))
    write_document(tmp_path, "c.json", ninjs_from("aap-2", provider="AAP"))
    write_document(tmp_path, "d.json", ninjs_from("ap-2", provider="AP"))
    run_import(tmp_path)

    ap, aap = agency_of("ap-1"), agency_of("aap-1")
    assert ap != aap
    assert (ap.name, ap.credit) == ("Associated Press", "AP")
    assert (aap.name, aap.credit) == ("Australian Associated Press", "AAP")
    assert agency_of("aap-2") == aap and agency_of("ap-2") == ap
    assert Agency.objects.count() == 2


def test_an_agency_we_hold_under_its_name_is_found_under_its_domain_and_given_its_names(tmp_path):
    reuters = make_agency("Reuters", credit="Reuters")
    write_document(tmp_path, "a.json", ninjs_from("r-1", provider="reuters.com"))
    write_document(tmp_path, "b.json", ninjs_from("r-2", copyrightholder="Thomson Reuters"))
    tally, reporter = run_import(tmp_path)

    assert tally.created == 2
    assert agency_of("r-1") == agency_of("r-2") == reuters
    assert Agency.objects.count() == 1
    assert {"reuters.com", "Thomson Reuters"} <= set(reuters.aliases.values_list("value", flat=True))
    assert any("another name of it" in note for note in reporter.notes)


def test_a_configured_feeds_agency_wins_over_what_the_items_say(tmp_path, wire):
    write_document(tmp_path, "a.json", ninjs_from("f-1", provider="AP"))
    write_document(tmp_path, "b.xml", nitf_from("Australian Associated Press", "f-2"))
    feed = AgencyFeed.objects.create(name="Partner wire", agency=wire, source=str(tmp_path))
    run_feed(feed)
    assert agency_of("f-1") == agency_of("f-2") == wire
    assert Agency.objects.count() == 1  # nothing created from the items' names


def test_an_rss_feed_title_is_not_an_agency(tmp_path):
    feed = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Pull Up Your Plants!</title>
  <link>https://garden.example.test/</link>
  <description>A gardening blog</description>
  <item>
    <title>Why the courgettes gave up in August</title>
    <link>https://garden.example.test/courgettes</link>
    <guid>https://garden.example.test/courgettes</guid>
    <description>&lt;p&gt;Too much water and too little sun, mostly.&lt;/p&gt;</description>
  </item>
</channel></rss>
"""
    path = write_document(tmp_path, "garden.xml", feed.encode())
    run_import(path)
    story = Story.objects.get()
    assert story.agency.name != "Pull Up Your Plants!"
    assert not Agency.objects.filter(name__icontains="plants").exists()


# Editors' aliases ------------------------------------------------------------------------------------


def test_an_alias_an_editor_adds_sends_that_name_to_the_agency(tmp_path, wire):
    AgencyAlias.objects.create(agency=wire, value="Harbour Wire Service")
    write_document(tmp_path, "a.json", ninjs_from("h-1", provider="The Harbour Wire Service"))
    run_import(tmp_path)
    assert agency_of("h-1") == wire


def test_once_an_agency_has_aliases_the_editors_list_is_followed(tmp_path):
    write_document(tmp_path, "a.json", ninjs_from("p-1", provider="PA Media"))
    run_import(tmp_path / "a.json")
    pa = agency_of("p-1")
    assert pa.aliases.filter(value="PA Sport").exists()
    # The desk wants PA's sports service as an agency of its own.
    pa.aliases.filter(value="PA Sport").delete()

    write_document(tmp_path, "b.xml", nitf_from("PA Sport", "p-2"))
    run_import(tmp_path / "b.xml")
    sport = agency_of("p-2")
    assert sport != pa and sport.name == "PA Sport"


def test_known_names_never_take_copy_away_from_another_agency_we_hold(tmp_path):
    sport = make_agency("PA Sport", credit="PA Sport")
    write_document(tmp_path, "a.json", ninjs_from("p-1", provider="Press Association"))
    write_document(tmp_path, "b.xml", nitf_from("PA Sport", "p-2"))
    run_import(tmp_path)

    pa = agency_of("p-1")
    assert pa.name == "PA Media" and pa != sport
    assert not pa.aliases.filter(normalised="pa sport").exists()
    assert agency_of("p-2") == sport


def test_an_alias_belongs_to_one_agency_only(wire):
    other = make_agency("Other Wire")
    AgencyAlias.objects.create(agency=wire, value="Coastal News")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyAlias.objects.create(agency=other, value="THE COASTAL  NEWS")
    assert AgencyAlias.objects.get().agency == wire


# Keys -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("The Associated Press", "Associated Press"),
        ("ASSOCIATED PRESS", "associated press"),
        ("A.P.", "AP"),
        ("Associated Press Inc.", "Associated Press"),
        ("Deutsche Presse-Agentur GmbH", "Deutsche Presse Agentur"),
        ("www.reuters.com", "reuters.com"),
        ("Agence France-Presse", "Agence France Presse"),
    ],
)
def test_names_that_differ_only_in_form_are_one_key(one, other):
    assert normalised_agency_name(one) == normalised_agency_name(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("AP", "AAP"),
        ("Associated Press", "Australian Associated Press"),
        ("PA", "PA Sport"),
        ("TT", "STT"),
        ("The", ""),
    ],
)
def test_names_are_compared_whole_never_by_a_part(one, other):
    assert normalised_agency_name(one) != normalised_agency_name(other)


def test_identifier_keys_read_qcodes_and_addresses():
    assert identifier_keys("nprov:AP") == ["nprov ap", "ap"]
    assert "ap" in identifier_keys("http://cv.iptc.org/newscodes/newsprovider/AP")
    assert "reuterscom" in identifier_keys("https://www.reuters.com/")
    assert identifier_keys("Associated Press") == ["associated press"]
    assert identifier_keys("") == []


def test_every_known_name_belongs_to_one_known_agency():
    owners = {}
    for known in KNOWN_AGENCIES:
        for key in known.keys:
            assert owners.setdefault(key, known.name) == known.name, key
    assert owners["ap"] == "Associated Press" and owners["aap"] == "Australian Associated Press"


def test_normalising_a_name_takes_time_in_proportion_to_its_length():
    def timed(size):
        hostile = ("The. -’" * size) + ("a" * size) + " GmbH"
        start = time.perf_counter()
        normalised_agency_name(hostile)
        identifier_keys("nprov:" + hostile)
        return time.perf_counter() - start

    small, large = timed(10_000), timed(100_000)
    assert large < max(small, 0.001) * 40


def test_a_dry_run_says_which_agency_it_would_create_and_writes_nothing(tmp_path):
    write_document(tmp_path, "a.xml", newsml_from("nprov:AP", "ap-1"))
    write_document(tmp_path, "b.xml", nitf_from("Australian Associated Press", "aap-1"))
    make_agency("Reuters", credit="Reuters")
    write_document(tmp_path, "c.json", ninjs_from("r-1", provider="reuters.com"))
    tally, reporter = run_import(tmp_path, dry_run=True)

    assert tally.failed == 0
    assert list(Agency.objects.values_list("name", flat=True)) == ["Reuters"]
    assert not AgencyAlias.objects.exists() and not Story.objects.exists()
    notes = " ".join(reporter.notes)
    assert "would create Associated Press (associated-press)" in notes
    assert "would create Australian Associated Press" in notes
    assert "go to Reuters (" in notes
