"""Files beside the pages: each table's standalone embed page and its exports, and the versioned JSON API.

Pure functions return text; ``write_*`` functions put it under a built site. Markup is in templates
(overrides/embed.html); formats are in macros/tables.py.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import shutil
from pathlib import Path

import jinja2

from . import model
from .loader import ROOT
from .render import Ctx, page_url
from .tables import EXPORT_FORMATS, LICENCE, LICENCE_URL, ExportContext, Table, export

API_VERSION = "v1"


def export_context(ctx: Ctx, site_url: str) -> ExportContext:
    return ExportContext(site_url=site_url,
                         source_labels={i: s.label for i, s in ctx.atlas.sources.items()},
                         attribution=ctx.t("embed_attribution"), data_as_of=ctx.t("data_as_of"),
                         changed_since=ctx.t("changed_since"), lang=ctx.lang)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One environment: its templates are compiled once (and recompiled when their file changes)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


EMBED_BUDGET_GZ = 20 * 1024  # an embed page as a wiki's iframe loads it, gzip-compressed (tests/test_quality.py)
EMBED_BUDGET = 256 * 1024  # and as stored (what the browser parses)


@dataclasses.dataclass(frozen=True)
class Part:
    """Rows start..end (0-based, end excluded) of a table whose embed is too heavy for one page, as page `number`
    of `count`: page 1 is /embed/<id>/ itself, page n is /embed/<id>/<n>/."""
    number: int = 1
    count: int = 1
    start: int = 0
    end: int | None = None

    @property
    def path(self) -> str:
        return "" if self.number == 1 else f"{self.number}/"


def embed_html(ctx: Ctx, table: Table, site_name: str, canonical_site_url: str, part: Part = Part()) -> str:
    """/<lang>/embed/<id>/ (or one of its parts): links are relative to the embed, so it works wherever the site
    is served."""
    up = "../../" + "../" * (part.number > 1)
    rel = ExportContext(site_url=up)
    end = len(table.rows) if part.end is None else part.end
    rows = [[[{"text": p.text, "href": rel.url(p.href), "kind": p.kind, "rating": p.rating} for p in c.parts]
             for c in row] for row in table.rows[part.start:end]]
    page_href = rel.url(f"/{table.page}") + f"#{table.id}"
    facets = _facets(ctx, table.id)
    if facets and part.count > 1:  # the filter applies to each part; it says so when this part has no row picked
        facets = {**facets, "rows": facets["rows"][part.start:end], "empty": ctx.t("embed_part_empty")}
    pager = None
    if part.count > 1:
        home = "../" if part.number > 1 else ""
        pager = {"rows": ctx.t("embed_rows").format(first=part.start + 1, last=end, total=len(table.rows)),
                 "label": ctx.t("embed_parts"), "current": part.number,
                 "pages": [{"number": n, "href": (home or "./") if n == 1 else f"{home}{n}/"}
                           for n in range(1, part.count + 1)]}
    return _template("embed.html").render(
        lang=ctx.lang, title=table.title, site_name=site_name, columns=table.columns, rows=rows,
        canonical=canonical_site_url + f"embed/{table.id}/{part.path}", page_href=page_href,
        sources=[{"label": ctx.atlas.sources[s].label, "href": rel.url(f"/sources/{s}.md")} for s in table.sources],
        labels={"sources": ctx.t("sources"), "colon": ctx.t("colon"), "attribution": ctx.t("embed_attribution"), "view": ctx.t("embed_view"),
                "as_of": ctx.t("data_as_of"), "version": ctx.t("version_json"), "changed_since": ctx.t("changed_since"),
                "feed": ctx.t("feed")},
        licence=LICENCE, licence_url=LICENCE_URL, checked=table.checked, hash=table.content_hash,
        version_href=f"{up}../api/v1/versions/{ctx.lang}/{table.id}/{table.content_hash}.json",
        changes_href=rel.url(f"/tables/{table.id}.md") + f"#v-{table.content_hash}",
        feed_href=f"{up}feeds/tables/{table.id}.xml", facets=facets, pager=pager,
        filter_src=f"{up}assets/javascripts/embed-filter.js",
    ) + "\n"


def embed_pages(ctx: Ctx, table: Table, site_name: str, canonical_site_url: str, others=()) -> dict[str, str]:
    """A table's embed: {path under embed/<id>/: page}. One page when it fits the budgets (as sent and stored);
    otherwise the fewest parts of consecutive rows that each fit, page 1 at the embed's own address (which
    never changes), each part linking to every other. Every row is on exactly one part; none is cut. The
    languages mirror each other page for page: ``others`` (a function giving, for each other language, its context,
    table, site name and URL) is asked when this language's embed comes near a budget, and the count is the fewest
    parts that fit in every language."""
    import gzip

    def fits(html: str, share: float = 1.0) -> bool:
        data = html.encode("utf-8")
        return len(data) <= EMBED_BUDGET * share and len(gzip.compress(data, 9, mtime=0)) <= EMBED_BUDGET_GZ * share

    def pages_of(c, tbl, name, url, count):
        if count == 1:
            return {"": embed_html(c, tbl, name, url)}
        n = len(tbl.rows)
        size = -(-n // count)
        parts = [Part(i + 1, count, i * size, min(n, (i + 1) * size)) for i in range(count) if i * size < n]
        parts = [dataclasses.replace(p, count=len(parts)) for p in parts]
        return {p.path: embed_html(c, tbl, name, url, p) for p in parts}

    whole = embed_html(ctx, table, site_name, canonical_site_url)
    n = len(table.rows)
    # another language's embed of the same rows differs in size by less than a third (below: it is checked)
    langs = [(ctx, table, site_name, canonical_site_url)] + (list(others()) if others and not fits(whole, 0.66) else [])
    if n < 2 or all(fits(h) for l in langs for h in (pages_of(*l, 1) if l[0] is not ctx else {"": whole}).values()):
        return {"": whole}
    count = 2
    while True:
        mine = pages_of(ctx, table, site_name, canonical_site_url, count)
        if count >= n or (all(fits(h) for h in mine.values())
                          and all(fits(h) for l in langs[1:] for h in pages_of(*l, count).values())):
            return mine
        count += 1


def _facets(ctx: Ctx, table_id: str):
    from .compare import facets

    return facets(ctx, table_id)


def table_files(ctx: Ctx, table: Table, site_name: str, site_url: str, ectx: ExportContext) -> dict[str, bytes]:
    """One table's embed and exports: {path under the language's site: bytes}. They are made from the table,
    the sources' labels and the interface strings (ectx), the table's facets, and the templates; make serve
    keeps them while those are the same (macros/warm.py)."""
    files = {f"embed/{table.id}/{path}index.html": html.encode("utf-8")
             for path, html in embed_pages(ctx, table, site_name, site_url, lambda: other_languages(ctx, table.id)).items()}
    for fmt in EXPORT_FORMATS:
        files[f"tables/{table.id}.{fmt}"] = export(table, fmt, ectx).encode("utf-8")
    return files


def other_languages(ctx: Ctx, table_id: str) -> list:
    """The same table in each other language: its context, table, site name and URL (for embed_pages)."""
    from . import render, site

    out = []
    for lang in site.languages(ROOT):
        if lang.code != ctx.lang:
            other = render.context(ctx.atlas, lang.code)
            cfg = site._plain_yaml(ROOT / lang.config)
            name = cfg.get("site_name") or site._plain_yaml(ROOT / "mkdocs.yml")["site_name"]
            out.append((other, other.tables[table_id], name, cfg["site_url"]))
    return out


def write_table_files(site_dir: Path, ctx: Ctx, site_url: str, site_name: str) -> int:
    """Embeds and exports of every table of one language; returns how many files were written."""
    ectx = export_context(ctx, site_url)
    n = 0
    for t in ctx.tables.values():
        for rel, data in table_files(ctx, t, site_name, site_url, ectx).items():
            path = site_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            n += 1
    return n


# --- /api/v1/ -----------------------------------------------------------------------------------------------

def _plain(value):
    if isinstance(value, model.Where):  # where in its sources' works a statement comes from: {source id: [section ids]}
        return {s: list(ids) for s, ids in value.pairs}
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def dataset(atlas: model.Atlas) -> dict:
    """The whole dataset, both languages, every kind, as plain JSON (claims keep their sources and dates)."""
    return {"api_version": API_VERSION,
            "kinds": {k.folder: {i: _plain(r) for i, r in atlas.kind(k.folder).items()} for k in model.KINDS},
            "ui": {k: _plain(v) for k, v in atlas.ui.items()}}


def tables_index(contexts: dict, site_urls: dict) -> dict:
    """/api/v1/tables.json: every table with its id, titles in both languages, and its URLs."""
    langs = list(contexts)
    first = contexts[langs[0]]
    out = []
    for tid, t in first.tables.items():
        entry = {"id": tid, "title": {}, "page": {}, "table_page": {}, "embed": {}, "exports": {}}
        for lang in langs:
            tl = contexts[lang].tables[tid]
            base = site_urls[lang]
            entry["title"][lang] = tl.title
            entry["page"][lang] = f"{base}{page_url(tl.page)}#{tid}"
            entry["table_page"][lang] = f"{base}tables/{tid}/"
            entry["embed"][lang] = f"{base}embed/{tid}/"
            entry["exports"][lang] = {fmt: f"{base}tables/{tid}.{fmt}" for fmt in EXPORT_FORMATS}
            entry.setdefault("feed", {})[lang] = f"{base}feeds/tables/{tid}.xml"
            entry.setdefault("versions", {})[lang] = f"{_api_url(base)}versions/{lang}/{tid}.json"
        entry["data_version"] = {"as_of": first.tables[tid].checked, "hash": first.tables[tid].content_hash}
        out.append(entry)
    return {"api_version": API_VERSION, "count": len(out), "tables": out}


def _api_url(lang_site_url: str) -> str:
    """https://host/en/ -> https://host/api/v1/ (the API is beside the language roots)."""
    return lang_site_url.rstrip("/").rsplit("/", 1)[0] + f"/api/{API_VERSION}/"


def version_files(hist, contexts: dict, site_urls: dict) -> dict:
    """/api/v1/versions/: every version of every table in each language, by content hash (macros/changes.py)."""
    from .changes import version_docs

    out = {}
    for lang, ctx in contexts.items():
        for t in ctx.tables.values():
            out.update(version_docs(hist, t, lang, _api_url(site_urls[lang]), site_urls[lang]))
    return out


def write_api(site_dir: Path, atlas: model.Atlas, contexts: dict, site_urls: dict, hist=None) -> list[Path]:
    api = site_dir / "api" / API_VERSION
    api.mkdir(parents=True, exist_ok=True)
    data = dataset(atlas)
    files = {
        "data.json": data,
        "tables.json": tables_index(contexts, site_urls),
        "glossary.json": {"api_version": API_VERSION, "terms": data["kinds"]["glossary"]},
        "schema.json": json.loads((ROOT / "schemas" / "api-v1.schema.json").read_text(encoding="utf-8")),
    }
    if hist is not None:
        # written whole each build: a version the history no longer has (the working tree's, from an earlier
        # rebuild of `make serve`) is not left behind
        shutil.rmtree(api / "versions", ignore_errors=True)
        files.update(version_files(hist, contexts, site_urls))
    written = []
    for name, doc in files.items():
        (api / name).parent.mkdir(parents=True, exist_ok=True)
        path = api / name
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
