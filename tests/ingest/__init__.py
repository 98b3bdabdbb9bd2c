"""Agency ingest: parsers, transports, the importer and the ingest command."""
