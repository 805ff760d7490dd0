"""Every table of the site, built from the atlas as ``Table`` records (pure functions, one language at a time).

A table's id is stable: it is its anchor on the page where it stands, the name of its own page
(/<lang>/tables/<id>/), its embed (/<lang>/embed/<id>/) and its exports (/<lang>/tables/<id>.<ext>).
``all_tables`` lists every one of them; the registry in published/tables.yaml records the published ones.
"""
from __future__ import annotations

from . import results
from .model import Atlas, Claim, Text
from .tables import Cell, Part, Table, collect_sources, joined, txt
from .text import claim_anchor, gap, number, quantity_value, semicolon, to_milliseconds

RATINGS = ("strong", "good", "mixed", "weak", "not-applicable")
GROUPS = ("knowledge", "quality", "capability", "performance", "cost", "operations", "risk")


class TCtx:
    """What table builders need: the atlas, the language, and labels."""

    def __init__(self, atlas: Atlas, lang: str):
        self.atlas, self.lang = atlas, lang
        # the date of the newest check anywhere: "data as of" for tables that show no dated data themselves
        self.latest = max(r.checked for k in ("sources", "approaches", "dimensions", "comparisons", "scenarios",
                                              "figures", "glossary") for r in atlas.kind(k).values())

    def t(self, key: str) -> str:
        return self.atlas.t(key, self.lang)

    def tx(self, text: Text) -> str:
        return text(self.lang)

    @property
    def colon(self) -> str:
        return self.t("colon")


# --- parts ------------------------------------------------------------------------------------------------

def cites(c: TCtx, sources, en: str = "") -> tuple[Part, ...]:
    """A citation per source, at the statement's place on the source's page when its English text ``en`` is given."""
    frag = f"#{claim_anchor(en)}" if en else ""
    return tuple(Part(c.atlas.sources[s].label, f"/sources/{s}.md{frag}", "cite") for s in sources)


def claim_cell(c: TCtx, claim, en: str = "") -> Cell:
    """Each run of the claim (the whole text, or each part) followed by its own citations (at the statement's place
    on its sources' pages: made from ``en``, by default its English text)."""
    return Cell(tuple(x for i, (text, sources) in enumerate(claim.runs)
                      for x in (Part((gap(c.lang) if i else "") + c.tx(text)), *cites(c, sources, en or claim.text.en))))


def said_cell(c: TCtx, x, text, en: str = "") -> Cell:
    """A statement's text in a table that has a column of its sources: cut into parts, each followed by its own
    citations, when its sources do not each support all of it; else the text alone."""
    return claim_cell(c, x, en) if getattr(x, "parts", ()) else txt(c.tx(text))


def cite_cell(c: TCtx, sources, en: str = "") -> Cell:
    return Cell(cites(c, sources, en))


def cell_text(atlas: Atlas, dimension: str, cell) -> Text:
    """A comparison cell as one statement (dimension / approach: rationale), as its sources' pages list it."""
    d, a = atlas.dimensions[dimension], atlas.approaches[cell.approach]
    return Text(f"{d.name.en} / {a.short_name.en}: {cell.rationale.en}", f"{d.name.zh} / {a.short_name.zh}：{cell.rationale.zh}")


def approach_part(c: TCtx, ident: str, short: bool = True) -> Part:
    a = c.atlas.approaches[ident]
    return Part(c.tx(a.short_name if short else a.name), f"/approaches/{ident}.md", "link")


def approaches_cell(c: TCtx, idents, short: bool = True) -> Cell:
    return Cell(joined([approach_part(c, i, short) for i in idents], "、" if c.lang == "zh" else ", "))


def dimension_part(c: TCtx, ident: str) -> Part:
    return Part(c.tx(c.atlas.dimensions[ident].name), f"/dimensions/{ident}.md", "link")


def rating_part(c: TCtx, rating: str, href: str) -> Part:
    return Part(c.t(f"rating_{rating.replace('-', '_')}"), href, "rating", rating)


def qty_text(c: TCtx, q) -> str:
    return quantity_value(q, lambda u: c.t(f"unit_{u.replace('-', '_')}"), lambda p: c.t(f"per_{p}"), c.lang)


def figure_page(kind: str) -> str:
    return {"latency": "latency.md", "cost": "costs.md"}.get(kind, "figures.md")


def make(c: TCtx, ident: str, title: str, page: str, columns, rows, dates) -> Table:
    rows = tuple(tuple(r) for r in rows)
    return Table(ident, c.lang, title, page, tuple(columns), rows, collect_sources(rows), max(dates) if dates else c.latest)


def _dates(*groups) -> list[str]:
    return [x.checked for g in groups for x in g if x is not None and hasattr(x, "checked")]


# --- entity tables ----------------------------------------------------------------------------------------

def approach_claims(c: TCtx, ident: str, part: str) -> Table:
    a = c.atlas.approaches[ident]
    items = getattr(a, part)
    label = {"advantages": "advantage", "drawbacks": "drawback"}[part]
    return make(c, f"{ident}-{part}", f"{c.t(part)}{c.colon}{c.tx(a.name)}", f"approaches/{ident}.md",
                [c.t(label), c.t("sources")], [[said_cell(c, x, x.text), cite_cell(c, x.sources, x.text.en)] for x in items], _dates(items))


def stack(c: TCtx, ident: str) -> Table:
    a = c.atlas.approaches[ident]
    rows = [[txt(c.tx(s.stage)),
             Cell(joined([Part(c.atlas.tools[t].name, f"/tech-stack.md#{t}", "link") for t in s.tools])),
             cite_cell(c, s.sources, s.stage.en)] for s in a.stack]
    return make(c, f"{ident}-stack", f"{c.t('tech_stack')}{c.colon}{c.tx(a.name)}", f"approaches/{ident}.md",
                [c.t("stage"), c.t("tools"), c.t("sources")], rows, _dates(a.stack))


def approach_figures(c: TCtx, ident: str) -> Table | None:
    values = [(f, q) for f in c.atlas.figures.values() for q in f.values if q.approach == ident]
    if not values:
        return None
    rows = [[Cell((Part(c.tx(f.name), f"/{figure_page(f.kind)}#{f.id}", "link"),)), txt(qty_text(c, q)),
             txt(c.tx(q.label)), cite_cell(c, q.sources, q.label.en)] for f, q in values]
    return make(c, f"{ident}-figures", f"{c.t('figures')}{c.colon}{c.tx(c.atlas.approaches[ident].name)}",
                f"approaches/{ident}.md", [c.t("figure"), c.t("value"), c.t("measures"), c.t("sources")], rows,
                [q.checked for _, q in values])


def dimension_rules(c: TCtx, ident: str) -> Table | None:
    d = c.atlas.dimensions[ident]
    if not d.rules:
        return None
    rows = [[said_cell(c, r, r.text), approaches_cell(c, r.prefer), cite_cell(c, r.sources, r.text.en)] for r in d.rules]
    return make(c, f"{ident}-rules", f"{c.t('decision_rules')}{c.colon}{c.tx(d.name)}", f"dimensions/{ident}.md",
                [c.t("when"), c.t("prefer"), c.t("sources")], rows, _dates(d.rules))


def dimension_in_comparison(c: TCtx, ident: str, cid: str) -> Table:
    comp = c.atlas.comparisons[cid]
    row = next(r for r in comp.rows if r.dimension == ident)
    rows = [[Cell((approach_part(c, x.approach),)),
             Cell((rating_part(c, x.rating, f"/comparisons/{cid}.md#{ident}--{x.approach}"),)),
             txt(c.tx(x.verdict)), said_cell(c, x, x.rationale, cell_text(c.atlas, ident, x).en),
             cite_cell(c, x.sources, cell_text(c.atlas, ident, x).en)] for x in row.cells]
    return make(c, f"{ident}-in-{cid}", f"{c.tx(c.atlas.dimensions[ident].name)} — {c.tx(comp.title)}",
                f"dimensions/{ident}.md", [c.t("approach"), c.t("rating"), c.t("verdict"), c.t("rationale"), c.t("sources")],
                rows, _dates(row.cells))


def comparison(c: TCtx, cid: str) -> Table:
    comp = c.atlas.comparisons[cid]
    rows = []
    for r in comp.rows:
        row = [Cell((dimension_part(c, r.dimension),))]
        for x in r.cells:
            row.append(Cell((rating_part(c, x.rating, f"/comparisons/{cid}.md#{r.dimension}--{x.approach}"),
                             Part(" " + c.tx(x.verdict)), *cites(c, x.sources, cell_text(c.atlas, r.dimension, x).en))))
        rows.append(row)
    columns = [c.t("dimension")] + [c.tx(c.atlas.approaches[a].short_name) for a in comp.approaches]
    return make(c, cid, c.tx(comp.title), f"comparisons/{cid}.md", columns, rows,
                [x.checked for r in comp.rows for x in r.cells])


def outcomes(c: TCtx, ident: str) -> Table | None:
    s = c.atlas.scenarios[ident]
    if not s.outcomes:
        return None
    rows = [[txt(c.tx(q.label)), txt(qty_text(c, q)), txt(c.tx(q.note) if q.note else ""), cite_cell(c, q.sources, q.label.en)]
            for q in s.outcomes]
    return make(c, f"{ident}-outcomes", f"{c.t('outcomes')}{c.colon}{c.tx(s.title)}", f"scenarios/{ident}.md",
                [c.t("measure"), c.t("value"), c.t("note"), c.t("sources")], rows, _dates(s.outcomes))


def original_title(s, lang: str) -> str | None:
    """The title as published, for a reader of ``lang``, when it is not the title shown to them: the recorded
    original title, else the title in the work's own language when that is another language."""
    if s.original_title:
        return s.original_title
    return s.title(s.language) if s.language != lang and s.title(s.language) != s.title(lang) else None


def titled(c: TCtx, s) -> str:
    """A source's title in the reader's language, with its original title beside it when that differs."""
    orig = original_title(s, c.lang)
    if not orig:
        return c.tx(s.title)
    inner = f"{c.t('original_title')}{c.colon}{orig}"
    return f"{c.tx(s.title)}（{inner}）" if c.lang == "zh" else f"{c.tx(s.title)} ({inner})"


def source_facts(c: TCtx, ident: str) -> Table:
    s = c.atlas.sources[ident]
    facts: list[tuple[str, Cell]] = []
    if original_title(s, c.lang):
        facts.append((c.t("original_title"), txt(original_title(s, c.lang))))
    facts.append((c.t("authors"), txt(", ".join(s.authors) if s.authors else c.t("author_not_named"))))
    if s.publisher:
        facts.append((c.t("publisher"), txt(s.publisher)))
    if s.published:
        facts.append((c.t("published"), txt(s.published)))
    facts.append((c.t("source_type"), txt(c.t("source_type_" + s.type.replace("-", "_")))))
    facts.append((c.t("language"), txt(c.t("language_" + s.language))))
    if s.licence:
        facts.append((c.t("licence"), txt(s.licence)))
    if s.identifiers.arxiv:
        facts.append(("arXiv", Cell((Part(s.identifiers.arxiv, f"https://arxiv.org/abs/{s.identifiers.arxiv}", "link"),))))
    if s.identifiers.doi:
        facts.append(("DOI", Cell((Part(s.identifiers.doi, f"https://doi.org/{s.identifiers.doi}", "link"),))))
    facts.append((c.t("link"), Cell((Part(s.url, s.url, "link"),)) if s.url else txt(c.t("no_link_in_capture"))))
    if s.seed:
        facts.append((c.t("founding_article"), txt(c.t("founding_article_yes"))))
    return make(c, f"{ident}-facts", f"{c.tx(s.title)}", f"sources/{ident}.md", [c.t("field"), c.t("value")],
                [[txt(k), v] for k, v in facts], [s.checked])


def source_claims(c: TCtx, ident: str, citations) -> Table | None:
    cited = [x for x in citations if ident in x.sources]
    if not cited:
        return None
    rows = [[Cell((Part(c.tx(x.page_title), x.page + (f"#{x.anchor}" if x.anchor else ""), "link"),)),
             txt(c.t(x.field_key)), txt(c.tx(x.text))] for x in cited]
    return make(c, f"{ident}-claims", f"{c.t('claims_citing')}{c.colon}{c.atlas.sources[ident].label}", f"sources/{ident}.md",
                [c.t("page"), c.t("part"), c.t("claim")], rows, [x.checked for x in cited])


# --- lists and overviews ----------------------------------------------------------------------------------

def approach_list(c: TCtx) -> Table:
    rows = [[Cell((approach_part(c, i, False),)), txt(c.t("locus_" + a.locus.replace("-", "_"))),
             Cell((approach_part(c, a.parent),)) if a.parent else txt(""), claim_cell(c, a.summary)]
            for i, a in c.atlas.approaches.items()]
    return make(c, "approaches", c.t("nav_approaches"), "approaches/index.md",
                [c.t("approach"), c.t("locus"), c.t("kind_of"), c.t("summary")], rows,
                [a.summary.checked for a in c.atlas.approaches.values()])


def dimension_list(c: TCtx, backlinks) -> list[Table]:
    out = []
    for g in GROUPS:
        dims = [(i, d) for i, d in c.atlas.dimensions.items() if d.group == g]
        if dims:
            rows = [[Cell((dimension_part(c, i),)), txt(c.tx(d.question)),
                     txt(str(len(backlinks.comparisons_by_dimension.get(i, []))))] for i, d in dims]
            out.append(make(c, f"dimensions-{g}", f"{c.t('nav_dimensions')}{c.colon}{c.t('group_' + g)}", "dimensions/index.md",
                            [c.t("dimension"), c.t("question"), c.t("comparisons")], rows, [d.checked for _, d in dims]))
    return out


def comparison_list(c: TCtx) -> Table:
    rows = [[Cell((Part(c.tx(x.title), f"/comparisons/{i}.md", "link"),)), approaches_cell(c, x.approaches),
             txt(str(len(x.rows))), claim_cell(c, x.summary)] for i, x in c.atlas.comparisons.items()]
    return make(c, "comparisons", c.t("nav_comparisons"), "comparisons/index.md",
                [c.t("comparison"), c.t("approaches"), c.t("dimensions"), c.t("summary")], rows,
                [x.summary.checked for x in c.atlas.comparisons.values()])


def scenario_list(c: TCtx) -> list[Table]:
    out = []
    for kind in ("case-study", "example"):
        items = [(i, s) for i, s in c.atlas.scenarios.items() if s.type == kind]
        if items:
            rows = [[Cell((Part(c.tx(s.title), f"/scenarios/{i}.md", "link"),)), txt(c.tx(s.domain)),
                     approaches_cell(c, s.chosen) if s.chosen else txt(c.t("none")), claim_cell(c, s.summary)]
                    for i, s in items]
            out.append(make(c, f"scenarios-{kind}", c.t("scenario_plural_" + kind.replace("-", "_")), "scenarios/index.md",
                            [c.t("scenario"), c.t("domain"), c.t("chosen"), c.t("summary")], rows,
                            [s.summary.checked for _, s in items]))
    return out


def pattern_list(c: TCtx) -> Table:
    rows = [[Cell((Part(c.tx(p.name), f"/patterns/{i}.md", "link"),)), approaches_cell(c, p.approaches),
             claim_cell(c, p.summary)] for i, p in c.atlas.patterns.items()]
    return make(c, "patterns", c.t("nav_patterns"), "patterns/index.md",
                [c.t("pattern"), c.t("combines"), c.t("summary")], rows, [p.summary.checked for p in c.atlas.patterns.values()])


def source_list(c: TCtx, counts: dict) -> list[Table]:
    out = []
    for founding, key in ((True, "founding_articles"), (False, "other_sources")):
        items = [(i, s) for i, s in c.atlas.sources.items() if bool(s.seed) == founding]
        if items:
            rows = [[Cell((Part(s.label, f"/sources/{i}.md", "link"),)), txt(titled(c, s)),
                     txt(", ".join(s.authors) if s.authors else c.t("author_not_named")), txt(s.published or ""),
                     txt(s.licence or ""), txt(str(counts.get(i, 0)))] for i, s in items]
            out.append(make(c, "sources-" + key.replace("_", "-"), c.t(key), "sources/index.md",
                            [c.t("label"), c.t("title"), c.t("authors"), c.t("published"), c.t("licence"), c.t("claims")],
                            rows, [s.checked for _, s in items]))
    return out


def matrix_cells(atlas: Atlas) -> tuple[dict, list, list]:
    """(dimension, approach) -> [(comparison id, cell)], the approaches that have a cell (the columns) and the
    dimensions that have one (the rows): the matrix's and the compare page's layout."""
    cells: dict = {}
    for cid, comp in atlas.comparisons.items():
        for r in comp.rows:
            for x in r.cells:
                cells.setdefault((r.dimension, x.approach), []).append((cid, x))
    used = [a for a in atlas.approaches if any(k[1] == a for k in cells)]
    dims = [d for d in atlas.dimensions if any((d, a) in cells for a in used)]
    return cells, used, dims


def compare(c: TCtx) -> Table:
    """Every approach against every dimension with each cell's rating, verdict, rationale and sources: the
    compare page, where the reader keeps the approaches and dimensions they pick (compare.js)."""
    def rated(d, a, cid, x):
        return [rating_part(c, x.rating, f"/comparisons/{cid}.md#{d}--{a}"), Part(f" {c.tx(x.verdict)} — {c.tx(x.rationale)}"),
                *cites(c, x.sources)]

    return _grid(c, "compare", c.t("nav_compare"), "compare.md", rated)


def matrix(c: TCtx) -> Table:
    number_of = {cid: n for n, cid in enumerate(c.atlas.comparisons, 1)}

    def rated(d, a, cid, x):  # each rating with the number of the comparison it comes from (matrix_sources lists them)
        return [rating_part(c, x.rating, f"/comparisons/{cid}.md#{d}--{a}"),
                Part(f"（{number_of[cid]}）" if c.lang == "zh" else f" ({number_of[cid]})")]

    return _grid(c, "matrix", c.t("nav_matrix"), "matrix.md", rated)


def _grid(c: TCtx, table_id: str, title: str, page: str, rated) -> Table:
    """Every dimension (a row each) against every approach a comparison rates (a column each): a cell holds the
    parts `rated(dimension, approach, comparison id, cell)` gives for each rating of the pair, joined by " · ",
    and a pair no comparison rates says so."""
    cells, used, dims = matrix_cells(c.atlas)
    rows = []
    for d in dims:
        row = [Cell((dimension_part(c, d),))]
        for a in used:
            parts: list[Part] = []
            for n, (cid, x) in enumerate(cells.get((d, a), [])):
                parts += ([Part(" · ")] if n else []) + rated(d, a, cid, x)
            row.append(Cell(tuple(parts)) if parts else txt(c.t("matrix_not_rated")))
        rows.append(row)
    return make(c, table_id, title, page, [c.t("dimension")] + [c.tx(c.atlas.approaches[a].short_name) for a in used], rows,
                [x.checked for v in cells.values() for _, x in v])


def rating_legend(c: TCtx) -> Table:
    return make(c, "rating-legend", c.t("rating"), "matrix.md", [c.t("rating"), c.t("meaning")],
                [[txt(c.t(f"rating_{r.replace('-', '_')}")), txt(c.t("rating_meaning_" + r.replace("-", "_")))] for r in RATINGS],
                [])


def decisions(c: TCtx) -> list[Table]:
    out = []
    for g in GROUPS:
        rules = [(i, r) for i, d in c.atlas.dimensions.items() if d.group == g for r in d.rules]
        if rules:
            rows = [[Cell((dimension_part(c, i),)), said_cell(c, r, r.text), approaches_cell(c, r.prefer), cite_cell(c, r.sources, r.text.en)]
                    for i, r in rules]
            out.append(make(c, f"decisions-{g}", f"{c.t('nav_decisions')}{c.colon}{c.t('group_' + g)}", "decisions.md",
                            [c.t("dimension"), c.t("when"), c.t("prefer"), c.t("sources")], rows, [r.checked for _, r in rules]))
    return out


def figure(c: TCtx, fid: str) -> Table:
    f = c.atlas.figures[fid]
    timed = f.kind == "latency" and all(to_milliseconds(q) for q in f.values)
    # one value column: in milliseconds when every value is a time, with the value as the source states it beside
    # it only where the source used another unit (no column repeating the same number)
    columns = [c.t("approach"), c.t("value_in_ms") if timed else c.t("value"), c.t("measures"), c.t("note"), c.t("sources")]
    rows = []
    for q in sorted(f.values, key=lambda q: (q.approach or "", q.sources)):
        value = qty_text(c, q)
        if timed:
            lo, hi = to_milliseconds(q)
            ms = number(lo, c.lang) if lo == hi else f"{number(lo, c.lang)}–{number(hi, c.lang)}"
            value = ms if q.unit == "ms" else f"{ms} ({c.t('as_stated')}{c.colon}{value})" if c.lang == "en" else \
                f"{ms}（{c.t('as_stated')}{c.colon}{value}）"
        row = [Cell((approach_part(c, q.approach),)) if q.approach else txt(""), txt(value)]
        row += [txt(c.tx(q.label)), txt(c.tx(q.note) if q.note else ""), cite_cell(c, q.sources, q.label.en)]
        rows.append(row)
    return make(c, fid, c.tx(f.name), figure_page(f.kind), columns, rows, _dates(f.values))


def figure_by_source(c: TCtx, fid: str) -> Table | None:
    """Approaches down, sources across: where sources disagree, their figures stand next to each other."""
    f = c.atlas.figures[fid]
    srcs: list[str] = []
    approaches: list[str] = []
    for q in f.values:
        srcs += [s for s in q.sources if s not in srcs]
        if q.approach and q.approach not in approaches:
            approaches.append(q.approach)
    if len(srcs) < 2 or not approaches:
        return None
    rows = []
    for a in approaches:
        row = [Cell((approach_part(c, a),))]
        for s in srcs:
            vals = [qty_text(c, q) for q in f.values if q.approach == a and s in q.sources]
            row.append(txt(semicolon(c.lang).join(vals) if vals else "—"))
        rows.append(row)
    return make(c, f"{fid}-by-source", f"{c.tx(f.name)} — {c.t('side_by_side')}", figure_page(f.kind),
                [c.t("approach")] + [c.atlas.sources[s].label for s in srcs], rows, _dates(f.values))


def sort_key(name: str, lang: str) -> tuple:
    """Dictionary order: English by letters (case ignored); Chinese by pinyin, syllable by syllable with the tone
    (as a Chinese dictionary orders terms), Latin letters and digits among the syllables by their letters."""
    if lang != "zh":
        return (name.casefold(),)
    from pypinyin import Style, lazy_pinyin
    return tuple(lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: s.casefold())) + (name,)


def glossary_terms(atlas: Atlas, lang: str) -> list:
    """The glossary's terms in the reader's dictionary order (``sort_key``)."""
    return sorted(atlas.glossary.items(), key=lambda kv: sort_key(kv[1].term(lang), lang))


def glossary(c: TCtx) -> Table:
    """The glossary's index: each term, linked to its definition (given once, on the glossary page), and its names
    in the other language. The definitions with their sources are in /api/v1/glossary.json."""
    other = "zh" if c.lang == "en" else "en"
    rows = [[Cell((Part(c.tx(t.term), f"/glossary.md#{i}", "link"),)), txt(t.term(other)),
             txt(" · ".join(dict.fromkeys([*t.aliases(c.lang), *t.aliases(other)])))] for i, t in glossary_terms(c.atlas, c.lang)]
    return make(c, "glossary", c.t("glossary"), "glossary.md",
                [c.t("term"), c.t("term_other_language"), c.t("also_called")], rows,
                [t.definition.checked for t in c.atlas.glossary.values()])


def challenge(c: TCtx, ident: str) -> Table | None:
    ch = c.atlas.challenges[ident]
    if not ch.addressed_by:
        return None
    rows = [[Cell((approach_part(c, r.approach),)), said_cell(c, r, r.text), cite_cell(c, r.sources, r.text.en)] for r in ch.addressed_by]
    return make(c, f"challenge-{ident}", c.tx(ch.name), "challenges.md", [c.t("approach"), c.t("how_it_helps"), c.t("sources")],
                rows, _dates(ch.addressed_by))


def roadmap(c: TCtx, ident: str) -> Table:
    r = c.atlas.roadmaps[ident]

    def claims(items):
        parts: list[Part] = []
        for n, x in enumerate(items):
            if n:
                parts.append(Part("\n"))
            parts += [Part(c.tx(x.text)), *cites(c, x.sources, x.text.en)]
        return Cell(tuple(parts))

    rows = [[txt(str(n)), txt(c.tx(ph.name)), approaches_cell(c, ph.approaches), txt(qty_text(c, ph.timing) if ph.timing else ""),
             claims(ph.goals), claims(ph.triggers)] for n, ph in enumerate(r.phases, 1)]
    return make(c, f"roadmap-{ident}", c.tx(r.name), "guidance.md",
                ["#", c.t("phase"), c.t("approaches"), c.t("timing"), c.t("goals"), c.t("triggers")], rows,
                [x.checked for ph in r.phases for x in (*ph.goals, *ph.triggers)])


def all_tables(c: TCtx, backlinks, citations) -> list[Table]:
    """Every table of the site in this language, each under its stable id, in page order."""
    counts: dict = {}
    for x in citations:
        for s in x.sources:
            counts[s] = counts.get(s, 0) + 1
    out: list[Table | None] = []
    for i, a in c.atlas.approaches.items():
        out += [approach_claims(c, i, "advantages") if a.advantages else None,
                approach_claims(c, i, "drawbacks") if a.drawbacks else None,
                stack(c, i) if a.stack else None, approach_figures(c, i)]
    for i in c.atlas.dimensions:
        out.append(dimension_rules(c, i))
        out += [dimension_in_comparison(c, i, cid) for cid in backlinks.comparisons_by_dimension.get(i, [])]
    out += [comparison(c, cid) for cid in c.atlas.comparisons]
    out += [outcomes(c, i) for i in c.atlas.scenarios]
    for i in c.atlas.sources:
        out += [source_facts(c, i), source_claims(c, i, citations)]
    out += [approach_list(c), *dimension_list(c, backlinks), comparison_list(c), *scenario_list(c), pattern_list(c),
            *source_list(c, counts), matrix(c), rating_legend(c), *decisions(c)]
    if "nav_compare" in c.atlas.ui:  # the data of older commits (macros/history.py) has no such label
        out.append(compare(c))
    for fid in c.atlas.figures:
        out += [figure(c, fid), figure_by_source(c, fid)]
    out.append(glossary(c))
    out += [challenge(c, i) for i in c.atlas.challenges]
    out += [roadmap(c, i) for i in c.atlas.roadmaps]
    out += results.all_tables(c.atlas, c.lang, c.t)  # what studies measured (macros/results.py)
    tables = [t for t in out if t is not None]
    seen: dict = {}
    for t in tables:
        if t.id in seen:
            raise ValueError(f"two tables share the id '{t.id}' ({seen[t.id]} and {t.page})")
        seen[t.id] = t.page
    return tables
