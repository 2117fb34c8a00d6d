"""Python's start-up in the page, step by step: the ``half-hourly:boot:*`` marks.

The page marks when the service worker took control; the worker reports its
own steps and when each of its downloads started and ended (on the page's
clock, ms from navigation). Used by ``site_bench.py`` and ``network_bench.py``.
"""

from __future__ import annotations

PREFIX = "half-hourly:boot:"


def read(page) -> list[tuple[str, float]]:
    """``[(step, ms from navigation), ...]`` in time order, then the first drawn view and Python ready."""
    marks = page.evaluate(
        "[...performance.getEntriesByType('mark').filter(m => m.name.startsWith('half-hourly:'))"
        ".map(m => [m.name, m.startTime]),"
        " ...performance.getEntriesByName('half-hourly:view').slice(0, 1).map(m => ['first view drawn',"
        " m.startTime + m.duration])]"
    )
    # The page's own downloads of runtime files (its preload hints), beside the worker's.
    marks += page.evaluate(
        "performance.getEntriesByType('resource').filter(r => /\\/(pyodide|py)\\//.test(r.name)).flatMap(r => {"
        " const n = 'page ' + new URL(r.name).pathname.split('/').pop().replace(/-[0-9a-f]{16}/, '');"
        " return [[n + ':start', r.startTime], [n + ':end', r.responseEnd]]; })"
    )
    steps = [(name.removeprefix(PREFIX), ms) for name, ms in marks
             if name.startswith((PREFIX, "page ")) or name in ("half-hourly:python-ready", "first view drawn")]
    return sorted(steps, key=lambda s: s[1])


def median_timeline(runs: list[list[tuple[str, float]]]) -> list[tuple[str, float]]:
    """Each step's median over runs (steps missing from a run are left out of its median)."""
    import statistics

    names = {name for run in runs for name, _ in run}
    med = {n: statistics.median([ms for run in runs for name, ms in run if name == n]) for n in names}
    return sorted(med.items(), key=lambda s: s[1])


def format_timeline(steps: list[tuple[str, float]]) -> str:
    return "\n".join(f"  {ms:8.0f} ms  {name}" for name, ms in steps)
