"""The content API: published stories as IPTC ninjs, for partners and apps (issue #16).

Read-only JSON under ``/api/ninjs/``: a list of items (cursor pagination, filters) and single items
by guid, in ninjs 2.1 or 3.0, for callers with a key from the admin (``ApiKey``) or, where the
site allows it, anyone. A story readers can no longer see (withdrawn, killed by its agency, held
again) answers as a ``canceled`` item, so partners take it down. ``openapi.json`` describes it all.
"""
