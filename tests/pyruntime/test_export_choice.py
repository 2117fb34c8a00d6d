"""Choosing electricity export in one report is that report's choice: the menu opens the others on import,
and coming back to the report opens it on export again, all carried in the URL (``export_in``)."""

from __future__ import annotations

from .sample_feeds import sample_session, view_model


def menu(model: dict) -> dict[str, dict]:
    return {item["params"]["report"]: item["params"] for item in model["menu"]}


def test_export_in_one_report_leaves_the_others_on_import_and_is_kept_for_that_report():
    session = sample_session()
    consumption = view_model(session, report="consumption", fuel="export", month="2023-06")
    links = menu(consumption)
    assert links["consumption"] == {"report": "consumption", "fuel": "export", "month": "2023-06"}
    assert links["emissions"]["fuel"] == "electricity" and links["emissions"]["export_in"] == "consumption"
    assert links["heatmap"]["fuel"] == "electricity"

    # In another report, the way back to consumption opens it on export again.
    heatmap = view_model(session, **links["heatmap"])
    assert heatmap["view"]["fuel"] == "electricity" and heatmap["view"]["export_in"] == "consumption"
    back = menu(heatmap)["consumption"]
    assert back["fuel"] == "export" and "export_in" not in back
    assert view_model(session, **back)["view"]["fuel"] == "export"


def test_switching_a_report_back_to_import_forgets_its_export_choice():
    session = sample_session()
    model = view_model(session, report="consumption", fuel="electricity", export_in="consumption,profile")
    assert model["view"]["export_in"] == "profile"  # the report in view says its fuel itself
    links = menu(model)
    assert links["profile"]["fuel"] == "export" and "export_in" not in links["profile"]
    assert links["heatmap"]["export_in"] == "profile"


def test_gas_still_travels_between_reports():
    links = menu(view_model(sample_session(), report="consumption", fuel="gas"))
    assert links["cost"]["fuel"] == "gas" and "export_in" not in links["cost"]


def test_a_wrong_export_in_is_ignored_with_a_notice():
    model = view_model(sample_session(), report="consumption", export_in="nosuch,<b>")
    assert "export_in" not in model["view"]
    assert any("“nosuch” is not a report that shows export" in n for n in model["notices"])
