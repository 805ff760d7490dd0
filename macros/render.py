"""Renderers: pure functions from typed records to Markdown, one language at a time.

Every piece of data text goes through ``esc`` (displayed, never interpreted). Links are absolute
docs paths (``/approaches/rag.md``) that MkDocs validates and makes relative. Every table is framed by
``table()`` with a stable id so that it can be linked. Nothing here needs MkDocs to run.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import snippets
from .model import Atlas, Claim, Quantity, Text
from .text import esc, number, quantity_value, to_milliseconds

RATINGS = ("strong", "good", "mixed", "weak", "not-applicable")


@dataclass(frozen=True)
class Ctx:
    atlas: Atlas
    lang: str

    def t(self, key: str) -> str:
        return self.atlas.t(key, self.lang)

    def tx(self, text: Text) -> str:
        return esc(text(self.lang))

    @cached_property
    def backlinks(self) -> "Backlinks":
        return Backlinks.of(self.atlas)


@dataclass(frozen=True)
class Backlinks:
    """Reverse references, computed once per atlas."""

    scenarios_by_approach: dict
    comparisons_by_approach: dict
    comparisons_by_dimension: dict
    patterns_by_approach: dict
    children: dict
    scenarios_by_dimension: dict
    patterns_by_scenario: dict

    @staticmethod
    def of(atlas: Atlas) -> "Backlinks":
        def index(items, keys):
            out: dict = {}
            for ident, rec in items:
                for k in keys(rec):
                    out.setdefault(k, [])
                    if ident not in out[k]:
                        out[k].append(ident)
            return out
        return Backlinks(
            scenarios_by_approach=index(atlas.scenarios.items(), lambda s: s.chosen),
            comparisons_by_approach=index(atlas.comparisons.items(), lambda c: c.approaches),
            comparisons_by_dimension=index(atlas.comparisons.items(), lambda c: [r.dimension for r in c.rows]),
            patterns_by_approach=index(atlas.patterns.items(), lambda p: p.approaches),
            children=index(atlas.approaches.items(), lambda a: [a.parent] if a.parent else []),
            scenarios_by_dimension=index(atlas.scenarios.items(), lambda s: s.dimensions),
            patterns_by_scenario=index(atlas.patterns.items(), lambda p: p.scenarios),
        )


# --- small pieces -----------------------------------------------------------------------------------

def link(label_md: str, target: str) -> str:
    return f"[{label_md}]({target})"


def approach_link(ctx: Ctx, ident: str, short: bool = False) -> str:
    a = ctx.atlas.approaches[ident]
    return link(ctx.tx(a.short_name if short else a.name), f"/approaches/{ident}.md")


def approach_links(ctx: Ctx, idents, short: bool = True) -> str:
    return ", ".join(approach_link(ctx, i, short) for i in idents)


def dimension_link(ctx: Ctx, ident: str) -> str:
    return link(ctx.tx(ctx.atlas.dimensions[ident].name), f"/dimensions/{ident}.md")


def scenario_link(ctx: Ctx, ident: str) -> str:
    return link(ctx.tx(ctx.atlas.scenarios[ident].title), f"/scenarios/{ident}.md")


def pattern_link(ctx: Ctx, ident: str) -> str:
    return link(ctx.tx(ctx.atlas.patterns[ident].name), f"/patterns/{ident}.md")


def comparison_link(ctx: Ctx, ident: str, anchor: str = "") -> str:
    return link(ctx.tx(ctx.atlas.comparisons[ident].title), f"/comparisons/{ident}.md" + (f"#{anchor}" if anchor else ""))


def cite(ctx: Ctx, sources) -> str:
    """Citation marks: each source's label, linked to its page."""
    return " ".join(f"[{esc(ctx.atlas.sources[s].label)}](/sources/{s}.md){{ .atlas-cite }}" for s in sources)


def claim(ctx: Ctx, c: Claim) -> str:
    return f"{ctx.tx(c.text)} {cite(ctx, c.sources)}"


def claim_list(ctx: Ctx, claims, ordered: bool = False) -> str:
    marker = "1." if ordered else "-"
    return "\n".join(f"{marker} {claim(ctx, c)}" for c in claims)


def cell(text: str) -> str:
    """Markdown already escaped; table cells must stay on one line."""
    return text.replace("\n", " ")


def md_table(headers, rows) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        out.append("| " + " | ".join(cell(c) if c else " " for c in row) + " |")
    return "\n".join(out)


def table(table_id: str, headers, rows) -> str:
    """A Markdown table with a stable id (the anchor readers and wikis link to)."""
    return snippets.render("table.html", table_id=table_id, body=md_table(headers, rows))


def section(title_md: str, body: str, level: int = 2, anchor: str = "") -> str:
    if not body.strip():
        return ""
    attr = f" {{ #{anchor} }}" if anchor else ""
    return f"{'#' * level} {title_md}{attr}\n\n{body}\n"


def join(*parts: str) -> str:
    return "\n\n".join(p.strip("\n") for p in parts if p and p.strip()) + "\n"


def unit_label(ctx: Ctx):
    return lambda unit: ctx.t(f"unit_{unit.replace('-', '_')}")


def per_label(ctx: Ctx):
    return lambda per: ctx.t(f"per_{per}")


def qty(ctx: Ctx, q: Quantity) -> str:
    return esc(quantity_value(q, unit_label(ctx), per_label(ctx), ctx.lang))


def rating(ctx: Ctx, r: str) -> str:
    return ctx.t(f"rating_{r.replace('-', '_')}")


def rating_mark(ctx: Ctx, r: str, target: str) -> str:
    return f"[{rating(ctx, r)}]({target}){{ .atlas-rating .atlas-rating--{r} }}"


def checked_line(ctx: Ctx, dates) -> str:
    dates = sorted(set(dates))
    if not dates:
        return ""
    return f"*{esc(ctx.t('last_checked'))}: {dates[0]}*" if len(dates) == 1 else \
        f"*{esc(ctx.t('last_checked'))}: {dates[0]} – {dates[-1]}*"


def claims_checked(*groups) -> list[str]:
    out = []
    for g in groups:
        for c in g:
            if c is not None and hasattr(c, "checked"):
                out.append(c.checked)
    return out


# --- entity pages -----------------------------------------------------------------------------------

def approach_page(ctx: Ctx, ident: str) -> str:
    a = ctx.atlas.approaches[ident]
    bl = ctx.backlinks
    meta = [f"**{esc(ctx.t('locus'))}:** {esc(ctx.t('locus_' + a.locus.replace('-', '_')))}"]
    if a.parent:
        meta.append(f"**{esc(ctx.t('kind_of'))}:** {approach_link(ctx, a.parent)}")
    if bl.children.get(ident):
        meta.append(f"**{esc(ctx.t('variants'))}:** {approach_links(ctx, bl.children[ident], short=False)}")
    pros = table(f"{ident}-advantages", [esc(ctx.t("advantage")), esc(ctx.t("sources"))],
                 [[ctx.tx(c.text), cite(ctx, c.sources)] for c in a.advantages]) if a.advantages else ""
    cons = table(f"{ident}-drawbacks", [esc(ctx.t("drawback")), esc(ctx.t("sources"))],
                 [[ctx.tx(c.text), cite(ctx, c.sources)] for c in a.drawbacks]) if a.drawbacks else ""
    stack = ""
    if a.stack:
        stack = table(f"{ident}-stack", [esc(ctx.t("stage")), esc(ctx.t("tools")), esc(ctx.t("sources"))],
                      [[ctx.tx(s.stage), tool_links(ctx, s.tools), cite(ctx, s.sources)] for s in a.stack])
    scen = bl.scenarios_by_approach.get(ident, [])
    comps = bl.comparisons_by_approach.get(ident, [])
    pats = bl.patterns_by_approach.get(ident, [])
    values = [(f, q) for f in ctx.atlas.figures.values() for q in f.values if q.approach == ident]
    figs = ""
    if values:
        figs = table(f"{ident}-figures", [esc(ctx.t("figure")), esc(ctx.t("value")), esc(ctx.t("measures")), esc(ctx.t("sources"))],
                     [[link(ctx.tx(f.name), figure_page(f.kind) + f"#{f.id}"), qty(ctx, q), ctx.tx(q.label), cite(ctx, q.sources)]
                      for f, q in values])
    related = approach_links(ctx, a.related, short=False) if a.related else ""
    return join(
        f"# {ctx.tx(a.name)}",
        claim(ctx, a.summary),
        "  \n".join(meta),
        section(esc(ctx.t("definition")), claim_list(ctx, a.definition), anchor="definition"),
        section(esc(ctx.t("how_it_works")), claim_list(ctx, a.steps, ordered=True), anchor="how-it-works"),
        section(esc(ctx.t("advantages")), pros, anchor="advantages"),
        section(esc(ctx.t("drawbacks")), cons, anchor="drawbacks"),
        section(esc(ctx.t("risks")), claim_list(ctx, a.risks), anchor="risks"),
        section(esc(ctx.t("use_when")), claim_list(ctx, a.use_when), anchor="use-when"),
        section(esc(ctx.t("avoid_when")), claim_list(ctx, a.avoid_when), anchor="avoid-when"),
        section(esc(ctx.t("examples")), claim_list(ctx, a.examples), anchor="examples"),
        section(esc(ctx.t("tech_stack")), stack, anchor="tech-stack"),
        section(esc(ctx.t("figures")), figs, anchor="figures"),
        section(esc(ctx.t("chosen_in_scenarios")), "\n".join(f"- {scenario_link(ctx, s)}" for s in scen), anchor="scenarios"),
        section(esc(ctx.t("compared_in")), "\n".join(f"- {comparison_link(ctx, c)}" for c in comps), anchor="comparisons"),
        section(esc(ctx.t("used_in_patterns")), "\n".join(f"- {pattern_link(ctx, p)}" for p in pats), anchor="patterns"),
        section(esc(ctx.t("related")), related, anchor="related"),
        checked_line(ctx, claims_checked([a.summary], a.definition, a.steps, a.advantages, a.drawbacks, a.risks,
                                         a.use_when, a.avoid_when, a.examples, a.stack)),
    )


def tool_links(ctx: Ctx, tools) -> str:
    return ", ".join(f"[{esc(ctx.atlas.tools[t].name)}](/tech-stack.md#{t})" for t in tools)


def figure_page(kind: str) -> str:
    return {"latency": "/latency.md", "cost": "/costs.md"}.get(kind, "/figures.md")


def dimension_page(ctx: Ctx, ident: str) -> str:
    d = ctx.atlas.dimensions[ident]
    rules = ""
    if d.rules:
        rules = table(f"{ident}-rules", [esc(ctx.t("when")), esc(ctx.t("prefer")), esc(ctx.t("sources"))],
                      [[ctx.tx(r.text), approach_links(ctx, r.prefer), cite(ctx, r.sources)] for r in d.rules])
    compared = []
    for cid in ctx.backlinks.comparisons_by_dimension.get(ident, []):
        comp = ctx.atlas.comparisons[cid]
        row = next(r for r in comp.rows if r.dimension == ident)
        body = table(f"{ident}-in-{cid}", [esc(ctx.t("approach")), esc(ctx.t("rating")), esc(ctx.t("verdict")),
                                           esc(ctx.t("rationale")), esc(ctx.t("sources"))],
                     [[approach_link(ctx, c.approach, True),
                       rating_mark(ctx, c.rating, f"/comparisons/{cid}.md#{ident}--{c.approach}"),
                       ctx.tx(c.verdict), ctx.tx(c.rationale), cite(ctx, c.sources)] for c in row.cells])
        compared.append(section(comparison_link(ctx, cid, ident), body, level=3))
    scen = ctx.backlinks.scenarios_by_dimension.get(ident, [])
    return join(
        f"# {ctx.tx(d.name)}",
        f"**{esc(ctx.t('question'))}:** {ctx.tx(d.question)}",
        f"**{esc(ctx.t('group'))}:** {esc(ctx.t('group_' + d.group))}",
        claim(ctx, d.description),
        section(esc(ctx.t("decision_rules")), rules, anchor="rules"),
        section(esc(ctx.t("in_comparisons")), "\n".join(compared), anchor="comparisons"),
        section(esc(ctx.t("decided_scenarios")), "\n".join(f"- {scenario_link(ctx, s)}" for s in scen), anchor="scenarios"),
        checked_line(ctx, claims_checked([d.description], d.rules)),
    )


def comparison_table(ctx: Ctx, ident: str, table_id: str | None = None) -> str:
    comp = ctx.atlas.comparisons[ident]
    headers = [esc(ctx.t("dimension"))] + [approach_link(ctx, a, True) for a in comp.approaches]
    rows = []
    for r in comp.rows:
        row = [dimension_link(ctx, r.dimension)]
        for c in r.cells:
            row.append(f"{rating_mark(ctx, c.rating, f'/comparisons/{ident}.md#{r.dimension}--{c.approach}')} "
                       f"{ctx.tx(c.verdict)}")
        rows.append(row)
    return table(table_id or ident, headers, rows)


def headline(ctx: Ctx) -> str:
    """The home page's comparison: the first featured one, else the first."""
    comps = ctx.atlas.comparisons
    if not comps:
        return ""
    ident = next((i for i, c in comps.items() if c.featured), next(iter(comps)))
    return join(
        section(esc(ctx.t("headline_comparison")) + ": " + ctx.tx(comps[ident].title),
                comparison_table(ctx, ident, "home-headline"), anchor="headline"),
        f"{esc(ctx.t('matrix_hint'))} " + link(esc(ctx.t("read_full_comparison")), f"/comparisons/{ident}.md")
        + " · " + link(esc(ctx.t("see_matrix")), "/matrix.md"),
    )


def comparison_page(ctx: Ctx, ident: str) -> str:
    comp = ctx.atlas.comparisons[ident]
    repro = ""
    if comp.reproduces:
        repro = "\n".join(f"- {ctx.tx(r.table)} {cite(ctx, [r.source])}" for r in comp.reproduces)
    details = []
    for r in comp.rows:
        dim = ctx.atlas.dimensions[r.dimension]
        parts = [f"*{ctx.tx(dim.question)}*"]
        for c in r.cells:
            figs = ""
            if c.figures:
                figs = "  \n" + esc(ctx.t("figures")) + ": " + ", ".join(
                    link(ctx.tx(ctx.atlas.figures[f].name), figure_page(ctx.atlas.figures[f].kind) + f"#{f}") for f in c.figures)
            parts.append(section(
                f"{ctx.tx(ctx.atlas.approaches[c.approach].short_name)}: {esc(rating(ctx, c.rating))}",
                f"**{ctx.tx(c.verdict)}** — {ctx.tx(c.rationale)} {cite(ctx, c.sources)}{figs}",
                level=4, anchor=f"{r.dimension}--{c.approach}"))
        details.append(section(dimension_link(ctx, r.dimension), "\n\n".join(parts), level=3, anchor=r.dimension))
    return join(
        f"# {ctx.tx(comp.title)}",
        claim(ctx, comp.summary),
        section(esc(ctx.t("why_compare")), claim_list(ctx, comp.context), anchor="context"),
        section(esc(ctx.t("reproduces")), repro, anchor="reproduces"),
        section(esc(ctx.t("at_a_glance")), esc(ctx.t("matrix_hint")) + "\n\n" + comparison_table(ctx, ident), anchor="table"),
        section(esc(ctx.t("cell_by_cell")), "\n".join(details), anchor="cells"),
        section(esc(ctx.t("conclusions")), claim_list(ctx, comp.conclusions), anchor="conclusions"),
        checked_line(ctx, [comp.checked] + claims_checked([comp.summary], comp.context, comp.conclusions,
                                                          [c for r in comp.rows for c in r.cells])),
    )


def outcomes_table(ctx: Ctx, table_id: str, outcomes) -> str:
    return table(table_id, [esc(ctx.t("measure")), esc(ctx.t("value")), esc(ctx.t("note")), esc(ctx.t("sources"))],
                 [[ctx.tx(q.label), qty(ctx, q), ctx.tx(q.note) if q.note else "", cite(ctx, q.sources)] for q in outcomes])


def scenario_page(ctx: Ctx, ident: str) -> str:
    s = ctx.atlas.scenarios[ident]
    pats = ctx.backlinks.patterns_by_scenario.get(ident, [])
    meta = [f"**{esc(ctx.t('type'))}:** {esc(ctx.t('scenario_' + s.type.replace('-', '_')))}",
            f"**{esc(ctx.t('domain'))}:** {ctx.tx(s.domain)}",
            f"**{esc(ctx.t('chosen'))}:** {approach_links(ctx, s.chosen, short=False) if s.chosen else esc(ctx.t('none'))}"]
    if s.dimensions:
        meta.append(f"**{esc(ctx.t('deciding_dimensions'))}:** " + ", ".join(dimension_link(ctx, d) for d in s.dimensions))
    return join(
        f"# {ctx.tx(s.title)}",
        claim(ctx, s.summary),
        "  \n".join(meta),
        section(esc(ctx.t("why_this_choice")), claim_list(ctx, s.why), anchor="why"),
        section(esc(ctx.t("implementation")), claim_list(ctx, s.implementation, ordered=True), anchor="implementation"),
        section(esc(ctx.t("outcomes")), outcomes_table(ctx, f"{ident}-outcomes", s.outcomes) if s.outcomes else "", anchor="outcomes"),
        section(esc(ctx.t("lessons")), claim_list(ctx, s.lessons), anchor="lessons"),
        section(esc(ctx.t("used_in_patterns")), "\n".join(f"- {pattern_link(ctx, p)}" for p in pats), anchor="patterns"),
        checked_line(ctx, claims_checked([s.summary], s.why, s.implementation, s.outcomes, s.lessons)),
    )


def pattern_page(ctx: Ctx, ident: str) -> str:
    p = ctx.atlas.patterns[ident]
    return join(
        f"# {ctx.tx(p.name)}",
        claim(ctx, p.summary),
        f"**{esc(ctx.t('combines'))}:** {approach_links(ctx, p.approaches, short=False)}",
        section(esc(ctx.t("flow")), claim_list(ctx, p.flow, ordered=True), anchor="flow"),
        section(esc(ctx.t("where_it_fits")), claim_list(ctx, p.fits), anchor="fits"),
        section(esc(ctx.t("scenarios")), "\n".join(f"- {scenario_link(ctx, s)}" for s in p.scenarios), anchor="scenarios"),
        checked_line(ctx, claims_checked([p.summary], p.flow, p.fits)),
    )


def source_page(ctx: Ctx, ident: str) -> str:
    s = ctx.atlas.sources[ident]
    facts = []
    if s.original_title:
        facts.append((ctx.t("original_title"), esc(s.original_title)))
    facts.append((ctx.t("authors"), esc(", ".join(s.authors)) if s.authors else esc(ctx.t("author_not_named"))))
    if s.publisher:
        facts.append((ctx.t("publisher"), esc(s.publisher)))
    if s.published:
        facts.append((ctx.t("published"), esc(s.published)))
    facts.append((ctx.t("source_type"), esc(ctx.t("source_type_" + s.type.replace("-", "_")))))
    facts.append((ctx.t("language"), esc(ctx.t("language_" + s.language))))
    if s.licence:
        facts.append((ctx.t("licence"), esc(s.licence)))
    if s.identifiers.arxiv:
        facts.append(("arXiv", f"[{esc(s.identifiers.arxiv)}](https://arxiv.org/abs/{s.identifiers.arxiv})"))
    if s.identifiers.doi:
        facts.append(("DOI", f"[{esc(s.identifiers.doi)}](https://doi.org/{esc(s.identifiers.doi)})"))
    if s.url:
        facts.append((ctx.t("link"), f"[{esc(s.url)}]({s.url})"))
    else:
        facts.append((ctx.t("link"), esc(ctx.t("no_link_in_capture"))))
    if s.seed:
        facts.append((ctx.t("founding_article"), esc(ctx.t("founding_article_yes"))))
    facts_table = table(f"{ident}-facts", [esc(ctx.t("field")), esc(ctx.t("value"))], [[esc(k), v] for k, v in facts])
    reading = "\n".join(f"- [{esc(ctx.atlas.sources[r].label)}: {ctx.tx(ctx.atlas.sources[r].title)}](/sources/{r}.md)"
                        for r in s.further_reading)
    cited_by = [c for c in citations(ctx.atlas) if ident in c.sources]
    rows = [[link(ctx.tx(c.page_title), c.page + (f"#{c.anchor}" if c.anchor else "")), esc(ctx.t(c.field_key)), ctx.tx(c.text)]
            for c in cited_by]
    claims_md = table(f"{ident}-claims", [esc(ctx.t("page")), esc(ctx.t("part")), esc(ctx.t("claim"))], rows) if rows else ""
    recommended_by = [o for o in ctx.atlas.sources.values() if ident in o.further_reading]
    return join(
        f"# {ctx.tx(s.title)}",
        ctx.tx(s.summary),
        facts_table,
        section(esc(ctx.t("recommended_by")), "\n".join(f"- [{esc(o.label)}](/sources/{o.id}.md)" for o in recommended_by), anchor="recommended-by"),
        section(esc(ctx.t("further_reading")), reading, anchor="further-reading"),
        section(f"{esc(ctx.t('claims_citing'))} ({len(rows)})", claims_md, anchor="claims"),
        checked_line(ctx, [s.checked]),
    )


@dataclass(frozen=True)
class Citation:
    page: str  # docs path
    page_title: Text
    anchor: str
    field_key: str  # ui key naming the part of the page
    text: Text
    sources: tuple


def citations(atlas: Atlas) -> list[Citation]:
    """Every cited statement on the site, with the page (and part of it) where it appears."""
    out: list[Citation] = []

    def add(page, title, anchor, key, items):
        for c in items:
            text = getattr(c, "text", None) or getattr(c, "label", None) or getattr(c, "stage", None)
            out.append(Citation(page, title, anchor, key, text, c.sources))

    for i, a in atlas.approaches.items():
        p = f"/approaches/{i}.md"
        add(p, a.name, "", "summary", [a.summary])
        for key, anchor, items in (("definition", "definition", a.definition), ("how_it_works", "how-it-works", a.steps),
                                   ("advantages", "advantages", a.advantages), ("drawbacks", "drawbacks", a.drawbacks),
                                   ("risks", "risks", a.risks), ("use_when", "use-when", a.use_when),
                                   ("avoid_when", "avoid-when", a.avoid_when), ("examples", "examples", a.examples),
                                   ("tech_stack", "tech-stack", a.stack)):
            add(p, a.name, anchor, key, items)
    for i, d in atlas.dimensions.items():
        p = f"/dimensions/{i}.md"
        add(p, d.name, "", "summary", [d.description])
        add(p, d.name, "rules", "decision_rules", d.rules)
    for i, c in atlas.comparisons.items():
        p = f"/comparisons/{i}.md"
        add(p, c.title, "", "summary", [c.summary])
        add(p, c.title, "context", "why_compare", c.context)
        add(p, c.title, "conclusions", "conclusions", c.conclusions)
        for r in c.rows:
            for cell_ in r.cells:
                out.append(Citation(p, c.title, f"{r.dimension}--{cell_.approach}", "cell",
                                    Text(f"{atlas.dimensions[r.dimension].name.en} / {atlas.approaches[cell_.approach].short_name.en}: {cell_.rationale.en}",
                                         f"{atlas.dimensions[r.dimension].name.zh} / {atlas.approaches[cell_.approach].short_name.zh}：{cell_.rationale.zh}"),
                                    cell_.sources))
    for i, s in atlas.scenarios.items():
        p = f"/scenarios/{i}.md"
        add(p, s.title, "", "summary", [s.summary])
        for key, anchor, items in (("why_this_choice", "why", s.why), ("implementation", "implementation", s.implementation),
                                   ("outcomes", "outcomes", s.outcomes), ("lessons", "lessons", s.lessons)):
            add(p, s.title, anchor, key, items)
    for i, pt in atlas.patterns.items():
        p = f"/patterns/{i}.md"
        add(p, pt.name, "", "summary", [pt.summary])
        add(p, pt.name, "flow", "flow", pt.flow)
        add(p, pt.name, "fits", "where_it_fits", pt.fits)
    for i, f in atlas.figures.items():
        add(figure_page(f.kind), f.name, i, "figures", f.values)
    for i, r in atlas.roadmaps.items():
        add("/guidance.md", r.name, i, "roadmap", [r.summary])
        for ph in r.phases:
            add("/guidance.md", r.name, i, "roadmap", list(ph.goals) + list(ph.triggers) + ([ph.timing] if ph.timing else []))
    for i, t in atlas.trends.items():
        add("/guidance.md", t.name, i, "trends", [t.summary, *t.points])
    for i, a in atlas.advice.items():
        add("/guidance.md", a.audience, i, "advice", [a.summary, *a.items])
    for i, ch in atlas.challenges.items():
        add("/challenges.md", ch.name, i, "challenges", [ch.description, *ch.addressed_by])
    for i, term in atlas.glossary.items():
        add("/glossary.md", term.term, i, "glossary", [term.definition])
    for i, tool in atlas.tools.items():
        add("/tech-stack.md", Text(tool.name, tool.name), i, "tech_stack", [tool.description])
    return out


# --- lists and aggregate pages ------------------------------------------------------------------------

def approach_list(ctx: Ctx) -> str:
    rows = [[approach_link(ctx, i), esc(ctx.t("locus_" + a.locus.replace("-", "_"))),
             approach_link(ctx, a.parent, True) if a.parent else "", claim(ctx, a.summary)]
            for i, a in ctx.atlas.approaches.items()]
    return table("approaches", [esc(ctx.t("approach")), esc(ctx.t("locus")), esc(ctx.t("kind_of")), esc(ctx.t("summary"))], rows)


def dimension_list(ctx: Ctx) -> str:
    groups: dict = {}
    for i, d in ctx.atlas.dimensions.items():
        groups.setdefault(d.group, []).append(i)
    out = []
    for g in ("knowledge", "quality", "capability", "performance", "cost", "operations", "risk"):
        if g not in groups:
            continue
        rows = [[dimension_link(ctx, i), ctx.tx(ctx.atlas.dimensions[i].question),
                 str(len(ctx.backlinks.comparisons_by_dimension.get(i, [])))] for i in groups[g]]
        out.append(section(esc(ctx.t("group_" + g)), table(f"dimensions-{g}", [esc(ctx.t("dimension")), esc(ctx.t("question")),
                                                                               esc(ctx.t("comparisons"))], rows), anchor=g))
    return join(*out)


def comparison_list(ctx: Ctx) -> str:
    rows = [[comparison_link(ctx, i), approach_links(ctx, c.approaches), str(len(c.rows)), claim(ctx, c.summary)]
            for i, c in ctx.atlas.comparisons.items()]
    return table("comparisons", [esc(ctx.t("comparison")), esc(ctx.t("approaches")), esc(ctx.t("dimensions")),
                                 esc(ctx.t("summary"))], rows)


def scenario_list(ctx: Ctx) -> str:
    out = []
    for kind in ("case-study", "example"):
        rows = [[scenario_link(ctx, i), ctx.tx(s.domain),
                 approach_links(ctx, s.chosen) if s.chosen else esc(ctx.t("none")), claim(ctx, s.summary)]
                for i, s in ctx.atlas.scenarios.items() if s.type == kind]
        if rows:
            out.append(section(esc(ctx.t("scenario_plural_" + kind.replace("-", "_"))),
                               table(f"scenarios-{kind}", [esc(ctx.t("scenario")), esc(ctx.t("domain")), esc(ctx.t("chosen")),
                                                           esc(ctx.t("summary"))], rows), anchor=kind))
    return join(*out)


def pattern_list(ctx: Ctx) -> str:
    rows = [[pattern_link(ctx, i), approach_links(ctx, p.approaches), claim(ctx, p.summary)] for i, p in ctx.atlas.patterns.items()]
    return table("patterns", [esc(ctx.t("pattern")), esc(ctx.t("combines")), esc(ctx.t("summary"))], rows)


def source_list(ctx: Ctx) -> str:
    counts: dict = {}
    for c in citations(ctx.atlas):
        for s in c.sources:
            counts[s] = counts.get(s, 0) + 1
    out = []
    for founding in (True, False):
        rows = [[f"[{esc(s.label)}](/sources/{i}.md)", ctx.tx(s.title), esc(", ".join(s.authors)) if s.authors else esc(ctx.t("author_not_named")),
                 esc(s.published or ""), esc(s.licence or ""), str(counts.get(i, 0))]
                for i, s in ctx.atlas.sources.items() if bool(s.seed) == founding]
        if rows:
            key = "founding_articles" if founding else "other_sources"
            out.append(section(esc(ctx.t(key)), table(f"sources-{key.replace('_', '-')}",
                                                      [esc(ctx.t("label")), esc(ctx.t("title")), esc(ctx.t("authors")),
                                                       esc(ctx.t("published")), esc(ctx.t("licence")), esc(ctx.t("claims"))], rows),
                               anchor=key.replace("_", "-")))
    return join(*out)


def matrix(ctx: Ctx) -> str:
    """All approaches x all dimensions; each cell links to the rationale in its comparison."""
    approaches = list(ctx.atlas.approaches)
    cells: dict = {}
    for cid, comp in ctx.atlas.comparisons.items():
        for r in comp.rows:
            for c in r.cells:
                cells.setdefault((r.dimension, c.approach), []).append((cid, c))
    used = [a for a in approaches if any(k[1] == a for k in cells)]
    headers = [esc(ctx.t("dimension"))] + [approach_link(ctx, a, True) for a in used]
    rows = []
    for d in ctx.atlas.dimensions:
        if not any((d, a) in cells for a in used):
            continue
        row = [dimension_link(ctx, d)]
        for a in used:
            marks = [rating_mark(ctx, c.rating, f"/comparisons/{cid}.md#{d}--{a}") for cid, c in cells.get((d, a), [])]
            row.append(" · ".join(marks))
        rows.append(row)
    return table("matrix", headers, rows)


def rating_legend(ctx: Ctx) -> str:
    return table("rating-legend", [esc(ctx.t("rating")), esc(ctx.t("meaning"))],
                 [[esc(rating(ctx, r)), esc(ctx.t("rating_meaning_" + r.replace("-", "_")))] for r in RATINGS])


def decision_tables(ctx: Ctx) -> str:
    out = []
    for g in ("knowledge", "quality", "capability", "performance", "cost", "operations", "risk"):
        rows = []
        for i, d in ctx.atlas.dimensions.items():
            if d.group != g:
                continue
            for r in d.rules:
                rows.append([dimension_link(ctx, i), ctx.tx(r.text), approach_links(ctx, r.prefer), cite(ctx, r.sources)])
        if rows:
            out.append(section(esc(ctx.t("group_" + g)), table(f"decisions-{g}", [esc(ctx.t("dimension")), esc(ctx.t("when")),
                                                                                  esc(ctx.t("prefer")), esc(ctx.t("sources"))], rows), anchor=g))
    return join(*out)


def figure_tables(ctx: Ctx, kinds) -> str:
    """Each figure: every value by source, side by side, with a normalised column where units are comparable."""
    out = []
    for i, f in ctx.atlas.figures.items():
        if f.kind not in kinds:
            continue
        timed = all(to_milliseconds(q) for q in f.values) and f.kind == "latency"
        headers = [esc(ctx.t("approach")), esc(ctx.t("value"))]
        if timed:
            headers.append(esc(ctx.t("in_milliseconds")))
        headers += [esc(ctx.t("measures")), esc(ctx.t("note")), esc(ctx.t("sources"))]
        rows = []
        for q in sorted(f.values, key=lambda q: (q.approach or "", q.sources)):
            row = [approach_link(ctx, q.approach, True) if q.approach else "", qty(ctx, q)]
            if timed:
                lo, hi = to_milliseconds(q)
                row.append(number(lo, ctx.lang) if lo == hi else f"{number(lo, ctx.lang)}–{number(hi, ctx.lang)}")
            row += [ctx.tx(q.label), ctx.tx(q.note) if q.note else "", cite(ctx, q.sources)]
            rows.append(row)
        body = ctx.tx(f.description) + "\n\n" + table(i, headers, rows)
        pivot = source_pivot(ctx, f)
        if pivot:
            body += "\n\n" + f"**{esc(ctx.t('side_by_side'))}**\n\n" + pivot
        out.append(section(ctx.tx(f.name), body, anchor=i))
    return join(*out)


def source_pivot(ctx: Ctx, f) -> str:
    """Approaches down, sources across: where sources disagree, their figures stand next to each other."""
    srcs = []
    for q in f.values:
        for s in q.sources:
            if s not in srcs:
                srcs.append(s)
    approaches = []
    for q in f.values:
        if q.approach and q.approach not in approaches:
            approaches.append(q.approach)
    if len(srcs) < 2 or not approaches:
        return ""
    rows = []
    for a in approaches:
        row = [approach_link(ctx, a, True)]
        for s in srcs:
            vals = [qty(ctx, q) for q in f.values if q.approach == a and s in q.sources]
            row.append("; ".join(vals) if vals else "—")
        rows.append(row)
    return table(f"{f.id}-by-source", [esc(ctx.t("approach"))] + [f"[{esc(ctx.atlas.sources[s].label)}](/sources/{s}.md)" for s in srcs], rows)


def tech_stack(ctx: Ctx) -> str:
    out = []
    for i, a in ctx.atlas.approaches.items():
        if a.stack:
            out.append(section(approach_link(ctx, i), table(f"stack-{i}", [esc(ctx.t("stage")), esc(ctx.t("tools")), esc(ctx.t("sources"))],
                                                            [[ctx.tx(s.stage), tool_links(ctx, s.tools), cite(ctx, s.sources)] for s in a.stack]),
                               anchor=f"stack-{i}"))
    tools = []
    for i, t in ctx.atlas.tools.items():
        tools.append(section(f"{esc(t.name)}", f"**{esc(ctx.t('category'))}:** {esc(ctx.t('tool_' + t.category.replace('-', '_')))} · "
                                               f"[{esc(ctx.t('official_site'))}]({t.url})\n\n{claim(ctx, t.description)}",
                             level=3, anchor=i))
    return join(*out, section(esc(ctx.t("tools")), "\n".join(tools), anchor="tools"))


def glossary(ctx: Ctx) -> str:
    terms = sorted(ctx.atlas.glossary.items(), key=lambda kv: kv[1].term(ctx.lang).casefold())
    other = "zh" if ctx.lang == "en" else "en"
    rows = [[f"[{ctx.tx(t.term)}](#{i})", esc(t.term(other)), ctx.tx(t.definition.text), cite(ctx, t.definition.sources)] for i, t in terms]
    index = table("glossary", [esc(ctx.t("term")), esc(ctx.t("term_other_language")), esc(ctx.t("definition")), esc(ctx.t("sources"))], rows)
    entries = []
    for i, t in terms:
        body = [claim(ctx, t.definition)]
        names = [t.term(other)] + list(t.aliases(ctx.lang)) + list(t.aliases(other))
        body.append(f"**{esc(ctx.t('also_called'))}:** " + " · ".join(esc(n) for n in dict.fromkeys(names)))
        if t.approach:
            body.append(f"**{esc(ctx.t('approach'))}:** {approach_link(ctx, t.approach)}")
        if t.related:
            body.append(f"**{esc(ctx.t('related'))}:** " + ", ".join(f"[{ctx.tx(ctx.atlas.glossary[r].term)}](#{r})" for r in t.related))
        entries.append(section(ctx.tx(t.term), "\n\n".join(body), level=3, anchor=i))
    return join(index, section(esc(ctx.t("definitions")), "\n".join(entries), anchor="definitions"))


def challenges(ctx: Ctx) -> str:
    out = []
    for i, ch in ctx.atlas.challenges.items():
        body = claim(ctx, ch.description)
        if ch.addressed_by:
            body += "\n\n" + table(f"challenge-{i}", [esc(ctx.t("approach")), esc(ctx.t("how_it_helps")), esc(ctx.t("sources"))],
                                   [[approach_link(ctx, r.approach, True), ctx.tx(r.text), cite(ctx, r.sources)] for r in ch.addressed_by])
        out.append(section(ctx.tx(ch.name), body, anchor=i))
    return join(*out)


def guidance(ctx: Ctx) -> str:
    out = []
    for i, r in ctx.atlas.roadmaps.items():
        rows = [[str(n), ctx.tx(ph.name), approach_links(ctx, ph.approaches), qty(ctx, ph.timing) if ph.timing else "",
                 "<br>".join(claim(ctx, g) for g in ph.goals), "<br>".join(claim(ctx, g) for g in ph.triggers)]
                for n, ph in enumerate(r.phases, 1)]
        out.append(section(ctx.tx(r.name), claim(ctx, r.summary) + "\n\n" + table(
            f"roadmap-{i}", ["#", esc(ctx.t("phase")), esc(ctx.t("approaches")), esc(ctx.t("timing")), esc(ctx.t("goals")),
                             esc(ctx.t("triggers"))], rows), anchor=i))
    trends = [section(ctx.tx(t.name), claim(ctx, t.summary) + "\n\n" + claim_list(ctx, t.points), level=3, anchor=i)
              for i, t in ctx.atlas.trends.items()]
    advice = [section(ctx.tx(a.audience), claim(ctx, a.summary) + "\n\n" + claim_list(ctx, a.items), level=3, anchor=i)
              for i, a in ctx.atlas.advice.items()]
    return join(*out, section(esc(ctx.t("trends")), "\n".join(trends), anchor="trends"),
                section(esc(ctx.t("advice")), "\n".join(advice), anchor="advice"))


ENTITY_PAGES = {
    "approaches": approach_page, "dimensions": dimension_page, "comparisons": comparison_page,
    "scenarios": scenario_page, "patterns": pattern_page, "sources": source_page,
}


def entity_page(ctx: Ctx, folder: str, ident: str) -> str:
    return ENTITY_PAGES[folder](ctx, ident)


def entity_title(atlas: Atlas, folder: str, ident: str, lang: str) -> str:
    rec = atlas.kind(folder)[ident]
    for attr in ("name", "title"):
        if hasattr(rec, attr):
            return getattr(rec, attr)(lang)
    raise KeyError(folder)
