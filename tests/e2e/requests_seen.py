"""What the browser tests count as a request: anything but the page's own memory."""

from __future__ import annotations


def record_request(request, requests: list[str], site_url: str) -> None:
    """Append ``request``'s URL to ``requests``, unless it is for a ``blob:`` of the site's own origin:
    that is the page's own memory (Python's worker starts from one, js/start-worker.mjs); nothing is sent."""
    if not request.url.startswith(f"blob:{site_url}/"):
        requests.append(request.url)
