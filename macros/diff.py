"""What a change to the data alters on the site: pages, tables and cells, and the decision guide (its questions,
weights and the scenarios' answers, and how the guide's result moves for every scenario). Pure functions of two
atlases (the guide's ranking comes from a scoring function passed in: guide-score.js, by default through
macros/js.py); `make diff` prints them and the history page can use them as they are."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import model, render


@dataclass
class Report:
    lang: str
    pages_added: list = field(default_factory=list)
    pages_removed: list = field(default_factory=list)
    pages_changed: list = field(default_factory=list)
    tables_added: list = field(default_factory=list)
    tables_removed: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # table id -> [(row, column or None for a whole row, old, new)]
    guide: "GuideChanges" = None

    @property
    def empty(self) -> bool:
        return not (self.pages_added or self.pages_removed or self.pages_changed or self.tables_added
                    or self.tables_removed or self.cells or (self.guide and not self.guide.empty))

    def cell_counts(self) -> dict:
        """Cells added (empty before), changed and removed (empty after), and whole rows added and removed."""
        out = {"added": 0, "changed": 0, "removed": 0, "rows added": 0, "rows removed": 0}
        for cells in self.cells.values():
            for _, col, old, new in cells:
                if col is None:
                    out["rows added" if old is None else "rows removed"] += 1
                else:
                    out["added" if not old else "removed" if not new else "changed"] += 1
        return out


@dataclass
class GuideChanges:
    """The decision guide's inputs that changed, and each scenario's result before and after."""
    questions_added: list = field(default_factory=list)
    questions_removed: list = field(default_factory=list)
    options_added: list = field(default_factory=list)  # (question, option)
    options_removed: list = field(default_factory=list)
    weights: list = field(default_factory=list)  # (question, option, approach, old or None, new or None)
    answers: list = field(default_factory=list)  # (scenario, question, old option or None, new option or None)
    results: list = field(default_factory=list)  # (scenario, chosen, old ranking, new ranking): [(id, score)]

    @property
    def moved(self) -> list:
        return [r for r in self.results if r[2] != r[3]]

    @property
    def empty(self) -> bool:
        return not (self.questions_added or self.questions_removed or self.options_added or self.options_removed
                    or self.weights or self.answers or self.moved)


def default_scorer():
    """AtlasGuideScore.score(questions, answers, approaches) from guide-score.js, through macros/js.py."""
    from . import guidecheck, js

    script = js.Script(guidecheck.SCORE_JS, "AtlasGuideScore")
    return lambda questions, answers, approaches: script.call("score", questions, answers, approaches)


def _ranking(atlas, answers: dict, score) -> list:
    from . import guide

    data = guide.page_data(atlas, "en")
    return [(r["id"], r["score"]) for r in score(data["questions"], dict(answers), data["approaches"])]


def compare_guide(old: model.Atlas, new: model.Atlas, score=None) -> GuideChanges:
    g = GuideChanges()
    qo, qn = old.questions, new.questions
    g.questions_added = [q for q in qn if q not in qo]
    g.questions_removed = [q for q in qo if q not in qn]
    for q in qn:
        if q not in qo:
            continue
        oo = {o.id: o for o in qo[q].options}
        on = {o.id: o for o in qn[q].options}
        g.options_added += [(q, o) for o in on if o not in oo]
        g.options_removed += [(q, o) for o in oo if o not in on]
        for o in on:
            if o not in oo:
                continue
            wo, wn = dict(oo[o].weights), dict(on[o].weights)
            for a in list(wo) + [a for a in wn if a not in wo]:
                if wo.get(a) != wn.get(a):
                    g.weights.append((q, o, a, wo.get(a), wn.get(a)))
    so, sn = old.scenarios, new.scenarios
    for s in list(sn) + [s for s in so if s not in sn]:
        ao = dict(so[s].guide_answers) if s in so else {}
        an = dict(sn[s].guide_answers) if s in sn else {}
        for q in list(ao) + [q for q in an if q not in ao]:
            if ao.get(q) != an.get(q):
                g.answers.append((s, q, ao.get(q), an.get(q)))
    with_answers = [s for s in sn if sn[s].guide_answers] + [s for s in so if s not in sn and so[s].guide_answers]
    if with_answers:
        score = score or default_scorer()
        for s in with_answers:
            before = _ranking(old, so[s].guide_answers, score) if s in so and so[s].guide_answers else []
            after = _ranking(new, sn[s].guide_answers, score) if s in sn and sn[s].guide_answers else []
            chosen = (sn.get(s) or so.get(s)).chosen
            g.results.append((s, chosen[0] if chosen else None, before, after))
    return g


def _entity_pages(atlas: model.Atlas) -> dict:
    return {f"{k.page_dir}/{i}/": rec for k in model.KINDS if k.page_dir for i, rec in atlas.kind(k.folder).items()}


def _key_width(*tables) -> int:
    """How many leading columns identify a row in every table (rows are matched by them)."""
    width = max(len(t.columns) for t in tables)
    for k in range(1, width + 1):
        if all(len({tuple(r[:k]) for r in t.plain_rows}) == len(t.plain_rows) for t in tables):
            return k
    return 0


def _rows(table, k: int) -> dict:
    out = {}
    for n, row in enumerate(table.plain_rows):
        key = " / ".join(row[:k]) if k else f"#{n + 1}"
        out[key or f"#{n + 1}"] = dict(zip(table.columns, row))
    return out


def compare(old: model.Atlas, new: model.Atlas, lang: str, score=None, guide: GuideChanges | None = None) -> Report:
    """What changes on the site in one language. score: the guide's scoring function (default: guide-score.js);
    guide: the guide's changes when already computed (they are the same in every language)."""
    r = Report(lang)
    r.guide = guide if guide is not None else compare_guide(old, new, score)
    po, pn = _entity_pages(old), _entity_pages(new)
    r.pages_added = sorted(set(pn) - set(po))
    r.pages_removed = sorted(set(po) - set(pn))
    changed_pages = {p for p in set(po) & set(pn) if po[p] != pn[p]}
    to, tn = render.Ctx(old, lang).tables, render.Ctx(new, lang).tables
    r.tables_added = sorted(set(tn) - set(to))
    r.tables_removed = sorted(set(to) - set(tn))
    for tid in sorted(set(to) & set(tn)):
        a, b = to[tid], tn[tid]
        if a.content_hash == b.content_hash:
            continue
        changed_pages.add(render.page_url(b.page) or "(home)")
        k = _key_width(a, b)
        ra, rb = _rows(a, k), _rows(b, k)
        cells = []
        for key in list(ra) + [k for k in rb if k not in ra]:
            old_row, new_row = ra.get(key, {}), rb.get(key, {})
            if not old_row or not new_row:  # a whole row added or removed
                row = new_row or old_row
                cells.append((key, None, None if not old_row else " | ".join(row.values()),
                              None if not new_row else " | ".join(row.values())))
                continue
            for col in list(old_row) + [c for c in new_row if c not in old_row]:
                if (old_row.get(col) or "") != (new_row.get(col) or ""):  # empty before and after: no change
                    cells.append((key, col, old_row.get(col), new_row.get(col)))
        if cells:
            r.cells[tid] = cells
    for tid in r.tables_added + r.tables_removed:
        t = tn.get(tid) or to.get(tid)
        changed_pages.add(render.page_url(t.page) or "(home)")
    g = r.guide
    if g.questions_added or g.questions_removed or g.options_added or g.options_removed or g.weights or g.answers:
        changed_pages.add(render.page_url("guide.md"))  # the guide's page carries its questions and cases
    r.pages_changed = sorted(changed_pages - set(r.pages_added) - set(r.pages_removed))
    return r


def _short(text, limit=90) -> str:
    if text is None:
        return "∅"
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _signed(n) -> str:
    return "∅" if n is None else f"+{n}" if n > 0 else str(n)


def _top(ranking) -> str:
    return ", ".join(f"{i} {_signed(sc)}" for i, sc in ranking[:3]) if ranking else "∅"


def summary(report: Report) -> list[str]:
    """The counts, one line each: pages, tables, cells, the guide."""
    c = report.cell_counts()
    lines = [f"- Pages: {len(report.pages_added)} added, {len(report.pages_changed)} changed, "
             f"{len(report.pages_removed)} removed",
             f"- Tables: {len(report.tables_added)} added, {len(report.cells)} changed, {len(report.tables_removed)} removed",
             f"- Cells: {c['added']} added, {c['changed']} changed, {c['removed']} removed; rows: "
             f"{c['rows added']} added, {c['rows removed']} removed"]
    g = report.guide
    if g is not None:
        lines.append(f"- Decision guide: {len(g.questions_added)} question(s) added, {len(g.questions_removed)} removed, "
                     f"{len(g.options_added) + len(g.options_removed)} option(s) added or removed, {len(g.weights)} "
                     f"weight(s) changed, {len(g.answers)} scenario answer(s) changed; the result moves for "
                     f"{len(g.moved)} of {len(g.results)} scenario(s)"
                     + (f", {sum(1 for s, ch, _, after in g.moved if after and after[0][0] != ch)} of which no "
                        "longer rank their chosen approach first" if g.moved else ""))
    return lines


def markdown(report: Report, base: str) -> str:
    lines = [f"## Changes against `{base}` (/{report.lang}/)", ""]
    if report.empty:
        return "\n".join(lines + ["No page, table, cell or guide changes.", ""])
    lines += ["### Summary", ""] + summary(report) + ["", "### Details", ""]
    for title, items in (("Pages added", report.pages_added), ("Pages removed", report.pages_removed),
                         ("Pages changed", report.pages_changed), ("Tables added", report.tables_added),
                         ("Tables removed", report.tables_removed)):
        if items:
            lines += [f"**{title}** ({len(items)}): " + ", ".join(f"`{i}`" for i in items), ""]
    if report.cells:
        lines += [f"**Tables changed** ({len(report.cells)})", ""]
        for tid, cells in report.cells.items():
            lines.append(f"- `{tid}`: {len(cells)} cell(s)")
            for row, col, old, new in cells[:40]:
                if col is None:
                    lines.append(f"    - row {'added' if old is None else 'removed'}: {_short(new if old is None else old, 140)}")
                else:
                    lines.append(f"    - {_short(row, 40)} / {col}: {_short(old or None)} → {_short(new or None)}")
            if len(cells) > 40:
                lines.append(f"    - … {len(cells) - 40} more")
        lines.append("")
    g = report.guide
    if g is not None and not g.empty:
        lines += ["**Decision guide**", ""]
        for q in g.questions_added:
            lines.append(f"- question added: `{q}`")
        for q in g.questions_removed:
            lines.append(f"- question removed: `{q}`")
        for q, o in g.options_added:
            lines.append(f"- option added: `{q}` = `{o}`")
        for q, o in g.options_removed:
            lines.append(f"- option removed: `{q}` = `{o}`")
        for q, o, a, before, after in g.weights:
            lines.append(f"- weight `{q}` = `{o}` for `{a}`: {_signed(before)} → {_signed(after)}"
                         + (" (then the parent's)" if after is None else ""))
        for s, q, before, after in g.answers:
            lines.append(f"- scenario `{s}` answers `{q}`: {before or '∅'} → {after or '∅'}")
        for s, chosen, before, after in g.moved:
            flag = "" if not after or after[0][0] == chosen else f" ⚠ chosen `{chosen}` is no longer first"
            lines.append(f"- result for scenario `{s}`: {_top(before)} → {_top(after)}{flag}")
        still = [s for s, _, before, after in g.results if before == after]
        if still:
            lines.append(f"- result unchanged for {len(still)} scenario(s): " + ", ".join(f"`{s}`" for s in still))
        lines.append("")
    return "\n".join(lines)
