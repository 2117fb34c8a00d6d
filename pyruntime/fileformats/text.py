"""Turn a dropped file into text, refusing what is not a readable data file.

The caller passes the file as bytes (or already-decoded text). Everything
here runs before any parsing so that a huge, binary or wrongly encoded file
gets one clear sentence instead of a stack trace.
"""

from __future__ import annotations

import re

from ..errors import BadInput

MAX_BYTES = 50 * 1024 * 1024  # [bytes] a decade of half-hours in the most verbose format is ~25 MB
_SNIPPET = 24  # [characters] never echo more of a file than this
# A web address (scheme://...): a saved API reply can hold links, and a link can carry credentials.
_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")


class ImportFailure(BadInput):
    """A file we cannot read, with a message the user can act on.

    ``row`` is the 1-based line of the file the problem was found on, when
    there is one. The message never quotes more than a short, sanitised
    snippet of the file.
    """

    kind = "bad_file"

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row

    def to_json(self) -> dict:
        return {"message": self.message, "row": self.row}

    def detail(self) -> dict:
        return self.to_json()


def snippet(text: object) -> str:
    """A short, printable, quoted excerpt of a cell, safe to show as plain text.

    Control characters are dropped, whitespace collapsed and angle brackets
    replaced, so that neither markup nor a spreadsheet formula survives. A web
    address is replaced by "(a web address)": it is never a reading, and one
    in a saved reply may carry a key or a password.
    """
    s = "".join(c if c.isprintable() else " " for c in str(text))
    s = " ".join(s.split()).replace("<", "‹").replace(">", "›")
    s = _ADDRESS.sub("(a web address)", s)
    if s[:1] in ("=", "+", "@") or (s[:1] == "-" and not _looks_numeric(s)):
        s = "'" + s  # neutralise a formula if the message is ever pasted into a spreadsheet
    if len(s) > _SNIPPET:
        s = s[: _SNIPPET - 1] + "…"
    return f"“{s}”"


def _looks_numeric(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def decode(data: bytes | str) -> tuple[str, str]:
    """``(text, encoding)`` for a dropped file.

    UTF-8 (with or without a byte-order mark) first; Windows exports of the
    Octopus gas file write ``m³`` in Latin-1/cp1252, so fall back to that.
    Refuses files over :data:`MAX_BYTES` before touching their content, and
    files that are clearly not text (spreadsheets, archives, binary junk).
    """
    size = len(data)
    if size > MAX_BYTES:
        raise ImportFailure(
            f"This file is {size / 1048576:.0f} MB; the limit is {MAX_BYTES // 1048576} MB. "
            "Export a shorter date range, or split the file, and try again."
        )
    if size == 0:
        raise ImportFailure(EMPTY)
    if isinstance(data, str):
        text, encoding = data, "text"
    else:
        _refuse_known_binary(data[:8])
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            # Excel's "Unicode text" and some Windows tools write UTF-16 with a byte-order mark.
            text, encoding = data.decode("utf-16", errors="replace"), "utf-16 (with byte-order mark)"
        elif codec := _utf16_without_mark(data):
            text, encoding = data.decode(codec, errors="replace"), f"{codec} (without byte-order mark)"
        elif b"\x00" in data[:65536]:
            raise ImportFailure(_NOT_TEXT)
        elif data.startswith(b"\xef\xbb\xbf"):
            text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8 (with byte-order mark)"
        else:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, encoding = data.decode("cp1252", errors="replace"), "windows-1252 (not UTF-8)"
    text = text.removeprefix("\ufeff")
    head = text[:65536]
    controls = sum(1 for c in head if ord(c) < 32 and c not in "\r\n\t")
    if "\x00" in head or controls > len(head) // 100 + 2 or head.count("\ufffd") > len(head) // 50 + 2:
        raise ImportFailure(_NOT_TEXT)
    # Meter files are nearly all ASCII (a "m³" or "£" at most); random bytes read as
    # Windows-1252 are mostly accented letters and symbols.
    if encoding.startswith("windows") and sum(1 for c in head if ord(c) > 127) > len(head) // 10 + 2:
        raise ImportFailure(_NOT_TEXT)
    if not text.strip():
        raise ImportFailure(BLANK)
    return text, encoding


EMPTY = ("This file is empty (0 bytes): it was not saved or downloaded whole. Download it again from your provider, "
         "or pick another file.")
BLANK = ("This file is empty apart from blank lines (no headings, no readings): it was not saved or downloaded whole. "
         "Download it again from your provider, or pick another file.")


def _utf16_without_mark(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` for text saved as UTF-16 without its byte-order mark; else None.

    Some Windows tools save so. A meter file is nearly all ASCII, which UTF-16 writes as a zero byte beside every
    character's byte, always on the same side; binary data has zero bytes on both sides.
    """
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if not any(odd) and all(even):
        return "utf-16-le"
    if not any(even) and all(odd):
        return "utf-16-be"
    return None


_NOT_TEXT = (
    "This does not look like a CSV or JSON file (it contains binary data). "
    "Download the readings again as CSV and choose that file."
)


def _refuse_known_binary(head: bytes) -> None:
    if head.startswith(b"PK\x03\x04"):
        raise ImportFailure(
            "This looks like an Excel workbook or a zip archive. Open it and save it as CSV "
            "(comma-separated values), then choose the CSV file."
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailure("This looks like an old Excel (.xls) file. Save it as CSV, then choose the CSV file.")
    if head.startswith(b"%PDF"):
        raise ImportFailure("This is a PDF. We need the half-hourly readings as a CSV or JSON file.")
