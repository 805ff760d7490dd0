"""Pages and documents made from the history (macros/history.py): the changes page, a table's versions, the
versions' JSON under /api/v1/, and the freshness line of a page. Pure functions of a History and the tables;
markup is in overrides/partials/atlas/ (changes.html, table-versions.html), autoescaped."""
from __future__ import annotations

from dataclasses import dataclass

from . import markup, snippets
from .history import History
from .text import colon, esc, gap

LABELS = ("feed_of_changes", "history_unavailable", "history_shallow", "changes_none", "changes_commit",
          "changes_skipped", "changes_first", "changes_first_detail", "changes_cells", "changes_more_cells",
          "changes_table_history", "changes_row", "changes_column",
          "changes_before", "changes_after", "changes_sources", "feed", "table_versions", "version_current",
          "version_uncommitted", "version_published", "version_json", "changes_message")


def _labels(ctx) -> dict:
    return {**{k: ctx.t(k) for k in LABELS}, "colon": colon(ctx.lang), "gap": gap(ctx.lang)}


def _href(up: str, url: str) -> str:
    return up + ("" if url in ("", "(home)") else url)


def headline(ctx, status: str, ch) -> str:
    """What a change did, in the page's language, from its counts (a commit's message is the contributor's, in
    English, and is shown beside it, marked as English): "Pages changed 3 · Cells changed 12"."""
    if status == "first":
        return ctx.t("changes_first")
    if status == "skipped" or ch is None:
        return ctx.t("changes_not_compared")
    parts = [(ctx.t(k), len(v)) for k, v in (("changes_pages_added", ch.pages_added),
                                             ("changes_pages_changed", ch.pages_changed),
                                             ("changes_pages_removed", ch.pages_removed),
                                             ("changes_tables_added", ch.tables_added),
                                             ("changes_tables_removed", ch.tables_removed))]
    parts.append((ctx.t("changes_cells"), sum(len(c) for c in ch.cells.values())))
    return " · ".join(f"{label} {n}" for label, n in parts if n) or ctx.t("changes_none_shown")


def cell_rows(ctx, cells) -> list[dict]:
    """diff's (row, column or None, old, new) as rows for a template; a whole row shows its full text."""
    return [{"row": row, "column": col if col is not None else ctx.t("changes_whole_row"), "old": old, "new": new}
            for row, col, old, new in cells]


CELLS_SHOWN = 20  # cells of one table listed per change on the changes page


def entries(ctx, hist: History, up: str = "../") -> list[dict]:
    """The changes of one language, newest first, with the skipped steps and the earliest version among them."""
    lang, out = ctx.lang, []
    atlas = ctx.atlas
    for s in reversed(hist.steps):
        ch = s.langs.get(lang)
        e = {"short": s.commit.short, "date": s.commit.date, "day": s.commit.day, "subject": s.commit.subject,
             "headline": headline(ctx, s.status, ch),
             "skipped": s.status == "skipped", "first": s.status == "first", "note": s.note, "groups": [],
             "tables": [], "sources": [], "table_count": len(ch.table_pages) if ch else 0}
        if s.status == "changed":
            if ch is None or ch.empty:
                continue
            current_tables = ctx.tables
            for key, items, link in (("changes_pages_added", ch.pages_added, True),
                                     ("changes_pages_changed", ch.pages_changed, True),
                                     ("changes_pages_removed", ch.pages_removed, False),
                                     ("changes_tables_added", ch.tables_added, True),
                                     ("changes_tables_removed", ch.tables_removed, False)):
                if not items:
                    continue
                rows = []
                for i in items:
                    is_table = key.startswith("changes_tables")
                    title = ch.titles.get(("table:" if is_table else "") + i, i)
                    href = None
                    if link and is_table and i in current_tables:
                        href = f"{up}tables/{i}/"
                    elif link and not is_table:
                        href = _href(up, i)
                    rows.append({"id": i if i != "(home)" else "/", "title": title, "href": href})
                e["groups"].append({"label": ctx.t(key), "list": rows})
            for tid, cells in ch.cells.items():
                # a change of many cells lists the first of them here; the table's own page lists every cell of
                # every version (and the API each version whole), so that this page stays within its budget
                e["tables"].append({"id": tid, "title": ch.titles.get("table:" + tid, tid),
                                    "href": f"{up}tables/{tid}/" if tid in current_tables else _href(up, ch.table_pages.get(tid, "")),
                                    "cells": cell_rows(ctx, cells[:CELLS_SHOWN]),
                                    "more": max(0, len(cells) - CELLS_SHOWN),
                                    "versions_href": f"{up}tables/{tid}/#versions" if tid in current_tables else None})
            e["sources"] = [{"label": atlas.sources[i].label if i in atlas.sources else i,
                             "href": f"{up}sources/{i}/" if i in atlas.sources else None} for i in ch.sources]
        out.append(e)
    return out


def changes_page(ctx, hist: History) -> str:
    """/<lang>/changes/: every change, newest first; says so when the history is unavailable or partial."""
    return snippets.render("changes.html", labels=_labels(ctx), available=hist.available,
                           shallow=hist.state == "shallow", entries=entries(ctx, hist) if hist.available else [],
                           up="../")


# --- a table's versions ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TableVersion:
    hash: str
    commit: str | None  # full sha, None when not committed
    date: str | None
    cells: tuple  # the cells its commit changed ((row, column, old, new), ...); () for the first version
    doc: dict


def timeline(hist: History, table, lang: str) -> list[TableVersion]:
    """Every version of one table, oldest first; the table as built now is the last (added when uncommitted)."""
    out: list[TableVersion] = []
    for s in hist.steps:
        ch = s.langs.get(lang)
        if ch is None or table.id not in ch.versions:
            continue
        doc = ch.versions[table.id]
        if out and out[-1].hash == doc["hash"]:
            continue
        out.append(TableVersion(doc["hash"], s.commit.sha, s.commit.date,
                                tuple(ch.cells.get(table.id, ())) if s.status == "changed" else (), doc))
    if not out or out[-1].hash != table.content_hash:
        from .history import table_doc

        out.append(TableVersion(table.content_hash, None, None, (), table_doc(table)))
    return out


def version_path(lang: str, table_id: str, content_hash: str) -> str:
    """A version's file under /api/v1/."""
    return f"versions/{lang}/{table_id}/{content_hash}.json"


def versions_section(ctx, hist: History, table) -> str:
    """The versions of a table on its own page (links relative to /<lang>/tables/<id>/)."""
    tl = timeline(hist, table, ctx.lang)
    versions = []
    for v in reversed(tl):
        versions.append({"hash": v.hash, "current": v.hash == table.content_hash, "date": v.date,
                         "day": (v.date or "")[:10], "commit": (v.commit or "")[:12],
                         "changes_href": f"../../changes/#c-{(v.commit or '')[:12]}",
                         "json_href": "../../../api/v1/" + version_path(ctx.lang, table.id, v.hash),
                         "cells": cell_rows(ctx, v.cells)})
    return snippets.render("table-versions.html", labels=_labels(ctx), available=hist.available, versions=versions,
                           table_id=table.id, feed_href=f"../../feeds/tables/{table.id}.xml")


def version_docs(hist: History, table, lang: str, api_url: str, site_url: str) -> dict[str, dict]:
    """/api/v1/versions/<lang>/<id>/<hash>.json for every version of a table, and <id>.json listing them.
    Each version says which version is current and every cell changed after it, with the commits' dates."""
    tl = timeline(hist, table, lang)
    current = api_url + version_path(lang, table.id, table.content_hash)

    def absolute(doc):
        from .tables import ExportContext

        ectx = ExportContext(site_url=site_url)
        return {**{k: v for k, v in doc.items() if k != "links"},
                "links": [[[{"text": t, "url": ectx.url(h)} for t, h in cell] for cell in row] for row in doc["links"]]}

    out, index = {}, []
    for n, v in enumerate(tl):
        after = [{"commit": w.commit, "date": w.date, "version": api_url + version_path(lang, table.id, w.hash),
                  "changes": f"{site_url}changes/#c-{w.commit[:12]}" if w.commit else None,
                  "cells": [{"row": r, "column": c, "old": o, "new": nw} for r, c, o, nw in w.cells]}
                 for w in tl[n + 1:]]
        out[version_path(lang, table.id, v.hash)] = {
            "api_version": "v1", "table": table.id, "lang": lang, "hash": v.hash, "commit": v.commit,
            "published": v.date, "current": v.hash == table.content_hash, "current_version": current,
            "table_page": f"{site_url}tables/{table.id}/#v-{v.hash}", "changes_after": after,
            "data": absolute(v.doc)}
        index.append({"hash": v.hash, "commit": v.commit, "published": v.date,
                      "url": api_url + version_path(lang, table.id, v.hash)})
    out[f"versions/{lang}/{table.id}.json"] = {"api_version": "v1", "table": table.id, "lang": lang,
                                                "current": current, "history": hist.state, "versions": index[::-1]}
    return out


# --- freshness: the only markup for it, here --------------------------------------------------------------------

def checked_text(ctx, date: str) -> str:
    """A claim's check date as plain text ("Last checked against its sources: 2026-11-20"): with the section, the
    title of its citation marks (render.cite_hover: on hover, and the name screen readers give)."""
    return ctx.t("last_checked") + colon(ctx.lang) + date


def checked_note(ctx, date: str) -> str:
    """A cell's or claim's own check date, in its detail (Markdown)."""
    return f"*{esc(ctx.t('last_checked'))}{colon(ctx.lang)}{esc(date)}*{{ .atlas-checked }}"


def freshness(ctx, checked: str, changed: str | None, available: bool) -> str:
    """The one line that tells when a page's data was last checked and last changed (Markdown, emphasised)."""
    when = changed[:10] if changed else ctx.t("changed_unknown") if not available else ""
    parts = []
    if checked:
        parts.append(f"{esc(ctx.t('data_last_checked'))}{colon(ctx.lang)}{checked}")
    if when:
        paren = ("（", "）") if ctx.lang == "zh" else (" (", ")")
        parts.append(f"{esc(ctx.t('last_changed'))}{colon(ctx.lang)}{esc(when)}{paren[0]}[{esc(ctx.t('nav_changes'))}](/changes.md){paren[1]}")
    return ("*" + " · ".join(parts) + "*{ .atlas-freshness }") if parts else ""
