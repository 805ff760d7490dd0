"""In Chromium: the compare page keeps just the approaches and dimensions picked (by keyboard too, and on a
phone), keeps the choice in the URL, copies the table as shown (Markdown, CSV, link, embed) and its embed shows
the same pick; the matrix and the lists of sources filter the same way; without JavaScript the whole table
stands."""
from __future__ import annotations

import csv
import io

import pytest

from macros import render, tablespecs


def _shown(page, frame: str):
    """(header texts, first-column texts) of what is visible in a table."""
    heads = page.eval_on_selector_all(f"{frame} thead th", "els => els.filter(e => !e.hidden).map(e => e.innerText.trim())")
    rows = page.eval_on_selector_all(f"{frame} tbody tr", "els => els.filter(e => !e.hidden).map(e => e.children[0].innerText.trim())")
    return heads, rows


def test_without_javascript_the_compare_page_shows_the_whole_matrix(browser, site_url, atlas):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{site_url}/en/compare/?a=rag,lora&d=latency")
    _, used, dims = tablespecs.matrix_cells(atlas)
    assert page.locator("#compare tbody tr").count() == len(dims)
    assert page.locator("#compare thead th").count() == len(used) + 1
    assert page.locator(".atlas-filter").is_hidden()
    tools = page.locator(".atlas-table__tools")  # copy buttons that could not run are not shown
    assert tools.count() >= 1 and all(tools.nth(i).is_hidden() for i in range(tools.count()))
    ctx.close()


def test_pick_approaches_and_dimensions_by_keyboard_and_send_the_link(clip_page, site_url, atlas):
    page = clip_page
    page.goto(f"{site_url}/en/compare/")
    page.locator(".atlas-filter__form").wait_for()
    rag = page.get_by_role("checkbox", name=atlas.approaches["rag"].short_name.en, exact=True)
    rag.focus()
    page.keyboard.press("Space")
    page.get_by_role("checkbox", name=atlas.approaches["fine-tuning"].short_name.en, exact=True).check()
    page.get_by_role("checkbox", name=atlas.dimensions["knowledge-freshness"].name.en, exact=True).check()
    page.get_by_role("checkbox", name=atlas.dimensions["latency"].name.en, exact=True).check()
    _, used, dims = tablespecs.matrix_cells(atlas)
    picked_a = [a for a in used if a in ("rag", "fine-tuning")]  # in the table's order
    picked_d = [d for d in dims if d in ("knowledge-freshness", "latency")]
    assert f"a={','.join(picked_a)}" in page.url and f"d={','.join(picked_d)}" in page.url
    heads, rows = _shown(page, "#compare")
    assert heads[1:] == [atlas.approaches[a].short_name.en for a in picked_a]
    assert rows == [atlas.dimensions[d].name.en for d in picked_d]
    # the cells carry their rationale and sources
    cell = page.locator("#compare tbody tr:not([hidden]) td:not([hidden])").nth(1 + picked_a.index("rag")).inner_text()
    comp_cell = next(x for c in atlas.comparisons.values() for r in c.rows if r.dimension == "knowledge-freshness"
                     for x in r.cells if x.approach == "rag")
    assert comp_cell.rationale.en in cell
    # the link opens the same pick
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    page.locator(".atlas-filter__form").wait_for()
    assert _shown(page, "#compare") == (heads, rows)
    assert page.get_by_role("checkbox", name=atlas.approaches["rag"].short_name.en, exact=True).is_checked()
    # copied as shown
    page.locator("#compare").get_by_role("button", name="Copy as Markdown").click()
    page.wait_for_function("document.querySelector('#compare').dataset.atlasCopied === 'markdown'")
    md = page.evaluate("navigator.clipboard.readText()").splitlines()
    assert md[0].count("|") == 4 and md[1] == "| --- | --- | --- |"
    assert len([l for l in md[2:] if l.startswith("| ")]) == 2
    assert comp_cell.rationale.en.split(" ")[0] in md[2].split(" | ")[1 + picked_a.index("rag")]
    page.get_by_role("button", name="Copy as CSV").click()
    page.wait_for_function("document.querySelector('.atlas-filter__status').textContent.includes('✓')")
    rows_csv = list(csv.reader(io.StringIO(page.evaluate("navigator.clipboard.readText()").split("\r\n", 1)[1])))
    assert [r[0] for r in rows_csv if r] == ["Dimension"] + rows
    page.locator("#compare").get_by_role("button", name="Copy embed code").click()
    page.wait_for_function("document.querySelector('#compare').dataset.atlasCopied === 'embed'")
    code = page.evaluate("navigator.clipboard.readText()")
    src = code.split('src="', 1)[1].split('"', 1)[0]
    assert src.startswith(f"{site_url}/en/embed/compare/?") and f"a={','.join(picked_a)}" in src
    page.goto(src)
    assert _shown(page, "table") == (heads, rows)


def test_the_compare_page_on_a_phone_in_chinese(browser, site_url, atlas):
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(f"{site_url}/zh/compare/?a=rag,lora&group=cost")
    page.locator(".atlas-filter__form").wait_for()
    heads, rows = _shown(page, "#compare")
    _, used, _ = tablespecs.matrix_cells(atlas)
    assert heads[1:] == [atlas.approaches[a].short_name.zh for a in used if a in ("rag", "lora")]
    cost = {atlas.dimensions[d].name.zh for d, x in atlas.dimensions.items() if x.group == "cost"}
    assert rows and set(rows) <= cost
    box = page.get_by_role("checkbox", name=atlas.approaches["rag"].short_name.zh, exact=True).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # the controls fit the screen
    page.get_by_role("checkbox", name=atlas.approaches["rag"].short_name.zh, exact=True).tap()
    assert "a=lora" in page.url
    ctx.close()


def test_the_matrix_filters_by_rating_and_the_sources_by_kind(page, site_url, atlas):
    page.goto(f"{site_url}/en/matrix/?rating=weak&a=rag")
    page.locator(".atlas-filter__form").wait_for()
    heads, rows = _shown(page, "#matrix")
    assert heads[1:] == [atlas.approaches["rag"].short_name.en]
    cells, _, _ = tablespecs.matrix_cells(atlas)
    weak = [atlas.dimensions[d].name.en for d in atlas.dimensions if any(x.rating == "weak" for _, x in cells.get((d, "rag"), []))]
    assert rows == weak and rows
    page.goto(f"{site_url}/en/sources/?type=paper")
    page.locator(".atlas-filter__form").first.wait_for()
    ctx = render.context(atlas, "en")
    shown = page.eval_on_selector_all("[data-atlas-table^=sources-] tbody tr", "els => els.filter(e => !e.hidden).map(e => e.children[0].innerText.trim())")
    assert sorted(shown) == sorted(s.label for s in atlas.sources.values() if s.type == "paper")
    assert ctx.t("nav_sources")
