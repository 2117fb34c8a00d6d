"""Build Half-Hourly's static site: ``python -m builder build --out _site``.

Runs on CPython only. It may import :mod:`pyruntime`; pyruntime never imports it.
"""
