"""Renderers: pure functions from typed records to Markdown, one language at a time.

Every piece of data text goes through ``esc`` (displayed, never interpreted). Links are absolute
docs paths (``/approaches/rag.md``) that MkDocs validates and makes relative. Every table is framed by
``table()`` with a stable id so that it can be linked. Nothing here needs MkDocs to run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from . import charts, markup, results, snippets, tablespecs
from .model import KINDS, Atlas, Claim, Quantity, Text, Where
from .tables import EXPORT_FORMATS, Table
from .text import claim_anchor, esc, gap, quantity_value, to_milliseconds

RATINGS = tablespecs.RATINGS


@dataclass(frozen=True)
class Ctx:
    atlas: Atlas
    lang: str

    def t(self, key: str) -> str:
        return self.atlas.t(key, self.lang)

    def tx(self, text: Text) -> str:
        return esc(text(self.lang))

    @property
    def colon(self) -> str:
        """': ' in English, '：' in Chinese (full-width, no space after it), as Markdown."""
        return esc(self.t("colon"))

    def lead(self, label_md: str) -> str:
        """A bold label leading a line ("**Authors:** ", "**作者：**")."""
        c = self.colon
        return f"**{label_md}{c.rstrip()}**" + (" " if c.endswith(" ") else "")

    @property
    def comma(self) -> str:
        """Between the items of a list: ', ' in English, '、' in Chinese."""
        return "、" if self.lang == "zh" else ", "

    @property
    def gap(self) -> str:
        return gap(self.lang)

    def paren(self, md: str) -> str:
        """Text in brackets: ' (x)' in English, '（x）' in Chinese."""
        return f"（{md}）" if self.lang == "zh" else f" ({md})"

    @cached_property
    def registry(self):
        """What was published (published/): the redirects of reworded statements' anchors among them."""
        from . import registry

        return registry.load()

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
    return ctx.comma.join(approach_link(ctx, i, short) for i in idents)


def dimension_link(ctx: Ctx, ident: str) -> str:
    return link(ctx.tx(ctx.atlas.dimensions[ident].name), f"/dimensions/{ident}.md")


def scenario_link(ctx: Ctx, ident: str) -> str:
    return link(ctx.tx(ctx.atlas.scenarios[ident].title), f"/scenarios/{ident}.md")


def pattern_link(ctx: Ctx, ident: str) -> str:
    return link(ctx.tx(ctx.atlas.patterns[ident].name), f"/patterns/{ident}.md")


def comparison_link(ctx: Ctx, ident: str, anchor: str = "") -> str:
    return link(ctx.tx(ctx.atlas.comparisons[ident].title), f"/comparisons/{ident}.md" + (f"#{anchor}" if anchor else ""))


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_text(template: str, **values) -> str:
    """A label with {name} placeholders filled in, as plain text (no other brace means anything)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def fill_md(template: str, **values_md) -> str:
    """A label with {name} placeholders filled with Markdown: the label's own text is escaped, the values are not."""
    out, last = [], 0
    for m in _PLACEHOLDER.finditer(template):
        if m.group(1) in values_md:
            out += [esc(template[last:m.start()]), values_md[m.group(1)]]
            last = m.end()
    return "".join(out) + esc(template[last:])


def cite(ctx: Ctx, sources, anchor: str = "", checked: str = "") -> str:
    """Citation marks: each source's label, linked to its page, at the cited statement's place there (``anchor``,
    from ``claim_anchor``) or at a group of statements; on hover (and to screen readers) the section of the work
    the statement comes from, where its data says (``section``), and the claim's check date (``checked``). The marks
    are left out of the search index (data-search-exclude), so that a result's text reads as the sentences it
    quotes, not as sentences run into source names; a source is found by its own page."""
    frag = f"#{anchor}" if anchor else ""
    at = sections_at(ctx.atlas) if anchor else {}
    return " ".join(f"[{esc(ctx.atlas.sources[s].label)}](/sources/{s}.md{frag}){{ .atlas-cite data-search-exclude"
                    f"{cite_hover(ctx, section_titles(ctx, s, at.get((s, anchor), ())), checked)} }}" for s in sources)


def section_titles(ctx: Ctx, source: str, ids) -> list[str]:
    """The titles of a source's sections, in the page's language, with the work's own heading beside a translated
    one ("Dimension 5: response-speed requirements (维度五：响应速度要求)")."""
    s = ctx.atlas.sources[source]
    out = []
    for i in ids:
        sec = s.section(i)
        if sec is None:
            continue
        own = sec.title(s.language) if s.language in ("en", "zh") and s.language != ctx.lang and sec.heading else ""
        out.append(sec.title(ctx.lang) + (ctx.paren(own) if own else ""))
    return out


def cite_hover(ctx: Ctx, sections: list[str], checked: str) -> str:
    """A citation mark's title: when the claim was last checked, then where in the work ("Section: …")."""
    from .changes import checked_text

    said = [checked_text(ctx, checked)] if checked else []
    # the section last: a Chinese title may end in full-width punctuation, after which nothing should follow
    said += [ctx.t("article_section") + ctx.t("colon") + ctx.t("list_sep").join(sections)] if sections else []
    # every character attr_list or Markdown could read as syntax becomes a character reference (markup.md_text)
    return f' title="{markup.md_text(" · ".join(said))}"' if said else ""


def claim(ctx: Ctx, c, anchor: str = "") -> str:
    """A cited statement (a claim, or any record with `runs` and `checked`: a rule, a remedy, a rule of thumb, a
    comparison cell's rationale): its text, then a mark per source linking to the statement's place on that
    source's page (``anchor``; by default made from its English text). The one place where a statement becomes
    markup (other parts of the site add to a claim here)."""
    anchor = anchor or claim_anchor(c.text.en)  # each run (the whole claim, or each part) followed by its own sources
    return ctx.gap.join(f"{ctx.tx(text)}{ctx.gap}{cite(ctx, sources, anchor, c.checked)}" for text, sources in c.runs)


def synthesis(ctx: Ctx, items, anchor: str = "in-short") -> str:
    """A page's opening summary: its sentences in one paragraph, each followed by the sources of that sentence,
    marked as the site's own summary of the cited statements below."""
    body = ctx.gap.join(i if isinstance(i, str) else claim(ctx, i) for i in items)
    if not body.strip():
        return ""
    return snippets.render("synthesis.html", anchor=anchor, label=ctx.t("in_short"), body=body, note=ctx.t("synthesis_note"))


def by_source(ctx: Ctx, claims, anchor: str = "") -> str:
    """Statements grouped by the sources that make them, folded: what each source says in its own terms, one
    group per source (or set of sources making the statement together), in the order they first appear."""
    if not claims:
        return ""
    groups: dict = {}
    for c in claims:
        groups.setdefault(c.sources, []).append(c)
    body = "\n\n".join("**" + " · ".join(esc(ctx.atlas.sources[s].label) for s in key) + "**\n\n" + claim_list(ctx, cs)
                        for key, cs in groups.items())
    n_sources = len({s for c in claims for s in c.sources})
    return snippets.render("folded.html", anchor=anchor, body=body,
                           summary=fill_text(ctx.t("each_source_says"), n=len(claims), sources=n_sources))


def claim_list(ctx: Ctx, claims, ordered: bool = False) -> str:
    marker = "1." if ordered else "-"
    return "\n".join(f"{marker} {claim(ctx, c)}" for c in claims)


def framed(ctx: Ctx, table_id: str, dom_id: str | None = None, heading_is_anchor: bool = False,
           searchable: bool = True) -> str:
    """A table of the site, framed with its stable id (the anchor readers and wikis link to) and its tools.
    ``dom_id`` places a second copy of a table elsewhere (the home page) without a second anchor.
    ``heading_is_anchor``: the heading just above already has the table's id as its anchor (a figure's section),
    so the frame takes none (an id appears once in a page) and links to the table land on its heading.
    ``searchable=False`` leaves the table out of the search index, for a table whose every row the page repeats
    below in a section that search finds on its own (the glossary's)."""
    t = ctx.tables.get(table_id)
    if t is None:
        return ""
    # the link to the table's page is the same words under every table: left out of the search index, like the tools
    more = f"[{esc(ctx.t('table_more'))}](/tables/{t.id}.md){{ .atlas-table__more data-search-exclude }}"
    labels = toolbar_labels(ctx)
    return snippets.render("table.html", table_id=t.id, dom_id="" if heading_is_anchor else dom_id or t.id, title=t.title, lang=ctx.lang,
                           labels=labels, body=t.markdown, more=more, page_url=page_url(t.page),
                           tools_label=markup.md_in_html_attr(f"{labels['tools']}{ctx.t('colon')}{t.title}"),
                           title_attr=markup.md_in_html_attr(t.title),
                           copied_label=markup.md_in_html_attr(labels["copied"]), searchable=searchable)


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


def section(title_md: str, body: str, level: int = 2, anchor: str = "", searched: bool = True) -> str:
    """A heading and its body; ``searched=False`` leaves the section out of the search index (Material's
    data-search-exclude on the heading), for text the index already holds where it stands."""
    if not body.strip():
        return ""
    attrs = ([f"#{anchor}"] if anchor else []) + ([] if searched else ["data-search-exclude"])
    attr = f" {{ {' '.join(attrs)} }}" if attrs else ""
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
    return f"[{esc(rating(ctx, r))}]({target}){{ .atlas-rating .atlas-rating--{r} }}"


def checked_line(ctx: Ctx, dates) -> str:
    dates = sorted(set(dates))
    if not dates:
        return ""
    return f"*{esc(ctx.t('last_checked'))}{ctx.colon}{dates[0]}*" if len(dates) == 1 else \
        f"*{esc(ctx.t('last_checked'))}{ctx.colon}{dates[0]} – {dates[-1]}*"


def checked_note(ctx: Ctx, date: str) -> str:
    """When one cell or claim was last checked, where its detail is read (a line of its own, small)."""
    from .changes import checked_note as note

    return "  \n" + note(ctx, date) if date else ""


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
    meta = [f"{ctx.lead(esc(ctx.t('locus')))}{esc(ctx.t('locus_' + a.locus.replace('-', '_')))}"]
    if a.parent:
        meta.append(f"{ctx.lead(esc(ctx.t('kind_of')))}{approach_link(ctx, a.parent)}")
    if bl.children.get(ident):
        meta.append(f"{ctx.lead(esc(ctx.t('variants')))}{approach_links(ctx, bl.children[ident], short=False)}")
    scen = bl.scenarios_by_approach.get(ident, [])
    comps = bl.comparisons_by_approach.get(ident, [])
    pats = bl.patterns_by_approach.get(ident, [])
    related = approach_links(ctx, a.related, short=False) if a.related else ""
    return join(
        f"# {ctx.tx(a.name)}",
        synthesis(ctx, a.synthesis) or claim(ctx, a.summary),
        "  \n".join(meta),
        section(esc(ctx.t("definition")), by_source(ctx, a.definition), anchor="definition"),
        section(esc(ctx.t("how_it_works")), claim_list(ctx, a.steps, ordered=True), anchor="how-it-works"),
        section(esc(ctx.t("advantages")), framed(ctx, f"{ident}-advantages"), anchor="advantages"),
        section(esc(ctx.t("drawbacks")), framed(ctx, f"{ident}-drawbacks"), anchor="drawbacks"),
        section(esc(ctx.t("risks")), claim_list(ctx, a.risks), anchor="risks"),
        section(esc(ctx.t("use_when")), claim_list(ctx, a.use_when), anchor="use-when"),
        section(esc(ctx.t("avoid_when")), claim_list(ctx, a.avoid_when), anchor="avoid-when"),
        section(esc(ctx.t("examples")), claim_list(ctx, a.examples), anchor="examples"),
        section(esc(ctx.t("tech_stack")), framed(ctx, f"{ident}-stack"), anchor="tech-stack"),
        section(esc(ctx.t("figures")), framed(ctx, f"{ident}-figures"), anchor="figures"),
        results.approach_section(ctx, ident),
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
        f"{ctx.lead(esc(ctx.t('question')))}{ctx.tx(d.question)}",
        f"{ctx.lead(esc(ctx.t('group')))}{esc(ctx.t('group_' + d.group))}",
        synthesis(ctx, [d.description, *d.synthesis, *dimension_digest(ctx, ident)]),
        section(esc(ctx.t("decision_rules")), framed(ctx, f"{ident}-rules"), anchor="rules"),
        section(esc(ctx.t("in_comparisons")), "\n".join(compared), anchor="comparisons"),
        results.dimension_section(ctx, ident),
        section(esc(ctx.t("decided_scenarios")), "\n".join(f"- {scenario_link(ctx, s)}" for s in scen), anchor="scenarios"),
        checked_line(ctx, claims_checked([d.description], d.rules)),
    )


def dimension_digest(ctx: Ctx, ident: str) -> list[str]:
    """The site's own two sentences on a dimension, made from the data below them: which approaches the decision
    rules prefer (how many rules each, cited), and how each comparison rates each approach (each rating links to
    its cell, whose sources are there)."""
    d = ctx.atlas.dimensions[ident]
    out = []
    if d.rules:
        counts: dict = {}
        for r in d.rules:
            for a in r.prefer:
                counts.setdefault(a, []).append(r)
        parts = []
        for a, rules in counts.items():
            srcs = list(dict.fromkeys(s for r in rules for s in r.sources))
            parts.append(fill_md(ctx.t("digest_rule_count"), approach=approach_link(ctx, a, short=True), n=str(len(rules)))
                         + " " + cite(ctx, srcs, f"on-dimensions-{ident}"))
        out.append(fill_md(ctx.t("digest_rules"), total=str(len(d.rules)), list=esc(ctx.t("list_sep")).join(parts)))
    ratings: dict = {}
    for cid in ctx.backlinks.comparisons_by_dimension.get(ident, []):
        for r in ctx.atlas.comparisons[cid].rows:
            if r.dimension == ident:
                for c in r.cells:
                    ratings.setdefault(c.approach, []).append(rating_mark(ctx, c.rating, f"/comparisons/{cid}.md#{ident}--{c.approach}"))
    if ratings:
        parts = [f"{approach_link(ctx, a, short=True)} {' '.join(marks)}" for a, marks in ratings.items()]
        out.append(fill_md(ctx.t("digest_ratings"), list=esc(ctx.t("list_sep")).join(parts)))
    return out


def comparison_table(ctx: Ctx, ident: str, dom_id: str | None = None) -> str:
    return framed(ctx, ident, dom_id)


def short_answer(ctx: Ctx) -> str:
    """The home page's short answer: the rules of thumb of the first advice that has them, each cited."""
    rules = next((a.rules_of_thumb for a in ctx.atlas.advice.values() if a.rules_of_thumb), ())
    return "\n".join(f"- **{approach_link(ctx, r.approach, short=True)}** · {claim(ctx, r)}" for r in rules)


def headline(ctx: Ctx) -> str:
    """The home page's comparison: the first featured one, else the first; the rating key beside it."""
    comps = ctx.atlas.comparisons
    if not comps:
        return ""
    ident = next((i for i, c in comps.items() if c.featured), next(iter(comps)))
    key = [{"rating": r, "label": rating(ctx, r), "meaning": ctx.t("rating_meaning_" + r.replace("-", "_"))}
           for r in RATINGS]
    return join(
        section(esc(ctx.t("headline_comparison")) + ctx.colon + ctx.tx(comps[ident].title),
                snippets.render("headline.html", table=comparison_table(ctx, ident, "home-headline"),
                                key=key, key_label=ctx.t("rating_key")), anchor="headline"),
        f"{esc(ctx.t('matrix_hint'))}{ctx.gap}" + link(esc(ctx.t("read_full_comparison")), f"/comparisons/{ident}.md")
        + " · " + link(esc(ctx.t("see_matrix")), "/matrix.md"),
    )


def comparison_page(ctx: Ctx, ident: str) -> str:
    comp = ctx.atlas.comparisons[ident]
    repro = ""
    if comp.reproduces:
        repro = "\n".join(f"- {ctx.tx(r.table)}{ctx.gap}{cite(ctx, [r.source])}" for r in comp.reproduces)
    details = []
    for r in comp.rows:
        dim = ctx.atlas.dimensions[r.dimension]
        parts = [f"*{ctx.tx(dim.question)}*"]
        for c in r.cells:
            figs = ""
            if c.figures:
                figs = "  \n" + esc(ctx.t("figures")) + ctx.colon + ctx.comma.join(
                    link(ctx.tx(ctx.atlas.figures[f].name), "/" + tablespecs.figure_page(ctx.atlas.figures[f].kind) + f"#{f}")
                    for f in c.figures)
            parts.append(section(
                f"{ctx.tx(ctx.atlas.approaches[c.approach].short_name)}{ctx.colon}{esc(rating(ctx, c.rating))}",
                f"**{ctx.tx(c.verdict)}** — {claim(ctx, c, claim_anchor(tablespecs.cell_text(ctx.atlas, r.dimension, c).en))}{figs}"
                + results.cell_note(ctx, ident, r.dimension, c.approach)
                + checked_note(ctx, c.checked),
                level=4, anchor=f"{r.dimension}--{c.approach}"))
        details.append(section(dimension_link(ctx, r.dimension), "\n\n".join(parts), level=3, anchor=r.dimension))
    return join(
        f"# {ctx.tx(comp.title)}",
        synthesis(ctx, comp.synthesis or [comp.summary]),
        section(esc(ctx.t("conclusions")), claim_list(ctx, comp.conclusions), anchor="conclusions"),
        section(esc(ctx.t("why_compare")), claim_list(ctx, comp.context), anchor="context"),
        section(esc(ctx.t("reproduces")), repro, anchor="reproduces"),
        section(esc(ctx.t("at_a_glance")), esc(ctx.t("matrix_hint")) + "\n\n" + comparison_table(ctx, ident), anchor="table"),
        section(esc(ctx.t("cell_by_cell")), "\n".join(details), anchor="cells"),
        results.comparison_section(ctx, ident),
        checked_line(ctx, [comp.checked] + claims_checked([comp.summary], comp.context, comp.conclusions,
                                                          [c for r in comp.rows for c in r.cells])),
    )


def scenario_page(ctx: Ctx, ident: str) -> str:
    s = ctx.atlas.scenarios[ident]
    pats = ctx.backlinks.patterns_by_scenario.get(ident, [])
    meta = [f"{ctx.lead(esc(ctx.t('type')))}{esc(ctx.t('scenario_' + s.type.replace('-', '_')))}",
            f"{ctx.lead(esc(ctx.t('domain')))}{ctx.tx(s.domain)}",
            f"{ctx.lead(esc(ctx.t('chosen')))}{approach_links(ctx, s.chosen, short=False) if s.chosen else esc(ctx.t('none'))}"]
    if s.dimensions:
        meta.append(f"{ctx.lead(esc(ctx.t('deciding_dimensions')))}" + ctx.comma.join(dimension_link(ctx, d) for d in s.dimensions))
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
        f"{ctx.lead(esc(ctx.t('combines')))}{approach_links(ctx, p.approaches, short=False)}",
        section(esc(ctx.t("flow")), claim_list(ctx, p.flow, ordered=True), anchor="flow"),
        section(esc(ctx.t("where_it_fits")), claim_list(ctx, p.fits), anchor="fits"),
        section(esc(ctx.t("scenarios")), "\n".join(f"- {scenario_link(ctx, s)}" for s in p.scenarios), anchor="scenarios"),
        checked_line(ctx, claims_checked([p.summary], p.flow, p.fits)),
    )


def source_page(ctx: Ctx, ident: str) -> str:
    s = ctx.atlas.sources[ident]
    reading = "\n".join(f"- [{esc(ctx.atlas.sources[r].label)}{ctx.colon}{ctx.tx(ctx.atlas.sources[r].title)}](/sources/{r}.md)"
                        for r in s.further_reading)
    recommended_by = [o for o in ctx.atlas.sources.values() if ident in o.further_reading]
    claims_md, n_claims = source_claims(ctx, ident)
    orig = tablespecs.original_title(s, ctx.lang)
    return join(
        f"# {ctx.tx(s.title)}",
        f"{ctx.lead(esc(ctx.t('original_title')))}{esc(orig)}" if orig else "",
        ctx.tx(s.summary),
        framed(ctx, f"{ident}-facts"),
        results.source_section(ctx, ident),
        section(esc(ctx.t("recommended_by")), "\n".join(f"- [{esc(o.label)}](/sources/{o.id}.md)" for o in recommended_by), anchor="recommended-by"),
        section(esc(ctx.t("further_reading")), reading, anchor="further-reading"),
        section(esc(ctx.t("article_sections")), article_sections(ctx, ident), anchor="article-sections"),
        section(esc(ctx.t('claims_citing')) + ctx.paren(str(n_claims)), claims_md, anchor="claims"),
        checked_line(ctx, [s.checked]),
    )


def article_sections(ctx: Ctx, ident: str) -> str:
    """A source's outline (its work's sections in print order), each with the number of this site's statements
    that come from it; nothing for a source whose file lists no sections."""
    s = ctx.atlas.sources[ident]
    if not s.sections:
        return ""
    counts: dict = {}
    for (src, _), ids in sections_at(ctx.atlas).items():
        if src == ident:
            for i in ids:
                counts[i] = counts.get(i, 0) + 1
    rows = []
    for sec in s.sections:
        n = counts.get(sec.id, 0)
        title = section_titles(ctx, ident, [sec.id])[0] + ("" if sec.heading else ctx.paren(ctx.t("article_untitled")))
        said = fill_text(ctx.t("article_section_count"), n=n) if n else ctx.t("article_section_none")
        rows.append(f"- {esc(title)}{ctx.paren(esc(said))}")  # in print order; many titles carry their own number
    return f"{esc(ctx.t('article_sections_note'))}\n\n" + "\n".join(rows)


def claim_aliases(ctx: Ctx):
    """The anchors a reworded statement had before (published/redirects.yaml, claims: old -> new), as extra ids
    at its new place, so that links to the old anchor land on it. Returns a function of the statement's anchor.
    Redirects whose statement the data does not hold are left out here (a test's own data); for the repository's
    data, claim_redirect_errors fails the build on them."""
    current = _anchors(ctx.atlas)
    by_new: dict = {}
    for old, new in ctx.registry.claim_redirects.items():
        if new in current and old not in current:
            by_new.setdefault(new, []).append(old)
    return lambda anchor: "".join(snippets.render("anchor.html", id=o) for o in sorted(by_new.get(anchor, ())))


def _anchors(atlas: Atlas) -> set[str]:
    """Every cited statement's anchor (from the statements by source, computed once per atlas)."""
    return {x.claim_anchor for xs in citations_of(atlas).values() for x in xs}


def claim_redirect_errors(atlas: Atlas, reg=None) -> list[str]:
    """What is wrong with the redirects of reworded statements: a new anchor no statement has, or an old anchor a
    statement still has (its id would be given twice). Without ``reg``: the repository's published redirects, held
    only against the repository's own data (a test's or a trial folder's data is not)."""
    if reg is None:
        from . import registry
        from .loader import ROOT, data_dir_default

        if data_dir_default(ROOT) != ROOT / "data":
            return []
        reg = registry.load()
    current = _anchors(atlas)
    out = []
    for old, new in reg.claim_redirects.items():
        if new not in current:
            out.append(f"published/redirects.yaml: claims: {old}: {new}: no statement has the anchor {new}; expected the "
                       "anchor of the reworded statement's English text (macros/text.claim_anchor)")
        elif old in current:
            out.append(f"published/redirects.yaml: claims: {old}: {new}: {old} is a statement's anchor still; redirect "
                       "only anchors that are gone")
    return out


def group_anchor(page: str) -> str:
    """The anchor, on a source's page, of the statements it supports on one page of the site
    (/dimensions/latency.md -> on-dimensions-latency)."""
    return "on-" + page.strip("/").removesuffix(".md").replace("/", "-")


def source_claims(ctx: Ctx, ident: str) -> tuple[str, int]:
    """The statements a source supports, grouped by the page where they stand (a heading per page, for the
    table of contents), each with its anchor (``claim_anchor``: where citations of it land), the part of the page
    it stands in, and the other sources that support it with this one. A statement made in several places is
    listed once, with each place. The same statements as a table are on the table's own page."""
    places: dict = {}
    for x in citations_of(ctx.atlas).get(ident, []):
        places.setdefault(x.claim_anchor, []).append(x)
    pages: dict = {}
    for anchor, xs in places.items():
        pages.setdefault(xs[0].page, []).append((anchor, xs))
    at = sections_at(ctx.atlas)
    aliases = claim_aliases(ctx)
    out = []
    for page, items in pages.items():
        paras = []
        for anchor, xs in items:
            where = " · ".join(link(esc(ctx.t(x.field_key)), x.page + (f"#{x.anchor}" if x.anchor else ""))
                               for x in dict((x.page + x.anchor + x.field_key, x) for x in xs).values())
            others = [s for s in xs[0].sources if s != ident]
            with_ = f" · {esc(ctx.t('also_supported_by'))} {cite(ctx, others, anchor)}" if others else ""
            secs = section_titles(ctx, ident, at.get((ident, anchor), ()))
            in_ = f" · {esc(ctx.t('article_section'))}{ctx.colon}{esc(ctx.t('list_sep').join(secs))}" if secs else ""
            dash = "——" if ctx.lang == "zh" else " — "
            # the section last: a Chinese section title may end in full-width punctuation, after which nothing follows
            paras.append(f"{aliases(anchor)}{ctx.tx(xs[0].text)}{dash}*{where}*{with_}{in_}\n{{: #{anchor} .atlas-claim }}")
        title = ctx.tx(items[0][1][0].page_title)
        # Each statement is searched on the page where it stands (its approach, dimension, comparison…), not
        # again here: the search index stays within its budget and a search lands on the statement's own page.
        out.append(section(link(title, page) + ctx.paren(str(len(items))), "\n\n".join(paras), level=3,
                           anchor=group_anchor(page), searched=False))
    if f"{ident}-claims" in ctx.tables:
        out.append(f"[{esc(ctx.t('claims_as_table'))}](/tables/{ident}-claims.md)\n{{: #{ident}-claims .atlas-table__more }}")
    return join(*out) if out else "", len(places)


_CITATIONS: dict = {}


def citations_of(atlas: Atlas) -> dict[str, list["Citation"]]:
    """Every cited statement by source id (computed once per atlas)."""
    key = id(atlas)
    if key not in _CITATIONS:
        _CITATIONS.clear()
        by: dict = {}
        for x in citations(atlas):
            for s in x.sources:
                by.setdefault(s, []).append(x)
        _CITATIONS[key] = (atlas, by)
    return _CITATIONS[key][1]


_SECTIONS: dict = {}


def sections_at(atlas: Atlas) -> dict[tuple[str, str], tuple[str, ...]]:
    """(source id, statement anchor) -> the ids of the source's sections the statement comes from (computed once
    per atlas; a statement made in several places says where in each, and all are kept)."""
    key = id(atlas)
    if key not in _SECTIONS:
        _SECTIONS.clear()
        by: dict = {}
        for x in citations(atlas):
            for s, ids in x.section.pairs:
                by[(s, x.claim_anchor)] = tuple(dict.fromkeys(by.get((s, x.claim_anchor), ()) + ids))
        _SECTIONS[key] = (atlas, by)
    return _SECTIONS[key][1]


@dataclass(frozen=True)
class Citation:
    page: str  # docs path
    page_title: Text
    anchor: str
    field_key: str  # ui key naming the part of the page
    text: Text
    sources: tuple
    checked: str = ""
    section: Where = Where()  # where in its sources' works it comes from

    @property
    def claim_anchor(self) -> str:
        return claim_anchor(self.text.en)


def citations(atlas: Atlas) -> list[Citation]:
    """Every cited statement on the site, with the page (and part of it) where it appears."""
    out: list[Citation] = []

    def add(page, title, anchor, key, items):
        for c in items:
            text = getattr(c, "text", None) or getattr(c, "label", None) or getattr(c, "stage", None)
            out.append(Citation(page, title, anchor, key, text, c.sources, c.checked, getattr(c, "section", Where())))

    for i, a in atlas.approaches.items():
        p = f"/approaches/{i}.md"
        add(p, a.name, "", "summary", [a.summary])
        add(p, a.name, "in-short", "in_short", a.synthesis)
        for key, anchor, items in (("definition", "definition", a.definition), ("how_it_works", "how-it-works", a.steps),
                                   ("advantages", "advantages", a.advantages), ("drawbacks", "drawbacks", a.drawbacks),
                                   ("risks", "risks", a.risks), ("use_when", "use-when", a.use_when),
                                   ("avoid_when", "avoid-when", a.avoid_when), ("examples", "examples", a.examples),
                                   ("tech_stack", "tech-stack", a.stack)):
            add(p, a.name, anchor, key, items)
    for i, d in atlas.dimensions.items():
        p = f"/dimensions/{i}.md"
        add(p, d.name, "in-short", "summary", [d.description])
        add(p, d.name, "in-short", "in_short", d.synthesis)
        add(p, d.name, "rules", "decision_rules", d.rules)
    for i, c in atlas.comparisons.items():
        p = f"/comparisons/{i}.md"
        add(p, c.title, "in-short", "summary", [c.summary])
        add(p, c.title, "in-short", "in_short", c.synthesis)
        add(p, c.title, "context", "why_compare", c.context)
        add(p, c.title, "conclusions", "conclusions", c.conclusions)
        for r in c.rows:
            for cell_ in r.cells:
                out.append(Citation(p, c.title, f"{r.dimension}--{cell_.approach}", "cell",
                                    tablespecs.cell_text(atlas, r.dimension, cell_), cell_.sources, cell_.checked,
                                    cell_.section))
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
        add("/index.md", Text(atlas.t("nav_home", "en"), atlas.t("nav_home", "zh")), "short-answer", "short_answer", a.rules_of_thumb)
    for i, ch in atlas.challenges.items():
        add("/challenges.md", ch.name, i, "challenges", [ch.description, *ch.addressed_by])
    for i, term in atlas.glossary.items():
        add("/glossary.md", term.term, i, "glossary", [term.definition])
    for i, tool in atlas.tools.items():
        add("/tech-stack.md", Text(tool.name, tool.name), i, "tech_stack", [tool.description])
    return out


# --- lists and aggregate pages ------------------------------------------------------------------------

def own_text(ctx: Ctx, kind: str = "summary") -> str:
    """What a hand-written page's own paragraphs are: the site's summary of the cited material below them
    ("summary"), or a description of the site itself, stating no fact from the sources ("site")."""
    return f"*{esc(ctx.t('own_text_' + kind))}*\n{{: .atlas-own-text }}"


def approach_list(ctx: Ctx) -> str:
    return framed(ctx, "approaches")


def _grouped(ctx: Ctx, prefix: str, keys, label) -> str:
    from .compare import filterable  # the lists of scenarios and sources can be filtered; the others are framed

    return join(*[section(esc(label(k)), filterable(ctx, f"{prefix}-{k}"), anchor=k) for k in keys if f"{prefix}-{k}" in ctx.tables])


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
    """All approaches x all dimensions; each rating links to the rationale in its comparison and carries the
    number of that comparison, listed first; a pair no comparison rates says so."""
    from .compare import filterable

    sources = "\n".join(f"{n}. {comparison_link(ctx, cid)}" for n, cid in enumerate(ctx.atlas.comparisons, 1))
    return join(esc(ctx.t("matrix_from")), sources, filterable(ctx, "matrix"))


def rating_legend(ctx: Ctx) -> str:
    return framed(ctx, "rating-legend")


def decision_tables(ctx: Ctx) -> str:
    return _grouped(ctx, "decisions", tablespecs.GROUPS, lambda g: ctx.t("group_" + g))


def figure_chart(ctx: Ctx, ident: str) -> str:
    """A range chart of a figure whose values share one unit (times in milliseconds, or one currency and period)
    and are at least three: each source's figure as a bar on one axis, so that disagreeing ranges can be compared
    at a glance. The table that follows stays the reference (every value, its conditions and its sources)."""
    f = ctx.atlas.figures[ident]
    if len(f.values) < 3:
        return ""
    if all(to_milliseconds(q) for q in f.values):
        spans = [to_milliseconds(q) for q in f.values]
        unit = ctx.t("unit_ms")
    elif len({(q.unit, q.per) for q in f.values}) == 1:
        spans = [(q.low, q.high) for q in f.values]
        q0 = f.values[0]
        unit = ctx.t(f"unit_{q0.unit.replace('-', '_')}") + (f" / {ctx.t('per_' + q0.per)}" if q0.per else "")
    else:
        return ""
    rows = []
    for q, (lo, hi) in sorted(zip(f.values, spans), key=lambda v: (v[0].approach or "", v[1])):
        who = ctx.atlas.approaches[q.approach].short_name(ctx.lang) if q.approach else q.label(ctx.lang)
        rows.append((who, " · ".join(ctx.atlas.sources[s].label for s in q.sources), lo, hi,
                     tablespecs.qty_text(tablespecs.TCtx(ctx.atlas, ctx.lang), q)))
    description = fill_text(ctx.t("chart_values"), values=ctx.t("list_sep").join(
        f"{who} ({srcs}){ctx.t('colon')}{text}" if ctx.lang == "en" else f"{who}（{srcs}）{ctx.t('colon')}{text}" for who, srcs, _, _, text in rows))
    chart = charts.range_chart(ident, f.name(ctx.lang), description, unit, rows,
                               lambda v: tablespecs.number(v, ctx.lang))
    return snippets.render("range-chart.html", c=chart, caption=ctx.t("chart_caption"))


def figure_tables(ctx: Ctx, kinds) -> str:
    """Each figure: every value by source, with a normalised column where units are comparable, then the
    same values pivoted by source so that disagreeing figures stand side by side."""
    out = []
    for i, f in ctx.atlas.figures.items():
        if f.kind not in kinds:
            continue
        body = ctx.tx(f.description) + "\n\n" + figure_chart(ctx, i) + "\n\n" + framed(ctx, i, heading_is_anchor=True)
        if f"{i}-by-source" in ctx.tables:
            body += f"\n\n**{esc(ctx.t('side_by_side'))}**\n\n" + framed(ctx, f"{i}-by-source")
        out.append(section(ctx.tx(f.name), body, anchor=i))
    return join(*out)


def tech_stack(ctx: Ctx) -> str:
    out = [section(approach_link(ctx, i), framed(ctx, f"{i}-stack", f"tech-stack-{i}"), anchor=f"stack-{i}")
           for i, a in ctx.atlas.approaches.items() if a.stack]
    tools = []
    for i, t in ctx.atlas.tools.items():
        tools.append(section(f"{esc(t.name)}", f"{ctx.lead(esc(ctx.t('category')))}{esc(ctx.t('tool_' + t.category.replace('-', '_')))} · "
                                               f"{markup.md_external_link(ctx.t('official_site'), t.url)}\n\n{claim(ctx, t.description)}",
                             level=3, anchor=i))
    return join(*out, section(esc(ctx.t("tools")), "\n".join(tools), anchor="tools"))


def glossary(ctx: Ctx) -> str:
    terms = tablespecs.glossary_terms(ctx.atlas, ctx.lang)
    other = "zh" if ctx.lang == "en" else "en"
    entries = []
    for i, t in terms:
        body = [claim(ctx, t.definition)]
        names = [t.term(other)] + list(t.aliases(ctx.lang)) + list(t.aliases(other))
        body.append(f"{ctx.lead(esc(ctx.t('also_called')))}" + " · ".join(esc(n) for n in dict.fromkeys(names)))
        if t.approach:
            body.append(f"{ctx.lead(esc(ctx.t('approach')))}{approach_link(ctx, t.approach)}")
        if t.related:
            body.append(f"{ctx.lead(esc(ctx.t('related')))}" + ctx.comma.join(f"[{ctx.tx(ctx.atlas.glossary[r].term)}](#{r})" for r in t.related))
        entries.append(section(ctx.tx(t.term), "\n\n".join(body), level=3, anchor=i))
    # the table of names is left out of search: each of its rows is an entry below, found by the same names, and the
    # whole table had made the page's own search result a wall of every term, shown above the entry searched for
    return join(framed(ctx, "glossary", searchable=False),
                section(esc(ctx.t("definitions")), "\n".join(entries), anchor="definitions"))


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
                f"{esc(ctx.t('table_stands_on'))}{ctx.gap}[{esc(page_title(ctx, t.page))}](/{t.page}#{t.id})",
                snippets.render("table-exports.html", table_id=t.id, labels=toolbar_labels(ctx),
                                formats=[(f, ctx.t(f"export_{f}")) for f in EXPORT_FORMATS],
                                as_of=ctx.t("data_as_of"), checked=t.checked, hash=t.content_hash,
                                version_label=ctx.t("table_version"), colon=ctx.t("colon"), embed_label=ctx.t("table_embed_page")),
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
    "results": results.evidence_page,
}


def entity_page(ctx: Ctx, folder: str, ident: str) -> str:
    return ENTITY_PAGES[folder](ctx, ident)


def entity_title(atlas: Atlas, folder: str, ident: str, lang: str) -> str:
    rec = atlas.kind(folder)[ident]
    for attr in ("name", "title"):
        if hasattr(rec, attr):
            return getattr(rec, attr)(lang)
    raise KeyError(folder)
