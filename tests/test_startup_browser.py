"""In Chromium, while a page starts: the light/dark switch (partials/javascripts/palette.html, in place of
Material's palette component) follows the system and then the reader's choice; once the page is parsed, nothing
changes the root's or the body's attributes and Material wraps no table again (main.html, macros/table_labels.py),
so the page is not restyled as Material's bundle starts; the search index is built only when the reader searches
(workers/atlas-search.js), and opening the search box starts it."""
from __future__ import annotations

import pytest

# Records every change of value of an attribute of <html> or <body> made after the page was parsed, and every
# table taken out of the page then.
WATCH = """
window.__changed = []; window.__tablesRemoved = 0;
document.addEventListener("DOMContentLoaded", () => {
  new MutationObserver(records => {
    for (const r of records) {
      if (r.type === "attributes" && (r.target === document.documentElement || r.target === document.body) && r.oldValue !== r.target.getAttribute(r.attributeName))
        window.__changed.push(r.target.tagName + " " + r.attributeName + ": " + r.oldValue + " -> " + r.target.getAttribute(r.attributeName));
      if (r.type === "childList") for (const n of r.removedNodes) if (n.nodeName === "TABLE" || (n.querySelector && n.querySelector("table"))) window.__tablesRemoved++;
    }
  }).observe(document.documentElement, {attributes: true, attributeOldValue: true, childList: true, subtree: true});
}, {capture: true, once: true});
"""


@pytest.fixture
def context_for(browser):
    contexts = []

    def make(scheme: str = "light", width: int = 390, height: int = 844):
        ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def _palette(page) -> dict:
    return page.evaluate("""() => ({
        scheme: document.body.getAttribute("data-md-color-scheme"),
        media: document.body.getAttribute("data-md-color-media"),
        checked: [...document.querySelectorAll("[data-atlas-palette] input")].findIndex(i => i.checked),
        shown: [...document.querySelectorAll("[data-atlas-palette] label")].filter(l => !l.hidden).map(l => l.htmlFor),
        colorScheme: (document.querySelector("meta[name=color-scheme]") || {}).content,
        themeColor: (document.querySelector("meta[name=theme-color]") || {}).content,
        stored: __md_get("__palette"),
    })""")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_palette_follows_the_system_then_the_readers_choice(context_for, site_url, lang):
    page = context_for("dark").new_page()
    page.goto(f"{site_url}/{lang}/approaches/rag/", wait_until="load")
    page.wait_for_timeout(300)
    state = _palette(page)
    # a dark system: the dark palette, its radio checked, only the button to the light one shown
    assert (state["scheme"], state["checked"], state["shown"], state["colorScheme"]) == ("slate", 1, ["__palette_0"], "normal"), state
    assert state["themeColor"].startswith("#") and len(state["themeColor"]) == 7, state
    # the reader switches to light: it applies at once, is stored, and outlives a reload and the system's preference
    page.locator("label[for=__palette_0]").click()
    page.wait_for_timeout(300)
    state = _palette(page)
    assert (state["scheme"], state["checked"], state["shown"], state["colorScheme"]) == ("default", 0, ["__palette_1"], "light"), state
    assert state["stored"]["index"] == 0 and state["stored"]["color"]["scheme"] == "default", state
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.reload(wait_until="load")
    assert _palette(page)["scheme"] == "default"
    # Enter in the switch (a keyboard reader is on its radio button) moves to the next palette, as in Material's
    page.locator("#__palette_0").focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert _palette(page)["scheme"] == "slate"


def test_a_light_system_gets_the_light_palette(context_for, site_url):
    page = context_for("light").new_page()
    page.goto(f"{site_url}/en/", wait_until="load")
    state = _palette(page)
    assert (state["scheme"], state["checked"], state["shown"], state["colorScheme"]) == ("default", 0, ["__palette_1"], "light"), state


@pytest.mark.parametrize("path", ["en/approaches/rag/", "zh/matrix/", "en/glossary/", "zh/guide/"])
def test_nothing_restyles_the_page_once_it_is_parsed(context_for, site_url, path):
    """Material's bundle gives the root its classes, the palette its attributes and every class-less table its
    scrolling box; each of these, done after the first paint, recalculated every element's style. They are all in
    place before, so that the bundle changes nothing: no attribute of <html> or <body> changes value, and no
    table is taken out of the page, from the end of parsing until the page has settled."""
    ctx = context_for("dark")
    ctx.add_init_script(WATCH)
    page = ctx.new_page()
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__changed") == []
    assert page.evaluate("window.__tablesRemoved") == 0
    boxes = page.evaluate("""() => [...document.querySelectorAll(".md-content table")].map(t =>
        [t.className, t.parentElement.className, t.parentElement.parentElement.className,
         t.closest(".md-typeset__scrollwrap").parentElement.closest(".md-typeset__scrollwrap") === null])""")
    assert boxes and all(b == ["atlas-grid", "md-typeset__table", "md-typeset__scrollwrap", True] for b in boxes), boxes
    assert page.evaluate("document.documentElement.className") == "js js-focus-visible"
    assert page.evaluate("document.body.hasAttribute('data-md-color-switching')") is False


@pytest.mark.parametrize("lang,query", [("en", "retrieval"), ("zh", "检索")])
def test_the_search_index_is_built_when_the_reader_opens_search(context_for, site_url, lang, query):
    page = context_for("light", 1280, 900).new_page()
    docs = []
    page.on("request", lambda r: docs.append(r.url) if r.url.endswith("/search/search_docs.json") else None)
    page.goto(f"{site_url}/{lang}/", wait_until="networkidle")
    page.wait_for_timeout(1000)
    assert docs == [], "the index's documents were fetched before any search"
    page.locator("input.md-search__input").focus()  # the reader opens the search box: the index starts now
    page.wait_for_timeout(500)
    assert len(docs) == 1, docs
    field = page.locator("input.md-search__input")
    field.press_sequentially(query, delay=20)
    field.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    titles = page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()
    assert any(query in t.lower() for t in titles[:5]), titles[:5]
    assert len(docs) == 1, "the documents are fetched once"
