"""Renderers: pure functions from typed records to Markdown, one language at a time.

Every piece of data text goes through ``esc`` (displayed, never interpreted). Links are absolute
docs paths (``/approaches/rag.md``) that MkDocs validates and makes relative. Every table is framed by
``table()`` with a stable id so that it can be linked. Nothing here needs MkDocs to run.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import markup, snippets, tablespecs
from .model import KINDS, Atlas, Claim, Quantity, Text
from .tables import EXPORT_FORMATS, Table
from .text import esc, quantity_value

RATINGS = tablespecs.RATINGS


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

    @cached_property
    def tables(self) -> dict[str, Table]:
        """Every table of the site in this language, by id."""
        tc = tablespecs.TCtx(self.atlas, self.lang)
        return {t.id: t for t in tablespecs.all_tables(tc, self.backlinks, citations(self.atlas))}


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


def framed(ctx: Ctx, table_id: str, dom_id: str | None = None, heading_is_anchor: bool = False) -> str:
    """A table of the site, framed with its stable id (the anchor readers and wikis link to) and its tools.
    ``dom_id`` places a second copy of a table elsewhere (the home page) without a second anchor.
    ``heading_is_anchor``: the heading just above already has the table's id as its anchor (a figure's section),
    so the frame takes none (an id appears once in a page) and links to the table land on its heading."""
    t = ctx.tables.get(table_id)
    if t is None:
        return ""
    more = f"[{esc(ctx.t('table_more'))}](/tables/{t.id}.md){{ .atlas-table__more }}"
    labels = toolbar_labels(ctx)
    return snippets.render("table.html", table_id=t.id, dom_id="" if heading_is_anchor else dom_id or t.id, title=t.title, lang=ctx.lang,
                           labels=labels, body=t.markdown, more=more, page_url=page_url(t.page),
                           tools_label=markup.md_in_html_attr(f"{labels['tools']}: {t.title}"),
                           copied_label=markup.md_in_html_attr(labels["copied"]))


def page_url(docs_path: str) -> str:
    """Docs path -> the page's URL relative to the language root (approaches/rag.md -> approaches/rag/)."""
    if docs_path == "index.md":
        return ""
    if docs_path.endswith("/index.md"):
        return docs_path[: -len("index.md")]
    return docs_path[:-3] + "/"


_CONTEXTS: dict = {}


def context(atlas: Atlas, lang: str) -> Ctx:
    """One rendering context per atlas and language, so every table is built once per build."""
    key = (id(atlas), lang)
    if key not in _CONTEXTS:
        if len(_CONTEXTS) > 4:
            _CONTEXTS.clear()
        _CONTEXTS[key] = (atlas, Ctx(atlas, lang))
    return _CONTEXTS[key][1]


def toolbar_labels(ctx: Ctx) -> dict:
    return {k: ctx.t(f"table_{k}") for k in ("copy_link", "copy_markdown", "copy_embed", "more", "copied", "tools")}


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
    scen = bl.scenarios_by_approach.get(ident, [])
    comps = bl.comparisons_by_approach.get(ident, [])
    pats = bl.patterns_by_approach.get(ident, [])
    related = approach_links(ctx, a.related, short=False) if a.related else ""
    return join(
        f"# {ctx.tx(a.name)}",
        claim(ctx, a.summary),
        "  \n".join(meta),
        section(esc(ctx.t("definition")), claim_list(ctx, a.definition), anchor="definition"),
        section(esc(ctx.t("how_it_works")), claim_list(ctx, a.steps, ordered=True), anchor="how-it-works"),
        section(esc(ctx.t("advantages")), framed(ctx, f"{ident}-advantages"), anchor="advantages"),
        section(esc(ctx.t("drawbacks")), framed(ctx, f"{ident}-drawbacks"), anchor="drawbacks"),
        section(esc(ctx.t("risks")), claim_list(ctx, a.risks), anchor="risks"),
        section(esc(ctx.t("use_when")), claim_list(ctx, a.use_when), anchor="use-when"),
        section(esc(ctx.t("avoid_when")), claim_list(ctx, a.avoid_when), anchor="avoid-when"),
        section(esc(ctx.t("examples")), claim_list(ctx, a.examples), anchor="examples"),
        section(esc(ctx.t("tech_stack")), framed(ctx, f"{ident}-stack"), anchor="tech-stack"),
        section(esc(ctx.t("figures")), framed(ctx, f"{ident}-figures"), anchor="figures"),
        section(esc(ctx.t("chosen_in_scenarios")), "\n".join(f"- {scenario_link(ctx, s)}" for s in scen), anchor="scenarios"),
        section(esc(ctx.t("compared_in")), "\n".join(f"- {comparison_link(ctx, c)}" for c in comps), anchor="comparisons"),
        section(esc(ctx.t("used_in_patterns")), "\n".join(f"- {pattern_link(ctx, p)}" for p in pats), anchor="patterns"),
        section(esc(ctx.t("related")), related, anchor="related"),
        checked_line(ctx, claims_checked([a.summary], a.definition, a.steps, a.advantages, a.drawbacks, a.risks,
                                         a.use_when, a.avoid_when, a.examples, a.stack)),
    )


def dimension_page(ctx: Ctx, ident: str) -> str:
    d = ctx.atlas.dimensions[ident]
    compared = [section(comparison_link(ctx, cid, ident), framed(ctx, f"{ident}-in-{cid}"), level=3)
                for cid in ctx.backlinks.comparisons_by_dimension.get(ident, [])]
    scen = ctx.backlinks.scenarios_by_dimension.get(ident, [])
    return join(
        f"# {ctx.tx(d.name)}",
        f"**{esc(ctx.t('question'))}:** {ctx.tx(d.question)}",
        f"**{esc(ctx.t('group'))}:** {esc(ctx.t('group_' + d.group))}",
        claim(ctx, d.description),
        section(esc(ctx.t("decision_rules")), framed(ctx, f"{ident}-rules"), anchor="rules"),
        section(esc(ctx.t("in_comparisons")), "\n".join(compared), anchor="comparisons"),
        section(esc(ctx.t("decided_scenarios")), "\n".join(f"- {scenario_link(ctx, s)}" for s in scen), anchor="scenarios"),
        checked_line(ctx, claims_checked([d.description], d.rules)),
    )


def comparison_table(ctx: Ctx, ident: str, dom_id: str | None = None) -> str:
    return framed(ctx, ident, dom_id)


def short_answer(ctx: Ctx) -> str:
    """The home page's short answer: the rules of thumb of the first advice that has them, each cited."""
    rules = next((a.rules_of_thumb for a in ctx.atlas.advice.values() if a.rules_of_thumb), ())
    return "\n".join(f"- **{approach_link(ctx, r.approach, short=True)}** · {ctx.tx(r.text)} {cite(ctx, r.sources)}"
                     for r in rules)


def headline(ctx: Ctx) -> str:
    """The home page's comparison: the first featured one, else the first; the rating key beside it."""
    comps = ctx.atlas.comparisons
    if not comps:
        return ""
    ident = next((i for i, c in comps.items() if c.featured), next(iter(comps)))
    key = [{"rating": r, "label": rating(ctx, r), "meaning": ctx.t("rating_meaning_" + r.replace("-", "_"))}
           for r in RATINGS]
    return join(
        section(esc(ctx.t("headline_comparison")) + ": " + ctx.tx(comps[ident].title),
                snippets.render("headline.html", table=comparison_table(ctx, ident, "home-headline"),
                                key=key, key_label=ctx.t("rating_key")), anchor="headline"),
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
                    link(ctx.tx(ctx.atlas.figures[f].name), "/" + tablespecs.figure_page(ctx.atlas.figures[f].kind) + f"#{f}")
                    for f in c.figures)
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
        section(esc(ctx.t("outcomes")), framed(ctx, f"{ident}-outcomes"), anchor="outcomes"),
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
    reading = "\n".join(f"- [{esc(ctx.atlas.sources[r].label)}: {ctx.tx(ctx.atlas.sources[r].title)}](/sources/{r}.md)"
                        for r in s.further_reading)
    n_claims = len(ctx.tables[f"{ident}-claims"].rows) if f"{ident}-claims" in ctx.tables else 0
    recommended_by = [o for o in ctx.atlas.sources.values() if ident in o.further_reading]
    return join(
        f"# {ctx.tx(s.title)}",
        ctx.tx(s.summary),
        framed(ctx, f"{ident}-facts"),
        section(esc(ctx.t("recommended_by")), "\n".join(f"- [{esc(o.label)}](/sources/{o.id}.md)" for o in recommended_by), anchor="recommended-by"),
        section(esc(ctx.t("further_reading")), reading, anchor="further-reading"),
        section(f"{esc(ctx.t('claims_citing'))} ({n_claims})", framed(ctx, f"{ident}-claims"), anchor="claims"),
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
    checked: str = ""


def citations(atlas: Atlas) -> list[Citation]:
    """Every cited statement on the site, with the page (and part of it) where it appears."""
    out: list[Citation] = []

    def add(page, title, anchor, key, items):
        for c in items:
            text = getattr(c, "text", None) or getattr(c, "label", None) or getattr(c, "stage", None)
            out.append(Citation(page, title, anchor, key, text, c.sources, c.checked))

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
                                    cell_.sources, cell_.checked))
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
        add("/" + tablespecs.figure_page(f.kind), f.name, i, "figures", f.values)
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
    return framed(ctx, "approaches")


def _grouped(ctx: Ctx, prefix: str, keys, label) -> str:
    return join(*[section(esc(label(k)), framed(ctx, f"{prefix}-{k}"), anchor=k) for k in keys if f"{prefix}-{k}" in ctx.tables])


def dimension_list(ctx: Ctx) -> str:
    return _grouped(ctx, "dimensions", tablespecs.GROUPS, lambda g: ctx.t("group_" + g))


def comparison_list(ctx: Ctx) -> str:
    return framed(ctx, "comparisons")


def scenario_list(ctx: Ctx) -> str:
    return _grouped(ctx, "scenarios", ("case-study", "example"), lambda k: ctx.t("scenario_plural_" + k.replace("-", "_")))


def pattern_list(ctx: Ctx) -> str:
    return framed(ctx, "patterns")


def source_list(ctx: Ctx) -> str:
    return _grouped(ctx, "sources", ("founding-articles", "other-sources"), lambda k: ctx.t(k.replace("-", "_")))


def matrix(ctx: Ctx) -> str:
    """All approaches x all dimensions; each cell links to the rationale in its comparison."""
    return framed(ctx, "matrix")


def rating_legend(ctx: Ctx) -> str:
    return framed(ctx, "rating-legend")


def decision_tables(ctx: Ctx) -> str:
    return _grouped(ctx, "decisions", tablespecs.GROUPS, lambda g: ctx.t("group_" + g))


def figure_tables(ctx: Ctx, kinds) -> str:
    """Each figure: every value by source, with a normalised column where units are comparable, then the
    same values pivoted by source so that disagreeing figures stand side by side."""
    out = []
    for i, f in ctx.atlas.figures.items():
        if f.kind not in kinds:
            continue
        body = ctx.tx(f.description) + "\n\n" + framed(ctx, i, heading_is_anchor=True)
        if f"{i}-by-source" in ctx.tables:
            body += f"\n\n**{esc(ctx.t('side_by_side'))}**\n\n" + framed(ctx, f"{i}-by-source")
        out.append(section(ctx.tx(f.name), body, anchor=i))
    return join(*out)


def tech_stack(ctx: Ctx) -> str:
    out = [section(approach_link(ctx, i), framed(ctx, f"{i}-stack", f"tech-stack-{i}"), anchor=f"stack-{i}")
           for i, a in ctx.atlas.approaches.items() if a.stack]
    tools = []
    for i, t in ctx.atlas.tools.items():
        tools.append(section(f"{esc(t.name)}", f"**{esc(ctx.t('category'))}:** {esc(ctx.t('tool_' + t.category.replace('-', '_')))} · "
                                               f"{markup.md_external_link(ctx.t('official_site'), t.url)}\n\n{claim(ctx, t.description)}",
                             level=3, anchor=i))
    return join(*out, section(esc(ctx.t("tools")), "\n".join(tools), anchor="tools"))


def glossary(ctx: Ctx) -> str:
    terms = sorted(ctx.atlas.glossary.items(), key=lambda kv: kv[1].term(ctx.lang).casefold())
    other = "zh" if ctx.lang == "en" else "en"
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
    return join(framed(ctx, "glossary"), section(esc(ctx.t("definitions")), "\n".join(entries), anchor="definitions"))


def challenges(ctx: Ctx) -> str:
    out = []
    for i, ch in ctx.atlas.challenges.items():
        out.append(section(ctx.tx(ch.name), join(claim(ctx, ch.description), framed(ctx, f"challenge-{i}")), anchor=i))
    return join(*out)


def guidance(ctx: Ctx) -> str:
    out = [section(ctx.tx(r.name), claim(ctx, r.summary) + "\n\n" + framed(ctx, f"roadmap-{i}"), anchor=i)
           for i, r in ctx.atlas.roadmaps.items()]
    trends = [section(ctx.tx(t.name), claim(ctx, t.summary) + "\n\n" + claim_list(ctx, t.points), level=3, anchor=i)
              for i, t in ctx.atlas.trends.items()]
    advice = [section(ctx.tx(a.audience), claim(ctx, a.summary) + "\n\n" + claim_list(ctx, a.items), level=3, anchor=i)
              for i, a in ctx.atlas.advice.items()]
    return join(*out, section(esc(ctx.t("trends")), "\n".join(trends), anchor="trends"),
                section(esc(ctx.t("advice")), "\n".join(advice), anchor="advice"))


def table_page(ctx: Ctx, table_id: str) -> str:
    """/<lang>/tables/<id>/: the table alone, with where it stands, its embed and its exports."""
    t = ctx.tables[table_id]
    return join(f"# {esc(t.title)}",
                f"{esc(ctx.t('table_stands_on'))} [{esc(page_title(ctx, t.page))}](/{t.page}#{t.id})",
                snippets.render("table-exports.html", table_id=t.id, labels=toolbar_labels(ctx),
                                formats=[(f, ctx.t(f"export_{f}")) for f in EXPORT_FORMATS],
                                as_of=ctx.t("data_as_of"), checked=t.checked, hash=t.content_hash,
                                version_label=ctx.t("table_version"), embed_label=ctx.t("table_embed_page")),
                framed(ctx, t.id, f"table-{t.id}"),
                attribution(ctx, ctx.t("table_attribution")))


def attribution(ctx: Ctx, text: str) -> str:
    """A credit line in italics; the site's name in it links to the home page (and, as a link, is never taken
    for the glossary's "LLM" by the tooltips)."""
    name = esc(ctx.t("site_name"))
    return "*" + esc(text).replace(name, f"[{name}](/index.md)", 1) + "*"


def page_title(ctx: Ctx, docs_path: str) -> str:
    """The title of the page at a docs path: an entity's name, or the navigation's label of a hand-written page
    (data/ui.yaml nav_<name>); the words "its page" when there is neither."""
    folder, _, name = docs_path.removesuffix(".md").rpartition("/")
    if folder and name != "index" and ident_kind(folder):
        return entity_title(ctx.atlas, ident_kind(folder), name, ctx.lang)
    key = "nav_" + ((folder if name == "index" else name) or "home").replace("-", "_")
    return ctx.t(key) if key in ctx.atlas.ui else ctx.t("table_its_page")


def ident_kind(page_dir: str) -> str | None:
    return next((k.folder for k in KINDS if k.page_dir == page_dir), None)


def table_index(ctx: Ctx) -> str:
    """Every table of the site, with where it stands and its own page."""
    rows = [f"| [{esc(t.title)}](/tables/{t.id}.md) | `{t.id}` | [{esc(ctx.t('table_its_page'))}](/{t.page}#{t.id}) |"
            for t in ctx.tables.values()]
    head = f"| {esc(ctx.t('title'))} | id | {esc(ctx.t('page'))} |\n| --- | --- | --- |"
    return head + "\n" + "\n".join(rows) + "\n"


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
