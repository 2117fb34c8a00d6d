"""Octopus Energy public products and rates API: ``get_*`` fetch, ``parse_*`` are pure.

Endpoints (https://developer.octopus.energy/rest/reference)::

    GET {base}products/?available_at=...&is_tracker=...        paginated via ``next``
    GET {base}products/{product}/
    GET {base}products/{product}/{electricity|gas}-tariffs/{tariff}/{endpoint}/
        endpoint: standard-unit-rates, day-unit-rates, night-unit-rates, standing-charges

Rates come newest first, times are UTC, prices are pence (unit rates p/kWh,
standing charges p/day), with both ``value_exc_vat`` and ``value_inc_vat``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from feeds.families import KINDS, RATE_ENDPOINTS, Family, family_for_product
from feeds.http import ApiClient, HttpStatusError, ShapeError
from feeds.timeslots import iso, parse_instant
from pyruntime.fileformats.safejson import finite_number

DEFAULT_OCTOPUS_API = "https://api.octopus.energy/v1/"
RATES_PAGE_SIZE = 1500
MAX_PAGES = 40  # pages of a listing whose first page gives no count; the browser stops at 40 too
# Payment-method keys in product detail, best first.
PAYMENT_KEYS = ("direct_debit_monthly", "varying", "direct_debit_quarterly")
# Rate rows with these payment_method values are the prices of each payment method
# (``None``: the row applies to every method, as Agile's do).
PAYMENT_METHODS: dict[str, tuple[str | None, ...]] = {
    "direct_debit": (None, "DIRECT_DEBIT"),
    "non_direct_debit": (None, "NON_DIRECT_DEBIT"),
}


@dataclass(frozen=True)
class Product:
    """One product version, as the feeds manifest records it."""

    code: str
    family: str
    display_name: str
    full_name: str
    direction: str
    available_from: str | None
    available_to: str | None
    brand: str
    variable: bool | None = None
    term_months: int | None = None


@dataclass(frozen=True)
class TariffRef:
    """One regional tariff code of a product."""

    tariff_code: str
    product_code: str
    family: str
    kind: str
    region: str
    standing_charge_inc_vat: float | None
    unit_rate_inc_vat: float | None = None


def rows_for_payment(rows: list[RateRow], payment: str) -> list[RateRow]:
    """The rows that price ``payment`` (``direct_debit``/``non_direct_debit``), oldest first."""
    return [r for r in rows if r.payment_method in PAYMENT_METHODS[payment]]


@dataclass(frozen=True)
class RateRow:
    """One row of a rates or standing-charges endpoint [p/kWh or p/day]."""

    valid_from: int
    valid_to: int | None
    value_exc_vat: float
    value_inc_vat: float
    payment_method: str | None = None  # the API's DIRECT_DEBIT / NON_DIRECT_DEBIT, None = any


# ---------------------------------------------------------------- pure parsers

def _require(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise ShapeError(f"unexpected response shape at {where}: {what}")


def _finite(value: Any) -> bool:
    """A real price: a number, not bool, NaN or Infinity (JSON parsing accepts both; a feed file must not hold them)."""
    return finite_number(value) is not None


def parse_page(doc: Any, where: str) -> tuple[list[dict[str, Any]], str | None]:
    """``(results, next_url)`` of a DRF list page, checking the envelope precisely."""
    _require(isinstance(doc, dict), where, f"expected a JSON object, got {type(doc).__name__}")
    _require("results" in doc, where, f"no 'results' key (keys: {sorted(doc)[:8]})")
    results = doc["results"]
    _require(isinstance(results, list), where, f"'results' is {type(results).__name__}, not a list")
    nxt = doc.get("next")
    _require(nxt is None or isinstance(nxt, str), where, f"'next' is {type(nxt).__name__}")
    return results, nxt


def parse_product_list(results: list[dict[str, Any]], where: str) -> list[tuple[Product, Family]]:
    """Every domestic Octopus product of products-list results, with its family (known or discovered).

    Left out: other brands' copies, business products and prepayment (families.family_for_product).
    """
    out = []
    for i, item in enumerate(results):
        _require(isinstance(item, dict) and isinstance(item.get("code"), str)
                 and isinstance(item.get("display_name"), str) and isinstance(item.get("brand", ""), str),
                 f"{where} results[{i}]", "product without a text 'code'/'display_name'/'brand'")
        fam = family_for_product(item)
        if fam is not None:
            out.append((parse_product(item, fam), fam))
    return out


def parse_product(item: dict[str, Any], fam: Family) -> Product:
    """A :class:`Product` from a products-list item or a product-detail document."""
    return Product(
        code=item["code"], family=fam.key, display_name=item.get("display_name", ""),
        full_name=item.get("full_name", ""), direction=fam.direction,
        available_from=_iso_or_none(item.get("available_from")),
        available_to=_iso_or_none(item.get("available_to")), brand=item.get("brand", "OCTOPUS_ENERGY"),
        variable=item.get("is_variable") if isinstance(item.get("is_variable"), bool) else None,
        term_months=item.get("term") if isinstance(item.get("term"), int) else None)


def _iso_or_none(text: object) -> str | None:
    """The instant as the feeds write it; None when absent or not an instant (availability is informative only)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return iso(parse_instant(text))
    except ValueError:
        return None


def parse_product_tariffs(detail: dict[str, Any], fam: Family, regions: tuple[str, ...],
                          where: str) -> list[TariffRef]:
    """Tariff codes of a product detail for the family's kinds and the wanted regions.

    Uses direct-debit prices (``direct_debit_monthly``, else ``varying``, else the
    first payment key); regions the product lacks are simply absent.
    """
    _require(isinstance(detail, dict) and detail.get("code"), where, "product detail without 'code'")
    refs = []
    for kind in fam.kinds:
        prefix, _, key, _rates = KINDS[kind]
        by_gsp = detail.get(key) or {}
        _require(isinstance(by_gsp, dict), where, f"'{key}' is not an object")
        for gsp, methods in sorted(by_gsp.items()):
            region = gsp.lstrip("_")
            if region not in regions or not isinstance(methods, dict) or not methods:
                continue
            pay = next((methods[k] for k in PAYMENT_KEYS if k in methods), next(iter(methods.values())))
            _require(isinstance(pay, dict) and isinstance(pay.get("code"), str),
                     f"{where} {key}.{gsp}", "tariff without 'code'")
            code = pay["code"]
            _require(code.startswith(prefix) and code.endswith("-" + region),
                     f"{where} {key}.{gsp}", f"tariff code {code!r} does not match {prefix}...-{region}")
            # 0 means "no standing charge" (export tariffs); treat it like a missing value
            sc = pay.get("standing_charge_inc_vat")
            rate = pay.get("standard_unit_rate_inc_vat", pay.get("day_unit_rate_inc_vat"))
            refs.append(TariffRef(code, detail["code"], fam.key, kind, region,
                                  float(sc) if _finite(sc) and sc else None,
                                  float(rate) if _finite(rate) else None))
    return refs


def parse_rate_rows(results: list[dict[str, Any]], where: str,
                    payment: str | None = "direct_debit") -> list[RateRow]:
    """Rows of one payment method (``direct_debit``, ``non_direct_debit``; None: every row), oldest first."""
    rows = []
    for i, r in enumerate(results):
        at = f"{where} results[{i}]"
        _require(isinstance(r, dict), at, "row is not an object")
        for k in ("value_exc_vat", "value_inc_vat", "valid_from"):
            _require(k in r, at, f"missing '{k}' (keys: {sorted(r)})")
        _require(_finite(r["value_inc_vat"]) and _finite(r["value_exc_vat"]),
                 at, f"a value that is not a finite number ({type(r['value_inc_vat']).__name__})")
        if payment is not None and r.get("payment_method") not in PAYMENT_METHODS[payment]:
            continue
        try:
            vf = parse_instant(r["valid_from"])
            vt = parse_instant(r["valid_to"]) if r.get("valid_to") else None
        except (TypeError, ValueError) as exc:
            raise ShapeError(f"unexpected response shape at {at}: bad datetime ({exc})") from None
        method = r.get("payment_method")
        rows.append(RateRow(vf, vt, float(r["value_exc_vat"]), float(r["value_inc_vat"]),
                            method if isinstance(method, str) else None))
    rows.sort(key=lambda x: (x.valid_from, x.valid_to or 2**62))
    return rows


# ---------------------------------------------------------------- network

@dataclass
class OctopusApi:
    """Network access to the public products/rates endpoints under ``base_url``."""

    client: ApiClient
    base_url: str = DEFAULT_OCTOPUS_API

    def _url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path

    def _pages(self, url: str, params: dict[str, str] | None,
               max_pages: int = MAX_PAGES) -> Iterator[tuple[list[dict[str, Any]], str]]:
        """Each page of a listing, following ``next``; stops with a :class:`ShapeError` on a loop.

        A ``next`` that points back at a page already fetched, or more pages
        than the first page's ``count`` can fill (``max_pages`` when it gives
        none), fails this listing (so one tariff), never the run.
        """
        first, where, seen, pages = url, url, set(), 0
        while url:
            pages += 1
            if pages > max_pages:
                raise ShapeError(f"more than {max_pages} pages from {first}: stopped following 'next'")
            doc = self.client.get_json(url, params)
            results, nxt = parse_page(doc, where)
            count = doc.get("count")
            if pages == 1 and results and isinstance(count, int) and count > 0:
                max_pages = -(-count // len(results)) + 2  # what the count can fill, and a little slack
            yield results, where
            seen.add(url if params is None else f"{url}?{urlencode(params)}")
            if nxt and nxt in seen:
                raise ShapeError(f"'next' at {where} points back to a page already fetched: stopped")
            # ``next`` already carries every query parameter.
            url, params, where = nxt or "", None, nxt or ""

    def get_products(self, available_at: int | None = None,
                     extra: tuple[tuple[str, str], ...] = ()) -> list[tuple[Product, Family]]:
        """Domestic products on sale at ``available_at`` (default: now, server side), with their families."""
        params = {"brand": "OCTOPUS_ENERGY", "is_business": "false", **dict(extra)}
        if available_at is not None:
            params["available_at"] = iso(available_at)
        out: list[tuple[Product, Family]] = []
        for results, where in self._pages(self._url("products/"), params):
            out.extend(parse_product_list(results, where))
        return out

    def get_product(self, code: str) -> dict[str, Any]:
        """Product detail document (all regions' tariff codes)."""
        return self.client.get_json(self._url(f"products/{code}/"))

    def get_rates(self, ref: TariffRef, rate: str, period_from: int | None,
                  period_to: int | None) -> list[RateRow]:
        """Unit-rate rows of every payment method (``rate``: standard, day, night) in [period_from, period_to)."""
        return self._get_rows(ref, RATE_ENDPOINTS[rate], period_from, period_to)

    def get_standing_charges(self, ref: TariffRef) -> list[RateRow]:
        """All standing-charge intervals of a tariff, every payment method; export tariffs may 404 -> []."""
        try:
            return self._get_rows(ref, "standing-charges", None, None)
        except HttpStatusError as exc:
            if exc.status == 404:
                return []
            raise

    def _get_rows(self, ref: TariffRef, endpoint: str, period_from: int | None,
                  period_to: int | None) -> list[RateRow]:
        fuel_path = KINDS[ref.kind][1]
        url = self._url(f"products/{ref.product_code}/{fuel_path}/{ref.tariff_code}/{endpoint}/")
        params = {"page_size": str(RATES_PAGE_SIZE)}
        if period_from is not None:
            params["period_from"] = iso(period_from)
        if period_to is not None:
            params["period_to"] = iso(period_to)
        rows: list[RateRow] = []
        for results, where in self._pages(url, params):
            rows.extend(parse_rate_rows(results, where, payment=None))
        rows.sort(key=lambda x: (x.valid_from, x.valid_to or 2**62))
        return rows
