"""In Chromium: search in each language, and the language switcher keeps the reader on the same page."""
from __future__ import annotations

import pytest


def _search(page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    # Material's search reads the field on key events (fill() sends none): a final End key, as a reader's last key;
    # the search worker builds its index on the first query, from the whole JSON: on a loaded two-core machine over 15 s
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    return page.locator(".md-search-result__item").all_inner_texts()


def test_english_search_finds_pages(page, site_url):
    results = _search(page, f"{site_url}/en/", "catastrophic forgetting")
    assert results and any("forgetting" in r.lower() for r in results)


@pytest.mark.parametrize("query", ["微调", "灾难性遗忘", "向量数据库"])
def test_chinese_search_finds_words_inside_running_text(page, site_url, query):
    results = _search(page, f"{site_url}/zh/", query)
    assert results and any(query in r.replace("\u200b", "") for r in results), results[:3]


def test_language_switcher_lands_on_the_same_page(page, site_url):
    page.goto(f"{site_url}/en/approaches/rag/")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=zh]").click()
    page.wait_for_url("**/zh/approaches/rag/")
    assert page.locator("html").get_attribute("lang") == "zh"
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_url("**/en/approaches/rag/")


def test_root_picks_the_readers_language(browser, site_url):
    for locale, lang in (("zh-CN", "zh"), ("en-GB", "en")):
        ctx = browser.new_context(locale=locale)
        pg = ctx.new_page()
        pg.goto(f"{site_url}/")
        pg.wait_for_url(f"**/{lang}/")
        ctx.close()


def test_glossary_tooltip_is_present_in_chinese_running_text(page, site_url):
    page.goto(f"{site_url}/zh/approaches/rag/")
    terms = page.locator("abbr.atlas-term")
    assert terms.count() > 5
    assert terms.first.get_attribute("title")
