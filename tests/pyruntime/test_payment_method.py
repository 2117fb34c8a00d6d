"""Direct debit or not: the ``payment`` setting prices every feed tariff at its payment method's prices.

The bundled sample publishes non-direct-debit prices for Flexible Octopus electricity and gas in region C
(``feeds/sample.py``); every other tariff has one price, so a non-direct-debit household is priced on it and
told so. Served by a fake transport relative to this file, so these run inside Pyodide too.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pyruntime.household import Household
from pyruntime.household import demo as demo_household
from pyruntime.household.demo import demo_household as demo_year
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.present.pricing import PricingSettings, payment_assumption
from pyruntime.pricing.feed import tariff_from_feed_docs
from pyruntime.pricing.payment import LABELS, payment_from_agreements, resolve_payment_setting
from pyruntime.timeseries.isotime import parse_instant
from tests.pyruntime.sample_feeds import sample_session, view_model

FLEX = "Flexible Octopus"


@pytest.fixture(scope="module")
def session():
    return sample_session()


def _doc(non_dd: bool) -> dict:
    """A two-day, one-register tariff-year file: 20p exc VAT by direct debit, 22p otherwise."""
    def series(p: float) -> dict:
        return {"unit_rate_p_per_kwh_exc_vat": {"start": "2023-01-01T00:00:00Z", "step_seconds": 1800,
                                                "values": [p] * 96},
                "unit_rate_p_per_kwh_inc_vat": {"start": "2023-01-01T00:00:00Z", "step_seconds": 1800,
                                                "values": [p * 1.05] * 96}}
    doc = {"schema_version": 1, "kind": "tariff_year", "sample": False, "tariff_code": "E-1R-X-C",
           "product_code": "X", "family": "x", "region": "C", "tariff_kind": "E-1R", "fuel": "electricity",
           "registers": 1, "direction": "import", "payment_method": "direct_debit", "year": 2023,
           "unit_rates": {"standard": series(20.0)},
           "standing_charges_p_per_day": [{"valid_from": "2023-01-01T00:00:00Z", "valid_to": None,
                                           "value_exc_vat": 40.0, "value_inc_vat": 42.0}]}
    if non_dd:
        doc["non_direct_debit"] = {"unit_rates": {"standard": series(22.0)}, "standing_charges_p_per_day": [
            {"valid_from": "2023-01-01T00:00:00Z", "valid_to": None, "value_exc_vat": 45.0, "value_inc_vat": 47.25}]}
    return doc


def test_a_feed_file_gives_each_payment_methods_prices():
    t0 = parse_instant("2023-01-01T12:00:00Z")
    dd = tariff_from_feed_docs([_doc(True)])
    nd = tariff_from_feed_docs([_doc(True)], payment="non_direct_debit")
    assert (dd.unit_rates(t0, 1), dd.standing_charge_at(t0), dd.payment) == ([20.0], 40.0, "direct_debit")
    assert (nd.unit_rates(t0, 1), nd.standing_charge_at(t0), nd.payment) == ([22.0], 45.0, "non_direct_debit")
    assert not any("non-direct-debit" in n for n in nd.notes)


def test_a_file_without_non_direct_debit_prices_uses_the_direct_debit_ones_and_says_so():
    t0 = parse_instant("2023-01-01T12:00:00Z")
    nd = tariff_from_feed_docs([_doc(False)], payment="non_direct_debit")
    assert (nd.unit_rates(t0, 1), nd.standing_charge_at(t0)) == ([20.0], 40.0)
    assert any("publishes no separate non-direct-debit price for 2023" in n and "direct-debit price is used" in n
               for n in nd.notes)


def test_the_setting_is_checked():
    assert resolve_payment_setting(None) == ("direct_debit", None, ())
    assert resolve_payment_setting("non_direct_debit") == ("non_direct_debit", "non_direct_debit", ())
    value, chosen, notices = resolve_payment_setting("cheque")
    assert (value, chosen) == ("direct_debit", None) and "not a payment method" in notices[0]


def _ranked(model: dict, fuel_label: str) -> dict[str, dict]:
    table = next(b for b in model["blocks"] if b["type"] == "table" and b["title"].startswith(f"{fuel_label}: tariffs"))
    return {r[0]: r[2] for r in table["rows"]}


def _facts(model: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for i in next(b for b in model["blocks"] if b["type"] == "facts" and b["title"] == "Assumptions")["items"]:
        out.setdefault(i["label"], []).append(i)
    return out


def test_compare_prices_flexible_higher_without_direct_debit_and_keeps_the_rest(session):
    dd = view_model(session, report="compare")
    nd = view_model(session, report="compare", payment="non_direct_debit")
    assert nd["view"]["payment"] == "non_direct_debit" and "payment" not in dd["view"]
    for fuel in ("Electricity import", "Gas"):
        a, b = _ranked(dd, fuel), _ranked(nd, fuel)
        name = f"{FLEX} (gas)" if fuel == "Gas" else FLEX
        assert b[name]["value"] > a[name]["value"]
    assert _ranked(nd, "Electricity import")["Agile Octopus"] == _ranked(dd, "Electricity import")["Agile Octopus"]
    facts = _facts(nd)
    assert facts["Payment method"][0]["text"].startswith("Not by direct debit")
    notes = " ".join(i["text"] for items in facts.values() for i in items)
    assert "publishes no separate non-direct-debit price" in notes  # e.g. Agile: one price for everyone
    assert _facts(dd)["Payment method"][0]["warn"]  # the default is an assumption, and flagged
    form = next(b for b in nd["blocks"] if b["type"] == "form" and b["title"] == "Period and region")
    assert {f["name"]: f["value"] for f in form["fields"]}["payment"] == "non_direct_debit"


def test_cost_bill_and_compare_agree_without_direct_debit(session):
    nd = view_model(session, report="compare", payment="non_direct_debit")
    cost = view_model(session, report="cost", fuel="electricity", tariff="flexible", payment="non_direct_debit")
    assert next(t["text"] for t in cost["totals"] if t["label"] == "Total (inc VAT)") == \
        _ranked(nd, "Electricity import")[FLEX]["text"]
    bill = view_model(session, report="bill", fuel="electricity", tariff="flexible", payment="non_direct_debit",
                      **{"from": "2023-01", "to": "2023-01"})
    # The recorded VAR-22-11-01 standing charges from 1 Nov 2022: 40.6283 p/day exc VAT not by direct debit,
    # 35.5166 by direct debit (sample_inputs/octometer_standing_charges_VAR-22-11-01_history.json).
    assert "40.628 p/day" in str(bill["blocks"])
    dd_bill = view_model(session, report="bill", fuel="electricity", tariff="flexible",
                         **{"from": "2023-01", "to": "2023-01"})
    assert "35.517 p/day" in str(dd_bill["blocks"])


def test_the_setting_travels_between_reports_and_a_bad_value_is_explained(session):
    m = view_model(session, report="consumption", payment="non_direct_debit")
    links = [i for i in m["menu"] if i.get("params")]
    assert links and all(i["params"].get("payment") == "non_direct_debit" for i in links)
    bad = view_model(session, report="compare", payment="cheque")
    assert any("not a payment method" in n for n in bad["notices"]) and "payment" not in bad["view"]


def test_the_default_follows_the_agreements_when_they_say_and_is_flagged_when_they_do_not():
    said = TariffAgreement("E-1R-VAR-22-11-01-C", 1_672_531_200, None, "NON_DIRECT_DEBIT")
    silent = TariffAgreement("G-1R-VAR-22-11-01-C", 1_672_531_200, None)  # as the Octopus account lists them
    assert payment_from_agreements([silent]) is None
    assert payment_from_agreements([silent, said]) == "non_direct_debit"
    base = demo_household()
    household = replace(base, facts=replace(base.facts, tariffs={"electricity": (said,), "gas": (silent,)}))
    settings, notices = PricingSettings.from_params({}, household, ("payment",))
    assert (settings.payment, settings.to_params(), notices) == ("non_direct_debit", {}, [])
    _label, text, warn = payment_assumption(settings.payment, household, settings.payment_given)
    assert "as your tariff agreements say" in text and not warn
    chosen, _ = PricingSettings.from_params({"payment": "direct_debit"}, household, ("payment",))
    assert chosen.payment == "direct_debit" and chosen.payment_given
    plain, _ = PricingSettings.from_params({}, base, ("payment",))
    assert plain.payment == "direct_debit" and payment_assumption("direct_debit", base, False)[2]


def test_export_is_paid_the_same_however_the_household_pays_and_says_nothing_about_it(session):
    """An export payment does not depend on how the household pays for what it imports: no export view names a
    payment method or says a direct-debit price stands in for a non-direct-debit one; its £ are the same either way.
    The comparison still names the payment method once, for import and gas."""
    doc = {**_doc(False), "fuel": "electricity", "direction": "export", "tariff_code": "E-1R-X-OUT-C"}
    t0 = parse_instant("2023-01-01T12:00:00Z")
    paid = tariff_from_feed_docs([doc], payment="non_direct_debit")
    assert paid.fuel == "export" and paid.unit_rates(t0, 1) == [20.0]
    assert not any("direct-debit" in n for n in paid.notes)
    for report, params in [("cost", {}), ("bill", {}), ("cost", {"tariff": "flux_export"}),
                           ("bill", {"tariff": "agile_outgoing", "month": "2023-06"})]:
        nd = view_model(session, report=report, fuel="export", payment="non_direct_debit", **params)
        dd = view_model(session, report=report, fuel="export", **params)
        assert "direct debit" not in str(nd).lower() and "direct-debit" not in str(nd).lower(), (report, params)
        assert "Payment method" not in _facts(nd) and nd["totals"] == dd["totals"], (report, params)
    compare = _facts(view_model(session, report="compare", payment="non_direct_debit"))
    for label in ("Agile Outgoing Octopus", "Octopus Flux (export)"):
        assert not any("direct-debit" in i["text"] for i in compare.get(label, ())), label
    assert len(compare["Payment method"]) == 1


@pytest.mark.parametrize("fuels, priced", [(("electricity", "export", "gas"), "import and gas feed tariffs"),
                                           (("electricity", "export"), "import feed tariffs"),
                                           (("export",), None)])
def test_compare_says_the_payment_method_prices_import_and_gas_and_nothing_of_it_for_export_alone(fuels, priced):
    """Export is priced at its one price however the household pays: the comparison's payment method line names the
    fuels it prices, and a comparison of export alone states no payment method at all."""
    demo = demo_year(2023)
    home = Household("file", {f: demo[f] for f in fuels}, region="C", facts=HouseholdFacts(label="Home"))
    session = sample_session()
    session.replace(home)
    m = view_model(session, "file", report="compare", payment="non_direct_debit",
                   **{"from": "2023-01-01", "to": "2023-12-31"})
    facts = _facts(m)
    form = next(b for b in m["blocks"] if b["type"] == "form" and b["title"] == "Period and region")
    fields = {f["name"] for f in form["fields"]}
    assert "region" in fields
    # The form asks how the household pays only when a fuel compared is priced by it; the choice made still travels.
    assert ("payment" in fields) == (priced is not None)
    assert priced is not None or form["params"]["payment"] == "non_direct_debit"
    if priced is None:
        assert "Payment method" not in facts
        assert not any("direct debit" in i["text"].lower() for items in facts.values() for i in items)
    else:
        assert [i["text"] for i in facts["Payment method"]] == [
            f"{LABELS['non_direct_debit']}, as chosen: {priced} are priced at the prices for it."]
