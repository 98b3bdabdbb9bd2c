"""Waiting for something a page's script state says, on pages with our Content-Security-Policy."""

import time


def wait_until(page, expression, timeout=10.0):
    """Wait until ``expression`` (JavaScript) is true in ``page``.

    Playwright's ``wait_for_function`` turns the expression into a function with ``eval`` inside the
    page when it has to poll, which our ``script-src 'self'`` forbids (a CI run failed so). Each
    ``page.evaluate`` goes through the browser's debugging protocol, which the policy does not cover.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout:g} s: {expression}")
        page.wait_for_timeout(50)
