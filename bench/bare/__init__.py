"""A bare Django project, the benchmark's baseline: one view, no middleware, no apps, no database.

``make bench`` serves it with gunicorn exactly as it serves the site (same worker class, count and
flags, ``bench.load.Gunicorn``), so every page's throughput is a fraction of what Django itself can
answer on this machine, and the site's own middleware is part of what is measured, not of the yardstick.
"""
