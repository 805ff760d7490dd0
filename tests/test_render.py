"""Renderers are pure functions: tested on fixture data without building a site."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import pytest

from macros import render, tooltips
from macros.model import Quantity, Text
from macros.text import esc, quantity_value, to_milliseconds

EXTENSIONS = ["toc", "attr_list", "md_in_html", "tables", "admonition", "def_list"]

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "**bold** _em_ `code` ~~strike~~",
    "{{ config.site_name }} {% if true %}x{% endif %}",
    "a | b || c",
    "line one\nline two",
    "- not a list",
    "1. not a list",
    "2) not a list either",
    "---",
    "+++ plus",
    "0.3 s stays plain",
    "# not a heading",
    "> not a quote",
    "    four spaces",
    "ab\u200bcd \u202eevil\u202c",
    "微调 | RAG：\"引号\" 'single', commas, 😀",
    "&amp; &lt; &#60; entity-looking",
    "{: .class } {#id}",
    "*[RAG]: Retrieval",
    "[^1] footnote",
    "https://example.org/plain",
    "\\ backslash \\n",
]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "br":
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def _html(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS)


def _visible(md: str) -> tuple[str, list]:
    p = _Text()
    p.feed(_html(md))
    return "".join(p.parts), p.tags


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_is_shown_exactly_in_a_paragraph(text):
    visible, tags = _visible(esc(text))
    assert visible.strip("\n") == text.strip("\n") or visible == text.replace("\n", "\n")
    assert set(tags) <= {"p", "br"}, tags


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_is_shown_exactly_in_a_table_cell(text):
    from macros.tables import Table, site_markdown, txt
    md = site_markdown(Table("t", "en", "t", "index.md", ("h1", "h2"), ((txt(text), txt("after")),)))
    out = _html(md)
    assert out.count("<td>") == 2, out
    p = _Text()
    p.feed(out.split("<td>")[1].split("</td>")[0])
    assert "".join(p.parts) == text
    assert "<script" not in out and "onerror=" not in out.replace("onerror=&quot;", "")


def test_markdown_link_syntax_in_data_never_becomes_a_link():
    out = _html(esc("[click](javascript:alert(1))"))
    assert "<a" not in out


def test_comparison_table_links_each_rating_to_its_rationale(mini_atlas):
    ctx = render.Ctx(mini_atlas, "en")
    md = render.comparison_table(ctx, "retrieval-vs-tuning")
    assert 'id="retrieval-vs-tuning"' in md
    assert "(/comparisons/retrieval-vs-tuning.md#freshness--retrieval)" in md
    assert "(/comparisons/retrieval-vs-tuning.md#speed--tuning)" in md
    page = render.comparison_page(ctx, "retrieval-vs-tuning")
    assert "{ #freshness--retrieval }" in page and "{ #speed--tuning }" in page
    # each cell's citation lands on that cell's statement on the source's page
    anchors = re.findall(r"\[Alpha 2024\]\(/sources/alpha-article\.md#(c-[0-9a-f]{8})\)\{ \.atlas-cite data-search-exclude \}", page)
    assert anchors
    source = render.source_page(ctx, "alpha-article")
    for a in anchors:
        assert f"{{: #{a} .atlas-claim }}" in source


def test_chinese_rendering_uses_chinese_text_everywhere(mini_atlas):
    ctx = render.Ctx(mini_atlas, "zh")
    page = render.comparison_page(ctx, "retrieval-vs-tuning")
    assert "# 检索与调优" in page
    assert "更新索引" in page and "Update the index" not in page
    assert "逐格说明" in page


def test_disagreeing_figures_stand_side_by_side_by_source(mini_atlas):
    ctx = render.Ctx(mini_atlas, "en")
    md = render.figure_tables(ctx, ["latency"])
    pivot = md.split('id="answer-time-by-source"')[1]
    header = pivot.split("| --- |")[0]
    assert "| Alpha 2024 | Beta et al&#46; 2020 |" in header or "| Alpha 2024 | Beta et al. 2020 |" in header
    assert "200–800 ms" in pivot and "| 0.3 s |" in pivot
    # normalised to milliseconds in the main table, with the value as stated beside it (one column, not two)
    values = [row[1].text for row in ctx.tables["answer-time"].rows]
    assert "300 (as stated: 0.3 s)" in values


def test_quantities_format_and_convert():
    q = Quantity(label=Text("x", "x"), unit="CNY", sources=("a",), checked="2026-11-20", min=20000, max=50000, per="month")
    assert quantity_value(q, lambda u: u, lambda p: p, "en") == "20,000–50,000 CNY / month"
    s = Quantity(label=Text("x", "x"), unit="s", sources=("a",), checked="2026-11-20", value=2, approximate=True)
    assert quantity_value(s, lambda u: u, lambda p: p, "en") == "≈ 2 s"
    assert to_milliseconds(s) == (2000.0, 2000.0)
    assert to_milliseconds(q) is None


def test_source_page_lists_every_claim_citing_it(mini_atlas):
    ctx = render.Ctx(mini_atlas, "en")
    cited = [c for c in render.citations(mini_atlas) if "beta-paper" in c.sources]
    page = render.source_page(ctx, "beta-paper")
    assert f"({len(cited)})" in page and len(cited) == 2
    assert "/glossary.md#retrieval-augmented-generation" in page
    assert "(/latency.md#answer-time)" in page
    alpha = render.source_page(ctx, "alpha-article")
    assert "/sources/beta-paper.md" in alpha  # further reading


def test_approach_page_links_back_to_scenarios_comparisons_and_patterns(mini_atlas):
    md = render.approach_page(render.Ctx(mini_atlas, "en"), "retrieval")
    assert "(/scenarios/shop-qa.md)" in md
    assert "(/comparisons/retrieval-vs-tuning.md)" in md
    assert "(/patterns/retrieve-then-tune.md)" in md
    assert 'id="retrieval-advantages"' in md and 'id="retrieval-stack"' in md


def test_tooltips_wrap_terms_in_running_chinese_and_english_text(mini_atlas):
    m = tooltips.matcher(mini_atlas, "zh")
    out = tooltips.annotate("<p>我们用检索增强生成回答问题，并使用向量嵌入。</p>", m)
    assert out.count('<abbr class="atlas-term"') == 2
    # the term and its definition joined by the full-width colon in Chinese, with no space after it
    assert 'title="检索增强生成: ' not in out and 'title="检索增强生成：把检索到的文档放进提示词再回答。"' in out
    en = tooltips.annotate("<p>Use RAG here, not TRAGIC or rag-like words.</p>", tooltips.matcher(mini_atlas, "en"))
    assert en.count("<abbr") == 1 and ">RAG</abbr>" in en


def test_a_tooltip_holds_the_whole_definition_however_long(atlas):
    """Nothing a contributor wrote is cut: the longest definition of the real glossary is in its tooltip whole."""
    for lang in ("en", "zh"):
        term = max(atlas.glossary.values(), key=lambda t: len(t.definition.text(lang)))
        assert lang == "zh" or len(term.definition.text(lang)) > 300  # tooltips once cut definitions at 220 characters
        out = tooltips.annotate(f"<p>{html.escape(term.term(lang))}</p>", tooltips.matcher(atlas, lang))
        title = html.unescape(re.search(r'title="([^"]*)"', out).group(1))
        joined = "：" if lang == "zh" else ": "
        assert title == " ".join(f"{term.term(lang)}{joined}{term.definition.text(lang)}".split()), lang


def test_each_term_is_explained_once_per_section(mini_atlas):
    m = tooltips.matcher(mini_atlas, "en")
    out = tooltips.annotate("<p>RAG and RAG.</p><p>RAG again, and an embedding.</p><h2>Next</h2><p>RAG</p>", m)
    assert out.count(">RAG</abbr>") == 2 and out.count(">embedding</abbr>") == 1
    assert out.startswith('<p><abbr class="atlas-term"') and "<p>RAG again" in out


def test_tooltips_leave_links_code_headings_and_attributes_alone(mini_atlas):
    m = tooltips.matcher(mini_atlas, "en")
    src = '<h2 id="rag">RAG</h2><p><a href="/rag" title="RAG">RAG</a> <code>RAG</code> <img alt="RAG"></p>'
    assert tooltips.annotate(src, m) == src


def test_tooltips_take_the_longest_name_and_no_name_inside_it(mini_atlas):
    m = tooltips.matcher(mini_atlas, "en")
    out = tooltips.annotate("<p>A vector embedding, then an Embedding.</p>", m)
    assert out.count("<abbr") == 1 and ">vector embedding</abbr>" in out  # not "embedding" inside it
    # an English name is a whole word: not inside another word, nor glued by '-' or '_'
    assert tooltips.annotate("<p>embeddings, pre-embedding, embedding_x, 2embedding</p>", m).count("<abbr") == 0
    assert tooltips.annotate("<p>EMBEDDING</p>", m).count(">EMBEDDING</abbr>") == 1  # any case


def test_tooltips_leave_comments_entities_and_other_tags_alone(mini_atlas):
    m = tooltips.matcher(mini_atlas, "en")
    src = ('<!-- RAG > RAG --><p><span title="RAG">x</span> &rag; <svg><text>RAG</text></svg>'
           '<button>RAG</button><th>RAG</th><pre><b>RAG</b></pre></p>')
    assert tooltips.annotate(src, m) == src
    # a name beside a character reference is still found; text after a closed element of SKIP is running text
    out = tooltips.annotate("<p><code>x</code>&nbsp;RAG&amp;</p>", m)
    assert "&nbsp;<abbr" in out and ">RAG</abbr>&amp;" in out
    # characters that lengthen when lower-cased (İ) do not shift where names are found
    assert ">RAG</abbr>" in tooltips.annotate("<p>İİİ RAG</p>", m)


def test_tooltip_titles_are_escaped(mini_atlas):
    from dataclasses import replace
    from macros.model import Claim
    term = mini_atlas.glossary["embedding"]
    evil = replace(term, definition=Claim(Text('a "quoted" <b>def</b>', "定义"), ("alpha-article",), "2026-11-20"))
    atlas = replace(mini_atlas, glossary={**mini_atlas.glossary, "embedding": evil})
    out = tooltips.annotate("<p>An embedding.</p>", tooltips.matcher(atlas, "en"))
    assert 'title="Embedding: a &#34;quoted&#34; &lt;b&gt;def&lt;/b&gt;"' in out or 'title="Embedding: a &quot;quoted&quot; &lt;b&gt;def&lt;/b&gt;"' in out


def test_generated_front_matter_reads_back_exactly_whatever_the_text(mini_atlas):
    import yaml

    from macros.mkdocs_hooks import front_matter

    for text in ['a: "b" \\ c', "C1 \x85\x9f and \u2028 \u2029 separators", "\ufffe\uffff", "中文 😀 \t tab", "#!x &y *z"]:
        fm = front_matter(render_macros=False, description=text, search={"exclude": True}, empty="")
        assert fm.startswith("---\n") and fm.endswith("\n---\n")
        assert yaml.safe_load(fm[4:-4]) == {"render_macros": False, "description": text, "search": {"exclude": True}}


def test_tables_are_written_in_materials_scrolling_boxes_with_a_class():
    from xml.etree import ElementTree

    from macros import table_labels
    md = lambda text: markdown.markdown(text, extensions=["tables", "md_in_html", table_labels.TableLabels()])
    out = md("a\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n<div markdown>\n\n| z |\n|---|\n| 3 |\n\n</div>")
    opening = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="atlas-grid">'
    assert out.count(opening) == 2 and out.count("</table></div></div>") == 2 and "<table>" not in out, out
    assert out.startswith("<p>a</p>\n" + opening + "\n<thead>"), out
    assert '<td data-label="x">1</td>' in out  # the cells keep their headings
    assert md("no table") == "<p>no table</p>"
    # a table that already has a class is not one Material wraps, and is left as it is
    root = ElementTree.fromstring('<div><table class="own"><tr><td>x</td></tr></table></div>')
    assert table_labels.wrap_tables(root) == 0 and root[0].tag == "table"
