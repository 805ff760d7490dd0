"""In Chromium, as a reader meets the site: the home page's first screen answers the question and leads into the
guide; every table reads on a phone without sideways scrolling (the matrix scrolls with its first column fixed);
search finds whole Chinese words, names in the other language and an entity's own page first; the language
switcher keeps the place; printing drops the buttons and prints the citations' URLs."""
from __future__ import annotations

import pytest

LANGS = ("en", "zh")
# One page of every kind: home, hand-written tables (costs, latency, tech stack, decisions, sources, glossary),
# a comparison, an approach, a dimension, a scenario, a pattern, a source, a table's own page, the guide.
PAGE_KINDS = ("", "costs/", "latency/", "tech-stack/", "decisions/", "sources/", "glossary/", "figures/",
              "comparisons/rag-vs-fine-tuning/", "approaches/rag/", "dimensions/knowledge-freshness/",
              "scenarios/", "patterns/", "sources/lewis-2020-rag/", "sources/rag-vs-fine-tuning-how-to-choose/",
              "tables/rag-vs-fine-tuning/", "tables/", "guide/", "matrix/")


@pytest.fixture
def viewer(browser):
    contexts = []

    def open_page(width: int, height: int, scheme: str = "light"):
        ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        contexts.append(ctx)
        return ctx.new_page()

    yield open_page
    for ctx in contexts:
        ctx.close()


# --- the first screen ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_first_screen_states_the_question_and_leads_into_the_guide(viewer, site_url, lang, size):
    page = viewer(*size)
    page.goto(f"{site_url}/{lang}/")
    height = size[1]

    def bottom(locator) -> float:
        box = locator.bounding_box()
        assert box is not None
        return box["y"] + box["height"]

    question = page.locator("article h1 + p strong")
    assert "RAG" in question.inner_text()
    assert bottom(question) <= height
    guide = page.locator("nav.atlas-start a[href$='guide/']")
    assert guide.is_visible() and bottom(guide) <= height, "the decision guide is not within the first screen"
    ways = page.locator("nav.atlas-start li a")
    assert ways.count() >= 6
    for i in range(ways.count()):
        assert bottom(ways.nth(i)) <= height, f"way in {ways.nth(i).inner_text()!r} is below the first screen"
    # the short answer starts within the first screen, and every rule of thumb cites its sources
    answer = page.locator("#short-answer")
    assert answer.bounding_box()["y"] < height
    rules = page.locator("#short-answer + ul > li")
    assert rules.count() == 5
    for i in range(rules.count()):
        assert rules.nth(i).locator("a.atlas-cite").count() >= 1
    # the headline table comes after, with the key to its ratings beside it
    table = page.locator("#home-headline table")
    key = page.locator(".atlas-headline__key")
    assert table.bounding_box()["y"] > answer.bounding_box()["y"]
    assert key.locator("dt").count() == 5
    t, k = table.bounding_box(), key.bounding_box()
    if size[0] >= 1280:  # beside it: to its right, starting level with it
        assert k["x"] >= t["x"] + t["width"] - 1 and abs(k["y"] - t["y"]) < 200
    else:  # below it on a phone, still within the page's width
        assert k["x"] + k["width"] <= size[0]


# --- tables on a phone -----------------------------------------------------------------------------------------

WIDEST = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const t of document.querySelectorAll("article table")) {
    if (t.closest("[data-atlas-table=matrix]")) continue;
    const r = t.getBoundingClientRect();
    if (r.right > w + 1 || t.scrollWidth > t.clientWidth + 1)
      out.push(`${(t.closest("[data-atlas-table]") || {dataset: {}}).dataset.atlasTable}: ${Math.round(r.right)} px`);
  }
  return {page: document.documentElement.scrollWidth, width: w, tables: document.querySelectorAll("article table").length, wide: out};
}"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [360, 390])
def test_every_table_reads_on_a_phone_without_sideways_scrolling(viewer, site_url, lang, width):
    page = viewer(width, 800)
    seen = 0
    for path in PAGE_KINDS:
        page.goto(f"{site_url}/{lang}/{path}")
        m = page.evaluate(WIDEST)
        seen += m["tables"]
        assert not m["wide"], f"/{lang}/{path}: tables wider than {width} px: {m['wide']}"
        assert m["page"] <= m["width"], f"/{lang}/{path}: the page scrolls sideways ({m['page']} px)"
    assert seen > 40
    # a card shows each value under its column's heading, and the sources stay visible
    page.goto(f"{site_url}/{lang}/costs/")
    cell = page.locator("article table td[data-label]").nth(1)
    label = page.evaluate("c => getComputedStyle(c, '::before').content", cell.element_handle())
    heading = page.locator("article table th").nth(1).inner_text()
    assert label.strip('"') == heading.strip()
    cite = page.locator("article table a.atlas-cite").first
    box = cite.bounding_box()
    assert cite.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["height"] >= 24 and box["width"] >= 24


# the folds' summaries (what each source says, statements by source): each (summary, its ::before box or None)
FOLD_SUMMARIES = """() => [...document.querySelectorAll("article details > summary")].map(s => {
  const cs = getComputedStyle(s), b = getComputedStyle(s, "::before");
  return {text: s.innerText.trim(), pad: parseFloat(cs.paddingLeft),
          icon: b.display === "none" || b.content === "none" ? null
                : {left: parseFloat(b.left) || 0, width: parseFloat(b.width) || 0}};
})"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [390, 1280])
def test_no_icon_sits_on_the_words_of_a_folds_summary(viewer, site_url, lang, width):
    page = viewer(width, 900)
    seen = 0
    for path in ("approaches/rag/", "approaches/lora/", "approaches/distillation/", "guide/"):
        page.goto(f"{site_url}/{lang}/{path}")
        for s in page.evaluate(FOLD_SUMMARIES):
            seen += 1
            assert s["icon"] is None or s["icon"]["left"] + s["icon"]["width"] <= s["pad"], (lang, path, s)
    assert seen >= 2

@pytest.mark.parametrize("lang", LANGS)
def test_the_matrix_scrolls_with_its_first_column_fixed_and_says_so(viewer, site_url, lang):
    page = viewer(390, 844)
    page.goto(f"{site_url}/{lang}/matrix/")
    assert page.locator(".atlas-scroll-hint").is_visible()
    table = page.locator("[data-atlas-table=matrix] table")
    first = page.locator("[data-atlas-table=matrix] tbody tr:first-child td:first-child")
    second = page.locator("[data-atlas-table=matrix] tbody tr:first-child td:nth-child(2)")
    before_first, before_second = first.bounding_box()["x"], second.bounding_box()["x"]
    scroller = table.evaluate_handle("t => { let e = t; while (e && e.scrollWidth <= e.clientWidth) e = e.parentElement; return e; }")
    assert page.evaluate("e => e.scrollWidth > e.clientWidth", scroller)
    page.evaluate("e => { e.scrollLeft = 200; }", scroller)
    page.wait_for_timeout(100)
    left = page.evaluate("e => e.getBoundingClientRect().left", scroller)
    assert first.bounding_box()["x"] >= left - 1, "the matrix's first column scrolled away"
    assert first.bounding_box()["x"] > before_first - 50
    assert second.bounding_box()["x"] < before_second - 100


def test_the_matrix_on_a_desktop_fits_or_keeps_its_first_column(viewer, site_url):
    page = viewer(1280, 900)
    page.goto(f"{site_url}/en/matrix/")
    heads = page.locator("[data-atlas-table=matrix] thead th").all_inner_texts()
    # columns from outside the model to inside it: prompting, then RAG, then the combination, then fine-tuning's family
    assert heads.index("Prompting") < heads.index("RAG") < heads.index("Fine-tuning") < heads.index("LoRA")
    last = page.locator("[data-atlas-table=matrix] thead th").last
    box = last.bounding_box()
    fits = box["x"] + box["width"] <= 1280
    sticky = page.evaluate("""() => getComputedStyle(document.querySelector("[data-atlas-table=matrix] td:first-child")).position""")
    assert fits or sticky == "sticky"


# --- search ----------------------------------------------------------------------------------------------------

def _search(page, url: str, query: str) -> list[dict]:
    page.goto(url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill(query)
    # Material's search reads the field on key events (fill() sends none): a final End key, as a reader's last key;
    # the search worker builds its index on the first query, from the whole JSON: on a loaded two-core machine over 15 s
    page.locator("input.md-search__input").press("End")
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    page.wait_for_timeout(300)
    # one entry per page found: its address (path and anchor, without Material's ?h=), the addresses of its
    # sections found, its title, all its text (the folded sections too) and the words marked in it
    return page.evaluate(r"""() => [...document.querySelectorAll(".md-search-result__item")].map(li => {
        const where = a => { const u = new URL(a.href); return u.pathname.replace(/^\/[a-z]+\//, "") + u.hash; };
        const links = [...li.querySelectorAll("a")];
        return {href: where(links[0]), hrefs: links.map(where), title: (li.querySelector("h1, h2") || {}).textContent || "",
                text: li.textContent, marks: [...li.querySelectorAll("mark")].map(m => m.textContent)};
    })""")


def _count(page) -> int:
    return int("".join(ch for ch in page.locator(".md-search-result__meta").inner_text() if ch.isdigit()))


@pytest.mark.parametrize("query", ["微调", "微软", "成本", "向量数据库"])
def test_chinese_words_match_whole_words_highlighted_on_the_word(page, site_url, query):
    results = _search(page, f"{site_url}/zh/", query)
    top = results[:5]
    assert all(query in r["text"] for r in top), [r["title"] for r in top]
    # what is marked is the word (or a word of it, 向量 of 向量数据库, or a longer word it begins, 成本低),
    # never another word that only shares its first character (微软 for 微调)
    marks = [m for r in results[:10] for m in r["marks"] if m]
    assert marks and all(m in query or m.startswith(query) for m in marks), marks[:10]
    assert not any("\u200b" in r["text"] or "\u200b" in r["title"] for r in results)


@pytest.mark.parametrize("lang,query,words", [
    ("zh", "灾难性遗忘", ["灾难性", "遗忘"]), ("zh", "向量数据库", ["向量", "数据库"]), ("en", "灾难性遗忘", ["灾难性", "遗忘"]),
])
def test_a_chinese_query_of_several_words_marks_every_word_and_misses_none(page, site_url, lang, query, words):
    # Material joined the words it found with "* " and then added its own "*": the first word was looked for as
    # "灾难性*" among the words found, every result said "缺少: 灾难性*" and the page opened marked only the last word
    _search(page, f"{site_url}/{lang}/", query)
    missing = [m for m in page.locator(".md-search-result__terms").all_inner_texts() if m.strip()]
    assert not any(w in m for m in missing for w in words), missing[:3]
    # the first part of the top result that matched (a page's own heading matched nothing when only a section did)
    from urllib.parse import parse_qs, urlparse
    hrefs = page.locator(".md-search-result__item").first.locator("a").evaluate_all("els => els.map(a => a.href)")
    marked = next(parse_qs(urlparse(h).query)["h"][0].split() for h in hrefs if parse_qs(urlparse(h).query).get("h"))
    assert set(words) <= set(marked), marked


def test_two_chinese_words_sharing_a_first_character_find_different_pages(page, site_url):
    tune = _search(page, f"{site_url}/zh/", "微调")
    tune_count = _count(page)
    soft = _search(page, f"{site_url}/zh/", "微软")
    assert [r["href"] for r in tune[:10]] != [r["href"] for r in soft[:10]]
    assert _count(page) < tune_count


@pytest.mark.parametrize("query", ["微调 成本", "微调成本", "灾难性遗忘"])
def test_chinese_queries_of_several_words_put_pages_with_every_word_first(page, site_url, query):
    words = {"微调 成本": ["微调", "成本"], "微调成本": ["微调", "成本"], "灾难性遗忘": ["灾难性", "遗忘"]}[query]
    results = _search(page, f"{site_url}/zh/", query)
    for r in results[:3]:
        assert all(w in r["text"] for w in words), (r["title"], words)


@pytest.mark.parametrize("lang,query,expected", [
    ("en", "幻觉", "glossary/#hallucination"), ("en", "灾难性遗忘", "glossary/#catastrophic-forgetting"),
    ("en", "检索增强生成", "approaches/rag/"), ("en", "知识时效性", "dimensions/knowledge-freshness/"),
    ("zh", "catastrophic forgetting", "glossary/#catastrophic-forgetting"), ("zh", "hallucination", "glossary/#hallucination"),
    ("zh", "Retrieval-augmented generation", "approaches/rag/"), ("zh", "Knowledge freshness", "dimensions/knowledge-freshness/"),
])
def test_each_language_finds_a_name_in_the_other_language(page, site_url, lang, query, expected):
    results = _search(page, f"{site_url}/{lang}/", query)
    found = [h for r in results[:3] for h in r["hrefs"]]
    assert expected in found, found


@pytest.mark.parametrize("lang,query,expected", [
    ("zh", "catastrophic forgetting", "glossary/#catastrophic-forgetting"), ("zh", "灾难性遗忘", "glossary/#catastrophic-forgetting"),
    ("en", "Catastrophic forgetting", "glossary/#catastrophic-forgetting"), ("en", "灾难性遗忘", "glossary/#catastrophic-forgetting"),
    ("en", "PEFT", "approaches/parameter-efficient-fine-tuning/"), ("zh", "Low-rank adaptation", "approaches/lora/"),
    ("en", "低秩适配", "approaches/lora/"), ("en", "Overfitting", "glossary/#overfitting"), ("zh", "过拟合", "glossary/#overfitting"),
])
def test_a_glossary_entry_or_an_entitys_page_comes_first_for_its_name_in_either_language(page, site_url, lang, query, expected):
    # papers whose titles hold the words ("Overcoming catastrophic forgetting in neural networks") come after the
    # entry that the name names
    results = _search(page, f"{site_url}/{lang}/", query)
    assert expected in results[0]["hrefs"], [r["hrefs"][:2] for r in results[:3]]


@pytest.mark.parametrize("lang,query,expected", [
    ("en", "RAG", "approaches/rag/"), ("en", "LoRA", "approaches/lora/"), ("en", "Fine-tuning", "approaches/fine-tuning/"),
    ("en", "Full fine-tuning", "approaches/full-fine-tuning/"), ("zh", "RAG", "approaches/rag/"),
    ("zh", "LoRA", "approaches/lora/"), ("zh", "微调", "approaches/fine-tuning/"), ("zh", "检索增强生成", "approaches/rag/"),
])
def test_an_entitys_own_page_ranks_first_for_its_name(page, site_url, lang, query, expected):
    results = _search(page, f"{site_url}/{lang}/", query)
    assert results[0]["href"] == expected, [r["href"] for r in results[:3]]


# --- the switcher keeps the place ------------------------------------------------------------------------------

def _switch(page, to: str):
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang={to}]").click()


def test_the_language_switcher_keeps_the_anchor_and_the_query(page, site_url):
    page.goto(f"{site_url}/en/glossary/#catastrophic-forgetting")
    _switch(page, "zh")
    page.wait_for_url("**/zh/glossary/#catastrophic-forgetting")
    page.goto(f"{site_url}/zh/approaches/rag/?from=wiki#advantages")
    _switch(page, "en")
    page.wait_for_url("**/en/approaches/rag/?from=wiki#advantages")


def test_the_switcher_keeps_the_place_after_instant_navigation(page, site_url):
    page.goto(f"{site_url}/en/")
    page.locator("article a[href$='glossary/']").first.click()
    page.wait_for_url("**/en/glossary/")
    page.evaluate("location.hash = 'hallucination'")
    _switch(page, "zh")
    page.wait_for_url("**/zh/glossary/#hallucination")


# --- print -----------------------------------------------------------------------------------------------------

def test_print_has_no_buttons_and_prints_citation_urls(page, site_url):
    page.goto(f"{site_url}/en/approaches/rag/")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    buttons = page.locator("article button, .md-clipboard, .atlas-table__tools")
    assert all(not buttons.nth(i).is_visible() for i in range(buttons.count()))
    after = page.evaluate("""() => getComputedStyle(document.querySelector("article a.atlas-cite"), "::after").content""")
    assert "/sources/" in after and "http" in after


def test_print_puts_the_guides_result_before_its_questions(page, site_url):
    page.goto(f"{site_url}/en/guide/")
    page.locator(".atlas-guide__app").wait_for()
    page.locator(".atlas-guide__option input").first.check()
    page.emulate_media(media="print")
    result = page.locator(".atlas-guide__result").bounding_box()
    form = page.locator(".atlas-guide__form").bounding_box()
    assert result["y"] < form["y"]


# --- a table's own page ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,title", [("en", "Comparison matrix"), ("zh", "对比矩阵")])
def test_a_tables_page_names_the_page_it_stands_on_and_explains_its_version(page, site_url, lang, title):
    page.goto(f"{site_url}/{lang}/tables/matrix/")
    assert page.locator("article p a[href*='matrix/#matrix']").first.inner_text() == title
    assert page.locator(".atlas-exports code").last.inner_text() in page.locator(".atlas-exports p").last.inner_text()
    assert ("version" if lang == "en" else "版本") in page.locator(".atlas-exports p").last.inner_text()
    # the site's name in the credit line is not annotated as the glossary's "LLM"
    assert page.locator("article em abbr").count() == 0
