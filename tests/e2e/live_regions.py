"""Which of a page's live regions hold a text: each one a screen reader would read it from."""

from __future__ import annotations

# Live by markup: aria-live (not off), or a role or element that is live by default.
_LIVE_HOLDING = """(text) => {
  const live = "[aria-live]:not([aria-live=off]), [role=alert], [role=status], [role=log], [role=timer], output";
  return [...document.querySelectorAll(live)]
    .filter((el) => el.textContent.includes(text))
    .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className} ${el.getAttribute("role") || ""}`);
}"""


def live_regions_holding(page, text: str) -> list[str]:
    """A description of each live region whose text includes ``text`` (nested ones each count: both are read)."""
    return page.evaluate(_LIVE_HOLDING, text)
