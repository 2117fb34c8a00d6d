"""Benchmarks (`make bench`). Speed goals live here, never in timed tests."""
