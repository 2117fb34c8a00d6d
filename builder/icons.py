"""The site's icon, drawn by the build: four half-hour bars on the site's blue.

PNG for the web app manifest (installable sites need 192 and 512 px), SVG for
the tab. Made here from a few rectangles, so nothing is fetched or borrowed.
"""

from __future__ import annotations

import struct
import zlib

BLUE = (0x0B, 0x5C, 0xAD)
WHITE = (0xFF, 0xFF, 0xFF)
BARS = ((0.18, 0.55), (0.36, 0.35), (0.54, 0.62), (0.72, 0.25))
"""(left edge, top edge) of each bar as fractions of the icon; every bar is 0.14 wide and ends at 0.82."""


def _inside_bar(x: float, y: float) -> bool:
    return any(left <= x < left + 0.14 and top <= y < 0.82 for left, top in BARS)


def icon_png(size: int) -> bytes:
    """A ``size`` × ``size`` PNG (8-bit RGB, no alpha: safe as a maskable icon too)."""
    rows = []
    for py in range(size):
        y = (py + 0.5) / size
        row = bytearray([0])  # filter: none
        for px in range(size):
            row += bytes(WHITE if _inside_bar((px + 0.5) / size, y) else BLUE)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def icon_svg() -> str:
    bars = "".join(
        f'<rect x="{left * 100:g}" y="{top * 100:g}" width="14" height="{(0.82 - top) * 100:g}"/>' for left, top in BARS
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        '<rect width="100" height="100" rx="12" fill="#0b5cad"/>'
        f'<g fill="#fff">{bars}</g></svg>\n'
    )


def manifest(name: str, description: str) -> dict:
    """The web app manifest: installable, opening on the landing page."""
    return {
        "name": name,
        "short_name": "Half-Hourly",
        "description": description,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cad",
        "icons": [
            {"src": "icons/icon.svg", "sizes": "any", "type": "image/svg+xml"},
            {"src": "icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any maskable"},
            {"src": "icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
        ],
    }
