"""Agencies in the admin: the names each is known by, edited inline, one agency per name."""

import pytest
from django.urls import reverse

from articles.models import AgencyAlias
from tests.builders import make_agency
from tests.desk_builders import logged_in, messages_of
from tests.newsroom_staff import make_editor, make_reporter, make_wire_desk

pytestmark = pytest.mark.django_db
PREFIX = "aliases"


def agency_form(agency, aliases=(), **fields):
    """What the agency's change form posts: its fields and the alias rows (value, pk or None)."""
    data = {
        "name": agency.name,
        "slug": agency.slug,
        "credit": agency.credit,
        "website": agency.website,
        f"{PREFIX}-TOTAL_FORMS": str(len(aliases)),
        f"{PREFIX}-INITIAL_FORMS": str(sum(1 for _value, pk in aliases if pk)),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for number, (value, pk) in enumerate(aliases):
        data[f"{PREFIX}-{number}-value"] = value
        data[f"{PREFIX}-{number}-agency"] = str(agency.pk)
        if pk:
            data[f"{PREFIX}-{number}-id"] = str(pk)
    return data


def change(agency):
    return reverse("admin:articles_agency_change", args=[agency.pk])


def test_the_wire_desk_adds_and_removes_an_agencys_names_on_its_page(client):
    agency = make_agency("Harbour Wire", credit="HW")
    old = AgencyAlias.objects.create(agency=agency, value="Harbour Wire Service")
    client = logged_in(client, make_wire_desk())

    page = client.get(change(agency))
    assert page.status_code == 200 and "Harbour Wire Service" in page.text and "Matched as" in page.text

    data = agency_form(agency, [("Harbour Wire Service", old.pk), ("The H.W. Agency", None)])
    data[f"{PREFIX}-0-DELETE"] = "on"
    response = client.post(change(agency), data)
    assert response.status_code == 302
    alias = AgencyAlias.objects.get()
    assert (alias.agency, alias.value, alias.normalised) == (agency, "The H.W. Agency", "hw agency")


def test_a_name_another_agency_has_is_refused_with_its_owner_named(client):
    ap = make_agency("Associated Press", credit="AP")
    AgencyAlias.objects.create(agency=ap, value="The Associated Press")
    aap = make_agency("Australian Associated Press", credit="AAP")
    client = logged_in(client, make_editor())

    response = client.post(change(aap), agency_form(aap, [("ASSOCIATED PRESS", None)]))
    assert response.status_code == 200
    assert "already names Associated Press" in response.text
    assert list(AgencyAlias.objects.values_list("agency", flat=True)) == [ap.pk]


def test_two_rows_with_the_same_name_in_one_form_are_refused(client):
    agency = make_agency("Harbour Wire", credit="HW")
    client = logged_in(client, make_editor())
    response = client.post(
        change(agency), agency_form(agency, [("Coastal News", None), ("coastal  news", None)])
    )
    assert response.status_code == 200
    assert "are the same name" in response.text
    assert not AgencyAlias.objects.exists()


def test_reporters_see_the_names_but_cannot_change_them(client):
    agency = make_agency("Harbour Wire", credit="HW")
    AgencyAlias.objects.create(agency=agency, value="Harbour Wire Service")
    client = logged_in(client, make_reporter())
    page = client.get(change(agency))
    assert page.status_code == 200 and "Harbour Wire Service" in page.text
    assert 'name="aliases-0-value"' not in page.text
    response = client.post(change(agency), agency_form(agency, [("Something Else", None)]))
    assert response.status_code == 403
    assert AgencyAlias.objects.get().value == "Harbour Wire Service"


def test_the_list_shows_the_names_and_finds_an_agency_by_one_of_them(client):
    agency = make_agency("Associated Press", credit="AP")
    AgencyAlias.objects.create(agency=agency, value="apnews.com")
    make_agency("Australian Associated Press", credit="AAP")
    client = logged_in(client, make_editor())
    response = client.get(reverse("admin:articles_agency_changelist"), {"q": "apnews"})
    assert response.status_code == 200
    assert "apnews.com" in response.text and "Australian Associated Press" not in response.text


def test_the_known_names_action_gives_known_agencies_their_names_and_says_which_are_unknown(client):
    ap = make_agency("Associated Press", credit="AP")
    other = make_agency("The Lighthouse Gazette", credit="TLG")
    aap = make_agency("Australian Associated Press", credit="AAP")
    client = logged_in(client, make_editor())
    response = client.post(
        reverse("admin:articles_agency_changelist"),
        {"action": "give_known_names", "_selected_action": [ap.pk, other.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert set(ap.aliases.values_list("value", flat=True)) == {"AP", "apnews.com", "ap.org"}
    assert not other.aliases.exists() and not aap.aliases.exists()
    said = " ".join(messages_of(response))
    assert "3 names added." in said and "No names are known for The Lighthouse Gazette" in said
