"""Benchmarks for ``make bench``: every timing a ratio against a baseline measured in the same run."""
