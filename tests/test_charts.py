"""Figures a reader can compare: a static range chart where several figures give one measure, one value column
(no repeated numbers), and the costs page saying what the currency is and why it is not converted."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from macros import charts, loader, render


@pytest.fixture(scope="module")
def atlas():
    return loader.load_or_raise()


def test_axis_steps_are_round_numbers():
    assert charts.nice_step(2000) == 500
    assert charts.nice_step(400000) == 100000
    assert charts.nice_step(7) == 2


def test_bars_are_placed_on_one_axis():
    c = charts.range_chart("x", "T", "D", "ms", [("RAG", "A", 200, 800, "200–800 ms"), ("FT", "B", 150, 150, "150 ms")], str)
    rag, ft = c.bars
    assert rag.x1 < rag.x2 and ft.x1 == ft.x2
    assert c.ticks[0].text == "0" and c.ticks[-1].x >= rag.x2
    # 800 ms lies four times as far from the axis's zero as 200 ms
    zero = c.ticks[0].x
    assert abs((rag.x2 - zero) - 4 * (rag.x1 - zero)) < 0.5


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_latency_and_cost_figures_have_a_chart_with_a_text_alternative(atlas, lang):
    ctx = render.Ctx(atlas, lang)
    for fid in ("response-latency", "initial-cost", "monthly-cost"):
        md = render.figure_chart(ctx, fid)
        svg = ET.fromstring(re.search(r"<svg.*</svg>", md, re.S).group(0))
        ns = "{http://www.w3.org/2000/svg}"
        assert svg.get("role") == "img"
        desc = svg.find(f"{ns}desc").text
        f = atlas.figures[fid]
        assert len(svg.findall(f"{ns}rect")) + len(svg.findall(f"{ns}circle")) == len(f.values)
        for q in f.values:  # every value a reader can read in the description, as the table prints it
            assert render.tablespecs.qty_text(render.tablespecs.TCtx(atlas, lang), q) in desc
    assert render.figure_chart(ctx, "retraining-cost") == ""  # one figure: nothing to compare


def test_the_latency_table_shows_each_value_once(atlas):
    t = render.Ctx(atlas, "en").tables["response-latency"]
    assert "In milliseconds" not in t.columns
    values = [row[1].text for row in t.rows]
    assert "150" in values and "2,000 (as stated: 2 s)" in values


def test_the_costs_page_names_the_currency_and_explains_wan():
    for lang, words in (("en", ("CNY", "万", "10,000", "not converted")), ("zh", ("人民币", "万", "10,000", "没有换算"))):
        text = (loader.ROOT / "docs" / lang / "costs.md").read_text(encoding="utf-8")
        for w in words:
            assert w in text, (lang, w)
