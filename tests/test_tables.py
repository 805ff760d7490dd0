"""Tables are stable, addressable, exportable objects: every format keeps cells exactly; published ids keep
resolving; embeds stand alone."""
from __future__ import annotations

import csv
import html as html_mod
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import mwparserfromhell
import pytest
from markdown_it import MarkdownIt

from sitecheck import wiki_text
from macros import compare, embeds, markup, registry, render
from macros.model import LANGS
from macros.tables import EXPORT_FORMATS, Cell, ExportContext, Part, Table, export, txt

ROOT = Path(__file__).resolve().parent.parent

AWKWARD = [
    "pipe | inside", 'quotes "double" and \'single\'', "comma, separated, values", "line one\nline two",
    "<b>bold?</b> <script>alert(1)</script>", "&amp; &lt; entity-looking", "中文：检索增强生成（RAG）",
    "emoji 😀🚀", "*stars* _underscores_ `ticks` [brackets](x)", "{{ jinja }} {% tag %}", "#hash at start",
    "- dash at start", "1. number at start", "trailing backslash \\", "tab\tinside", "  leading spaces",
    "right-to-left \u202eevil\u202c zero\u200bwidth", "", "=SUM(A1:A2)",
]


def awkward_table() -> Table:
    rows = tuple((txt(text), Cell((Part("before "), Part(text, "/approaches/rag.md", "link")))) for text in AWKWARD)
    return Table("awkward", "en", "Awkward | <title> \"quoted\"", "index.md", ("Text, raw", "Linked | text"), rows)


ECTX = ExportContext(site_url="https://example.org/en/", attribution="LLM Adaptation Atlas, CC BY 4.0")


def test_csv_keeps_every_cell_exactly():
    text = export(awkward_table(), "csv", ECTX)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows[0]) == 1 and rows[0][0].startswith('# Awkward | <title> "quoted" — ')  # the credit: one field
    assert rows[1] == ["Text, raw", "Linked | text"]
    assert [markup.csv_text(r[0]) for r in rows[2:]] == AWKWARD
    assert [markup.csv_text(r[1]) for r in rows[2:]] == ["before " + a for a in AWKWARD]
    assert rows[2 + AWKWARD.index("=SUM(A1:A2)")][0] == "'=SUM(A1:A2)"  # neutralised, not a formula
    assert all(line.startswith('"') for line in text.split("\r\n") if line)  # every field quoted


def test_json_keeps_every_cell_exactly_and_carries_version_and_licence():
    doc = json.loads(export(awkward_table(), "json", ECTX))
    assert [r[0] for r in doc["rows"]] == AWKWARD
    assert doc["links"][0][1] == [{"text": AWKWARD[0], "url": "https://example.org/en/approaches/rag/"}]
    assert doc["licence"] == "CC BY 4.0" and re.fullmatch(r"[0-9a-f]{12}", doc["data_version"]["hash"])


def _gfm_cells(md: str) -> list[list[str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    rows, row, in_cell = [], None, False
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open"):
            in_cell = True
        elif tok.type == "inline" and in_cell:
            text = ""
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    text += child.content
                elif child.type == "html_inline" and child.content.lower() in ("<br>", "<br/>", "<br />"):
                    text += "\n"
                elif child.type in ("softbreak", "hardbreak"):
                    text += "\n"
            row.append(text)
        elif tok.type in ("th_close", "td_close"):
            in_cell = False
        elif tok.type == "tr_close":
            rows.append(row)
    return rows


def test_gfm_markdown_keeps_every_cell_exactly():
    rows = _gfm_cells(export(awkward_table(), "md", ECTX))
    assert rows[0] == ["Text, raw", "Linked | text"]
    got = [r[0] for r in rows[1:]]
    assert got == [a.strip() for a in AWKWARD] or got == AWKWARD
    assert [r[1].strip() for r in rows[1:]] == [("before " + a).strip() for a in AWKWARD]


def test_gfm_markdown_links_point_at_the_site():
    md = export(awkward_table(), "md", ECTX)
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    hrefs = {c.attrs.get("href") for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "link_open"}
    assert "https://example.org/en/approaches/rag/" in hrefs


def test_mediawiki_keeps_every_cell_exactly():
    code = mwparserfromhell.parse(export(awkward_table(), "mediawiki", ECTX))
    rows = [[c for c in tr.contents.nodes if isinstance(c, mwparserfromhell.nodes.Tag) and c.tag in ("td", "th")]
            for tr in code.filter_tags(recursive=True) if tr.tag == "tr"]
    # a wikitext cell is trimmed by MediaWiki itself, so surrounding spaces are compared trimmed
    values = [[wiki_text(c.contents).removesuffix("\n").strip(" ") for c in row] for row in rows]
    assert values[0] == ["Text, raw", "Linked | text"]
    assert [r[0] for r in values[1:]] == [a.strip(" ") for a in AWKWARD]
    assert [r[1] for r in values[1:]] == [("before " + a).strip(" ") for a in AWKWARD]


def test_confluence_storage_format_is_xml_and_keeps_every_cell_exactly():
    xhtml = export(awkward_table(), "xhtml", ECTX)
    root = ET.fromstring(f"<root>{xhtml}</root>")

    def text(el) -> str:
        out = el.text or ""
        for child in el:
            out += "\n" if child.tag == "br" else text(child)
            out += child.tail or ""
        return out

    cells = [text(c) for c in root.iter() if c.tag in ("td", "th")]
    assert cells[:2] == ["Text, raw", "Linked | text"]
    assert cells[2::2] == AWKWARD
    assert cells[3::2] == ["before " + a for a in AWKWARD]
    assert any(a.get("href") == "https://example.org/en/approaches/rag/" for a in root.iter("a"))


def test_every_table_of_the_site_has_a_unique_stable_id(atlas):
    for lang in LANGS:
        ids = list(render.context(atlas, lang).tables)
        assert len(ids) == len(set(ids)) > 200
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert list(render.context(atlas, "en").tables) == list(render.context(atlas, "zh").tables)


def test_registry_lists_every_current_table(atlas):
    reg = registry.load()
    current = render.context(atlas, "en").tables
    missing = [t for t in current if t not in reg.tables]
    assert missing == [], f"run `make registry` to publish: {missing[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_published_table_still_resolves(site, atlas, lang):
    current = {t.id: t.page for t in render.context(atlas, lang).tables.values()}
    assert registry.problems(site / lang, registry.load(), current) == []


def test_a_renamed_table_and_page_keep_their_old_urls(site, atlas, tmp_path):
    import shutil
    lang_dir = tmp_path / "en"
    shutil.copytree(site / "en", lang_dir)
    current = {t.id: t.page for t in render.context(atlas, "en").tables.values()}
    # simulate: 'rag-advantages' was once published as 'rag-pros', on a page since renamed
    reg = registry.Registry({"rag-pros": "approaches/rag/", "rag-advantages": "approaches/retrieval/"}, {}, {})
    problems = registry.problems(lang_dir, reg, current)
    assert any("rag-pros" in p for p in problems) and any("approaches/retrieval/" in p for p in problems)
    reg = registry.Registry(reg.tables, {"rag-pros": "rag-advantages"}, {"approaches/retrieval/": "approaches/rag/"})
    registry.write_redirects(lang_dir, reg, current)
    assert registry.problems(lang_dir, reg, current) == []
    moved = (lang_dir / "approaches/retrieval/index.html").read_text(encoding="utf-8")
    assert "../../approaches/rag/" in moved and "location.hash" in moved
    assert (lang_dir / "tables/rag-pros.csv").read_text(encoding="utf-8") == (lang_dir / "tables/rag-advantages.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_each_table_has_its_page_embed_and_exports(site, atlas, lang):
    for t in render.context(atlas, lang).tables.values():
        assert (site / lang / "tables" / t.id / "index.html").exists(), t.id
        assert (site / lang / "embed" / t.id / "index.html").exists(), t.id
        for fmt in EXPORT_FORMATS:
            assert (site / lang / "tables" / f"{t.id}.{fmt}").stat().st_size > 50, (t.id, fmt)


def test_site_exports_parse_and_match_the_table(site, atlas):
    ctx = render.context(atlas, "zh")
    t = ctx.tables["rag-vs-fine-tuning"]
    rows = list(csv.reader(io.StringIO((site / "zh/tables/rag-vs-fine-tuning.csv").read_text(encoding="utf-8").split("\n", 1)[1])))
    assert rows[0] == list(t.columns) and rows[1:] == t.plain_rows
    doc = json.loads((site / "zh/tables/rag-vs-fine-tuning.json").read_text(encoding="utf-8"))
    assert doc["rows"] == t.plain_rows and doc["title"] == t.title
    assert doc["data_version"] == {
        "as_of": t.checked, "hash": t.content_hash,
        "url": f"https://llm-adaptation-atlas.github.io/api/v1/versions/zh/rag-vs-fine-tuning/{t.content_hash}.json",
        "changes_since": f"https://llm-adaptation-atlas.github.io/zh/tables/rag-vs-fine-tuning/#v-{t.content_hash}"}
    ET.fromstring("<r>" + (site / "zh/tables/rag-vs-fine-tuning.xhtml").read_text(encoding="utf-8") + "</r>")
    for fmt in EXPORT_FORMATS:
        text = (site / "zh/tables" / f"rag-vs-fine-tuning.{fmt}").read_text(encoding="utf-8")
        assert "CC BY 4.0" in text and t.content_hash in text, fmt


def test_embed_pages_stand_alone(site, atlas):
    for lang in LANGS:
        for page in (site / lang / "embed").glob("*/index.html"):
            html = page.read_text(encoding="utf-8")
            tid = page.parent.name
            # no script, but in the embeds of the tables one can pick from or filter (macros/compare.py)
            filterable = compare.facets(render.context(atlas, lang), tid) is not None
            assert ("<script" in html.lower()) == filterable, page
            # no site navigation: the one <nav> an embed may have leads between the parts of a heavy table
            assert "<nav" not in re.sub(r'<nav class="parts" [^>]*>.*?</nav>', "", html, flags=re.S), page
            assert 'class="md-' not in html, page
            assert "CC BY 4.0" in html and "prefers-color-scheme:dark" in html, page
            # the data version links to exactly that version, and to what changed after it
            found = re.search(r"\d{4}-\d{2}-\d{2} · <a href=\"../../../api/v1/versions/"
                              + f"{lang}/{tid}/" + r"([0-9a-f]{12})\.json\"[^>]*><code>\1</code></a> · "
                              + f'<a href="../../tables/{tid}/#v-' + r"\1", html)
            assert found and (site / "api/v1/versions" / lang / tid / f"{found[1]}.json").exists(), page


def test_api_lists_every_table_with_its_urls(site, atlas):
    from jsonschema import Draft202012Validator
    schema = json.loads((site / "api/v1/schema.json").read_text(encoding="utf-8"))
    tables = json.loads((site / "api/v1/tables.json").read_text(encoding="utf-8"))
    data = json.loads((site / "api/v1/data.json").read_text(encoding="utf-8"))
    glossary = json.loads((site / "api/v1/glossary.json").read_text(encoding="utf-8"))
    for doc in (tables, data, glossary):
        assert list(Draft202012Validator(schema).iter_errors(doc)) == []
    assert tables["count"] == len(render.context(atlas, "en").tables)
    entry = next(e for e in tables["tables"] if e["id"] == "glossary")
    assert entry["title"] == {"en": "Glossary", "zh": "术语表"}
    assert entry["embed"]["zh"].endswith("/zh/embed/glossary/")
    assert set(entry["exports"]["en"]) == set(EXPORT_FORMATS)
    assert set(data["kinds"]["approaches"]) == set(atlas.approaches)
    assert set(glossary["terms"]) == set(atlas.glossary)


def test_embed_renders_hostile_text_inert(mini_atlas):
    from dataclasses import replace
    ctx = render.Ctx(mini_atlas, "en")
    t = awkward_table()
    html = embeds.embed_html(ctx, replace(t, sources=("alpha-article",)), "Atlas", "https://example.org/en/")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ jinja }}" in html


def test_the_data_version_is_the_hash_of_every_field_of_every_cell(atlas):
    """Table.content_hash spells out a cell's fields for speed; it must equal the hash of dataclasses.asdict() of
    the cells (a field added to Cell or Part and left out of the hash would leave published versions unchanged)."""
    import hashlib
    from dataclasses import asdict

    tables = list(render.Ctx(atlas, "en").tables.values()) + list(render.Ctx(atlas, "zh").tables.values())
    for t in tables:
        payload = json.dumps([t.columns, [[asdict(c) for c in r] for r in t.rows]], ensure_ascii=False,
                             sort_keys=True, separators=(",", ":"))
        assert t.content_hash == hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12], t.id
    assert len({t.content_hash for t in tables}) > len(tables) // 2  # it tells tables apart


def test_a_heavy_embed_is_cut_between_rows_into_parts_that_hold_every_row(site, atlas):
    """The claims table of the longest founding article is over the embed budget whole: its embed is in parts,
    page 1 at the embed's own address; every row is on exactly one part, in order, and each part links to all."""
    import gzip
    from macros.embeds import EMBED_BUDGET_GZ
    for lang in LANGS:
        t = render.context(atlas, lang).tables["rag-vs-fine-tuning-how-to-choose-claims"]
        first = site / lang / "embed" / t.id / "index.html"
        parts = [first] + sorted((site / lang / "embed" / t.id).glob("[0-9]*/index.html"), key=lambda p: int(p.parent.name))
        assert len(parts) >= 2, parts  # whole, it is over the budget
        assert [p.parent.name for p in parts[1:]] == [str(n) for n in range(2, len(parts) + 1)]
        shown = []
        for n, p in enumerate(parts, 1):
            html = p.read_text(encoding="utf-8")
            assert len(gzip.compress(html.encode("utf-8"), 9)) <= EMBED_BUDGET_GZ, p
            body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
            shown += [html_mod.unescape(re.sub(r"<[^>]+>", "", row)) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
            pager = re.search(r'<nav class="parts"[^>]*>(.*?)</nav>', html, re.S)[1]
            assert len(re.findall(r'<a href="[^"]+" target="_self"', pager)) == len(parts), p
            assert f'aria-current="page">{n}</a>' in pager, p
        expected = ["".join("".join(f"[{p.text}]" if p.kind == "cite" else p.text for p in cell.parts) for cell in row)
                    for row in t.rows]
        assert ["".join(s.split()) for s in shown] == ["".join(e.split()) for e in expected]
