"""This site's own price and carbon feed files (``feeds/v1/``, made nightly by the top-level ``feeds`` job).

:mod:`.client` fetches just the files a report needs, once per session;
:mod:`.files` is the one reader of their layout (pure); :mod:`.tariffs`
turns tariff-year files into priced :class:`~pyruntime.pricing.Tariff` objects,
once per session.
"""
