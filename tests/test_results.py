"""What studies measured (data/results/, macros/results.py), checked as a reviewer would: every result cites a
study with its identifier and a table or figure; every number reaches the page, the exports and the API exactly
as printed; no result is entered twice with different values; every arm is an approach or the baseline; and
the pages a study speaks to show it, in both languages."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from macros import embeds, loader, render, results
from macros.tables import ExportContext, export

ROOT = Path(__file__).resolve().parent.parent
RESULT_FILES = sorted((ROOT / "data" / "results").glob("*.yaml"))


def _raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _printed_values():
    """(file, table id, row id, arm id, printed) for every value, read from the YAML text itself, not the loader."""
    for f in RESULT_FILES:
        data = _raw(f)
        for t in data["tables"]:
            for r in t["rows"]:
                for arm, v in r["values"].items():
                    yield f.stem, t["id"], r["id"], arm, (v["printed"] if isinstance(v, dict) else v), t["metric"]["unit"]


def test_there_are_transcribed_results_from_the_studies_the_issue_names(atlas):
    flat = results.all_results(atlas)
    by_source = {r.source for r in flat}
    for source in ("ovadia-2023-knowledge-injection", "zhang-2024-raft", "li-2024-rag-or-long-context", "lewis-2020-rag",
                   "hu-2021-lora", "dettmers-2023-qlora", "liu-2023-lost-in-the-middle"):
        assert source in by_source, source
    assert len(flat) > 250
    # a study named by the issue whose tables could not be read has a page that says so, with the reason
    for ident in ("balaguer-2024-agriculture", "soudani-2024-less-popular-knowledge", "lin-2023-ra-dit"):
        s = atlas.results[ident]
        assert not s.tables and s.not_transcribed and all(x.en.strip() and x.zh.strip() for x in s.not_transcribed)


def test_every_result_cites_a_paper_with_its_identifier_and_a_table_or_figure(atlas):
    for r in results.all_results(atlas):
        src = atlas.sources[r.source]
        assert src.type in ("paper", "documentation"), r.key
        if src.type == "paper":
            assert src.identifiers.arxiv or src.identifiers.doi, r.key
            if src.identifiers.arxiv:
                assert re.fullmatch(r"\d{4}\.\d{4,5}", src.identifiers.arxiv), r.key
        assert re.fullmatch(r"(Table|Figure) [A-Z]?\d+[a-z]?", r.location), r.key


def test_values_keep_the_decimals_as_printed_and_their_number_comes_from_that_text():
    seen = 0
    for study, table, row, arm, printed, _ in _printed_values():
        assert isinstance(printed, str), (study, table, row, arm)
        n = results.parse(printed)
        assert n is not None, printed
        if "." in printed and not printed.endswith(("K", "M", "B")):
            assert str(n).split(".")[1] == printed.split(".")[1].rstrip("KMB"), printed  # 0.600 stays 0.600
        seen += 1
    assert seen > 250
    assert results.parse("0.600") == Decimal("0.600") and str(results.parse("0.600")) == "0.600"
    assert results.parse("175,255.8M") == Decimal("175255800000.0")
    assert results.parse("08.60") == Decimal("8.60")
    assert results.parse("about 5") is None


def _cell(table, row_index: int, column: str) -> str:
    return table.plain_rows[row_index][list(table.columns).index(column)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_numbers_round_trip_from_the_data_to_the_page_and_every_export(atlas, lang):
    """Each printed value appears, unchanged, in its row and arm's column of the study's table, in that table's
    page Markdown, CSV, JSON, Markdown, MediaWiki and Confluence exports, and in the API's data.json."""
    ctx = render.context(atlas, lang)
    ectx = ExportContext(f"https://example.test/{lang}/", {}, "Atlas", "as of")
    api = json.loads(json.dumps(embeds.dataset(atlas), ensure_ascii=False))
    checked = 0
    for study, table_id, row_id, arm, printed, unit in _printed_values():
        s = atlas.results[study]
        tab = ctx.tables[results.study_table_id(study, table_id)]
        rec = next(t for t in s.tables if t.id == table_id)
        row_index = [r.id for r in rec.rows].index(row_id)
        label = next(a for a in s.arms if a.id == arm).label(lang)
        shown = _cell(tab, row_index, label)
        assert shown.startswith(printed) and printed in shown, (study, table_id, row_id, arm, shown)
        if unit == "percent":
            assert shown.endswith("%")
        assert shown in tab.markdown.replace("&#37;", "%").replace("&#32;", " ")
        rows = list(csv.reader(io.StringIO(export(tab, "csv", ectx).split("\n", 1)[1])))
        assert rows[1 + row_index][list(tab.columns).index(label)] == shown
        assert json.loads(export(tab, "json", ectx))["rows"][row_index][list(tab.columns).index(label)] == shown
        for fmt in ("md", "mediawiki", "xhtml"):
            assert printed in export(tab, fmt, ectx), (fmt, study, printed)
        value = api["kinds"]["results"][study]["tables"][[t.id for t in s.tables].index(table_id)]["rows"][row_index]["values"][arm]
        assert (value["printed"] if isinstance(value, dict) else value) == printed
        checked += 1
    assert checked > 250


def test_the_index_of_all_results_lists_each_result_once_with_its_value(atlas):
    ctx = render.context(atlas, "en")
    index = ctx.tables["results"]
    flat = results.all_results(atlas)
    assert len(index.rows) == len(flat)
    values = [row[-1] for row in index.plain_rows]
    assert values == [r.shown for r in flat]
    page = results.evidence_index(ctx)
    for column in ("approach", "task", "metric"):
        assert f'data-atlas-filter-by="{column}"' in page
    assert 'data-atlas-filter="results"' in page


def test_no_result_is_entered_twice_in_the_real_data():
    keys = {}
    for f in RESULT_FILES:
        data = _raw(f)
        arms = {a["id"]: a for a in data["arms"]}
        for t in data["tables"]:
            for r in t["rows"]:
                for arm in r["values"]:
                    key = (data["source"], json.dumps(r["task"]), json.dumps(r.get("setting", "")), json.dumps(r["model"]), arms[arm].get("approach"),
                           arms[arm]["label"]["en"], t["metric"]["name"]["en"])
                    assert key not in keys, f"{f.name}: {key} also in {keys[key]}"
                    keys[key] = f.name


def test_every_arm_is_an_approach_or_the_baseline(atlas):
    for s in atlas.results.values():
        for a in s.arms:
            assert (a.approach in atlas.approaches) != a.baseline, (s.id, a.id)
        declared = {a.id for a in s.arms}
        for t in s.tables:
            for r in t.rows:
                assert set(r.values) <= declared, (s.id, t.id, r.id)


# --- the loader refuses what a reviewer would ----------------------------------------------------------------------

@pytest.fixture
def data_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def _errors(data: Path) -> str:
    atlas, errors = loader.load(data, ROOT)
    assert atlas is None
    return "\n".join(e.format() for e in errors)


def _edit(data: Path, name: str, old: str, new: str) -> None:
    f = data / "results" / f"{name}.yaml"
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_same_result_entered_again_with_another_value_is_an_error(data_copy):
    twin = (data_copy / "results" / "hu-2021-lora.yaml").read_text(encoding="utf-8")
    twin = twin.replace("id: hu-2021-lora", "id: hu-2021-lora-again").replace('lora-4m: "73.4"', 'lora-4m: "73.5"')
    (data_copy / "results" / "hu-2021-lora-again.yaml").write_text(twin, encoding="utf-8")
    text = _errors(data_copy)
    assert "the same result was entered before with another value ('73.4'" in text
    assert "hu-2021-lora-again.yaml" in text
    assert "the same result is entered twice" in text  # the values that are equal are duplicates too


def test_a_value_for_an_undeclared_arm_is_an_error(data_copy):
    _edit(data_copy, "liu-2023-lost-in-the-middle", 'oracle: "83.4"', 'orcale: "83.4"')
    text = _errors(data_copy)
    assert "liu-2023-lost-in-the-middle.yaml" in text and "value for arm 'orcale', which is not declared" in text


def test_an_arm_that_is_neither_an_approach_nor_the_baseline_is_an_error(data_copy):
    _edit(data_copy, "liu-2023-lost-in-the-middle", "    baseline: true\n", "")
    text = _errors(data_copy)
    assert "liu-2023-lost-in-the-middle.yaml" in text and "arms[0]" in text
    _edit(data_copy, "liu-2023-lost-in-the-middle", "    label: {en: Closed-book, zh: 闭卷}\n",
          "    label: {en: Closed-book, zh: 闭卷}\n    baseline: true\n")
    _edit(data_copy, "liu-2023-lost-in-the-middle", "    approach: rag\n", "    approach: rga\n")
    assert "unknown approach 'rga'" in _errors(data_copy)


def test_an_unquoted_number_that_would_lose_its_decimals_is_refused(data_copy):
    _edit(data_copy, "ovadia-2023-knowledge-injection", 'base: "0.600"', "base: 0.600")
    text = _errors(data_copy)
    assert "ovadia-2023-knowledge-injection.yaml" in text and "values.base" in text


def test_an_approximate_value_must_say_so_and_a_figure_must_say_how_it_was_read(data_copy):
    _edit(data_copy, "liu-2023-lost-in-the-middle", 'closed-book: "35.0"', 'closed-book: {printed: "≈35.0"}')
    assert "'≈35.0' is approximate but not flagged" in _errors(data_copy)
    _edit(data_copy, "liu-2023-lost-in-the-middle", 'closed-book: {printed: "≈35.0"}', 'closed-book: "35.0"')
    _edit(data_copy, "liu-2023-lost-in-the-middle", "location: {kind: table,", "location: {kind: figure,")
    text = _errors(data_copy)
    assert "a value from a figure does not say how it was read" in text
    _edit(data_copy, "liu-2023-lost-in-the-middle", 'closed-book: "35.0"', 'closed-book: {printed: "35.0", read_from: chart}')
    assert "a value read off a chart is not flagged approximate" in _errors(data_copy)


def test_a_result_from_an_article_rather_than_a_study_is_refused(data_copy):
    _edit(data_copy, "liu-2023-lost-in-the-middle", "source: liu-2023-lost-in-the-middle", "source: ziyu-rag-vs-fine-tuning")
    assert "source 'ziyu-rag-vs-fine-tuning' is of type 'article'" in _errors(data_copy)


def test_a_paper_without_an_identifier_is_refused(data_copy):
    src = data_copy / "sources" / "liu-2023-lost-in-the-middle.yaml"
    src.write_text(src.read_text(encoding="utf-8").replace('identifiers:\n  arxiv: "2307.03172"\n', ""), encoding="utf-8")
    assert "is a paper without an identifier" in _errors(data_copy)


def test_a_contrast_must_point_at_a_cell_that_cites_a_founding_article(data_copy):
    _edit(data_copy, "liu-2023-lost-in-the-middle", "    dimension: context-window\n    approach: rag\n",
          "    dimension: context-window\n    approach: distillation\n")
    assert "has no cell for context-window / distillation" in _errors(data_copy)


def test_a_study_with_no_table_must_say_why(data_copy):
    f = data_copy / "results" / "luo-2023-forgetting.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text[: text.index("not_transcribed:")] + "checked: 2026-12-01\n", encoding="utf-8")
    assert "no table transcribed and no reason given" in _errors(data_copy)


# --- where the results are shown ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("dimension", ["knowledge-freshness", "domain-depth", "hallucination", "compute-needs", "latency", "context-window"])
def test_the_dimension_pages_show_what_studies_measured_beside_the_articles_claims(atlas, lang, dimension):
    ctx = render.context(atlas, lang)
    page = render.entity_page(ctx, "dimensions", dimension)
    assert "{ #what-studies-measured }" in page
    table = ctx.tables[f"{dimension}-measured"]
    assert f'id="{dimension}-measured"' in page
    studies = [s for s in atlas.results.values() if dimension in s.dimensions and s.tables]
    assert studies
    for s in studies:
        assert f"/evidence/{s.id}.md" in page
        assert render.esc(s.reading.limits(lang))[:40] in page  # the honest reading: what it does not show
    for r in results.for_dimension(atlas, dimension):
        assert any(r.shown in row[-1] for row in table.plain_rows), r.key
    if dimension in ("knowledge-freshness", "domain-depth", "context-window", "latency", "compute-needs", "hallucination"):
        contrasts = ctx.tables[f"{dimension}-contrasts"]
        assert contrasts.rows and f'id="{dimension}-contrasts"' in page
        for claim, measured, _ in contrasts.plain_rows:
            assert claim and measured


def test_approach_and_comparison_pages_show_the_studies_that_measured_them(atlas):
    ctx = render.context(atlas, "en")
    for approach in ("rag", "fine-tuning", "lora", "qlora", "retrieval-augmented-fine-tuning", "long-context-prompting"):
        page = render.entity_page(ctx, "approaches", approach)
        assert "{ #what-studies-measured }" in page, approach
        assert ctx.tables[f"{approach}-measured"].rows
    page = render.entity_page(ctx, "comparisons", "rag-vs-fine-tuning")
    assert "{ #what-studies-measured }" in page and "/evidence/ovadia-2023-knowledge-injection.md" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_study_has_an_evidence_page_with_its_tables_reading_and_gaps(atlas, lang):
    ctx = render.context(atlas, lang)
    for ident, s in atlas.results.items():
        page = render.entity_page(ctx, "results", ident)
        assert f"/sources/{s.source}.md" in page
        src = atlas.sources[s.source]
        if src.identifiers.arxiv:
            assert f"https://arxiv.org/abs/{src.identifiers.arxiv}" in page
        for t in s.tables:
            assert f'id="{results.study_table_id(ident, t.id)}"' in page
        for gap in s.not_transcribed:
            assert render.esc(gap(lang))[:30] in page
        assert render.esc(s.reading.supports(lang))[:30] in page


def test_the_chart_draws_bars_to_scale_with_a_text_alternative_in_both_schemes(atlas):
    s = atlas.results["ovadia-2023-knowledge-injection"]
    svg = results.chart(atlas, "en", lambda k: atlas.t(k, "en"), s, "table-2")
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    bars = re.findall(r'<rect class="atlas-chart__bar (atlas-chart__bar--\d)" x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="\d+"><title>([^<]*)</title>', svg)
    flat = [r for r in results.flatten(s) if r.table == "table-2"]
    assert len(bars) == len(flat)
    top = max(r.number for r in flat)
    widest = max(float(w) for _, w, _ in bars)
    for (cls, width, title), r in zip(bars, flat):
        assert title.endswith(r.shown)
        assert abs(float(width) / widest - float(r.number / top)) < 0.01, (title, width)
    css = (ROOT / "overrides" / "assets" / "atlas.css").read_text(encoding="utf-8")
    for cls in {c for c, _, _ in bars}:
        assert f".{cls} {{" in css and f'[data-md-color-scheme="slate"] .{cls} {{' in css
    # a single arm is no comparison: no chart
    one = results.chart(atlas, "en", lambda k: atlas.t(k, "en"), atlas.results["li-2024-rag-or-long-context"], "table-3")
    assert one.count("<rect") >= 6


def test_hostile_text_in_a_study_is_shown_never_run(data_copy):
    """Markup, template syntax and table pipes in a study's texts and names stay text on its page and in its chart."""
    hostile = '<script>alert(1)</script> {{ x }} {% if %} | [a](javascript:x) *b*'
    f = data_copy / "results" / "liu-2023-lost-in-the-middle.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("label: {en: Closed-book, zh: 闭卷}", f"label: {{en: '{hostile}', zh: '{hostile}'}}")
    text = text.replace("model: GPT-3.5-Turbo,", f"model: '{hostile}',", 1)
    f.write_text(text, encoding="utf-8")
    atlas, errors = loader.load(data_copy, ROOT)
    assert errors == [], [e.format() for e in errors]
    for lang in ("en", "zh"):
        ctx = render.Ctx(atlas, lang)
        page = render.entity_page(ctx, "results", "liu-2023-lost-in-the-middle")
        svg = results.chart(atlas, lang, ctx.t, atlas.results["liu-2023-lost-in-the-middle"], "table-1")
        for out in (page, svg, render.entity_page(ctx, "dimensions", "context-window")):
            assert "<script>" not in out
            # in Markdown, braces become character references; inside the chart's raw HTML (a generated page, never
            # rendered as a template again) they are plain text, as in the table frames' attributes
            markdown = re.sub(r"<figure class=\"atlas-chart\" data-search-exclude(?:=\"\")?>.*?</figure>", "", out, flags=re.S)
            assert "{{ x }}" not in markdown and "{% if %}" not in markdown and "](javascript:" not in markdown
        assert "&lt;script&gt;" in svg  # escaped once by the partial, so the browser shows it as written
        table = ctx.tables[results.study_table_id("liu-2023-lost-in-the-middle", "table-1")]
        assert hostile in table.columns and any(hostile in row for row in table.plain_rows)  # exports keep it exactly
