"""``json.loads`` that cannot crash the browser's Python.

On a hostile document such as ``[[[[…`` ``json.loads`` recurses until it
overflows the WebAssembly stack in Pyodide, which kills the whole worker
instead of raising ``RecursionError``. Anything we parse that came from
outside (a dropped file, a provider's reply) goes through here.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
MAX_DEPTH = 20  # our files and the providers' replies nest at most about 5 deep


class TooDeep(ValueError):
    """The document nests brackets deeper than any file or reply we read."""


def too_deep(text: str, max_depth: int = MAX_DEPTH) -> bool:
    """True when brackets nest deeper than ``max_depth``.

    Brackets inside strings count too: harmless for our documents, and it
    keeps the check at C speed.
    """
    brackets = _NOT_BRACKET.sub("", text)
    return bool(brackets) and max(accumulate(map(_STEP.__getitem__, brackets))) > max_depth


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads(text)``, refusing (:class:`TooDeep`) a document nested deeper than ``max_depth``."""
    if too_deep(text, max_depth):
        raise TooDeep(f"the document nests more than {max_depth} levels deep")
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeep("the document nests too deeply") from None
