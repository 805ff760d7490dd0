"""Tables as data: every table on the site is a ``Table`` record built by a pure function, then written out
as the page's Markdown, a standalone embed, or an export (CSV, JSON, GFM Markdown, MediaWiki, Confluence).
Cells keep their text exactly in every format; each writer is a pure function of the table.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field, fields
from functools import cached_property

from . import markup
from .markup import csv_cell, gfm_link_target, gfm_text, wiki_text, wiki_url, xhtml_attr, xhtml_text
from .text import colon, esc, semicolon

EXPORT_FORMATS = ("csv", "json", "md", "mediawiki", "xhtml")
LICENCE = "CC BY 4.0"
# Chinese full-width punctuation carries its own space: no space is added after it (before a citation)
FULL_WIDTH = tuple("，。：；！？、）」』”")
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Part:
    """A run of a cell: plain text, a link (to a docs path /x/y.md#a or an http(s) URL), a citation or a rating."""

    text: str
    href: str | None = None
    kind: str = "text"  # text | link | cite | rating
    rating: str | None = None


@dataclass(frozen=True)
class Cell:
    parts: tuple[Part, ...] = ()

    @property
    def text(self) -> str:
        """The cell as plain text, exactly as a reader sees it."""
        out = []
        for i, p in enumerate(self.parts):
            if p.kind == "cite":
                out.append(("" if i == 0 or out[-1].endswith((" ", *FULL_WIDTH)) else " ") + f"[{p.text}]")
            else:
                out.append(p.text)
        return "".join(out)


def txt(text: str) -> Cell:
    return Cell((Part(text),))


def joined(parts, sep: str = ", ") -> tuple[Part, ...]:
    out: list[Part] = []
    for i, p in enumerate(parts):
        if i:
            out.append(Part(sep))
        out.append(p)
    return tuple(out)


# What dataclasses.asdict() gives for a cell, without its deep copies (the leaves are strings): the content hash
# is asked for on every table of every build. tests/test_tables.py checks that the two agree.
_PART_FIELDS = tuple(f.name for f in fields(Part))


@dataclass(frozen=True)
class Table:
    id: str
    lang: str
    title: str
    page: str  # docs path of the page where the table stands, e.g. approaches/rag.md
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sources: tuple[str, ...] = ()  # source ids cited anywhere in the table
    checked: str = ""  # latest 'checked' date of what the table shows ("data as of")

    @cached_property  # a table is immutable; its hash is asked for by the page, the embed and every export
    def content_hash(self) -> str:
        """Short hash of what the table says (columns and cells, links included): the data version."""
        cells = [[{"parts": [{f: getattr(p, f) for f in _PART_FIELDS} for p in c.parts]} for c in r] for r in self.rows]
        payload = json.dumps([self.columns, cells], ensure_ascii=False,
                             sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]

    @cached_property  # shown where the table stands and on its own page
    def markdown(self) -> str:
        return site_markdown(self)

    @property
    def plain_rows(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


def collect_sources(rows) -> tuple[str, ...]:
    seen: list[str] = []
    for row in rows:
        for cell in row:
            for p in cell.parts:
                if p.kind == "cite" and p.href:
                    ident = p.href.split("#", 1)[0].rsplit("/", 1)[-1].removesuffix(".md")
                    if ident not in seen:
                        seen.append(ident)
    return tuple(seen)


# --- the site's own Markdown ----------------------------------------------------------------------------

def _external(href: str | None) -> bool:
    return bool(href) and href.startswith(("http://", "https://"))


def part_markdown(p: Part) -> str:
    """Links to docs paths are Markdown links (MkDocs checks and rewrites them); links to other sites are <a>
    elements built from the validated URL (markup.md_external_link), never Markdown link syntax."""
    if p.href and _external(p.href):
        return markup.md_external_link(p.text, p.href)
    if p.kind == "cite":
        return f"[{esc(p.text)}]({markup.md_link_target(p.href)}){{ .atlas-cite data-search-exclude }}"
    if p.kind == "rating":
        return f"[{esc(p.text)}]({markup.md_link_target(p.href)}){{ .atlas-rating .atlas-rating--{p.rating} }}"
    if p.href:
        return f"[{esc(p.text)}]({markup.md_link_target(p.href)})"
    return esc(p.text)


def cell_markdown(cell: Cell) -> str:
    out = []
    for i, p in enumerate(cell.parts):
        md = part_markdown(p)
        if p.kind == "cite" and i and not out[-1].endswith(" ") and not cell.parts[i - 1].text.endswith(FULL_WIDTH):
            md = " " + md
        out.append(md)
    return "".join(out)


def site_markdown(table: Table) -> str:
    """GFM table for the page (escaped with esc(): shown, never interpreted)."""
    head = "| " + " | ".join(esc(c) for c in table.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in table.columns) + "|"
    body = ["| " + " | ".join(cell_markdown(c) or " " for c in row) + " |" for row in table.rows]
    return "\n".join([head, rule, *body])


# --- exports ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportContext:
    """What an export needs besides the table: absolute URLs and the attribution words."""

    site_url: str  # absolute, ends with /<lang>/
    source_labels: dict = field(default_factory=dict)  # source id -> label
    attribution: str = ""  # e.g. "LLM Adaptation Atlas, CC BY 4.0"
    data_as_of: str = "Data as of"
    changed_since: str = "What changed since"
    lang: str = "en"  # the punctuation of the attribution and version lines

    def url(self, href: str | None) -> str | None:
        """Docs path (/approaches/rag.md#x) -> absolute page URL; http(s) stays as it is."""
        if not href:
            return None
        if _external(href):
            return markup.checked_url(href)
        path, _, frag = href.partition("#")
        path = path.lstrip("/")
        if path.endswith("index.md"):
            path = path[: -len("index.md")]
        elif path.endswith(".md"):
            path = path[:-3] + "/"
        return self.site_url + path + (f"#{frag}" if frag else "")

    def table_url(self, table: Table) -> str:
        return self.url(f"/tables/{table.id}.md")

    def version_url(self, table: Table) -> str:
        """This exact version of the table as JSON under /api/v1/ (the API is beside the language roots)."""
        api = self.site_url.rstrip("/").rsplit("/", 1)[0] + "/api/v1/"
        return f"{api}versions/{table.lang}/{table.id}/{table.content_hash}.json"

    def changes_url(self, table: Table) -> str:
        """The table's versions on its own page, at this one: what is listed above it changed after it."""
        return self.url(f"/tables/{table.id}.md") + f"#v-{table.content_hash}"

    def version(self, table: Table) -> str:
        left, right = ("（", "）") if self.lang == "zh" else (" (", ")")
        return (f"{self.data_as_of} {table.checked} · {table.content_hash}{left}{self.version_url(table)}{semicolon(self.lang)}"
                f"{self.changed_since}{colon(self.lang)}{self.changes_url(table)}{right}")

    def credit(self, table: Table) -> str:
        return f"{table.title} — {self.attribution} — {self.table_url(table)} — {self.version(table)}"


def to_csv(table: Table, ctx: ExportContext) -> str:
    """RFC 4180 CSV, every field quoted and neutralised against formulas (markup.csv_cell); the first record is
    one field starting with '#' that carries the attribution and version, quoted like the rest."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    w.writerow([f"# {ctx.credit(table)}"])
    w.writerow([csv_cell(c) for c in table.columns])
    for row in table.plain_rows:
        w.writerow([csv_cell(c) for c in row])
    return buf.getvalue()


def to_json(table: Table, ctx: ExportContext) -> str:
    doc = {
        "id": table.id,
        "lang": table.lang,
        "title": table.title,
        "url": ctx.url(f"/{table.page}") + f"#{table.id}",
        "table_url": ctx.table_url(table),
        "columns": list(table.columns),
        "rows": table.plain_rows,
        "links": [[[{"text": p.text, "url": ctx.url(p.href)} for p in c.parts if p.href] for c in row] for row in table.rows],
        "sources": [{"id": s, "label": ctx.source_labels.get(s, s), "url": ctx.url(f"/sources/{s}.md")} for s in table.sources],
        "attribution": ctx.attribution,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "data_version": {"as_of": table.checked, "hash": table.content_hash, "url": ctx.version_url(table),
                         "changes_since": ctx.changes_url(table)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


gfm_escape = gfm_text  # the name the tests and older code use


def _gfm_target(ctx: ExportContext, href: str) -> str:
    return gfm_link_target(ctx.url(href))


def _gfm_cell(cell: Cell, ctx: ExportContext) -> str:
    out = []
    for i, p in enumerate(cell.parts):
        if p.kind == "cite":
            piece = f"[\\[{gfm_text(p.text)}\\]]({_gfm_target(ctx, p.href)})"
            out.append(("" if i == 0 else " ") + piece)
        elif p.href:
            out.append(f"[{gfm_text(p.text)}]({_gfm_target(ctx, p.href)})")
        else:
            out.append(gfm_text(p.text))
    return "".join(out) or " "


def to_markdown(table: Table, ctx: ExportContext) -> str:
    lines = [f"**{gfm_text(table.title)}**", ""]
    lines.append("| " + " | ".join(gfm_text(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_gfm_cell(c, ctx) for c in row) + " |")
    lines += ["", f"*{gfm_text(ctx.attribution)}{gfm_text(colon(ctx.lang))}{gfm_text(ctx.table_url(table))} · {gfm_text(ctx.version(table))}*", ""]
    return "\n".join(lines)


_wiki_text = wiki_text


def _wiki_cell(cell: Cell, ctx: ExportContext) -> str:
    out = []
    for i, p in enumerate(cell.parts):
        if p.href and not p.text:
            continue  # an external link without text would show as a bare footnote number
        if p.href:
            label = _wiki_text(f"[{p.text}]" if p.kind == "cite" else p.text)
            out.append(("" if i == 0 or p.kind != "cite" else " ") + f"[{wiki_url(ctx.url(p.href))} {label}]")
        else:
            out.append(_wiki_text(p.text))
    return "".join(out)


def to_mediawiki(table: Table, ctx: ExportContext) -> str:
    lines = ['{| class="wikitable"', f"|+ {_wiki_text(table.title)}"]
    lines.append("|-")
    for c in table.columns:
        lines.append(f"! {_wiki_text(c)}")
    for row in table.rows:
        lines.append("|-")
        for c in row:
            lines.append(f"| {_wiki_cell(c, ctx)}")
    lines.append("|}")
    lines.append(f"<small>{_wiki_text(ctx.attribution)}: [{wiki_url(ctx.table_url(table))} {_wiki_text(table.title)}] · "
                 f"{_wiki_text(ctx.version(table))}</small>")
    return "\n".join(lines) + "\n"


_xml_text = xhtml_text


def _xml_cell(cell: Cell, ctx: ExportContext) -> str:
    out = []
    for i, p in enumerate(cell.parts):
        if p.href:
            label = _xml_text(f"[{p.text}]" if p.kind == "cite" else p.text)
            out.append(("" if i == 0 or p.kind != "cite" else " ")
                       + f'<a href="{xhtml_attr(ctx.url(p.href))}">{label}</a>')
        else:
            out.append(_xml_text(p.text))
    return "".join(out)


def to_confluence(table: Table, ctx: ExportContext) -> str:
    """Confluence storage format (XHTML): paste with the source editor, or import."""
    rows = ["<tr>" + "".join(f"<th><p>{_xml_text(c)}</p></th>" for c in table.columns) + "</tr>"]
    for row in table.rows:
        rows.append("<tr>" + "".join(f"<td><p>{_xml_cell(c, ctx)}</p></td>" for c in row) + "</tr>")
    url = xhtml_attr(ctx.table_url(table))
    return (f"<h3>{_xml_text(table.title)}</h3>\n<table><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
            f'<p><em>{_xml_text(ctx.attribution)}: <a href="{url}">{url}</a> · {_xml_text(ctx.version(table))}</em></p>\n')


WRITERS = {"csv": to_csv, "json": to_json, "md": to_markdown, "mediawiki": to_mediawiki, "xhtml": to_confluence}


def export(table: Table, fmt: str, ctx: ExportContext) -> str:
    return WRITERS[fmt](table, ctx)


html_text = markup.html_text
