"""Every view reads whole on a laptop (1366 × 900) and a phone (390 × 844): no sideways scroll, no select
showing its choice cut short, no text field's example cut short, no text cut with an ellipsis; on a phone a
fact's value keeps the full width (label over value), a total reads on one line with its label when both fit
and otherwise wraps under it (never squeezed beside it), and a table keyed by rank spends no width on an empty
first column; on a phone a bill's table fits the width (each line's name above its figures, each figure on at most
three lines, its dates whole), a ranking fits the width (the lab's every tariff as a card per row, every cell still
shown), two fields side by side keep their inputs level when one label wraps, and a field
with no partner fills its row; a form's controls are one height (and on a laptop its button sits beside its
fields, not alone on a row below them); only notes the report marks as numbered are drawn so."""


from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.requests_seen import record_request

CONSUMPTION = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
OWN_FILES = [CONSUMPTION / "octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv",
             CONSUMPTION / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWS = [
    "/",
    "/prices.html?region=A",
    "/?source=demo&report=whatif&battery=5&solar=4&ev_miles=6000",
    "/?source=demo&report=whatif&battery=5&strategy=day_ahead",
    "/?source=demo&report=cost&tariff=agile&week=2023-10-23",
    "/?source=demo&report=compare",
    "/?source=demo&report=bill",
]

# Text the eye cannot read whole: a select's chosen option wider than the control (less its arrow), a text
# field's example wider than the field, or an element that cuts its text with an ellipsis.
CUT = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const shown = (e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden';
  const out = [];
  for (const s of document.querySelectorAll('select')) {
    if (!shown(s) || s.selectedIndex < 0) continue;
    const cs = getComputedStyle(s); ctx.font = cs.font;
    const text = s.options[s.selectedIndex].text;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
    if (ctx.measureText(text).width > room) out.push(`select ${s.name}: ${text}`);
  }
  for (const i of document.querySelectorAll('input[type=text][placeholder]')) {
    if (!shown(i)) continue;
    const cs = getComputedStyle(i); ctx.font = cs.font;
    const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (ctx.measureText(i.placeholder).width > room) out.push(`example in ${i.name}: ${i.placeholder}`);
  }
  for (const e of document.querySelectorAll('body *')) {
    if (shown(e) && e.tagName !== 'INPUT' && getComputedStyle(e).textOverflow === 'ellipsis'
        && e.scrollWidth > e.clientWidth) out.push(`ellipsis: ${e.textContent.trim().slice(0, 40)}`);
  }
  return out;
}"""

SQUEEZED_FACTS = """() => [...document.querySelectorAll('dl.facts dd')]
  .filter(d => d.getClientRects().length && d.getBoundingClientRect().width
                < (d.parentElement.matches('.numbered') ? 0.8 : 0.9) * d.parentElement.clientWidth)
  .map(d => d.textContent.trim().slice(0, 40))"""

# A view's totals (phone): a value beside its label that wraps onto more lines (squeezed into what the label leaves),
# and a label and value that would fit one line together (each as wide as its text is drawn) but sit on two.
TOTALS_ON_A_PHONE = """() => {
  const width = (e) => {
    const r = document.createRange();
    r.selectNodeContents(e);
    return r.getBoundingClientRect().width;
  };
  const squeezed = [], split = [];
  for (const dd of document.querySelectorAll('dl.totals dd')) {
    const dt = dd.previousElementSibling, group = dd.parentElement;
    if (!dd.checkVisibility()) continue;
    const beside = Math.abs(dt.getBoundingClientRect().top - dd.getBoundingClientRect().top) <= 2;
    const lines = dd.getBoundingClientRect().height / parseFloat(getComputedStyle(dd).lineHeight);
    if (beside && lines > 1.5) squeezed.push(dd.textContent);
    const gap = parseFloat(getComputedStyle(group).columnGap) || 0;
    if (!beside && width(dt) + gap + width(dd) + 2 <= dd.closest('dl').clientWidth) split.push(dt.textContent);
  }
  return {squeezed, split};
}"""

WIDE_RANKS = """() => [...document.querySelectorAll('.data-table:not(.compact) tbody th[scope=row]')]
  .filter(th => th.getClientRects().length && th.textContent.trim().length <= 2
                && th.getBoundingClientRect().width > 64)
  .map(th => th.textContent)"""


# A table that scrolls sideways inside its block (allowed for wide tables, but not for a bill's lines on a phone).
SCROLLING_BILLS = """() => [...document.querySelectorAll('.data-table.bill-lines')]
  .filter(t => t.getClientRects().length && t.scrollWidth > t.clientWidth)
  .map(t => `${t.querySelector('summary').textContent}: ${t.scrollWidth} > ${t.clientWidth}`)"""

# A ranking (compare's compact ones, the lab's every tariff, compare's import and export together) that scrolls
# sideways inside its block; folded ones are opened first.
SCROLLING_RANKINGS = """() => [...document.querySelectorAll('.data-table.compact, .data-table.ranking-cards')]
  .map(d => { d.open = true; return d; })
  .filter(t => t.getClientRects().length && t.scrollWidth > t.clientWidth)
  .map(t => `${t.querySelector('summary').textContent}: ${t.scrollWidth} > ${t.clientWidth}`)"""

# Fields side by side (same top) whose inputs are not level: a wrapped label pushed one input down.
UNEVEN_FIELDS = """() => {
  const out = [];
  for (const form of document.querySelectorAll('.report-form .form-fields')) {
    const rows = new Map();
    for (const f of form.querySelectorAll(':scope > .field')) {
      const input = f.querySelector(':scope > input, :scope > select');
      if (!input || !f.getClientRects().length) continue;
      const top = Math.round(f.getBoundingClientRect().top);
      rows.set(top, [...(rows.get(top) || []), input]);
    }
    for (const inputs of rows.values()) {
      const tops = inputs.map(i => i.getBoundingClientRect().top);
      if (Math.max(...tops) - Math.min(...tops) > 1) out.push(inputs.map(i => i.name).join(' / '));
    }
  }
  return out;
}"""


# On a phone, a number, date or month field alone on its row that fills only half of it.
LONE_HALF_FIELDS = """() => {
  const out = [];
  for (const form of document.querySelectorAll('.report-form .form-fields')) {
    if (!form.checkVisibility()) continue;
    const fields = [...form.querySelectorAll(':scope > .field')].filter(f => f.checkVisibility());
    for (const f of fields) {
      const top = Math.round(f.getBoundingClientRect().top);
      const beside = fields.filter(g => g !== f && Math.round(g.getBoundingClientRect().top) === top);
      if (!beside.length && f.getBoundingClientRect().width < 0.9 * form.clientWidth)
        out.push(f.querySelector('input, select')?.name || f.className);
    }
  }
  return out;
}"""

# On a phone, a bill's figure that wraps over more than three lines (an Agile rate read as a column of six words).
# (Folded bills are opened first, so they are measured too.)
TALL_BILL_FIGURES = """() => [...document.querySelectorAll('.data-table.bill-lines')]
  .map(d => { d.open = true; return d; }).flatMap(d => [...d.querySelectorAll('td')])
  .filter(td => td.checkVisibility()
          && td.getBoundingClientRect().height > 3.6 * parseFloat(getComputedStyle(td).lineHeight))
  .map(td => td.textContent)"""

# An ISO date in a table's row name broken across two lines (a bill line's "2023-12-" then "31" on a phone).
BROKEN_DATES = """() => [...document.querySelectorAll('.data-table')].map(d => { d.open = true; return d; })
  .flatMap(d => [...d.querySelectorAll('th[scope=row]')]).filter(th => th.checkVisibility()).flatMap(th => {
    const broken = [];
    const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      for (const m of node.data.matchAll(/\\d{4}-\\d{2}-\\d{2}/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
    return broken;
  })"""

# A form's button alone on a row below its fields, a label's height under them (laptop: it should sit beside them).
LONE_BUTTONS = """() => [...document.querySelectorAll('.report-form')].filter(f => f.checkVisibility())
  .flatMap(f => [...f.querySelectorAll('.field-submit')].filter(b => {
    const others = [...f.querySelectorAll('.field:not(.field-submit)')].filter(x => x.checkVisibility());
    const top = b.getBoundingClientRect().top;
    return others.length && !others.some(x => Math.abs(x.getBoundingClientRect().top - top) <= 1);
  }).map(b => b.textContent))"""

# Facts drawn as numbered notes, by title: only a block the report flags (the price-cap sources) is drawn so.
NUMBERED_FACTS = """() => [...document.querySelectorAll('dl.facts.numbered')]
  .map(d => d.closest('.block-facts').querySelector('h2, summary')?.textContent || '')"""

# A form's selects, fields and button not all one height (a row of them then lines up neither top nor bottom).
UNEQUAL_CONTROLS = """() => [...document.querySelectorAll('.report-form')].filter(f => f.checkVisibility())
  .map(f => [...f.querySelectorAll('.field > input, .field > select, .field-submit .button')]
    .filter(e => e.checkVisibility()).map(e => Math.round(e.getBoundingClientRect().height)))
  .filter(hs => Math.max(...hs) - Math.min(...hs) > 1).map(hs => hs.join(' / '))"""

# A form's control or help text reaching past the form's right edge (a long choice widening its field).
OVERHANGING_FIELDS = """() => [...document.querySelectorAll('.report-form')].filter(f => f.checkVisibility())
  .flatMap(f => [...f.querySelectorAll('input, select, .field-help')]
    .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > f.getBoundingClientRect().right + 1)
    .map(e => e.name || e.textContent.slice(0, 40)))"""


@pytest.fixture(params=[DESKTOP, PHONE], ids=["laptop", "phone"])
def sized(request, browser, site_url, watch):
    phone = request.param is PHONE
    ctx = browser.new_context(viewport=request.param, has_touch=phone, is_mobile=phone,
                              device_scale_factor=2 if phone else 1)
    ctx.on("request", lambda r: record_request(r, watch.requests, site_url))
    page = ctx.new_page()
    page.set_default_timeout(90_000)
    page.on("console", lambda m: m.type == "error" and watch.errors.append(f"console: {m.text}"))
    yield page, phone
    ctx.close()
    assert watch.errors == []
    assert [u for u in watch.requests if not u.startswith(site_url + "/")] == []


def test_every_view_reads_whole_on_a_laptop_and_a_phone(sized, site_url):
    page, phone = sized
    for path in VIEWS:
        page.goto(site_url + path)
        page.wait_for_selector("html[data-state=ready]", state="attached")
        if "prices" in path:
            page.wait_for_selector("#prices-week:not([hidden])")
        page.wait_for_timeout(200)  # charts draw at the first frame with a width
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, path
        assert page.evaluate(CUT) == [], path
        numbered = page.evaluate(NUMBERED_FACTS)
        assert all(t.startswith("Sources of the price-cap rows") for t in numbered), path
        assert bool(numbered) == ("prices" in path), path
        if phone:
            assert page.evaluate(SQUEEZED_FACTS) == [], path
            totals = page.evaluate(TOTALS_ON_A_PHONE)
            assert totals["squeezed"] == [], path
            assert totals["split"] == [], path
            assert page.evaluate(SCROLLING_RANKINGS) == [], path
            assert page.evaluate(LONE_HALF_FIELDS) == [], path
            assert page.evaluate(TALL_BILL_FIGURES) == [], path
            assert page.evaluate(WIDE_RANKS) == [], path
            assert page.evaluate(SCROLLING_BILLS) == [], path
            assert page.evaluate(BROKEN_DATES) == [], path
        else:
            assert page.evaluate(LONE_BUTTONS) == [], path
        assert page.evaluate(UNEVEN_FIELDS) == [], path
        assert page.evaluate(OVERHANGING_FIELDS) == [], path
        assert page.evaluate(UNEQUAL_CONTROLS) == [], path


# The lab's table of every tariff, and its month by month: how wide each is against its block, any cell with text
# that is not shown, what the page draws before the first row's cells, and how its header row is laid out.
LAB_TABLES = """() => {
  const find = (start) => [...document.querySelectorAll('details.data-table')]
    .find(d => d.querySelector('summary').textContent.startsWith(start));
  const ranking = find('Every tariff before and after'), months = find('Month by month on');
  const head = ranking.querySelector('thead');
  return {
    widths: [ranking, months].map(d => [d.scrollWidth, d.clientWidth]),
    unseen: [...ranking.querySelectorAll('th, td')].filter(c => c.textContent.trim() && !c.checkVisibility())
      .map(c => c.textContent),
    drawnLabels: [...ranking.querySelectorAll('tbody tr:first-child td')]
      .map(td => getComputedStyle(td, '::before').content),
    headings: [...head.querySelectorAll('th')].map(th => th.textContent),
    headHeight: head.getBoundingClientRect().height,
    rows: ranking.querySelectorAll('tbody tr').length,
    firstRow: [...ranking.querySelectorAll('tbody tr:first-child th, tbody tr:first-child td')].map(c => c.textContent),
    display: getComputedStyle(ranking.querySelector('table')).display,
  };
}"""


def test_the_labs_ranking_is_a_card_per_row_on_a_phone_and_a_table_on_a_laptop(sized, site_url):
    page, phone = sized
    page.goto(site_url + "/?source=demo&report=whatif&battery=5&solar=4&ev_miles=6000")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    lab = page.evaluate(LAB_TABLES)
    assert lab["headings"][:6] == ["Rank", "Import tariff", "Export tariff", "Before", "After", "Saving"]
    assert lab["rows"] > 10
    # Nothing is left out on either: every cell with text is on the screen.
    assert lab["unseen"] == []
    if phone:
        for scroll, client in lab["widths"]:
            assert scroll <= client
        # Each figure under its column's heading (the header row itself is there for screen readers only).
        assert lab["drawnLabels"][2:5] == ['"Before" / ""', '"After" / ""', '"Saving" / ""']
        assert lab["headHeight"] <= 1
        # A screen reader still reads a table: header cells and each cell under its column's heading.
        table = page.get_by_role("table", name="Every tariff before and after")
        assert table.get_by_role("columnheader").count() == len(lab["headings"])
        assert table.get_by_role("cell", name=lab["firstRow"][3], exact=True).count() >= 1  # not "Before £…"
    else:
        assert lab["display"] == "table" and lab["headHeight"] > 20
        assert set(lab["drawnLabels"]) == {"none"}


# Each total's label and value: whether they share a line, and where each value starts.
TOTAL_LINES = """() => [...document.querySelectorAll('#totals dd')].map(dd => {
  const dt = dd.previousElementSibling, v = dd.getBoundingClientRect();
  const beside = Math.abs(dt.getBoundingClientRect().top - v.top) <= 2;
  return {label: dt.textContent, beside, left: Math.round(v.left)};
})"""


def test_a_short_total_reads_on_one_line_with_its_label_on_a_phone(sized, site_url):
    page, phone = sized
    page.goto(site_url + "/?source=demo&report=cost&tariff=agile&week=2023-10-23")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    lines = {t["label"]: t for t in page.evaluate(TOTAL_LINES)}
    for short in ("Priced on", "Total (inc VAT)", "VAT (5%)", "Energy priced", "Half-hours with data"):
        assert lines[short]["beside"], short
    if phone:
        # Too long to sit beside its label at 390 px: under it, at the full width.
        assert not lines["Average price"]["beside"]
        assert page.evaluate(TOTALS_ON_A_PHONE)["squeezed"] == []
    else:
        # A laptop keeps one column of labels and one of values.
        assert all(t["beside"] for t in lines.values())
        assert len({t["left"] for t in lines.values()}) == 1


# Compare's tables with a row per tariff: whether each is drawn as cards, and whether it scrolls sideways.
COMPARE_TARIFF_TABLES = """() => [...document.querySelectorAll('#blocks details.data-table')]
  .filter(d => /tariffs ranked by|month by month|together|Conditions and product versions/.test(
    d.querySelector('summary').textContent))
  .map(d => { d.open = true; return d; })
  .map(d => ({title: d.querySelector('summary').textContent, cards: d.classList.contains('ranking-cards'),
              scrolls: d.scrollWidth > d.clientWidth,
              keyPosition: getComputedStyle(d.querySelector('tbody th[scope=row]')).position}))"""


# A card's cell (not a name or a note: those read beside their heading) whose text starts on its heading's line rather
# than under it: "Jan 2023no prices" run together.
RUN_ON_CELLS = """() => [...document.querySelectorAll('.data-table.ranking-cards td:not(.text)')]
  .filter(td => td.checkVisibility() && td.textContent.trim() && td.dataset.label).filter(td => {
    const r = document.createRange();
    r.selectNodeContents(td);
    const first = [...r.getClientRects()].find(x => x.width > 0);
    return first && first.top - td.getBoundingClientRect().top < 5;
  }).map(td => `${td.dataset.label}: ${td.textContent}`)"""


def test_compares_tables_of_tariffs_are_cards_on_a_phone(sized, site_url):
    """The report marks them (a row per tariff, more columns than a phone holds); none scrolls sideways there."""
    page, phone = sized
    page.goto(site_url + "/?source=demo&report=compare")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    tables = page.evaluate(COMPARE_TARIFF_TABLES)
    titles = [t["title"] for t in tables]
    assert any("tariffs ranked by total cost" in t for t in titles), titles
    assert any("month by month" in t for t in titles) and any("Conditions" in t for t in titles), titles
    assert all(t["cards"] for t in tables), tables  # the class is there at any width; the layout only on a phone
    if phone:
        assert [t["title"] for t in tables if t["scrolls"]] == []
        # A tariff's name heads its card, on a line of its own (a short rank sits at the card's left).
        assert all(t["keyPosition"] == ("absolute" if "together" in t["title"] else "static") for t in tables), tables
        # Each value reads under its column's heading, a month without prices ("no prices") and a dash too.
        assert page.evaluate(RUN_ON_CELLS) == []


# Compare's compact rankings and folded full tables (opened here): where what a tariff needs is seen, whether a
# table scrolls sideways, and any word of a figure ("(−£14.71)") broken across lines.
COMPARE_NEEDS = """() => {
  const find = (re) => [...document.querySelectorAll('#blocks details.data-table')]
    .filter(d => re.test(d.querySelector('summary').textContent)).map(d => { d.open = true; return d; });
  const seen = (e) => e.checkVisibility();
  const needsHeading = (d) => [...d.querySelectorAll('thead th')].find(th => th.textContent === 'Needs');
  const rankings = find(/ranking by/).map(d => ({
    title: d.querySelector('summary').textContent,
    notes: Object.fromEntries([...d.querySelectorAll('tbody th[scope=row] .key-note')]
      .map(n => [n.parentElement.firstChild.textContent, seen(n) ? n.textContent : null])),
    needsColumn: !!needsHeading(d) && seen(needsHeading(d)),
    scrolls: d.scrollWidth > d.clientWidth,
  }));
  const full = find(/tariffs ranked by/).map(d => {
    const th = needsHeading(d);
    return {title: d.querySelector('summary').textContent, scrolls: d.scrollWidth > d.clientWidth,
            needsShown: th.getBoundingClientRect().right <= d.getBoundingClientRect().right + 1,
            columns: d.querySelectorAll('thead th').length,
            broken: [...d.querySelectorAll('td.figure .nowrap')].filter(s => s.getClientRects().length > 1)
              .map(s => s.textContent)};
  });
  return {rankings, full, pageWidth: document.documentElement.scrollWidth};
}"""


def test_compare_shows_what_a_tariff_needs_on_a_phone_and_its_full_table_fits_a_laptop(sized, site_url):
    page, phone = sized
    page.goto(site_url + "/?source=demo&report=compare")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    seen = page.evaluate(COMPARE_NEEDS)
    assert seen["pageWidth"] <= (390 if phone else 1366)
    imports = next(r for r in seen["rankings"] if r["title"] == "Electricity import: ranking by cost")
    assert all(not r["scrolls"] for r in seen["rankings"]), seen["rankings"]
    if phone:
        # The Needs column is hidden; each tariff that needs something says so under its name, unfolded.
        assert not imports["needsColumn"]
        assert imports["notes"]["Octopus Go"] == "Needs: electric vehicle"
        assert imports["notes"]["Cosy Octopus"] == "Needs: heat pump"
    else:
        # The column says it; the lines under the names are not drawn twice.
        assert imports["needsColumn"] and all(v is None for v in imports["notes"].values())
        # Each fuel's full table (ten columns for import) fits the page's column: its Needs column is in view
        # without scrolling, and figures wrap only between their words.
        full = {t["title"]: t for t in seen["full"]}
        assert full["Electricity import: tariffs ranked by total cost"]["columns"] == 10
        for t in full.values():
            assert not t["scrolls"] and t["needsShown"] and t["broken"] == [], t


# Where the report starts, and which of the data bar's parts a person can see.
BAR_LAYOUT = """() => {
  const seen = (sel) => !!document.querySelector(sel)?.checkVisibility();
  return {
    titleTop: document.getElementById('report-title').getBoundingClientRect().top,
    toggle: seen('#data-bar .bar-toggle'), label: seen('#data-bar .bar-label'),
    fuels: seen('#data-bar .fuel-lines'), warnings: seen('#data-bar .load-warnings'),
    gas: seen('#data-bar .gas-units'), remember: seen('#remember-readings'),
    quality: seen("#data-bar .bar-actions .button:not(.danger)"), forget: seen('#data-bar .button.danger'),
  };
}"""


def test_the_data_bar_folds_to_one_line_on_a_phone_and_opens_to_every_control(sized, site_url):
    page, phone = sized
    page.goto(site_url + "/")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    for count, f in enumerate(OWN_FILES, start=1):  # the second file joins the first
        page.set_input_files("#file-input", str(f))
        page.wait_for_selector(f"#data-bar:not([hidden]) .fuel-lines li:nth-child({count})", state="attached")
        page.wait_for_selector("html[data-state=ready]", state="attached")
    bar = page.evaluate(BAR_LAYOUT)
    # What needs the user's eye is shown at any width: the file named no meter.
    assert bar["warnings"]
    if not phone:
        # A laptop has the room: the whole bar, headed by its label, no fold.
        assert not bar["toggle"] and bar["label"]
        assert all(bar[k] for k in ("fuels", "gas", "remember", "quality", "forget")), bar
        return
    # On a phone the report's title is on the first screen, under one line naming the data.
    assert bar["titleTop"] < 500, bar
    assert not bar["label"]
    assert not any(bar[k] for k in ("fuels", "gas", "remember", "quality", "forget")), bar
    toggle = page.get_by_role("heading", name="Your readings from a file").get_by_role(
        "button", name="Your readings from a file: electricity import and gas, 26 Oct – 1 Nov 2023")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert all(page.locator(f"#{i}").count() == 1 for i in toggle.get_attribute("aria-controls").split())

    # By keyboard: the fold opens on Enter, and every control of the full bar is then there to use.
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    bar = page.evaluate(BAR_LAYOUT)
    assert all(bar[k] for k in ("fuels", "gas", "warnings", "remember", "quality", "forget")), bar
    assert "335 of 338 half-hours with a reading" in page.inner_text("#data-bar .fuel-lines")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"  # the gas unit's Change…
    page.check("#remember-readings")
    page.wait_for_selector("#data-bar .remember :text('Saved on this device.')")
    page.click("#data-bar button:text('Data quality')")
    page.wait_for_selector("#report-title:text('data quality')")
    # Another report keeps the bar as the user left it (open), until a new load or a forget.
    assert page.get_attribute("#data-bar .bar-toggle", "aria-expanded") == "true"
    page.click("#data-bar .bar-toggle")
    assert not page.evaluate(BAR_LAYOUT)["remember"]


def test_a_gas_unit_the_page_is_unsure_of_stays_shown_on_a_folded_bar_and_compact_on_a_phone(sized, site_url):
    """Two summer days of tiny gas amounts, unit unstated: m³ or kWh both fit, so the user is asked to check."""
    page, phone = sized
    start = datetime(2023, 6, 1, tzinfo=UTC)
    rows = "".join(f"{(start + timedelta(minutes=30 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')},0.01\n" for i in range(96))
    page.goto(site_url + "/")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    page.select_option("#file-input-fuel", "gas")
    page.set_input_files("#file-input", {"name": "gas.csv", "mimeType": "text/csv",
                                         "buffer": ("time,reading\n" + rows).encode()})
    page.wait_for_selector("#data-bar:not([hidden]) .gas-units.warn", state="attached")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    bar = page.evaluate(BAR_LAYOUT)
    summary = page.locator("#data-bar .gas-units summary")
    assert bar["gas"] and "detected from the size of your readings" in summary.inner_text()
    statement = page.locator("#data-bar .gas-units > p").first
    if not phone:
        # A laptop has the room: the question stays open, explanation and choice at once.
        assert page.get_attribute("#data-bar .gas-units", "open") is not None
        assert statement.is_visible() and page.is_visible("#gas-unit") and page.is_visible("#gas-cv")
        return
    # The rest stays folded.
    assert not any(bar[k] for k in ("fuels", "remember", "quality", "forget")), bar
    # The unsure control is not among what the fold hides, so the button does not claim it.
    controls = page.get_attribute("#data-bar .bar-toggle", "aria-controls").split()
    assert "data-bar-gas" not in controls
    # On a phone it is one marked line naming the unit read and that it is a guess; its explanation and the choice
    # are folded under it, so the report's title is on the first screen.
    assert page.get_attribute("#data-bar .gas-units", "open") is None
    assert not statement.is_visible() and not page.is_visible("#gas-unit")
    assert "cubic metres" in summary.inner_text()
    assert summary.bounding_box()["height"] < 90
    assert bar["titleTop"] < 500, bar
    # By keyboard: the line opens on Enter, to the same explanation and choice.
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("#data-bar .gas-units", "open") is not None
    assert statement.is_visible() and "SMETS2" in statement.inner_text()
    assert page.is_visible("#gas-unit") and page.is_visible("#gas-cv")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "gas-unit"


# Each drawn chart's x-axis labels as placed: the text and box of every label drawn (ECharts draws on a canvas, but
# its scene graph keeps each text's box), whether the axis zooms, and the first and last category in view (all of
# them, or a zoom's window as the zoom component reports it).
X_AXIS_LABELS = """() => [...document.querySelectorAll('.chart-plot')].filter((p) => p.chart && p.checkVisibility())
  .map((p) => {
    const chart = p.chart;
    const axis = chart.getOption().xAxis?.[0];
    if (!axis || axis.type !== 'category') return null;
    const names = axis.data.map((d) => String(d?.value ?? d));
    const labels = [];
    for (const el of chart.getZr().storage.getDisplayList(true)) {
      const t = el.style && el.style.text;
      if (el.type !== 'tspan' || typeof t !== 'string' || !names.includes(t)) continue;
      const r = el.getBoundingRect().clone();
      r.applyTransform(el.getComputedTransform());
      labels.push({ text: t, left: r.x, right: r.x + r.width, top: r.y, bottom: r.y + r.height });
    }
    const zoom = (chart.getOption().dataZoom || [])[0];
    const [from, to] = zoom ? [zoom.startValue ?? 0, zoom.endValue ?? names.length - 1] : [0, names.length - 1];
    return { title: p.closest('figure, section, .block')?.querySelector('h2, h3, figcaption')?.textContent ?? '',
             width: chart.getWidth(), zoom: Boolean(zoom), first: names[from], last: names[to], labels };
  }).filter(Boolean)"""

# Zoom every chart that has a zoom to a window of its categories (the 11th to the 41st), as dragging its slider does.
ZOOM_IN = """() => { for (const p of document.querySelectorAll('.chart-plot')) {
  if (p.chart && (p.chart.getOption().dataZoom || []).length)
    p.chart.dispatchAction({ type: 'dataZoom', startValue: 10, endValue: 40 });
} }"""

CHART_VIEWS = [
    "/?source=demo&report=consumption&fuel=electricity&month=2023-11",
    "/?source=demo&report=cost&fuel=electricity&year=2023",
    "/?source=demo&report=emissions&fuel=electricity",
    "/?source=demo&report=consumption&fuel=electricity&from=2023-01-01&to=2023-03-31",  # 90 days: a zoom
    "/prices.html?region=C",
]


def assert_labels_fit_and_name_both_ends(chart: dict, where: tuple) -> None:
    boxes = sorted(chart["labels"], key=lambda x: x["left"])
    assert len(boxes) >= 2, (where, chart)
    assert all(x["left"] >= 0 and x["right"] <= chart["width"] for x in boxes), (where, boxes)
    meeting = [(a["text"], b["text"]) for a, b in itertools.combinations(boxes, 2)
               if a["left"] < b["right"] and b["left"] < a["right"]
               and a["top"] < b["bottom"] and b["top"] < a["bottom"]]
    assert not meeting, (where, meeting)
    shown = [x["text"] for x in boxes]
    assert shown[0] == chart["first"] and shown[-1] == chart["last"], (where, shown)


def test_no_two_x_axis_labels_meet_and_a_chart_names_its_first_and_last_even_zoomed(sized, site_url):
    page, phone = sized
    zoomed = 0
    for path in CHART_VIEWS:
        page.goto(site_url + path)
        page.wait_for_selector("html[data-state=ready]", state="attached")
        page.wait_for_selector(".chart-plot canvas")
        page.wait_for_timeout(500)  # a redraw at the final width (a resize observer's) has run
        charts = page.evaluate(X_AXIS_LABELS)
        assert charts, path
        for chart in charts:
            assert_labels_fit_and_name_both_ends(chart, (path, chart["title"], "phone" if phone else "laptop"))
        if not any(chart["zoom"] for chart in charts):
            continue
        page.evaluate(ZOOM_IN)
        page.wait_for_timeout(200)
        for chart in page.evaluate(X_AXIS_LABELS):
            if chart["zoom"]:
                zoomed += 1
                assert_labels_fit_and_name_both_ends(chart, (path, chart["title"], "zoomed", phone))
    assert zoomed >= 3  # the 90 days' bars, and the prices page's two charts of a week's half-hours


# Each shown select's choice as the closed control draws it: its text, its whole label (the option's title when the
# text is shortened), whether that text fits the control (less its arrow), and the texts of every choice.
CHOSEN = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  return Object.fromEntries([...document.querySelectorAll('select')].filter(s => s.checkVisibility()).map(s => {
    const cs = getComputedStyle(s); ctx.font = cs.font;
    const o = s.options[s.selectedIndex];
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
    return [s.name, {text: o.text, whole: o.title || o.text, fits: ctx.measureText(o.text).width <= room,
                     texts: [...s.options].map(x => x.text), width: s.getBoundingClientRect().width}];
  }));
}"""


def test_a_long_choice_reads_whole_in_its_closed_select_on_a_phone(sized, site_url):
    """The price cap's tariff and paying not by direct debit, chosen: the closed select shows a name that fits and
    says which (its words in brackets left to the title) where the whole label does not fit, as on a phone."""
    page, phone = sized
    page.goto(site_url + "/?source=demo&report=cost&tariff=price_cap&payment=non_direct_debit&month=2023-03")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    page.wait_for_timeout(200)
    chosen = page.evaluate(CHOSEN)
    tariff, payment = chosen["tariff"], chosen["payment"]
    assert tariff["whole"] == "Standard variable (price cap, any supplier)"
    assert payment["whole"] == "Not by direct debit (cash, cheque, bank transfer, card)"
    assert all(c["fits"] for c in chosen.values()), chosen
    if phone:
        assert tariff["text"] == "Standard variable" and payment["text"] == "Not by direct debit"
        # The select takes its row's width, and no two choices read the same.
        assert tariff["width"] >= 0.85 * 390
        assert len(set(tariff["texts"])) == len(tariff["texts"])
        assert "Octopus Flux (import)" in tariff["texts"]  # short enough to keep its brackets
    else:
        # A laptop's fields are 22rem at most: each shows the whole label, or the name before its brackets.
        for c in (tariff, payment):
            assert c["text"] == c["whole"] or c["whole"].startswith(c["text"] + " ("), c
        assert "Octopus Flux (import)" in tariff["texts"]


# Compare's month-by-month tables (a name and twelve months): whether each scrolls sideways in its block, and how
# wide it would be at its narrowest (every column at its min-content width) with a digit and a comma more in every
# month (a household whose months cost £1,000 or more), against its block's width.
MONTH_TABLES = """() => [...document.querySelectorAll('#blocks details.data-table')]
  .filter(d => /month by month/.test(d.querySelector('summary').textContent)).map(d => {
    d.open = true;
    const table = d.querySelector('table');
    const cell = table.querySelector('tbody td.figure');
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = getComputedStyle(cell).font;
    const months = table.querySelectorAll('thead th').length - 1;
    table.style.width = 'min-content';
    const narrowest = table.getBoundingClientRect().width;
    table.style.width = '';
    return {title: d.querySelector('summary').textContent, months, scrolls: d.scrollWidth > d.clientWidth,
            room: d.clientWidth, widerMonths: narrowest + months * ctx.measureText('0,').width};
  })"""


def test_compares_month_by_month_tables_fit_a_1280_laptop(browser, site_url, watch):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.on("request", lambda r: record_request(r, watch.requests, site_url))
    page = ctx.new_page()
    page.set_default_timeout(90_000)
    page.goto(site_url + "/?source=demo&report=compare")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    tables = page.evaluate(MONTH_TABLES)
    ctx.close()
    assert len(tables) == 3 and all(t["months"] == 12 for t in tables), tables
    assert [t["title"] for t in tables if t["scrolls"]] == []
    assert [t["title"] for t in tables if t["widerMonths"] > t["room"]] == [], tables
    assert [u for u in watch.requests if not u.startswith(site_url + "/")] == []


# Each ranking chart (bars drawn across, a tariff's name beside each) as drawn: the labels under its plot (its value
# axis), each bar's value as written and the bar it is written on, and the chart's width. ECharts draws on a canvas,
# but its scene graph keeps every text's box.
RANKING_AXES = """() => [...document.querySelectorAll('.chart-plot[data-horizontal=true]')]
  .filter((p) => p.chart && p.checkVisibility()).map((p) => {
    const chart = p.chart;
    const grid = chart.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    const box = (el) => {
      const r = el.getBoundingRect().clone();
      r.applyTransform(el.getComputedTransform());
      return r;
    };
    const texts = chart.getZr().storage.getDisplayList(true)
      .filter((el) => el.type === 'tspan' && typeof el.style?.text === 'string' && el.style.text)
      .map((el) => { const r = box(el); return {text: el.style.text, left: r.x, right: r.x + r.width,
                                                top: r.y, bottom: r.y + r.height}; });
    const bars = chart.getModel().getSeriesByIndex(0).getData();
    const rects = Array.from({length: bars.count()}, (_, i) => bars.getItemLayout(i));
    return {width: chart.getWidth(), axis: texts.filter((t) => t.top >= grid.y + grid.height),
            values: texts.filter((t) => /\\.\\d\\d$/.test(t.text)).map((t) => ({...t,
              bar: rects.find((r) => t.top < r.y + r.height && r.y < t.bottom)}))};
  })"""


def test_a_rankings_value_axis_has_round_labels_enough_to_read_a_bar_by(sized, site_url):
    """Compare's rankings: under each plot at least four labels of whole pounds at one round step, none meeting
    another or leaving the chart; every bar's value written whole within the chart, inside its bar's end on a phone."""
    page, phone = sized
    page.goto(site_url + "/?source=demo&report=compare")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    page.wait_for_selector(".chart-plot[data-horizontal=true] canvas")
    page.wait_for_timeout(500)  # a redraw at the final width (a resize observer's) has run
    charts = page.evaluate(RANKING_AXES)
    assert len(charts) == 3, charts  # electricity import, export and gas
    for chart in charts:
        labels = sorted(chart["axis"], key=lambda t: t["left"])
        texts = [t["text"] for t in labels]
        assert len(labels) >= 4, texts
        assert all(re.fullmatch(r"£\d{1,3}(,\d{3})*", t) for t in texts), texts
        pounds = [int(t[1:].replace(",", "")) for t in texts]
        assert pounds[0] == 0 and len({b - a for a, b in itertools.pairwise(pounds)}) == 1, pounds
        assert all(b["left"] - a["right"] >= 4 for a, b in itertools.pairwise(labels)), labels
        assert labels[0]["left"] >= 0 and labels[-1]["right"] <= chart["width"], labels
        # Each bar's value is written once, whole, on the chart (on a phone inside its bar, which is long enough).
        values = chart["values"]
        assert values and all(v["bar"] for v in values), values
        assert all(v["left"] >= 0 and v["right"] <= chart["width"] for v in values), values
        for v in values:
            bar_end = v["bar"]["x"] + v["bar"]["width"]
            assert (v["right"] <= bar_end) == phone, (v["text"], bar_end, v)


SMALL_PHONE = {"width": 320, "height": 640}


def test_a_long_choice_without_brackets_is_shortened_by_words_on_a_small_phone(browser, site_url, watch):
    """A 320 px phone: a battery strategy and a region too wide for the closed select, with no words in brackets to
    leave out, keep their first words and end in "…"; the whole label is the option's title (and the control's, while
    chosen)."""
    ctx = browser.new_context(viewport=SMALL_PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    ctx.on("request", lambda r: record_request(r, watch.requests, site_url))
    page = ctx.new_page()
    page.set_default_timeout(90_000)
    page.on("console", lambda m: m.type == "error" and watch.errors.append(f"console: {m.text}"))
    options = "(s) => [...s.options].map(o => ({text: o.text, whole: o.title || o.text}))"
    seen = {}
    for path, name in [("/?source=demo&report=whatif&battery=5&strategy=day_ahead", "strategy"),
                       ("/?source=demo&report=cost&fuel=electricity", "region")]:
        page.goto(site_url + path)
        page.wait_for_selector("html[data-state=ready]", state="attached")
        page.wait_for_timeout(200)
        chosen = page.evaluate(CHOSEN)
        assert all(c["fits"] for c in chosen.values()), chosen
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, path
        select = page.locator(f"select[name={name}]")
        seen[name] = {"chosen": chosen[name], "title": select.get_attribute("title"),
                      "options": {o["whole"]: o["text"] for o in select.evaluate(options)}}
    ctx.close()
    assert watch.errors == []
    assert [u for u in watch.requests if not u.startswith(site_url + "/")] == []
    strategy, region = seen["strategy"], seen["region"]
    assert strategy["chosen"]["whole"] == strategy["title"] == "Price-aware: plans each day ahead"
    for whole, text in [("Price-aware: plans each day ahead", strategy["chosen"]["text"]),
                        ("D: Merseyside and North Wales", region["options"]["D: Merseyside and North Wales"])]:
        # Its first words, whole, then "…"
        words = text.removesuffix("…")
        assert words != text and len(words) > 4, text
        assert whole.startswith(words) and whole[len(words)] in " :,;", text
    # No two choices read the same.
    for one in seen.values():
        assert len(set(one["options"].values())) == len(one["options"]), one


# Every table of a page, opened, that scrolls sideways inside its box: its title and how far.
SCROLLING_TABLES = """() => [...document.querySelectorAll('details.data-table')].map(d => { d.open = true; return d; })
  .filter(d => d.checkVisibility() && d.scrollWidth > d.clientWidth)
  .map(d => `${d.querySelector('summary').textContent}: ${d.scrollWidth} > ${d.clientWidth}`)"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["laptop", "phone"])
def test_the_prices_pages_and_the_labs_tables_fit_a_1280_laptop(browser, site_url, watch, viewport):
    """On a laptop every table of the Prices page (coverage by tariff code has nine columns) and the lab's ranking of
    every tariff (ten) fits its column; on a phone a wide one may scroll inside its box, never the page."""
    phone = viewport is PHONE
    ctx = browser.new_context(viewport=viewport, has_touch=phone, is_mobile=phone)
    ctx.on("request", lambda r: record_request(r, watch.requests, site_url))
    page = ctx.new_page()
    page.set_default_timeout(90_000)
    seen = {}
    for path in ("/prices.html?region=A", "/?source=demo&report=whatif&battery=5&solar=4&ev_miles=6000"):
        page.goto(site_url + path)
        page.wait_for_selector("html[data-state=ready]", state="attached")
        if "prices" in path:
            page.wait_for_selector("#prices-week:not([hidden])")
        seen[path] = {"scrolling": page.evaluate(SCROLLING_TABLES),
                      "titles": page.locator("details.data-table summary").all_inner_texts(),
                      "sideways": page.evaluate("document.documentElement.scrollWidth - innerWidth")}
    ctx.close()
    prices, lab = seen.values()
    assert "Coverage by tariff code and region" in prices["titles"]
    assert any(t.startswith("Every tariff before and after") for t in lab["titles"])
    for one in seen.values():
        assert one["sideways"] <= 0
        if not phone:
            assert one["scrolling"] == []
    assert [u for u in watch.requests if not u.startswith(site_url + "/")] == []
