"""Settings split by environment: base, dev, test and production.

``manage.py`` and the WSGI/ASGI entry points default to ``dev``; production sets
``DJANGO_SETTINGS_MODULE=newsroom.settings.production`` and the test suite uses ``test``.
"""
