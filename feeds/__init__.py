"""Half-Hourly nightly feeds: Octopus tariff prices and regional carbon intensity as static JSON.

Entry point: ``python -m feeds update --out DIR`` (see feeds/README.md).
"""
