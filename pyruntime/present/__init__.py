"""Building blocks of view models, shared by the reports in :mod:`pyruntime.reports`.

:mod:`.blocks` (charts, tables, facts, forms, number formatting),
:mod:`.view` (the URL's report, fuel and period made valid), :mod:`.nav`
(fuel tabs, breadcrumbs, pager), :mod:`.settings` and :mod:`.pricing`
(report settings read from the URL and offered in forms), :mod:`.datafiles`
(feed data and download blocks the reports share).
"""
