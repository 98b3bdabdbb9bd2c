"""Agency feed ingest in three replaceable layers.

``transports`` fetch documents (a file, a folder, an http(s) URL) as bytes; ``formats`` turn bytes
into plain :class:`~articles.ingest.items.AgencyItem` dataclasses without touching the database;
the importer maps those items onto stories and photos.
"""
