"""In Chromium: an embed shows its table inside an iframe on another origin; the copy buttons put the right
text on the clipboard, by mouse and by keyboard, and say so."""
from __future__ import annotations

import pytest

from conftest import serve
from macros import tablespecs


def test_embed_loads_in_an_iframe_on_another_origin(browser, site_url, tmp_path):
    host = tmp_path / "wiki"
    host.mkdir()
    (host / "index.html").write_text(
        "<!doctype html><title>wiki</title><h1>Team wiki</h1>"
        f'<iframe id="atlas" src="{site_url}/zh/embed/rag-vs-fine-tuning/" width="360" height="600"></iframe>',
        encoding="utf-8")
    with serve(host) as wiki_url:
        assert wiki_url.split(":")[-1] != site_url.split(":")[-1]
        ctx = browser.new_context(viewport={"width": 800, "height": 800})
        page = ctx.new_page()
        page.goto(wiki_url)
        frame = page.frame_locator("#atlas")
        frame.locator("table").wait_for()
        assert frame.locator("tbody tr").count() > 20
        assert "RAG 与微调" in frame.locator("h1").inner_text()
        assert "CC BY 4.0" in frame.locator("footer").inner_text()
        ctx.close()


def test_a_filtered_embed_filters_inside_the_sandbox_of_its_embed_code(browser, site_url, tmp_path, atlas):
    """The embed code's iframe is sandboxed without allow-same-origin; the embed's policy lets only the site's
    own filter script run; the filter still hides what the URL did not pick, and nothing is refused."""
    host = tmp_path / "wiki"
    host.mkdir()
    (host / "index.html").write_text(
        "<!doctype html><title>wiki</title>"
        f'<iframe id="atlas" src="{site_url}/en/embed/matrix/?a=rag,lora" width="900" height="600" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>', encoding="utf-8")
    with serve(host) as wiki_url:
        page = browser.new_page()
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(wiki_url)
        frame = page.frame_locator("#atlas")
        frame.locator("table").wait_for()
        frame.locator("thead th[hidden]").first.wait_for(state="attached")  # the filter has run
        heads = frame.locator("thead th:not([hidden])").all_inner_texts()
        _, used, _ = tablespecs.matrix_cells(atlas)
        assert heads[1:] == [atlas.approaches[a].short_name.en for a in used if a in ("rag", "lora")], heads
        assert refused == []
        page.close()


def test_a_filtered_embed_in_parts_keeps_the_choice_on_every_part(page, site_url, atlas):
    """The compare table's embed is in parts (over the budget whole). Picked by a dimension that is on the last
    part: the first part says none of its rows is picked, its links to the other parts keep the choice, and the
    last part shows just that row."""
    from macros import compare, render
    rows = compare.facets(render.context(atlas, "en"), "compare")["rows"]
    last = rows[-1]["id"]
    page.goto(f"{site_url}/en/embed/compare/?d={last}")
    page.locator(".parts[role=status]").wait_for()
    assert page.locator("tbody tr:not([hidden])").count() == 0
    links = page.locator("nav.parts a")
    count = links.count()
    assert count >= 2 and links.evaluate_all("as => as.map(a => a.search)") == [f"?d={last}"] * count
    links.nth(count - 1).click()
    page.wait_for_url(f"**/embed/compare/{count}/?d={last}")
    shown = page.locator("tbody tr:not([hidden]) td:first-child").all_inner_texts()
    assert shown == [atlas.dimensions[last].name.en]


def _clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_and_embed_code(clip_page, site_url):
    page = clip_page
    page.goto(f"{site_url}/en/approaches/rag/")
    frame = page.locator("#rag-advantages")
    frame.get_by_role("button", name="Copy link").click()
    expect = f"{site_url}/en/approaches/rag/#rag-advantages"
    page.wait_for_function("document.querySelector('#rag-advantages').dataset.atlasCopied === 'link'")
    assert _clipboard(page) == expect
    assert "Copied" in frame.locator('[role="status"]').inner_text()
    frame.get_by_role("button", name="Copy embed code").click()
    page.wait_for_function("document.querySelector('#rag-advantages').dataset.atlasCopied === 'embed'")
    code = _clipboard(page)
    assert code.startswith(f'<iframe src="{site_url}/en/embed/rag-advantages/"')
    # sandboxed: its links may open tabs, its one script may run, but in an origin of its own (no cookies, no
    # storage, nothing of the wiki's page)
    assert ' sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in code and "allow-same-origin" not in code


def test_copy_as_markdown_by_keyboard_from_the_home_page(clip_page, site_url):
    page = clip_page
    page.goto(f"{site_url}/zh/")
    button = page.locator("#home-headline").get_by_role("button", name="复制为 Markdown")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#home-headline').dataset.atlasCopied === 'markdown'")
    expected = page.evaluate(f"fetch('{site_url}/zh/tables/rag-vs-fine-tuning.md').then(r => r.text())")
    assert _clipboard(page) == expected
    assert "| 维度 |" in expected
    assert "已复制" in page.locator("#home-headline [role=status]").inner_text()
