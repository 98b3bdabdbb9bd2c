"""The photo desk's image layers: embedded metadata, upload validation and renditions.

Everything in this package works on bytes and Pillow images only; the models, admin and importer
build on it so that there is one metadata mapping, one upload policy and one rendition code path.
"""
