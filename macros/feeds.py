"""Atom feeds (RFC 4287) of the changes, per language: the whole site (/<lang>/feeds/changes.xml), each table
(/<lang>/feeds/tables/<id>.xml) and each approach (/<lang>/feeds/approaches/<id>.xml).

Made from the history (macros/history.py) only, so a rebuild of the same commit writes the same bytes: dates
are the commits' dates, entry ids are tag URIs made of the commit (or the table version) and never change.
Every text goes through ElementTree's serializer (escaped as XML once); entries carry XHTML content built as
elements, never as strings of markup.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import history as hist_mod
from . import changes
from .changes import timeline
from .text import colon

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
TAG_YEAR = "2026"  # the year of the tag URIs' authority (RFC 4151): fixed, so that ids never change

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: str  # RFC 3339
    link: str
    blocks: tuple  # ("p", text) | ("ul", (text, ...)) | ("cells", ((row, column, old, new), ...))


def _a(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _x(tag: str) -> str:
    return f"{{{XHTML}}}{tag}"


def atom(*, feed_id: str, title: str, self_url: str, alt_url: str, updated: str, lang: str, author: str,
         entries: list[Entry], labels: dict) -> str:
    """One Atom document; entries newest first."""
    feed = ET.Element(_a("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(feed, _a("id")).text = feed_id
    ET.SubElement(feed, _a("title")).text = title
    ET.SubElement(feed, _a("updated")).text = max([e.updated for e in entries], default=updated)
    ET.SubElement(ET.SubElement(feed, _a("author")), _a("name")).text = author
    ET.SubElement(feed, _a("link"), {"rel": "self", "type": "application/atom+xml", "href": self_url})
    ET.SubElement(feed, _a("link"), {"rel": "alternate", "type": "text/html", "href": alt_url})
    for e in entries:
        entry = ET.SubElement(feed, _a("entry"))
        ET.SubElement(entry, _a("id")).text = e.id
        ET.SubElement(entry, _a("title")).text = e.title
        ET.SubElement(entry, _a("updated")).text = e.updated
        ET.SubElement(entry, _a("link"), {"rel": "alternate", "type": "text/html", "href": e.link})
        div = ET.SubElement(ET.SubElement(entry, _a("content"), {"type": "xhtml"}), _x("div"))
        for kind, value in e.blocks:
            if kind == "p":
                ET.SubElement(div, _x("p")).text = value
            elif kind == "ul":
                ul = ET.SubElement(div, _x("ul"))
                for item in value:
                    ET.SubElement(ul, _x("li")).text = item
            elif kind == "cells":
                table = ET.SubElement(div, _x("table"))
                head = ET.SubElement(table, _x("tr"))
                for key in ("changes_row", "changes_column", "changes_before", "changes_after"):
                    ET.SubElement(head, _x("th")).text = labels[key]
                for row in value:
                    tr = ET.SubElement(table, _x("tr"))
                    for text in row:
                        ET.SubElement(tr, _x("td")).text = "—" if text is None else text
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _tag(site_url: str, path: str) -> str:
    return f"tag:{urlsplit(site_url).hostname},{TAG_YEAR}:{path}"


def _message(ctx, step) -> tuple:
    """The commit and its message (its author's words, in English) as the entry's first paragraph."""
    return ("p", f"{ctx.t('changes_commit')} {step.commit.short} · {ctx.t('changes_message')}{colon(ctx.lang)}"
                 f"“{step.commit.subject}”")


def _blocks(ctx, ch, keep_page=lambda url: True) -> list:
    """The content of a change: pages and tables added, changed or removed, the cells, the sources."""
    out = []
    for key, items in (("changes_pages_added", ch.pages_added), ("changes_pages_changed", ch.pages_changed),
                       ("changes_pages_removed", ch.pages_removed)):
        items = [i for i in items if keep_page(i)]
        if items:
            out.append(("p", f"{ctx.t(key)} ({len(items)})"))
            out.append(("ul", tuple(f"{ch.titles.get(i, i)} — /{ctx.lang}/{'' if i == '(home)' else i}" for i in items)))
    for key, items in (("changes_tables_added", ch.tables_added), ("changes_tables_removed", ch.tables_removed)):
        items = [t for t in items if keep_page(ch.table_pages.get(t, ""))]
        if items:
            out.append(("p", f"{ctx.t(key)} ({len(items)})"))
            out.append(("ul", tuple(f"{ch.titles.get('table:' + t, t)} ({t})" for t in items)))
    for tid, cells in ch.cells.items():
        if keep_page(ch.table_pages.get(tid, "")):
            out.append(("p", f"{ctx.t('changes_cells')}: {ch.titles.get('table:' + tid, tid)} ({tid})"))
            out.append(("cells", tuple((r, c if c is not None else ctx.t("changes_whole_row"), o, n) for r, c, o, n in cells)))
    if ch.sources:
        labels = [ctx.atlas.sources[s].label if s in ctx.atlas.sources else s for s in ch.sources]
        out.append(("p", f"{ctx.t('changes_sources')}: " + " · ".join(labels)))
    return out


def _fallback_updated(ctx) -> str:
    """A feed without entries still needs a date: the newest 'checked' date of the data (not the clock)."""
    latest = max((t.checked for t in ctx.tables.values() if t.checked), default="1970-01-01")
    return f"{latest}T00:00:00Z"


def site_feed(ctx, hist, site_url: str, site_name: str) -> str:
    entries = [Entry(_tag(site_url, f"{ctx.lang}/changes/{s.commit.sha}"),
                     f"{s.commit.day} · {changes.headline(ctx, s.status, ch)}", s.commit.date,
                     f"{site_url}changes/#c-{s.commit.short}", (_message(ctx, s), *_blocks(ctx, ch)))
               for s, ch in hist.changes(ctx.lang)]
    return atom(feed_id=f"{site_url}feeds/changes.xml", title=f"{site_name}: {ctx.t('nav_changes')}",
                self_url=f"{site_url}feeds/changes.xml", alt_url=f"{site_url}changes/", updated=_fallback_updated(ctx),
                lang=ctx.lang, author=site_name, entries=entries, labels=_labels(ctx))


def table_feed(ctx, hist, table, site_url: str, site_name: str) -> str:
    """Every version of one table (the first one included), newest first; each entry lists the changed cells."""
    entries = []
    for v in reversed(timeline(hist, table, ctx.lang)):
        if v.commit is None:
            continue  # not committed: it has no date yet
        blocks = [("p", f"{ctx.t('data_as_of')} {v.doc['checked']} · {v.hash}")]
        if v.cells:
            blocks.append(("cells", tuple((r, c if c is not None else ctx.t("changes_whole_row"), o, n)
                                          for r, c, o, n in v.cells)))
        entries.append(Entry(_tag(site_url, f"{ctx.lang}/tables/{table.id}/{v.hash}"),
                             f"{v.date[:10]} · {v.doc['title']} · {v.hash}", v.date,
                             f"{site_url}tables/{table.id}/#v-{v.hash}", tuple(blocks)))
    return atom(feed_id=f"{site_url}feeds/tables/{table.id}.xml", title=f"{table.title} · {site_name}",
                self_url=f"{site_url}feeds/tables/{table.id}.xml", alt_url=f"{site_url}tables/{table.id}/",
                updated=_fallback_updated(ctx), lang=ctx.lang, author=site_name, entries=entries, labels=_labels(ctx))


def approach_feed(ctx, hist, ident: str, site_url: str, site_name: str) -> str:
    """The changes that touched an approach: its page, and the comparisons, scenarios and patterns it is in."""
    def keep(url: str) -> bool:
        return ident in hist_mod._approaches_touched(ctx.atlas, [url])

    entries = []
    for s, ch in hist.changes(ctx.lang):
        if ident not in ch.approaches:
            continue
        entries.append(Entry(_tag(site_url, f"{ctx.lang}/approaches/{ident}/{s.commit.sha}"),
                             f"{s.commit.day} · {changes.headline(ctx, s.status, ch)}", s.commit.date,
                             f"{site_url}changes/#c-{s.commit.short}", (_message(ctx, s), *_blocks(ctx, ch, keep))))
    name = ctx.atlas.approaches[ident].name(ctx.lang)
    return atom(feed_id=f"{site_url}feeds/approaches/{ident}.xml", title=f"{name} · {site_name}",
                self_url=f"{site_url}feeds/approaches/{ident}.xml", alt_url=f"{site_url}approaches/{ident}/",
                updated=_fallback_updated(ctx), lang=ctx.lang, author=site_name, entries=entries, labels=_labels(ctx))


def _labels(ctx) -> dict:
    return {k: ctx.t(k) for k in ("changes_row", "changes_column", "changes_before", "changes_after")}


def feed_files(ctx, hist, site_url: str, site_name: str) -> dict[str, str]:
    """Every feed of one language: path under /<lang>/ -> document."""
    out = {"feeds/changes.xml": site_feed(ctx, hist, site_url, site_name)}
    for tid, t in ctx.tables.items():
        out[f"feeds/tables/{tid}.xml"] = table_feed(ctx, hist, t, site_url, site_name)
    for aid in ctx.atlas.approaches:
        out[f"feeds/approaches/{aid}.xml"] = approach_feed(ctx, hist, aid, site_url, site_name)
    return out


def write_feeds(site_dir: Path, ctx, hist, site_url: str, site_name: str) -> int:
    files = feed_files(ctx, hist, site_url, site_name)
    for rel, text in files.items():
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(files)
