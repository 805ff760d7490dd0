"""Without a browser: the home page's short answer comes from cited data; table cells carry their column's heading;
entity pages carry their names in both languages for search; a table's page names the page it stands on."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown

from macros.text import claim_anchor
from macros import render, seo, table_labels
from macros.loader import ROOT


def test_the_short_answer_covers_each_kind_of_approach_and_cites_it(atlas):
    rules = [r for a in atlas.advice.values() for r in a.rules_of_thumb]
    assert {r.approach for r in rules} >= {"rag", "fine-tuning", "prompt-engineering", "distillation",
                                          "hybrid-rag-fine-tuning"}
    for r in rules:
        assert r.sources and all(s in atlas.sources for s in r.sources)
        assert r.text.en.strip() and r.text.zh.strip()
    for lang in ("en", "zh"):
        md = render.short_answer(render.context(atlas, lang))
        lines = md.splitlines()
        assert len(lines) == len(rules)
        for line, r in zip(lines, rules):
            assert f"/approaches/{r.approach}.md" in line
            # a mark per source, each at the rule's own place on its source's page (its title: date and section)
            assert line.count("{ .atlas-cite") == sum(len(s) for _, s in r.runs)  # each part with its own sources
            anchor = claim_anchor(r.text.en)
            assert all(f"(/sources/{s}.md#{anchor})" in line for s in r.sources), line


def test_an_unknown_approach_in_a_rule_of_thumb_fails_the_check(copy_of_fixture_data):
    from macros import loader
    source = next((copy_of_fixture_data / "sources").glob("*.yaml")).stem
    advice = next((copy_of_fixture_data / "advice").glob("*.yaml"))
    advice.write_text(advice.read_text(encoding="utf-8")
                      + "rules_of_thumb:\n  - approach: no-such-approach\n    en: Text.\n    zh: 文字。\n"
                      + f"    sources: [{source}]\n", encoding="utf-8")
    _, errors = loader.load(copy_of_fixture_data, ROOT)
    text = "\n".join(e.format() for e in errors)
    assert "no-such-approach" in text and "rules_of_thumb" in text


def test_every_cell_carries_its_columns_heading():
    html = markdown.markdown("| Name | Value *x* |\n| --- | --- |\n| a | 1 |\n| b | <2 & \"3\" |\n",
                             extensions=["tables", table_labels.TableLabels()])
    root = etree.fromstring(f"<div>{html}</div>")
    cells = root.findall(".//td")
    assert [c.get("data-label") for c in cells] == ["Name", "Value x", "Name", "Value x"]
    assert 'data-label="Value x"' in html


def test_a_table_inside_a_block_left_out_of_search_is_left_out_itself():
    """Material's search parser ends an exclusion at the first closing tag of the same name inside it, so a table's
    own boxes (divs) ended the exclusion of the div around them; the table carries the attribute itself, and the
    search plugin's parser then leaves every cell out."""
    from material.plugins.search.plugin import Parser

    source = ('<div data-search-exclude="" markdown>\n\n<div class="tools" data-search-exclude="">Copy</div>\n\n'
              '| Name | Value |\n| --- | --- |\n| hidden-cell | 1 |\n\n</div>\n\n| Name | Value |\n| --- | --- |\n| shown-cell | 2 |\n')
    html = markdown.markdown(source, extensions=["tables", "md_in_html", "attr_list", table_labels.TableLabels()])
    tables = etree.fromstring(f"<div>{html}</div>").findall(".//table")
    assert [t.get("data-search-exclude") for t in tables] == ["", None]
    parser = Parser()
    parser.feed(html)
    parser.close()
    text = " ".join("".join(s.text) for s in parser.data)
    assert "shown-cell" in text and "hidden-cell" not in text and "Copy" not in text
    # without the attribute on the table, the parser indexes the excluded table (what the site did before)
    parser = Parser()
    parser.feed(html.replace('<table class="atlas-grid" data-search-exclude="">', '<table class="atlas-grid">'))
    parser.close()
    assert "hidden-cell" in " ".join("".join(s.text) for s in parser.data)


def test_a_table_without_a_heading_row_is_left_as_it_is():
    root = etree.fromstring("<div><table><tbody><tr><td>a</td></tr></tbody></table></div>")
    assert table_labels.label_cells(root) == 0
    assert root.find(".//td").get("data-label") is None


def test_entity_pages_are_found_by_their_names_in_both_languages(atlas):
    assert seo.search_names(atlas, "approaches", "rag") == ["RAG", "Retrieval-augmented generation", "检索增强生成"]
    assert "知识时效性" in seo.search_names(atlas, "dimensions", "knowledge-freshness")
    assert seo.search_names(atlas, "sources", "lewis-2020-rag") == []
    # a name with its short form in brackets is also found without it
    lora = seo.search_names(atlas, "approaches", "lora")
    assert {"LoRA", "Low-rank adaptation (LoRA)", "Low-rank adaptation", "低秩适配（LoRA）", "低秩适配"} <= set(lora)
    assert seo.without_short_form("检索增强微调（RAFT）") == "检索增强微调"
    assert seo.without_short_form("RAG + fine-tuning") == "RAG + fine-tuning"
    assert seo.without_short_form("(LoRA)") == "(LoRA)"


def test_glossary_entries_are_found_by_their_names_and_aliases_in_both_languages(atlas):
    names = seo.glossary_search_names(atlas)
    assert set(names) == {f"glossary/#{i}" for i in atlas.glossary}
    assert names["glossary/#catastrophic-forgetting"][:2] == ["Catastrophic forgetting", "灾难性遗忘"]
    peft = names["glossary/#parameter-efficient-fine-tuning"]
    assert {"Parameter-efficient fine-tuning", "参数高效微调", "PEFT", "高效微调"} <= set(peft)
    assert len(peft) == len(set(peft))


def test_a_tables_page_names_the_page_it_stands_on(atlas):
    en, zh = render.context(atlas, "en"), render.context(atlas, "zh")
    assert render.page_title(en, "matrix.md") == "Comparison matrix"
    assert render.page_title(zh, "approaches/rag.md") == "检索增强生成"
    assert render.page_title(en, "sources/index.md") == "Sources"
    page = render.table_page(en, "matrix")
    assert "[Comparison matrix](/matrix.md#matrix)" in page
    assert "[LLM Adaptation Atlas](/index.md)" in page


def test_the_search_worker_is_wrapped_and_both_sites_share_one_separator():
    main = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert "workers/atlas-search.js?w=search." in main
    worker = (ROOT / "overrides" / "assets" / "javascripts" / "workers" / "atlas-search.js").read_text(encoding="utf-8")
    assert "importScripts(worker)" in worker
    seps = [re.search(r"separator: '(.*)'", (ROOT / f).read_text(encoding="utf-8")).group(1)
            for f in ("mkdocs.yml", "mkdocs.zh.yml")]
    assert seps[0] == seps[1] and "\\u200b" in seps[0]
