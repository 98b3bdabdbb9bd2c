"""The admin log-in lock against spellings of one user name, many addresses and a proxy in front.

After five failures an account is locked however its name is spelt (``ｒeporter`` with a fullwidth r,
``Reporter``, `` reporter ``) and from whatever address; log-in means the same account by every
spelling the lock counts together. Behind ``NEWSROOM_TRUSTED_PROXIES`` proxies each visitor is
counted by their own address, which they cannot choose by writing X-Forwarded-For themselves.
"""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from newsroom.accounts.models import LoginFailure
from newsroom.security import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-desk-password"
LOOK_ALIKES = [
    "ｒeporter",
    "Reporter",
    " reporter ",
    "REPORTER",
    "ＲＥＰＯＲＴＥＲ",
    "reporter\u00a0",
    "ℜeporter",
]


@pytest.fixture
def reporter(django_user_model):
    return django_user_model.objects.create_user("reporter", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


# Look-alike spellings ------------------------------------------------------------------------------


def test_five_failures_in_look_alike_spellings_lock_the_account_from_every_address(client, reporter):
    for number, spelling in enumerate(
        ["ｒeporter", "Reporter", " reporter ", "REPORTER", "ＲＥＰＯＲＴＥＲ"]
    ):
        assert log_in(client, spelling, "wrong", address=f"198.51.100.{number}").status_code == 200

    for spelling in ["reporter", "ｒeporter", "Ｒeporter", "reporter "]:
        refused = log_in(client, spelling, PASSWORD, address="192.0.2.99")
        assert refused.status_code == 429, spelling
    assert logged_in_user_id(client) is None


def test_forty_guesses_in_look_alike_spellings_from_ten_addresses_are_throttled(client, reporter):
    answered = 0
    for guess in range(40):
        spelling = LOOK_ALIKES[guess % len(LOOK_ALIKES)]
        response = log_in(client, spelling, f"guess-{guess}", address=f"198.51.100.{guess % 10}")
        answered += response.status_code != 429
    assert answered == 5


@pytest.mark.parametrize("spelling", ["ｒeporter", "Reporter", " reporter ", "ＲＥＰＯＲＴＥＲ"])
def test_a_look_alike_spelling_with_the_right_password_is_the_same_account(client, reporter, spelling):
    assert log_in(client, spelling, PASSWORD).status_code == 302
    assert logged_in_user_id(client) == str(reporter.pk)


def test_a_name_that_only_looks_similar_is_another_account_and_logs_in_to_nothing(client, reporter):
    # Small capital R and a zero-width space are not compatibility spellings of "r": no account.
    for spelling in ["ʀeporter", "re\u200bporter"]:
        assert log_in(client, spelling, PASSWORD).status_code == 200
    assert logged_in_user_id(client) is None


def test_new_accounts_are_stored_under_the_normalised_name(django_user_model):
    user = django_user_model.objects.create_user(" Ｎight-Desk ", password=PASSWORD)
    user.refresh_from_db()
    assert user.username == "night-desk"


def test_an_account_stored_before_names_were_normalised_still_logs_in_and_shares_the_lock(
    client, django_user_model
):
    legacy = django_user_model.objects.create_user("legacy", password=PASSWORD, is_staff=True)
    django_user_model.objects.filter(pk=legacy.pk).update(username="LegacyDesk")

    assert log_in(client, "LegacyDesk", PASSWORD).status_code == 302
    client.logout()
    for spelling in ["legacydesk", "LEGACYDESK", "ＬegacyDesk", "LegacyDesk", "legacyDesk"]:
        assert log_in(client, spelling, "wrong").status_code == 200
    assert log_in(client, "LegacyDesk", PASSWORD).status_code == 429


# Counting in the database --------------------------------------------------------------------------


def test_failures_from_one_address_against_many_names_lock_that_address(client, reporter):
    for number in range(5):
        assert log_in(client, f"someone-{number}", "wrong").status_code == 200
    assert log_in(client, "reporter", PASSWORD).status_code == 429
    assert log_in(client, "reporter", PASSWORD, address="192.0.2.50").status_code == 302


def test_one_ipv6_subscriber_network_is_one_address(client):
    for number in range(5):
        assert (
            log_in(client, f"someone-{number}", "wrong", address=f"2001:db8:1:2::{number:x}").status_code
            == 200
        )
    assert log_in(client, "someone-9", "wrong", address="2001:db8:1:2:ffff::1").status_code == 429
    assert log_in(client, "someone-9", "wrong", address="2001:db8:1:3::1").status_code == 200


def test_failures_older_than_the_window_do_not_count_and_are_deleted(client, reporter, settings):
    for _ in range(5):
        log_in(client, "reporter", "wrong")
    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW + 1))

    assert log_in(client, "reporter", "wrong").status_code == 200  # old ones no longer count
    assert LoginFailure.objects.count() == 1  # ...and went when this one was written
    assert log_in(client, "reporter", PASSWORD).status_code == 302


def test_logging_in_clears_only_that_accounts_failures(client, reporter):
    for number in range(3):
        log_in(client, f"someone-{number}", "wrong")
    log_in(client, "Reporter", "wrong")
    assert log_in(client, "reporter", PASSWORD).status_code == 302
    client.logout()
    # The address's three failures against other names still count: two more lock it.
    for number in range(2):
        assert log_in(client, f"other-{number}", "wrong").status_code == 200
    assert log_in(client, "reporter", PASSWORD).status_code == 429


def test_the_table_holds_no_address_and_no_typed_name(client):
    log_in(client, "typed-secret-name", "wrong", address="203.0.113.42")
    stored = LoginFailure.objects.values_list("address_key", "username_key").get()
    assert all("203.0.113.42" not in key and "typed-secret-name" not in key for key in stored)


# Trusted proxies -----------------------------------------------------------------------------------


def address_seen(settings, proxies, forwarded=None, remote="10.0.0.2"):
    settings.NEWSROOM_TRUSTED_PROXIES = proxies
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().post("/admin/login/", **headers))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),  # no proxy: the header is the client's own writing
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # the left-most value was typed by the client
        (2, "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # fewer entries than proxies: not from our proxies
        (1, None, "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "1.2.3.4, not-an-address", "10.0.0.2"),
        (1, "1.2.3.4, 198.51.100.7:4431", "10.0.0.2"),
        (1, "1.2.3.4,2001:DB8::0:7", "2001:db8::7"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies(settings, proxies, forwarded, expected):
    assert address_seen(settings, proxies, forwarded) == expected


def test_behind_one_proxy_each_visitor_has_their_own_lock(client, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for number in range(5):
        response = log_in(
            client, f"someone-{number}", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
        assert response.status_code == 200
    locked = log_in(client, "someone-9", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    # Another visitor through the same proxy is not locked out...
    other = log_in(client, "someone-9", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200
    # ...and the locked one cannot escape by writing another address in front of the proxy's.
    spoofed = log_in(
        client, "someone-9", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7"
    )
    assert spoofed.status_code == 429


def test_without_trusted_proxies_a_forged_header_changes_nothing(client, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    for number in range(5):
        log_in(client, f"someone-{number}", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    assert log_in(client, "someone-9", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.77").status_code == 429
