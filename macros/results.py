"""What studies measured (data/results/): checks a schema cannot make, the results as flat records, their tables
(so that pages, exports, embeds and the JSON API carry them like every table), and the pieces of pages that show
them: a study's evidence page, "what studies measured" on dimension, approach and comparison pages, the index of
all results, and a bar chart (static SVG, written from a Jinja partial) where arms are compared on one metric.

A value is kept as the study prints it (a string such as "0.600"); its number is derived from that string, never
stored beside it, so the two cannot drift apart and the decimals shown are the decimals published.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from . import snippets
from .model import Atlas, Study, Text
from .tables import Cell, Part, Table, txt
from .text import colon, comma, esc, semicolon

NUMBER = re.compile(r"^(?P<approx>[≈~])?(?P<sign>-)?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?(?P<suffix>[KMB])?$")
APPROXIMATE_WORDS = ("≈", "~", "about", "approx", "约", "大约")
SUFFIX = {"K": Decimal(1000), "M": Decimal(10) ** 6, "B": Decimal(10) ** 9}
UNIT_SIGN = {"percent": "%", "ms": " ms"}


def parse(printed: str) -> Decimal | None:
    """'0.600' -> Decimal('0.600'); '175,255.8M' -> Decimal('175255800000.0'); None if it is not a number."""
    m = NUMBER.match(printed.strip())
    if not m:
        return None
    n = Decimal(("-" if m["sign"] else "") + m["int"].replace(",", "") + (m["frac"] or ""))
    return n * SUFFIX[m["suffix"]] if m["suffix"] else n


def decimals(printed: str) -> int:
    m = NUMBER.match(printed.strip())
    return len(m["frac"]) - 1 if m and m["frac"] else 0


@dataclass(frozen=True)
class Result:
    """One measured value: a study's table, row and arm."""

    study: str
    source: str
    table: str  # table id within the study
    location: str  # "Table 1", "Figure 3"
    row: str
    task: Text
    setting: Text
    model: Text
    arm: str
    arm_label: Text
    approach: str | None  # None: the baseline
    metric: Text
    direction: str
    unit: str
    printed: str
    number: Decimal
    approximate: bool = False
    read_from: str | None = None
    plus_minus: str | None = None

    @property
    def key(self) -> str:
        """Stable id of the result: <study>.<table>.<row>.<arm>."""
        return f"{self.study}.{self.table}.{self.row}.{self.arm}"

    @property
    def shown(self) -> str:
        """The value as the site shows it everywhere: as printed, with ± and the % sign when the study's unit is percent."""
        core = self.printed + (f" ± {self.plus_minus}" if self.plus_minus else "")
        return core + UNIT_SIGN.get(self.unit, "")


def _value(raw) -> tuple[str, bool, str | None, str | None]:
    if isinstance(raw, dict):
        return str(raw["printed"]), bool(raw.get("approximate")), raw.get("read_from"), raw.get("plus_minus")
    return str(raw), False, None, None


def location_label(loc, lang: str) -> str:
    word = {("table", "en"): "Table", ("figure", "en"): "Figure", ("table", "zh"): "表", ("figure", "zh"): "图"}[(loc.kind, lang)]
    return f"{word} {loc.number}"


def flatten(study: Study) -> list[Result]:
    arms = {a.id: a for a in study.arms}
    out = []
    for t in study.tables:
        for r in t.rows:
            for arm_id in [a.id for a in study.arms if a.id in r.values]:
                printed, approx, read_from, pm = _value(r.values[arm_id])
                number = parse(printed.lstrip("≈~"))
                a = arms[arm_id]
                out.append(Result(study.id, study.source, t.id, location_label(t.location, "en"), r.id, r.task,
                                  r.setting or Text("", ""), r.model, arm_id, a.label, a.approach, t.metric.name, t.metric.direction,
                                  t.metric.unit, printed, number, approx or printed[:1] in "≈~", read_from, pm))
    return out


def all_results(atlas: Atlas) -> list[Result]:
    return [r for s in atlas.results.values() for r in flatten(s)]


# --- checks the schema cannot make (called by loader.semantic_errors) -------------------------------------------

def semantic_errors(docs: dict) -> None:
    """Errors go onto each document (doc.error); the loader collects them."""
    seen: dict[tuple, tuple] = {}  # result identity -> (doc, path, printed)
    for (folder, ident), doc in sorted(docs.items()):
        data = doc.data
        if folder != "results" or doc.errors or not isinstance(data, dict):
            continue
        src_doc = docs.get(("sources", data.get("source")))
        src = src_doc.data if src_doc is not None and isinstance(src_doc.data, dict) else None
        if src is not None:
            kind, ids = src.get("type"), src.get("identifiers") or {}
            if kind == "paper" and not (ids.get("arxiv") or ids.get("doi")):
                doc.error(("source",), f"source '{data['source']}' is a paper without an identifier",
                          "a paper with identifiers.arxiv or identifiers.doi", f"add the identifier to data/sources/{data['source']}.yaml")
            elif kind == "documentation" and not src.get("url"):
                doc.error(("source",), f"source '{data['source']}' is documentation without a URL", "its url",
                          f"add url: to data/sources/{data['source']}.yaml")
            elif kind not in ("paper", "documentation"):
                doc.error(("source",), f"source '{data['source']}' is of type '{kind}'",
                          "a study: a paper (with its arXiv id or DOI) or official documentation",
                          "measured results come from the study itself, not from an article about it")
        arm_ids = [a.get("id") for a in data.get("arms", [])]
        for i, a in enumerate(arm_ids):
            if arm_ids.index(a) != i:
                doc.error(("arms", i, "id"), f"arm '{a}' is declared twice", "each arm id once")
        arms = {a.get("id"): a for a in data.get("arms", [])}
        tables = data.get("tables", [])
        if not tables and not data.get("not_transcribed"):
            doc.error(("tables",), "no table transcribed and no reason given",
                      "at least one table, or 'not_transcribed' saying why nothing could be read with certainty")
        table_ids: dict = {}
        for t_i, t in enumerate(tables):
            if t.get("id") in table_ids:
                doc.error(("tables", t_i, "id"), f"table id '{t['id']}' is used twice (tables[{table_ids[t['id']]}])", "each table id once")
            table_ids.setdefault(t.get("id"), t_i)
            is_figure = t.get("location", {}).get("kind") == "figure"
            metric = (t.get("metric") or {}).get("name", {}).get("en", "")
            row_ids: dict = {}
            for r_i, row in enumerate(t.get("rows", [])):
                rpath = ("tables", t_i, "rows", r_i)
                if row.get("id") in row_ids:
                    doc.error(rpath + ("id",), f"row id '{row['id']}' is used twice (rows[{row_ids[row['id']]}])", "each row id once in a table")
                row_ids.setdefault(row.get("id"), r_i)
                for arm, raw in (row.get("values") or {}).items():
                    vpath = rpath + ("values", arm)
                    if arm not in arms:
                        doc.error(vpath, f"value for arm '{arm}', which is not declared", f"one of {', '.join(map(str, arms))}",
                                  "declare the arm under 'arms:' (an approach of the site, or the baseline), or correct the id")
                        continue
                    printed, approx, read_from, _ = _value(raw)
                    if parse(printed.lstrip("≈~")) is None:
                        doc.error(vpath, f"'{printed}' is not a number as printed", "digits, a decimal point, optional thousands commas and K/M/B, e.g. \"0.600\"")
                        continue
                    if any(w in printed.casefold() for w in APPROXIMATE_WORDS) and not approx:
                        doc.error(vpath, f"'{printed}' is approximate but not flagged", "approximate: true", "add approximate: true")
                    if is_figure and read_from is None:
                        doc.error(vpath, "a value from a figure does not say how it was read",
                                  "read_from: chart (read off the plot: then approximate: true) or read_from: label (printed on it)",
                                  "write the value as {printed: \"…\", read_from: …}")
                    if read_from == "chart" and not approx:
                        doc.error(vpath, "a value read off a chart is not flagged approximate", "approximate: true")
                    identity = (data.get("source"), _en(row.get("task")), _en(row.get("setting")), _en(row.get("model")), arms[arm].get("approach") or "baseline",
                                arms[arm].get("label", {}).get("en", "").casefold(), metric.casefold())
                    if identity in seen:
                        other_doc, other_path, other_printed = seen[identity]
                        where = f"{other_doc.path} {'.'.join(map(str, other_path))}"
                        if other_printed != printed:
                            doc.error(vpath, f"the same result was entered before with another value ('{other_printed}' at {where})",
                                      "one value per study, task, setting, model, arm and metric", "keep the value the study prints, remove the other")
                        else:
                            doc.error(vpath, f"the same result is entered twice (also at {where})", "each result once", "remove one of them")
                    else:
                        seen[identity] = (doc, vpath, printed)
        for c_i, c in enumerate(data.get("contrasts", [])):
            cpath = ("contrasts", c_i)
            comp_doc = docs.get(("comparisons", c.get("comparison")))
            if comp_doc is None:
                doc.error(cpath + ("comparison",), f"unknown comparison '{c.get('comparison')}'", "an id in data/comparisons/")
                continue
            row = next((r for r in (comp_doc.data or {}).get("rows", []) if r.get("dimension") == c.get("dimension")), None)
            cell = (row or {}).get("cells", {}).get(c.get("approach")) if row else None
            if cell is None:
                doc.error(cpath, f"comparison '{c['comparison']}' has no cell for {c.get('dimension')} / {c.get('approach')}",
                          "a dimension row and an approach column of that comparison")
                continue
            founding = [s for s in cell.get("sources", []) if isinstance((docs.get(("sources", s)) or _NoDoc).data, dict)
                        and docs[("sources", s)].data.get("seed")]
            if not founding:
                doc.error(cpath, "the cell it contrasts cites no founding article",
                          "a cell whose sources include a founding article (a source with 'seed')")


def _en(name) -> str:
    """A row's name (a string, or {en, zh}) as the English text that identifies it."""
    return str((name.get("en", "") if isinstance(name, dict) else name) or "").casefold()


class _NoDoc:
    data = None


# --- tables ------------------------------------------------------------------------------------------------------

def study_table_id(study: str, table: str) -> str:
    return f"evidence-{study}-{table}"


def _cite(atlas: Atlas, source: str) -> Part:
    return Part(atlas.sources[source].label, f"/sources/{source}.md", "cite")


def _value_cell(r: Result, lang: str) -> Cell:
    text = r.shown
    if r.approximate:
        text = ("≈ " if not r.printed.startswith(("≈", "~")) else "") + text
    return txt(text)


def _arm_part(atlas: Atlas, lang: str, study: Study, arm_id: str) -> Part:
    a = next(x for x in study.arms if x.id == arm_id)
    return Part(a.label(lang))


def study_tables(atlas: Atlas, lang: str, t) -> list[Table]:
    """One Table per transcribed table of each study: task, setting, model, then a column per arm."""
    out = []
    for sid, s in atlas.results.items():
        results = flatten(s)
        for tab in s.tables:
            used = [a for a in s.arms if any(a.id in r.values for r in tab.rows)]
            settings = any(r.setting for r in tab.rows)
            columns = [t("task")] + ([t("setting")] if settings else []) + [t("model")] + [a.label(lang) for a in used]
            rows = []
            for row in tab.rows:
                by_arm = {r.arm: r for r in results if r.table == tab.id and r.row == row.id}
                rows.append((txt(row.task(lang)), *([txt(row.setting(lang) if row.setting else "")] if settings else []), txt(row.model(lang)),
                             *[_value_cell(by_arm[a.id], lang) if a.id in by_arm else txt("—") for a in used]))
            title = f"{atlas.sources[s.source].label}{comma(lang)}{location_label(tab.location, lang)}{colon(lang)}{tab.caption(lang)}"
            out.append(Table(study_table_id(sid, tab.id), lang, title, f"evidence/{sid}.md", tuple(columns), tuple(rows),
                             (s.source,), s.checked))
    return out


def _result_row(atlas: Atlas, lang: str, r: Result, t) -> tuple[Cell, ...]:
    s = atlas.results[r.study]
    tab = next(x for x in s.tables if x.id == r.table)
    left, right = ("（", "）") if lang == "zh" else (" (", ")")
    arm = Cell((Part(r.arm_label(lang)),) + ((Part(left), Part(atlas.approaches[r.approach].short_name(lang), f"/approaches/{r.approach}.md", "link"), Part(right))
                                            if r.approach else (Part(f"{left}{t('baseline')}{right}"),)))
    return (Cell((Part(s.title(lang), f"/evidence/{r.study}.md", "link"), _cite(atlas, r.source))),
            Cell((Part(location_label(tab.location, lang), f"/evidence/{r.study}.md#{study_table_id(r.study, r.table)}", "link"),)),
            txt(r.task(lang)), txt(r.setting(lang)), txt(r.model(lang)), arm, txt(r.metric(lang)), txt(t("higher_is_better") if r.direction == "higher-is-better" else t("lower_is_better")),
            _value_cell(r, lang))


def index_table(atlas: Atlas, lang: str, t) -> Table:
    """Every result of every study, one row each: the index readers filter by approach, task and metric."""
    results = all_results(atlas)
    columns = (t("study"), t("where_in_study"), t("task"), t("setting"), t("model"), t("arm"), t("metric"), t("better"), t("value"))
    rows = tuple(_result_row(atlas, lang, r, t) for r in results)
    checked = max((s.checked for s in atlas.results.values()), default="")
    return Table("results", lang, t("nav_evidence"), "evidence/index.md", columns, rows,
                 tuple(dict.fromkeys(r.source for r in results)), checked)


def _summary_cell(atlas: Atlas, lang: str, rows: list[Result]) -> Cell:
    """'Base model 0.556 · + RAG 0.681 · …' for the arms of one table row."""
    parts: list[Part] = []
    for i, r in enumerate(rows):
        if i:
            parts.append(Part(" · "))
        parts.append(Part(f"{r.arm_label(lang)}{colon(lang)}"))
        parts.append(Part(_value_cell(r, lang).text))
    return Cell(tuple(parts))


def grouped(results: list[Result]) -> list[list[Result]]:
    """Results grouped by (study, table, row), in file order."""
    groups: dict = {}
    for r in results:
        groups.setdefault((r.study, r.table, r.row), []).append(r)
    return list(groups.values())


def measured_table(atlas: Atlas, lang: str, t, ident: str, page: str, title: str, results: list[Result]) -> Table | None:
    """One row per row of a study's table: where it comes from, task, setting, model, metric and every arm's value.
    The conditions of each study's tables are listed under the table (measured_section), once per study."""
    if not results:
        return None
    rows = []
    for g in grouped(results):
        r = g[0]
        s = atlas.results[r.study]
        tab = next(x for x in s.tables if x.id == r.table)
        rows.append((Cell((Part(s.title(lang), f"/evidence/{r.study}.md", "link"), _cite(atlas, r.source))),
                     Cell((Part(location_label(tab.location, lang), f"/evidence/{r.study}.md#{study_table_id(r.study, r.table)}", "link"),)),
                     txt(r.task(lang)), txt(r.setting(lang)), txt(r.model(lang)), txt(r.metric(lang)), _summary_cell(atlas, lang, g)))
    columns = (t("study"), t("where_in_study"), t("task"), t("setting"), t("model"), t("metric"), t("values_by_arm"))
    checked = max(atlas.results[g[0].study].checked for g in grouped(results))
    return Table(ident, lang, title, page, columns, tuple(rows), tuple(dict.fromkeys(r.source for r in results)), checked)


def for_dimension(atlas: Atlas, dim: str) -> list[Result]:
    return [r for s in atlas.results.values() if dim in s.dimensions for r in flatten(s)]


def for_approach(atlas: Atlas, approach: str) -> list[Result]:
    """Results of every table row in which one of the arms is this approach (the whole row, for comparison)."""
    out = []
    for s in atlas.results.values():
        flat = flatten(s)
        rows = {(r.table, r.row) for r in flat if r.approach == approach}
        out += [r for r in flat if (r.table, r.row) in rows]
    return out


def for_comparison(atlas: Atlas, cid: str) -> list[Result]:
    """Rows whose arms include at least two of the comparison's approaches, from studies on one of its dimensions."""
    comp = atlas.comparisons[cid]
    dims = {r.dimension for r in comp.rows}
    out = []
    for s in atlas.results.values():
        if not dims & set(s.dimensions):
            continue
        flat = flatten(s)
        keep = set()
        for g in grouped(flat):
            if len({r.approach for r in g if r.approach in comp.approaches}) >= 2:
                keep.add((g[0].table, g[0].row))
        out += [r for r in flat if (r.table, r.row) in keep]
    return out


def contrast_table(atlas: Atlas, lang: str, t, ident: str, page: str, title: str, contrasts) -> Table | None:
    """A founding article's claim (a comparison cell) beside what a study measured, and how they relate."""
    if not contrasts:
        return None
    rows = []
    for s, c in contrasts:
        comp = atlas.comparisons[c.comparison]
        cell = next(x for r in comp.rows if r.dimension == c.dimension for x in r.cells if x.approach == c.approach)
        claim = Cell((Part(f"{atlas.approaches[c.approach].short_name(lang)} — {atlas.dimensions[c.dimension].name(lang)}",
                           f"/comparisons/{c.comparison}.md#{c.dimension}--{c.approach}", "link"),
                      Part(f"{colon(lang)}{cell.verdict(lang)}{'。' if lang == 'zh' else '. '}{cell.rationale(lang)}"),
                      *[_cite(atlas, x) for x in cell.sources]))
        study = Cell((Part(s.title(lang), f"/evidence/{s.id}.md", "link"), _cite(atlas, s.source)))
        rows.append((claim, study, txt(c.note(lang))))
    checked = max(s.checked for s, _ in contrasts)
    return Table(ident, lang, title, page, (t("article_says"), t("study_measured"), t("how_they_relate")), tuple(rows),
                 tuple(dict.fromkeys([x for s, c in contrasts for x in (s.source,)])), checked)


def contrasts_for(atlas: Atlas, dimension: str | None = None, study: str | None = None, comparison: str | None = None) -> list:
    return [(s, c) for s in atlas.results.values() for c in s.contrasts
            if (dimension is None or c.dimension == dimension) and (study is None or s.id == study)
            and (comparison is None or c.comparison == comparison)]


def all_tables(atlas: Atlas, lang: str, t) -> list[Table | None]:
    """Every table of this kind, for tablespecs.all_tables: per study, per dimension, approach and comparison, the index."""
    if not atlas.results:
        return []
    out: list[Table | None] = list(study_tables(atlas, lang, t))
    for sid, s in atlas.results.items():
        out.append(contrast_table(atlas, lang, t, f"evidence-{sid}-contrasts", f"evidence/{sid}.md",
                                  f"{t('contrasts')}{colon(lang)}{s.title(lang)}", contrasts_for(atlas, study=sid)))
    for d, dim in atlas.dimensions.items():
        out.append(measured_table(atlas, lang, t, f"{d}-measured", f"dimensions/{d}.md",
                                  f"{t('what_studies_measured')}{colon(lang)}{dim.name(lang)}", for_dimension(atlas, d)))
        out.append(contrast_table(atlas, lang, t, f"{d}-contrasts", f"dimensions/{d}.md",
                                  f"{t('contrasts')}{colon(lang)}{dim.name(lang)}", contrasts_for(atlas, dimension=d)))
    for a, ap in atlas.approaches.items():
        out.append(measured_table(atlas, lang, t, f"{a}-measured", f"approaches/{a}.md",
                                  f"{t('what_studies_measured')}{colon(lang)}{ap.name(lang)}", for_approach(atlas, a)))
    for cid, comp in atlas.comparisons.items():
        out.append(measured_table(atlas, lang, t, f"{cid}-measured", f"comparisons/{cid}.md",
                                  f"{t('what_studies_measured')}{colon(lang)}{comp.title(lang)}", for_comparison(atlas, cid)))
    out.append(index_table(atlas, lang, t))
    return out


# --- charts --------------------------------------------------------------------------------------------------------

CHART_ROW, CHART_BAR, CHART_LABEL_W, CHART_W = 6, 14, 230, 720


def chart(atlas: Atlas, lang: str, t, study: Study, table_id: str) -> str:
    """A horizontal grouped bar chart of one table (arms compared on its one metric), as inline SVG from a partial.
    Bars are drawn to scale from zero; every value is also written next to its bar and in the table, which is
    the chart's text alternative. Empty when the table has fewer than two arms or values of mixed sign."""
    tab = next(x for x in study.tables if x.id == table_id)
    results = [r for r in flatten(study) if r.table == table_id]
    arms = [a for a in study.arms if any(r.arm == a.id for r in results)]
    if len(arms) < 2 or any(r.number < 0 for r in results) or not results:
        return ""
    top = max(r.number for r in results) or Decimal(1)
    labels = [" · ".join(x for x in (g[0].task(lang), g[0].setting(lang), g[0].model(lang)) if x) for g in grouped(results)]
    label_w = max(120, min(380, 12 + 6 * max(len(x) for x in labels)))  # about 6 px a character at 11 px
    width = label_w + CHART_W - CHART_LABEL_W
    plot_w = width - label_w - 90
    groups, y = [], 0
    for g in grouped(results):
        bars = []
        for r in g:
            idx = [a.id for a in arms].index(r.arm)
            w = float(r.number / top) * plot_w
            bars.append({"y": y + len(bars) * CHART_BAR, "w": round(w, 1), "cls": f"atlas-chart__bar--{idx % 6}",
                         "label": _value_cell(r, lang).text, "arm": r.arm_label(lang)})
        h = len(bars) * CHART_BAR
        g0 = g[0]
        groups.append({"y": y, "h": h, "label": " · ".join(x for x in (g0.task(lang), g0.setting(lang), g0.model(lang)) if x), "bars": bars})
        y += h + CHART_ROW * 2
    legend = [{"label": a.label(lang), "cls": f"atlas-chart__bar--{i % 6}", "x": label_w + (i % 3) * 160,
               "y": y + 14 + (i // 3) * 18} for i, a in enumerate(arms)]
    height = y + 20 + ((len(arms) + 2) // 3) * 18
    caption = f"{atlas.sources[study.source].label}{comma(lang)}{location_label(tab.location, lang)}{colon(lang)}{tab.metric.name(lang)}"
    desc = t("chart_alt").format(table=location_label(tab.location, lang))
    return snippets.render("chart.html", id=f"chart-{study.id}-{table_id}", width=width, height=height,
                           label_w=label_w, groups=groups, legend=legend, title=caption, desc=desc,
                           bar_h=CHART_BAR - 3, colon=colon(lang))


# --- page sections (called by render.py) ----------------------------------------------------------------------------

def evidence_page(ctx, ident: str) -> str:
    """/evidence/<id>/: the study, what it measured, each table (with a chart), the reading, contrasts, gaps."""
    from .render import claim as _claim, cite, framed, join, section  # noqa: F401  (render imports this module)
    atlas, lang = ctx.atlas, ctx.lang
    s = atlas.results[ident]
    src = atlas.sources[s.source]
    ident_bits = []
    if src.identifiers.arxiv:
        ident_bits.append(f"arXiv [{esc(src.identifiers.arxiv)}](https://arxiv.org/abs/{src.identifiers.arxiv})")
    if src.identifiers.doi:
        ident_bits.append(f"DOI [{esc(src.identifiers.doi)}](https://doi.org/{src.identifiers.doi})")
    arms = "\n".join(f"- **{ctx.tx(a.label)}** — " + (
        f"[{ctx.tx(atlas.approaches[a.approach].name)}](/approaches/{a.approach}.md)" if a.approach else esc(ctx.t("baseline")))
        + (f"{esc(colon(lang))}{ctx.tx(a.variant)}" if a.variant else "") for a in s.arms)
    tables = []
    for tab in s.tables:
        tid = study_table_id(ident, tab.id)
        cond = "\n".join(f"- {esc(c)}" for c in tab.conditions(lang))
        left, right = ("（", "）") if lang == "zh" else (" (", ")")
        better = ctx.t("higher_is_better") if tab.metric.direction == "higher-is-better" else ctx.t("lower_is_better")
        body = join(f"{ctx.lead(esc(ctx.t('metric')))}{ctx.tx(tab.metric.name)}{esc(left + better + right)}"
                    + (f" · {esc(tab.location.version)}" if tab.location.version else ""),
                    section(esc(ctx.t("conditions")), cond, level=4) if cond else "",
                    framed(ctx, tid), chart(atlas, lang, ctx.t, s, tab.id))
        tables.append(section(f"{esc(location_label(tab.location, lang))}{esc(colon(lang))}{ctx.tx(tab.caption)}", body, level=3))
    gaps = "\n".join(f"- {ctx.tx(x)}" for x in s.not_transcribed)
    dims = ctx.comma.join(f"[{ctx.tx(atlas.dimensions[d].name)}](/dimensions/{d}.md)" for d in s.dimensions)
    return join(
        f"# {ctx.tx(s.title)}",
        f"{ctx.tx(s.summary)} {cite(ctx, [s.source])}",
        f"{ctx.lead(esc(ctx.t('study')))}[{esc(src.label)}{ctx.colon}{ctx.tx(src.title)}](/sources/{s.source}.md)"
        + (" · " + " · ".join(ident_bits) if ident_bits else "") + f"  \n{ctx.lead(esc(ctx.t('bears_on')))}{dims}",
        section(esc(ctx.t("arms_compared")), arms, anchor="arms"),
        section(esc(ctx.t("reading")), f"**{esc(ctx.t('reading_supports'))}**{ctx.gap}{ctx.tx(s.reading.supports)}\n\n"
                f"**{esc(ctx.t('reading_limits'))}**{ctx.gap}{ctx.tx(s.reading.limits)}", anchor="reading"),
        section(esc(ctx.t("results_transcribed")), "\n".join(tables) or esc(ctx.t("nothing_transcribed")), anchor="results"),
        section(esc(ctx.t("contrasts")), framed(ctx, f"evidence-{ident}-contrasts"), anchor="contrasts"),
        section(esc(ctx.t("not_transcribed")), gaps, anchor="not-transcribed"),
        f"*{esc(ctx.t('last_checked'))}{ctx.colon}{s.checked}*",
    )


def readings(ctx, studies) -> str:
    """Per study: what its results support and do not, then the conditions of each of its tables."""
    out = []
    for s in studies:
        lines = [f"- **[{ctx.tx(s.title)}](/evidence/{s.id}.md)** — **{esc(ctx.t('reading_supports'))}**{ctx.gap}{ctx.tx(s.reading.supports)}{ctx.gap}"
                 f"**{esc(ctx.t('reading_limits'))}**{ctx.gap}{ctx.tx(s.reading.limits)}"]
        for tab in s.tables:
            if tab.conditions(ctx.lang):
                lines.append(f"    - {esc(ctx.t('conditions'))}{ctx.paren(esc(location_label(tab.location, ctx.lang)))}{ctx.colon}"
                             + semicolon(ctx.lang).join(esc(c) for c in tab.conditions(ctx.lang)))
        out.append("\n".join(lines))
    return "\n".join(out)


def measured_section(ctx, table_id: str, studies, contrast_id: str | None = None) -> str:
    """"What studies measured" on a dimension, approach or comparison page: the results, the readings, the contrasts."""
    from .render import framed, join, section
    if table_id not in ctx.tables:
        return ""
    # The values are on each study's own page, which search indexes; here they stay out of the search index.
    body = join(esc(ctx.t("what_studies_measured_intro")), f"<div data-search-exclude=\"\" markdown>\n\n{framed(ctx, table_id)}\n\n</div>",
                section(esc(ctx.t("reading")), readings(ctx, studies), level=3),
                section(esc(ctx.t("contrasts")), framed(ctx, contrast_id) if contrast_id and contrast_id in ctx.tables else "", level=3))
    return section(esc(ctx.t("what_studies_measured")), body, anchor="what-studies-measured")


def dimension_section(ctx, ident: str) -> str:
    studies = [s for s in ctx.atlas.results.values() if ident in s.dimensions and s.tables]
    return measured_section(ctx, f"{ident}-measured", studies, f"{ident}-contrasts")


def approach_section(ctx, ident: str) -> str:
    studies = [ctx.atlas.results[i] for i in dict.fromkeys(r.study for r in for_approach(ctx.atlas, ident))]
    return measured_section(ctx, f"{ident}-measured", studies)


def comparison_section(ctx, ident: str) -> str:
    studies = [ctx.atlas.results[i] for i in dict.fromkeys(r.study for r in for_comparison(ctx.atlas, ident))]
    return measured_section(ctx, f"{ident}-measured", studies)


def _lineage(atlas: Atlas, approach: str | None) -> set:
    out = set()
    while approach and approach not in out:
        out.add(approach)
        approach = atlas.approaches[approach].parent
    return out


def cell_note(ctx, comparison: str, dimension: str, approach: str) -> str:
    """Under a comparison cell: the studies that measured this approach (or a variant of it) on this dimension,
    linked to the tables, and those that set their results beside this very cell."""
    atlas = ctx.atlas
    measured = []
    for s in atlas.results.values():
        if dimension not in s.dimensions or not s.tables:
            continue
        arms = {a.id for a in s.arms if approach in _lineage(atlas, a.approach)}
        tabs = [t for t in s.tables if any(arms & set(r.values) for r in t.rows)]
        if tabs:
            where = esc(comma(ctx.lang)).join(f"[{esc(location_label(t.location, ctx.lang))}](/evidence/{s.id}.md#{study_table_id(s.id, t.id)})" for t in tabs)
            left, right = ("（", "）") if ctx.lang == "zh" else (" (", ")")
            measured.append(f"{esc(atlas.sources[s.source].label)}{left}{where}{right}")
    contrasted = [s for s in atlas.results.values()
                  if any((c.comparison, c.dimension, c.approach) == (comparison, dimension, approach) for c in s.contrasts)]
    out = ""
    if measured:
        out += f"  \n{esc(ctx.t('what_studies_measured'))}{esc(colon(ctx.lang))}" + " · ".join(measured)
    if contrasted:
        out += f"  \n{esc(ctx.t('contrasts'))}{esc(colon(ctx.lang))}" + " · ".join(
            f"[{ctx.tx(s.title)}](/evidence/{s.id}.md#contrasts)" for s in contrasted)
    return out


def source_section(ctx, ident: str) -> str:
    """On a source's page: a link to each evidence page of that study."""
    from .render import section
    studies = [s for s in ctx.atlas.results.values() if s.source == ident]
    body = "\n".join(f"- [{ctx.tx(s.title)}](/evidence/{s.id}.md)" + (f" ({len(flatten(s))})" if s.tables else f" ({esc(ctx.t('nothing_transcribed'))})")
                     for s in studies)
    return section(esc(ctx.t("what_studies_measured")), body, anchor="what-it-measured")


def evidence_index(ctx) -> str:
    """The index of all results with its filters (approach, task, metric), then the list of studies."""
    from .render import framed, join, section
    rs = all_results(ctx.atlas)
    if not rs:
        return ""
    options = {
        "approach": sorted({(r.approach or "", ctx.atlas.approaches[r.approach].short_name(ctx.lang) if r.approach else ctx.t("baseline")) for r in rs}, key=lambda x: x[1]),
        "task": sorted({(r.task(ctx.lang), r.task(ctx.lang)) for r in rs}, key=lambda x: x[1].casefold()),
        "metric": sorted({(r.metric(ctx.lang), r.metric(ctx.lang)) for r in rs}, key=lambda x: x[1].casefold()),
    }
    filters = snippets.render("results-filter.html", table_id="results", all_label=ctx.t("filter_all"),
                              filters=[{"name": k, "label": ctx.t(f"filter_{k}"), "options": v} for k, v in options.items()])
    studies = "\n".join(f"- [{ctx.tx(s.title)}](/evidence/{i}.md) — {esc(ctx.atlas.sources[s.source].label)}"
                        + (f" ({len(flatten(s))})" if s.tables else f" ({esc(ctx.t('nothing_transcribed'))})")
                        for i, s in ctx.atlas.results.items())
    return join(section(esc(ctx.t("studies")), studies, anchor="studies"),
                section(esc(ctx.t("all_results")), filters + "\n\n" + framed(ctx, "results"), anchor="all-results"))
