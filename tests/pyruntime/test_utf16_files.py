"""UTF-16 files (Excel's "Unicode text", some Windows tools) read exactly as their UTF-8 originals.

Each real fixture is re-encoded as UTF-16 with a byte-order mark, little- and
big-endian, and also as Excel writes "Unicode text": tab-separated lines
ending in CRLF. Every one must give the same readings as the original file,
never the column-mapping form.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyruntime.fileformats import import_file, sniff_csv
from pyruntime.fileformats.text import decode

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
FILES = sorted(p.name for p in FIXTURES.glob("*.csv"))


def utf16(text: str, order: str) -> bytes:
    """``text`` as UTF-16 with its byte-order mark (FF FE little-endian, FE FF big-endian)."""
    return (b"\xff\xfe" + text.encode("utf-16-le")) if order == "le" else (b"\xfe\xff" + text.encode("utf-16-be"))


def excel_unicode_text(text: str) -> str:
    """The table as Excel's "Unicode text" lays it out: tabs between cells, CRLF line ends."""
    return "\r\n".join(line.replace(",", "\t") for line in text.splitlines()) + "\r\n"


@pytest.mark.parametrize("order", ["le", "be"])
@pytest.mark.parametrize("layout", ["as exported", "Excel unicode text"])
@pytest.mark.parametrize("name", FILES)
def test_a_real_file_in_utf16_reads_as_its_original(name, layout, order):
    original = (FIXTURES / name).read_bytes()
    text = original.decode("utf-8-sig")
    if layout != "as exported":
        text = excel_unicode_text(text)
    want = import_file(original).channels[0]
    got = import_file(utf16(text, order)).channels[0]
    assert got.report.encoding == "utf-16 (with byte-order mark)"
    assert got.report.conventions.format_id == want.report.conventions.format_id
    assert got.series == want.series


def test_the_mapping_preview_of_a_utf16_file_shows_its_headings_plainly():
    text = "When,Used (kWh)\n" + "".join(f"2023-01-02 {h:02d}:{m:02d},0.{h}\n" for h in range(3) for m in (0, 30))
    assert sniff_csv(utf16(text, "le")).headers == ("When", "Used (kWh)")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffd"), min_size=1,
               max_size=300)
       .filter(lambda s: s.strip() and not s.startswith("\ufeff")),
       st.sampled_from(["le", "be"]))
def test_utf16_text_decodes_to_itself(text, order):
    assert decode(utf16(text, order)) == (text, "utf-16 (with byte-order mark)")
