"""Chinese as a native reader expects it: one term per concept (the glossary's zh name; the names in a term's
avoid_zh never appear), full-width punctuation inside Chinese text and no stray space around it, the glossary in
pinyin order, and the original title of every work written in another language shown beside its translation."""
from __future__ import annotations

import re

import pytest

from chinese_text import (ROOT, markdown_text, punctuation_problems, term_problems, terminology, zh_fields,
                          zh_pages)
from macros import loader, render, tablespecs


@pytest.fixture(scope="module")
def atlas():
    return loader.load_or_raise()


@pytest.fixture(scope="module")
def zh(atlas):
    return render.Ctx(atlas, "zh")


def test_the_checks_find_what_a_reader_would_object_to():
    terms = [("full-fine-tuning", "全参数微调", "全量微调")]
    assert term_problems("先做全量微调。", terms)
    assert not term_problems("先做全参数微调。", terms)
    for bad in ("核心对比: RAG 与微调对比", "理由:", "响应时间。 在", "微调,然后", "RAG ，然后"):
        assert punctuation_problems(bad), bad
    for good in ("核心对比：RAG 与微调对比", "延迟为 300 ms，GPT-4: 见下", "原标题：Fine-Tuning or Retrieval? Comparing"):
        assert not punctuation_problems(good), good
    assert markdown_text("见[对比](comparisons/index.md)。") == "见对比。"


def test_the_terminology_list_is_in_the_glossary():
    terms = terminology()
    assert {t[0] for t in terms} >= {"full-fine-tuning", "prompt-engineering", "supervised-fine-tuning",
                                     "instruction-following", "hybrid-rag-fine-tuning"}
    for ident, good, bad in terms:
        assert bad != good and bad not in good, (ident, bad)


def test_one_chinese_term_per_concept_in_every_zh_field():
    terms = terminology()
    found = [f"{p.relative_to(ROOT)} {'.'.join(map(str, path))}: {e}"
             for p, path, text in zh_fields() for e in term_problems(text, terms)]
    found += [f"{p.relative_to(ROOT)}:{n}: {e}" for p, n, text in zh_pages() for e in term_problems(text, terms)]
    assert not found, f"{len(found)} Chinese names the glossary says not to use:\n" + "\n".join(found)


def test_chinese_punctuation_in_every_zh_field_and_page():
    found = [f"{p.relative_to(ROOT)} {'.'.join(map(str, path))}: {e}"
             for p, path, text in zh_fields() for e in punctuation_problems(text)]
    found += [f"{p.relative_to(ROOT)}:{n}: {e}" for p, n, text in zh_pages() for e in punctuation_problems(text)]
    assert not found, f"{len(found)} punctuation problems:\n" + "\n".join(found)


def test_chinese_punctuation_in_the_generated_pages(atlas, zh):
    """What the renderers add (labels, colons, brackets) follows the same rules as the data."""
    # Not yet checked here: the "what studies measured" sections of macros/results.py (issue 14), which joined
    # late and still put spaces after full-width punctuation (about 500 places); they are cut out below until
    # that renderer uses the same separators (render.Ctx.colon/gap/comma).
    own = {"approaches": "approach_section", "dimensions": "dimension_section", "comparisons": "comparison_section",
           "sources": "source_section"}
    pages = {}
    for folder in render.ENTITY_PAGES:
        if folder not in ("approaches", "dimensions", "comparisons", "scenarios", "patterns", "sources"):
            continue
        for i in atlas.kind(folder):
            md = render.entity_page(zh, folder, i)
            if folder in own:
                md = md.replace(getattr(render.results, own[folder])(zh, i).strip(), "")
            md = "\n".join(line for line in md.splitlines() if "/evidence/" not in line)
            pages[f"{folder}/{i}"] = md
    for name in ("glossary", "challenges", "guidance", "tech_stack", "headline", "dimension_list", "source_list"):
        pages[name] = getattr(render, name)(zh)
    found = [f"{name}: {e}" for name, md in pages.items() for line in md.splitlines()
             for e in punctuation_problems(markdown_text(line))]
    assert not found, f"{len(found)} punctuation problems in generated Chinese pages:\n" + "\n".join(found[:60])


# half-width punctuation right after Chinese text or a full-width bracket, as a reader of the built page meets it;
# a space after full-width punctuation, before Chinese text
_BUILT_HALF_WIDTH = re.compile(r"[\u3400-\u9fff）」”][:;,?!]")
_BUILT_SPACE_AFTER = re.compile(r"[，。：；！？、] +(?=[\u3400-\u9fff])")


def _built_text(html_text: str) -> str:
    """The text and the title / aria-label attributes (tooltips, chart bars, table tools) of a built page's article,
    or of an embed's body; code stands as a word (X), tags as nothing."""
    import html as html_mod

    start = html_text.find("<article")
    part = html_text[start:html_text.find("</article>")] if start >= 0 else html_text[html_text.find("<body"):]
    part = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", part, flags=re.S)
    part = re.sub(r"<(code|pre)\b[^>]*>.*?</\1>", "X", part, flags=re.S)
    attrs = re.findall(r'(?:title|aria-label)="([^"]*)"', part)
    return html_mod.unescape(re.sub(r"<[^>]+>", "", part) + "\n" + "\n".join(attrs))


def test_no_half_width_punctuation_after_chinese_anywhere_in_the_built_zh_site(site):
    """What every renderer and template writes, in every zh page and embed, tooltips and chart titles included: the
    labels of evidence pages ("研究:"), the tooltips' "微调: 定义", the chart bars' "基础模型: 0.401", the guide's
    "维度: 任务类型", the versions' "…改变）: 17228a" and conditions joined by "; " had half-width punctuation
    (5,781 in the site as it was); "支持： 这项研究", "此表格所在页面： 微调" and "……成绩。 不能说明" a space after full-width
    punctuation (513)."""
    found = []
    for page in sorted((site / "zh").rglob("*.html")):
        text = _built_text(page.read_text(encoding="utf-8"))
        for rule in (_BUILT_HALF_WIDTH, _BUILT_SPACE_AFTER):
            for m in rule.finditer(text):
                found.append(f"{page.relative_to(site)}: …{text[max(0, m.start() - 15):m.end() + 10]!r}")
    assert not found, f"{len(found)} punctuation problems in the built Chinese site:\n" + "\n".join(found[:40])
    # the check reads what a reader reads: a tooltip's title and a page's text
    assert _BUILT_HALF_WIDTH.search(_built_text('<article><abbr title="微调: 定义">微调</abbr></article>'))
    assert _BUILT_HALF_WIDTH.search(_built_text("<article><p><strong>研究:</strong> x</p></article>"))
    assert not _BUILT_HALF_WIDTH.search(_built_text("<article><p>见 <code>a:b</code></p></article>"))
    assert _BUILT_SPACE_AFTER.search(_built_text("<article><p><strong>支持：</strong> 这项</p></article>"))
    assert not _BUILT_SPACE_AFTER.search(_built_text("<article><p>订阅：<code>feed.xml</code> 对应全站</p></article>"))


def test_zh_glossary_is_in_pinyin_order(atlas, zh):
    md = render.glossary(zh)
    order = [m for m in re.findall(r"^### (.+?) \{ #([a-z0-9-]+) \}", md, re.M)]
    names = [n for n, _ in order]
    assert len(names) == len(atlas.glossary)
    # a few terms a Chinese reader would look up, by the pinyin of their first syllables
    expected = ["白箱蒸馏", "参数高效微调", "大语言模型", "幻觉", "检索增强生成", "微调", "灾难性遗忘", "最小可行产品"]
    positions = [names.index(n) for n in expected]
    assert positions == sorted(positions), [names[p] for p in sorted(positions)]
    assert names != sorted(names), "code-point order is not pinyin order"
    # the index table at the top lists the terms in the same order
    table = zh.tables["glossary"]
    assert [row[0].text for row in table.rows] == names


def test_glossary_prints_each_definition_once(atlas):
    for lang in ("en", "zh"):
        md = render.glossary(render.Ctx(atlas, lang))
        for t in atlas.glossary.values():
            # a definition cut into parts (which source says which part) is printed part by part, each part once
            pieces = [p.text(lang) for p in t.definition.parts] or [t.definition.text(lang)]
            for text in pieces:
                assert md.count(render.esc(text)) == 1, (lang, t.id, text)


def test_original_title_beside_the_translation_on_both_sites(atlas):
    en_paper = atlas.sources["ovadia-2023-knowledge-injection"]
    assert en_paper.language == "en"
    zh_page = render.source_page(render.Ctx(atlas, "zh"), en_paper.id)
    assert render.esc(en_paper.title.en) in zh_page and render.esc(en_paper.title.zh) in zh_page
    zh_article = next(s for s in atlas.sources.values() if s.language == "zh" and not s.original_title)
    en_page = render.source_page(render.Ctx(atlas, "en"), zh_article.id)
    assert render.esc(zh_article.title.zh) in en_page and render.esc(zh_article.title.en) in en_page
    # and in the list of sources, where readers look for a paper by its title
    rows = [r for t in ("sources-founding-articles", "sources-other-sources")
            for r in render.Ctx(atlas, "zh").tables[t].rows]
    assert any(en_paper.title.en in r[1].text for r in rows)
