"""Half-Hourly's in-browser core.

Pure, synchronous, standard-library-only Python that runs the same on CPython
and inside Pyodide: the half-hourly series model, London local time, the demo
household and the reports. Only ``pyruntime._browser`` (when it exists) may
import ``js`` or ``pyodide``; the worker talks to :mod:`pyruntime.bridge`.
"""

__version__ = "0.1.0"
