"""What a change to the data alters on the site: pages, tables and cells. Pure functions of two atlases."""
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

    @property
    def empty(self) -> bool:
        return not (self.pages_added or self.pages_removed or self.pages_changed or self.tables_added
                    or self.tables_removed or self.cells)


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


def compare(old: model.Atlas, new: model.Atlas, lang: str) -> Report:
    r = Report(lang)
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
                if old_row.get(col) != new_row.get(col):
                    cells.append((key, col, old_row.get(col), new_row.get(col)))
        r.cells[tid] = cells
    for tid in r.tables_added + r.tables_removed:
        t = tn.get(tid) or to.get(tid)
        changed_pages.add(render.page_url(t.page) or "(home)")
    r.pages_changed = sorted(changed_pages - set(r.pages_added) - set(r.pages_removed))
    return r


def _short(text, limit=90) -> str:
    if text is None:
        return "∅"
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markdown(report: Report, base: str) -> str:
    lines = [f"## Changes against `{base}` (/{report.lang}/)", ""]
    if report.empty:
        return "\n".join(lines + ["No page, table or cell changes.", ""])
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
                    lines.append(f"    - {_short(row, 40)} / {col}: {_short(old)} → {_short(new)}")
            if len(cells) > 40:
                lines.append(f"    - … {len(cells) - 40} more")
        lines.append("")
    return "\n".join(lines)
