"""Hostile text in data is shown exactly as written, never run, in every output.

One hostile build (tests/hostile_corpus.py: the whole corpus in every free-text field of every kind of the fixture
data, hostile URLs and labels, both languages) is reused by every test here. The browser tests fail on any call
of ``__pwn`` (every payload that could run calls it), any dialog, and any request leaving the page's origin; the
export tests parse each format with a parser of its target and compare the text with the JSON export, which
carries the text as data."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import mwparserfromhell
import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import FIXTURE_DATA, build_site, serve
from hostile_corpus import PAYLOADS, TEXT, URL, hostile_copy
from sitecheck import wiki_text
from macros import loader, markup

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "zh")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    hostile_copy(FIXTURE_DATA, data)
    atlas, errors = loader.load(data, ROOT)
    assert errors == [], "the corpus must pass `make check`:\n" + "\n".join(e.format() for e in errors)
    out = base / "site"
    proc = build_site(out, data)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return {"data": data, "site": out, "atlas": atlas}


@pytest.fixture(scope="module")
def hostile_url(hostile):
    with serve(hostile["site"]) as url:
        yield url


@pytest.fixture
def guarded(browser, hostile_url):
    """A page that records every script run by a payload, every dialog and every request off the origin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    hits: list = []
    context.expose_function("__pwn", lambda *a: hits.append(("script ran", a)))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(hostile_url)
                  else (hits.append(("request", route.request.url)), route.abort()))
    pg = context.new_page()
    pg.on("dialog", lambda d: (hits.append(("dialog", d.message)), d.dismiss()))
    pg.hits = hits
    yield pg
    context.close()


# --- the loader lets the corpus in (so the outputs are what is tested) -------------------------------------------

def test_every_field_of_every_kind_holds_the_corpus(hostile):
    """The copy is hostile everywhere: every kind has files, and every free-text string holds the whole corpus."""
    kinds = {p.parent.name for p in hostile["data"].rglob("*.yaml") if p.parent != hostile["data"]}
    assert {"approaches", "comparisons", "dimensions", "scenarios", "patterns", "sources", "glossary", "figures",
            "tools", "roadmaps", "trends", "advice", "challenges", "questions"} <= kinds
    doc = yaml.safe_load((hostile["data"] / "approaches" / "retrieval.yaml").read_text(encoding="utf-8"))
    assert doc["summary"]["en"].endswith(TEXT) and doc["steps"][0]["zh"].endswith(TEXT)
    assert yaml.safe_load((hostile["data"] / "sources" / "alpha-article.yaml").read_text(encoding="utf-8"))["url"] == URL


# --- pages: no markup from data survives -----------------------------------------------------------------------

class _Scan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name == "x-h" or name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "srcset", "action", "formaction", "data", "style", "poster"):
                if re.match(r"\s*(javascript|data|vbscript):", value, re.I) or "evil.example" in value:
                    self.found.append(f"<{tag} {name}={value[:80]!r}>")
            if name == "href" and value.startswith("https://example.org/x") and value != markup.html_attr(URL) \
                    and value != URL:
                self.found.append(f"<{tag} href={value!r}> is not the URL as written")


def test_no_markup_from_data_survives_in_any_page(hostile):
    pages = sorted(hostile["site"].rglob("*.html"))
    assert len(pages) > 150
    for page in pages:
        scan = _Scan()
        text = page.read_text(encoding="utf-8")
        scan.feed(text)
        assert scan.found == [], page
        # Jinja shown, never evaluated: every JINJA still follows its "{% if true %}" (in whatever escaping)
        assert text.count("JINJA") == len(re.findall(r"if(?:\s|&#32;)true.{1,30}?JINJA", text)), page


# --- pages in Chromium: shown exactly, nothing runs, nothing leaves --------------------------------------------

def _site_paths(site: Path) -> list[str]:
    out = []
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site).parent.as_posix()
        if rel.split("/")[0] in LANGS:
            out.append("/" + rel + "/")
    return out


def test_every_page_runs_nothing_on_load_hover_and_focus(guarded, hostile, hostile_url):
    """Every page of both languages; the tables' own pages and embeds (the same tables again, a page each) in
    English only, to keep the test near two minutes."""
    paths = [p for p in _site_paths(hostile["site"])
             if not (p.startswith("/zh/") and ("/tables/" in p or "/embed/" in p))]
    assert len(paths) > 100
    for path in paths:
        guarded.goto(hostile_url + path, wait_until="load")
        if "/tables/" in path or "/embed/" in path:
            continue  # loaded; their tables are hovered where they stand
        # every element with a tooltip: glossary terms, navigation items Material titles, the guide's links;
        # element handles, not locators: a tooltip takes the title off its element when it shows
        for el in guarded.query_selector_all(".md-main abbr.atlas-term, .md-main [title], .md-sidebar [title]")[:12]:
            if el.is_visible():
                el.hover(force=True, timeout=5000)
                el.focus()
        guarded.keyboard.press("Escape")
        assert guarded.hits == [], path


def test_the_corpus_is_shown_exactly_on_the_page(guarded, hostile_url):
    guarded.goto(hostile_url + "/en/approaches/retrieval/")
    text = guarded.locator("article").inner_text()
    for payload in PAYLOADS:
        assert payload in text, payload
    assert "Retrieval " in guarded.title() and PAYLOADS[0] in guarded.title()
    assert PAYLOADS[0] in guarded.locator(".md-nav").first.inner_text()
    guarded.goto(hostile_url + "/zh/comparisons/retrieval-vs-tuning/")
    head = guarded.locator("table").first.locator("thead th")
    body = guarded.locator("table").first.locator("tbody tr").first.locator("td")
    assert body.count() == head.count()  # no '|' split a row
    assert TEXT in guarded.locator("article").inner_text()
    assert guarded.hits == []


def test_table_tools_label_keeps_entities_as_typed(guarded, hostile, hostile_url):
    """md_in_html decodes the tools' aria-label once more than the page does: each label is the title exactly."""
    tools = hostile["atlas"].ui["table_tools"]("en")
    colon = hostile["atlas"].ui["colon"]("en")  # the language's colon, hostile here like every label
    checked = 0
    for path in ("/en/approaches/retrieval/", "/en/sources/alpha-article/", "/en/comparisons/retrieval-vs-tuning/"):
        guarded.goto(hostile_url + path)
        for frame in guarded.locator("[data-atlas-table]").all():
            table = frame.get_attribute("data-atlas-table")
            doc = json.loads((hostile["site"] / "en" / "tables" / f"{table}.json").read_text(encoding="utf-8"))
            assert frame.locator(".atlas-table__tools").get_attribute("aria-label") == f"{tools}{colon}{doc['title']}"
            checked += "&lt;img x-h" in doc["title"]
    assert checked  # titles with entity-like text were among them


def _term_definition(atlas, ident, lang):
    """The whole definition as the tooltip must show it: every character typed, white space collapsed as HTML does."""
    term = atlas.glossary[ident]
    return " ".join(f"{term.term(lang)}: {term.definition.text(lang)}".split())


def test_tooltips_show_the_definition_as_text_on_hover_focus_and_tap(browser, hostile, hostile_url):
    expected = _term_definition(hostile["atlas"], "embedding", "en")
    assert "<" in expected and "-->" in expected  # the tooltip has markup and closers to show
    assert len(expected) > 1000  # the whole corpus: a long definition is shown whole, not cut short
    context = browser.new_context(viewport={"width": 420, "height": 800}, has_touch=True)
    hits = []
    context.expose_function("__pwn", lambda *a: hits.append(a))
    page = context.new_page()
    try:
        # the approaches list shows each approach's one-line summary, where the fixture names its glossary term
        # (the approach's own page opens with its synthesis instead)
        page.goto(hostile_url + "/en/approaches/")
        term = page.locator("abbr.atlas-term").filter(has_text=re.compile("^embedding$", re.I)).first
        tip = page.locator("#atlas-tip")
        term.scroll_into_view_if_needed()
        term.hover()
        assert tip.is_visible() and tip.text_content() == expected
        assert term.get_attribute("aria-describedby") == "atlas-tip"
        assert tip.locator("*").count() == 0  # text only: no element inside
        page.keyboard.press("Escape")
        assert not tip.is_visible()
        term.focus()  # keyboard
        assert tip.is_visible() and tip.text_content() == expected
        page.keyboard.press("Escape")
        page.mouse.move(1, 1)
        term.tap()  # touch
        assert tip.is_visible() and tip.text_content() == expected
        page.locator("h1").tap()
        assert not tip.is_visible()
    finally:
        context.close()
    assert hits == []


def test_an_overflowing_navigation_name_shows_as_text(guarded, hostile, hostile_url):
    guarded.goto(hostile_url + "/en/approaches/retrieval/")
    name = hostile["atlas"].approaches["tuning"].name("en")
    link = guarded.locator(".md-nav--primary a.md-nav__link", has_text="Tuning").first
    # Material gives an overflowing name its title once the name has been seen on screen; a loaded machine can be
    # hovering before then, and a hover that came first shows nothing
    link.scroll_into_view_if_needed()
    guarded.wait_for_function("a => a.matches('[title], :has([title])')", arg=link.element_handle(), timeout=15_000)
    link.hover()
    tip = guarded.locator("#atlas-tip")
    tip.wait_for(state="visible")
    assert tip.text_content() == re.sub(r"\s+", " ", name)  # as the navigation shows it: HTML collapses white space
    assert guarded.hits == []


def test_search_results_show_hostile_text_as_text(guarded, hostile_url):
    guarded.goto(hostile_url + "/en/")
    from test_quality import open_search

    open_search(guarded, "retrieval")
    guarded.locator(".md-search-result__item").first.wait_for(state="attached", timeout=60_000)
    assert guarded.locator(".md-search-result [x-h]").count() == 0
    assert "<img x-h" in guarded.locator(".md-search-result").inner_text()
    assert guarded.hits == []


def test_the_guide_after_answering_and_its_decision_record(guarded, hostile, hostile_url):
    guarded.goto(hostile_url + "/en/guide/")
    guarded.locator('input[name="hostile"][value="daily"]').check()
    guarded.locator("[data-guide-ranking] li").first.wait_for()
    assert guarded.locator("[data-atlas-guide] [x-h]").count() == 0
    assert PAYLOADS[0] in guarded.locator("[data-atlas-guide]").inner_text()
    guarded.locator(".atlas-guide__preview summary").click()
    record = guarded.locator("[data-guide-record]").text_content()
    assert guarded.hits == []
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(record)
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert not [t for t in tokens if t.type == "html_block"] and not [c for c in inline if c.type == "html_inline"]
    assert not [c for c in inline if c.type == "s_open"]  # no ~~strikethrough~~ from data
    assert not [t for t in tokens if t.type in ("heading_open",) and t.tag == "h1"][1:]  # one title
    hrefs = [c.attrs["href"] for c in inline if c.type == "link_open"]
    assert hrefs and all(h.startswith((hostile_url + "/en/", "https://example.org/x")) for h in hrefs), hrefs  # the site the reader is on
    assert URL in hrefs  # the source's URL, as written
    shown = "".join(c.content for c in inline if c.type == "text")
    q = hostile["atlas"].questions["hostile"]
    assert q.text("en") in shown.replace("\n", " ")


def test_embeds_run_nothing(guarded, hostile, hostile_url):
    for lang in LANGS:
        guarded.goto(f"{hostile_url}/{lang}/embed/retrieval-vs-tuning/")
        assert TEXT in guarded.locator("table").inner_text()
        assert guarded.locator("[x-h]").count() == 0
    assert guarded.hits == []


# --- exports: each parsed by a parser of its target, text exact, inert -----------------------------------------

def _tables(site: Path):
    for lang in LANGS:
        for path in sorted((site / lang / "tables").glob("*.json")):
            yield lang, path.with_suffix(""), json.loads(path.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    """The text as the target keeps it: line breaks as '\n', spaces at the end of a line dropped (Markdown and
    MediaWiki both drop them; they are not the text's content)."""
    return re.sub(r" +\n", "\n", markup.line_breaks(text))


def test_csv_exports_round_trip_and_hold_no_formula(hostile):
    n = 0
    for _, stem, doc in _tables(hostile["site"]):
        rows = list(csv.reader(io.StringIO(stem.with_suffix(".csv").read_text(encoding="utf-8"), newline="")))
        assert len(rows[0]) == 1 and rows[0][0].startswith("# ")
        assert [markup.csv_text(c) for c in rows[1]] == doc["columns"]
        assert [[markup.csv_text(c) for c in r] for r in rows[2:]] == doc["rows"]
        for r in rows[1:]:
            for c in r:
                assert not c.startswith(("=", "+", "-", "@", "\t", "\r")), (stem, c[:40])
        n += 1
    assert n > 50


def _gfm_rows(md: str):
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)
    rows, row, bad = [], None, []
    for tok in tokens:
        if tok.type == "html_block":
            bad.append(tok.content)
        if tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            text, links = "", []
            for c in tok.children or []:
                if c.type == "text" or c.type == "code_inline":
                    text += c.content
                elif c.type == "html_inline" and c.content == "<br>":
                    text += "\n"
                elif c.type == "link_open":
                    links.append(c.attrs["href"])
                elif c.type in ("html_inline", "image", "s_open", "em_open", "strong_open"):
                    bad.append(c.type + ":" + c.content)
            row.append((text, links))
        elif tok.type == "tr_close":
            rows.append(row)
            row = None
    return rows, bad


def test_markdown_exports_round_trip_and_are_inert(hostile):
    for _, stem, doc in _tables(hostile["site"]):
        rows, bad = _gfm_rows(stem.with_suffix(".md").read_text(encoding="utf-8"))
        assert bad == [], stem
        assert [t for t, _ in rows[0]] == doc["columns"], stem
        assert len(rows) == len(doc["rows"]) + 1, stem  # no row split or merged
        for got, want, links in zip(rows[1:], doc["rows"], doc["links"]):
            assert [_norm(t).strip(" ") for t, _ in got] == [_norm(w).strip(" ") for w in want], stem
            assert [ls for _, ls in got] == [[link["url"] for link in cell] for cell in links], stem


def test_mediawiki_exports_round_trip_and_are_inert(hostile):
    for _, stem, doc in _tables(hostile["site"]):
        code = mwparserfromhell.parse(stem.with_suffix(".mediawiki").read_text(encoding="utf-8"))
        rows = [[c for c in tr.contents.nodes if isinstance(c, mwparserfromhell.nodes.Tag) and c.tag in ("td", "th")]
                for tr in code.filter_tags(recursive=True) if tr.tag == "tr"]
        values = [[_norm(wiki_text(c.contents).removesuffix("\n")).strip(" ") for c in row] for row in rows]
        assert values[0] == doc["columns"], stem
        assert values[1:] == [[_norm(w).strip(" ") for w in r] for r in doc["rows"]], stem
        urls = [str(link.url) for link in code.filter_external_links()]
        wanted = [link["url"] for row in doc["links"] for cell in row for link in cell if link["text"]]
        assert [unquote(u) for u in urls[:len(wanted)]] == [unquote(w) for w in wanted], stem
        for u in urls:
            assert not re.search(r"''|__|~~~|&|[\[\]{}|<>\"]", u.split("?")[0] + u.partition("?")[2].replace("&", "")), u


def test_xhtml_exports_are_well_formed_round_trip_and_are_inert(hostile):
    def text(el) -> str:
        out = el.text or ""
        for child in el:
            out += "\n" if child.tag == "br" else text(child)
            out += child.tail or ""
        return out

    for _, stem, doc in _tables(hostile["site"]):
        root = ET.fromstring(f"<root>{stem.with_suffix('.xhtml').read_text(encoding='utf-8')}</root>")
        assert {el.tag for el in root.iter()} <= {"root", "h3", "table", "tbody", "tr", "th", "td", "p", "a", "br", "em"}
        assert all(set(el.attrib) <= {"href"} for el in root.iter()), stem
        cells = [[text(c) for c in tr] for tr in root.iter("tr")]
        assert cells[0] == doc["columns"] and cells[1:] == [[_norm(w) for w in r] for r in doc["rows"]], stem


def test_json_exports_and_api_keep_the_text_exactly(hostile):
    """The API is the dataset as loaded, every field of every kind exactly; the JSON exports carry URLs as written."""
    from macros import embeds
    site = hostile["site"]
    data = json.loads((site / "api" / "v1" / "data.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(embeds.dataset(hostile["atlas"]), ensure_ascii=False))
    assert any(isinstance(v, str) and v.endswith(TEXT) for _, v in loader.walk(data["kinds"]["approaches"]["retrieval"]))
    doc = json.loads((site / "en" / "tables" / "alpha-article-facts.json").read_text(encoding="utf-8"))
    assert any(link["url"] == URL for row in doc["links"] for cell in row for link in cell)


# --- the loader refuses what no output could carry --------------------------------------------------------------

def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_links_in_data_must_be_http(copy_of_fixture_data):
    _replace(copy_of_fixture_data / "sources" / "alpha-article.yaml", "url: https://example.org/alpha", "url: javascript:alert(1)")
    _replace(copy_of_fixture_data / "tools" / "store-one.yaml", "url: https://example.org/store", "url: data:text/html,x")
    _, errors = loader.load(copy_of_fixture_data, ROOT)
    text = "\n".join(e.format() for e in errors)
    assert "alpha-article.yaml:" in text and "url: 'javascript:alert(1)' has the wrong form; expected An absolute http or https URL" in text
    assert "store-one.yaml:" in text and "url: 'data:text/html,x' has the wrong form" in text


MIXED_HOST = "ex\u0430mple.org".encode("idna").decode("ascii")  # a Cyrillic 'а' in 'example'


@pytest.mark.parametrize("url, message", [
    ("https://example.org/x)<img src=x onerror=alert(1)>", "has the wrong form"),
    ('https://example.org/x"title', "has the wrong form"),
    ("https://example.org/x{:onmouseover=alert(1)}", "has the wrong form"),
    ("https://example.org/a|b", "has the wrong form"),
    ("https://ex\u0430mple.org/", "has the wrong form"),
    (f"https://{MIXED_HOST}/", "mixes scripts"),
    ("https://user@evil.example/", "user name or password"),
    ("https://example.org/%zz", "percent-encoding"),
    ("https://example.org/[x]", "outside an IPv6 host"),
    ("https://exa_mple.org/", "not a valid host name"),
])
def test_urls_outside_rfc_3986_or_with_mixed_script_hosts_are_refused(copy_of_fixture_data, url, message):
    _replace(copy_of_fixture_data / "sources" / "alpha-article.yaml", "url: https://example.org/alpha", f"url: {json.dumps(url)}")
    _, errors = loader.load(copy_of_fixture_data, ROOT)
    hits = [e.format() for e in errors if "alpha-article.yaml" in e.format() and "url" in e.format()]
    assert hits and message in hits[0], [e.format() for e in errors]
    assert re.search(r"alpha-article\.yaml:\d+:\d+: url:", hits[0])


def test_a_doi_must_follow_the_doi_grammar(copy_of_fixture_data):
    path = copy_of_fixture_data / "sources" / "beta-paper.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^identifiers:.*\n(  .*\n)*", "", text)
    path.write_text(text + 'identifiers: {doi: "10.1000/x}}[[Category:X]]"}\n', encoding="utf-8")
    _, errors = loader.load(copy_of_fixture_data, ROOT)
    text = "\n".join(e.format() for e in errors)
    assert "beta-paper.yaml:" in text and "identifiers.doi" in text, text


@pytest.mark.parametrize("value, message", [
    ('"tab\\tescaped"', "wrong form"),  # the YAML escape of a tab, which the literal-tab check cannot see
    ('"bell\\x07"', "wrong form"),
    ('"next line\\x85"', "wrong form"),
    ('"cr\\rlf"', "wrong form"),
    ('"\\u200b\\u200d\\u2060"', "invisible"),
    ('"\\u202e\\ufeff \\u3164"', "invisible"),
])
def test_controls_and_invisible_only_text_are_refused_however_written(copy_of_fixture_data, value, message):
    path = copy_of_fixture_data / "approaches" / "retrieval.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    original = doc["name"]["en"]
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"(name:\s*\{?\s*en:\s*)" + re.escape(original))
    if pattern.search(text):
        text = pattern.sub(lambda m: m.group(1) + value, text, count=1)
    else:
        raise AssertionError("name.en not found in the fixture")
    path.write_text(text, encoding="utf-8")
    _, errors = loader.load(copy_of_fixture_data, ROOT)
    hits = [e.format() for e in errors if "retrieval.yaml" in e.format() and "name.en" in e.format()]
    assert hits and message in " ".join(hits), [e.format() for e in errors]


def test_text_rules_give_their_reason():
    from macros import values
    assert "a tab" in values.text_problem("a\tb")[0]
    assert "U+0085" in values.text_problem("a\x85b")[0]
    assert values.text_problem("\u200b\u200c") [0] == "text made only of invisible characters"
    assert values.text_problem("  ")[0] == "blank text"
    assert values.text_problem("a\u200bb") is None and values.text_problem("line\nbreak") is None
    assert values.url_problem("https://example.org/a_(b)?c=d&e='f'*!$;,+~") is None
    assert values.url_problem("https://xn--bcher-kva.example/") is None  # one script (Latin), in punycode
    assert "mixes scripts" in values.url_problem(f"https://{MIXED_HOST}/")[0]
    assert values.doi_problem("10.1073/pnas.1611835114") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_a_tooltip_shown(browser, hostile_url, scheme):
    from test_quality import axe_violations

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(hostile_url + "/en/approaches/")  # where the term stands in running text (see the test above)
        term = page.locator("abbr.atlas-term").filter(has_text=re.compile("^embedding$", re.I)).first
        term.scroll_into_view_if_needed()
        term.focus()
        page.locator("#atlas-tip").wait_for(state="visible")
        problems = axe_violations(page)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
