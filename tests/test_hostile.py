"""Hostile or awkward text in data is shown exactly as written, never run: a site built from such data keeps
every string visible, breaks no table or page, and runs no script in Chromium."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_DATA, build_site, serve
from macros import loader

ROOT = Path(__file__).resolve().parent.parent
PWN = "window.__pwned=1"
HOSTILE = {
    "script": f"<script>{PWN}</script>",
    "img": f'<img src=x onerror="{PWN}">',
    "md_link": f"[click me](javascript:{PWN})",
    "data_link": "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "jinja": "{{ config.site_name }} {% if true %}JINJA{% endif %}",
    "markdown": "**bold** _em_ `code` # not a heading",
    "pipes": "a | b || c",
    "newline": "line one\nline two",
    "bidi": "abc \u202eevil\u202c zero\u200bwidth",
    "attr": '" onmouseover="' + PWN + '" x="',
    "entity": "&lt;b&gt; &amp;",
}


def _hostile_copy(dest: Path) -> dict:
    shutil.copytree(FIXTURE_DATA, dest)
    placed = {}

    def edit(rel: str, change):
        path = dest / rel
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(doc)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def approach(d):
        d["name"] = {"en": "Retrieval " + HOSTILE["script"], "zh": "检索 " + HOSTILE["script"]}
        d["short_name"] = {"en": "Ret " + HOSTILE["img"], "zh": "检 " + HOSTILE["img"]}
        d["advantages"][0]["en"] = HOSTILE["pipes"] + " " + HOSTILE["newline"]
        d["steps"][0]["en"] = HOSTILE["markdown"]
        d["definition"][0]["en"] = HOSTILE["md_link"] + " " + HOSTILE["data_link"]
        d["summary"]["en"] = HOSTILE["jinja"]
        d["use_when"][0]["en"] = HOSTILE["bidi"]
        d["avoid_when"][0]["en"] = HOSTILE["attr"]
    edit("approaches/retrieval.yaml", approach)

    def comparison(d):
        cell = d["rows"][0]["cells"]["retrieval"]
        cell["verdict"]["en"] = HOSTILE["pipes"]
        cell["rationale"]["en"] = HOSTILE["img"] + " " + HOSTILE["newline"]
        d["title"]["en"] = "Compare " + HOSTILE["attr"]
    edit("comparisons/retrieval-vs-tuning.yaml", comparison)

    def source(d):
        d["label"] = "Alpha <i>x</i>"
        d["title"]["en"] = HOSTILE["script"]
    edit("sources/alpha-article.yaml", source)

    def term(d):
        d["definition"]["en"] = HOSTILE["attr"] + HOSTILE["script"]
        d["term"]["en"] = "Embedding <b>"
    edit("glossary/embedding.yaml", term)

    def scenario(d):
        d["title"]["en"] = HOSTILE["entity"]
        d["outcomes"][0]["label"]["en"] = HOSTILE["jinja"]
    edit("scenarios/shop-qa.yaml", scenario)

    def dimension(d):
        d["name"]["en"] = "Freshness " + HOSTILE["markdown"]
        d["rules"][0]["en"] = HOSTILE["script"] + " | " + HOSTILE["md_link"]
    edit("dimensions/freshness.yaml", dimension)
    return placed


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    _hostile_copy(data)
    atlas, errors = loader.load(data, ROOT)
    assert errors == [], [e.format() for e in errors]
    out = base / "site"
    proc = build_site(out, data)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out


def _pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_no_hostile_markup_survives_into_html(hostile_site):
    for page in _pages(hostile_site):
        html = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in html, page
        assert 'onerror="window.__pwned' not in html, page
        assert 'onmouseover="window.__pwned' not in html, page
        assert not re.search(r'href="\s*(javascript|data):', html, re.I), page
        assert "<i>x</i>" not in html and "Embedding <b>" not in html, page
        assert html.count("JINJA") == html.count("endif"), page  # the Jinja block was shown, never evaluated


def test_hostile_text_is_visible_exactly(page, hostile_site):
    with serve(hostile_site) as url:
        page.goto(f"{url}/en/approaches/retrieval/")
        text = page.locator("article").inner_text()
        for key in ("script", "md_link", "data_link", "jinja", "pipes", "attr"):
            assert HOSTILE[key] in text.replace("\u200b", ""), key
        assert "**bold** _em_ `code` # not a heading" in text
        assert "line one\nline two" in text
        assert page.evaluate("window.__pwned") is None
        # titles from data in navigation, the page title and headings are shown as text too
        assert "Retrieval <script>" in page.title()
        assert "Retrieval " + HOSTILE["script"] in page.locator(".md-nav").first.inner_text()
        page.goto(f"{url}/en/scenarios/shop-qa/")
        assert HOSTILE["entity"] in page.locator("h1").inner_text()
        assert HOSTILE["jinja"] in page.locator("article").inner_text()
        page.goto(f"{url}/en/comparisons/retrieval-vs-tuning/")
        cells = page.locator("#retrieval-vs-tuning tbody tr").first.locator("td")
        assert cells.count() == 3  # the pipes did not split the row
        assert HOSTILE["pipes"] in cells.nth(1).inner_text()
        assert "Ret " + HOSTILE["img"] in page.locator("#retrieval-vs-tuning thead").inner_text()
        for path in ("/en/glossary/", "/en/sources/alpha-article/", "/en/dimensions/freshness/", "/en/decisions/",
                     "/en/embed/retrieval-vs-tuning/", "/en/tables/retrieval-vs-tuning/"):
            page.goto(url + path)
            page.mouse.move(10, 10)
            for link in page.locator("abbr").all()[:20]:
                link.hover()
            assert page.evaluate("window.__pwned") is None, path


def test_links_in_data_must_be_http(copy_of_fixture_data):
    src = copy_of_fixture_data / "sources" / "alpha-article.yaml"
    src.write_text(src.read_text(encoding="utf-8").replace("url: https://example.org/alpha", "url: javascript:alert(1)"),
                   encoding="utf-8")
    tool = copy_of_fixture_data / "tools" / "store-one.yaml"
    tool.write_text(tool.read_text(encoding="utf-8").replace("url: https://example.org/store", "url: data:text/html,x"),
                    encoding="utf-8")
    _, errors = loader.load(copy_of_fixture_data, ROOT)
    text = "\n".join(e.format() for e in errors)
    assert "alpha-article.yaml:" in text and "url: 'javascript:alert(1)' has the wrong form; expected An absolute http or https URL" in text
    assert "store-one.yaml:" in text and "url: 'data:text/html,x' has the wrong form" in text
