"""Signing in to the admin in a browser, as every desk browser test begins."""

from playwright.sync_api import expect

from tests.newsroom_staff import PASSWORD


def sign_in(page, live_server, username):
    """Sign ``page`` in to the admin as ``username`` (the test staff's password) and wait until the
    admin greets them."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def signed_in_page(context, live_server, username):
    """A new page of ``context`` (a browser's cookies) signed in as ``username``."""
    page = context.new_page()
    sign_in(page, live_server, username)
    return page
