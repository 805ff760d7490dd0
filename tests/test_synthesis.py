"""Synthesis first, then the evidence, and every statement pointing at its source precisely: approach, dimension
and comparison pages open with a cited summary; what each source says on its own is folded, grouped by source; a
comparison leads with its conclusions; each citation lands on the cited statement's anchor on the source's page,
where statements are grouped by the page they stand on."""
from __future__ import annotations

import html
import re

import pytest

from conftest import claim_pieces
from macros import loader, render
from macros.text import claim_anchor

CITE = re.compile(r"\]\(/sources/([a-z0-9-]+)\.md(?:#([a-z0-9-]+))?\)\{ \.atlas-cite data-search-exclude(?: title=\"[^\"]*\")? \}")  # its check date on hover


@pytest.fixture(scope="module")
def atlas():
    return loader.load_or_raise()


@pytest.fixture(scope="module", params=["en", "zh"])
def ctx(request, atlas):
    return render.Ctx(atlas, request.param)


def opening(md: str) -> str:
    """What a reader sees before the first section of a page."""
    return md.split("\n## ", 1)[0]


def test_every_approach_dimension_and_comparison_page_opens_with_a_cited_summary(atlas, ctx):
    for folder in ("approaches", "dimensions", "comparisons"):
        for ident in atlas.kind(folder):
            head = opening(render.entity_page(ctx, folder, ident))
            assert 'class="atlas-synthesis"' in head, (folder, ident)
            body = head.split('class="atlas-synthesis"', 1)[1].split("</div>", 1)[0]
            assert CITE.search(body), (folder, ident)
            assert ctx.t("synthesis_note") in html.unescape(body)  # says it is the site's own summary of what is cited below


def test_each_sentence_of_an_approach_summary_cites_its_own_sources(atlas):
    ctx = render.Ctx(atlas, "en")
    for ident, a in atlas.approaches.items():
        assert len(a.synthesis) >= 2, ident
        head = opening(render.approach_page(ctx, ident))
        for sentence in a.synthesis:
            for text, sources in claim_pieces(sentence, "en"):  # each part with its own sources, if it has parts
                marks = render.cite(ctx, sources, claim_anchor(sentence.text.en), sentence.checked)
                assert render.esc(text) + " " + marks in head, (ident, text[:40])


def test_a_summary_may_cite_only_what_the_file_already_cites(copy_of_fixture_data):
    f = copy_of_fixture_data / "approaches" / "retrieval.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("zh: 检索先查找文档，再把文档放进提示词。, sources: [alpha-article]",
                              "zh: 检索先查找文档，再把文档放进提示词。, sources: [beta-paper]"), encoding="utf-8")
    atlas, errors = loader.load(copy_of_fixture_data, loader.ROOT)
    assert atlas is None
    found = [e for e in errors if e.field.startswith("synthesis")]
    assert len(found) == 1 and "beta-paper" in found[0].problem and found[0].line == 7, [e.format() for e in errors]


def test_definitions_are_folded_and_grouped_by_source_not_listed_in_a_row(atlas, ctx):
    for ident, a in atlas.approaches.items():
        md = render.approach_page(ctx, ident)
        section = md.split("{ #definition }", 1)[1].split("\n## ", 1)[0]
        assert section.lstrip().startswith('<details class="atlas-fold"'), ident
        for d in a.definition:
            for text, _ in claim_pieces(d, ctx.lang):
                assert md.count(render.esc(text)) == 1, (ident, text[:40])
        groups = re.findall(r"^\*\*(.+?)\*\*$", section, re.M)
        assert len(groups) == len({d.sources for d in a.definition}), ident


def test_a_comparison_leads_with_its_conclusions_and_shows_its_table_once(atlas, ctx):
    for ident, comp in atlas.comparisons.items():
        md = render.comparison_page(ctx, ident)
        if comp.conclusions:
            assert md.index("{ #conclusions }") < md.index("{ #table }") < md.index("{ #cells }"), ident
        assert md.count(f'data-atlas-table="{ident}"') == 1, ident


def test_every_citation_lands_on_its_statement_on_the_source_page(atlas, ctx):
    pages = [render.entity_page(ctx, folder, i) for folder in render.ENTITY_PAGES for i in atlas.kind(folder)]
    pages += [render.glossary(ctx), render.challenges(ctx), render.guidance(ctx), render.tech_stack(ctx),
              render.decision_tables(ctx), render.figure_tables(ctx, ("latency", "cost", "other"))]
    anchors = {s: set(re.findall(r"\{: #([a-z0-9-]+) \.atlas-claim \}", render.source_page(ctx, s))) |
               set(re.findall(r"\{ #([a-z0-9-]+)[^}]* \}", render.source_page(ctx, s))) for s in atlas.sources}
    cited = missing = 0
    for md in pages:
        for source, anchor in CITE.findall(md):
            if anchor.startswith("c-"):
                cited += 1
                missing += anchor not in anchors[source]
            elif anchor:
                assert anchor in anchors[source], (source, anchor)
    assert cited > 1000 and missing == 0, (cited, missing)


def test_source_pages_group_statements_by_page_with_one_anchor_each(atlas, ctx):
    biggest = max(atlas.sources, key=lambda s: len(render.citations_of(atlas).get(s, [])))
    md = render.source_page(ctx, biggest)
    ids = re.findall(r"\{: #(c-[0-9a-f]{8}) \.atlas-claim \}", md)
    assert len(ids) == len(set(ids)) > 100
    groups = re.findall(r"^### .+\{ #(on-[a-z0-9-]+) data-search-exclude \}$", md, re.M)  # searched where they stand
    assert len(groups) > 10 and len(groups) == len(set(groups))
    assert "/approaches/rag.md" in md.split("{ #on-approaches-rag data-search-exclude }", 1)[0].rsplit("\n", 1)[-1]


def test_the_matrix_says_which_comparison_each_rating_comes_from(atlas, ctx):
    md = render.matrix(ctx)
    listed = re.findall(r"^(\d+)\. \[.+?\]\(/comparisons/([a-z0-9-]+)\.md\)$", md, re.M)
    number = {cid: n for n, cid in listed}
    assert set(number) == set(atlas.comparisons)
    table = ctx.tables["matrix"]
    marks = 0
    for row in table.rows:
        for cell in row[1:]:
            parts = cell.parts
            for i, p in enumerate(parts):
                if p.kind == "rating":
                    cid = p.href.split("/comparisons/", 1)[1].split(".md", 1)[0]
                    assert parts[i + 1].text.strip(" ()（）") == number[cid]
                    marks += 1
    assert marks > 100
    empty = [c for row in table.rows for c in row[1:] if not any(p.kind == "rating" for p in c.parts)]
    assert empty and all(c.text == ctx.t("matrix_not_rated") for c in empty)
    assert "not applicable" not in ctx.t("matrix_not_rated").lower() and "不适用" not in ctx.t("matrix_not_rated")


def test_every_hand_written_page_says_what_its_own_text_is():
    for lang in ("en", "zh"):
        for p in sorted((loader.ROOT / "docs" / lang).rglob("*.md")):
            text = p.read_text(encoding="utf-8")
            body = text.split("\n# ", 1)[1].split("\n", 1)[1]
            prose = [b for b in body.split("\n\n") if b.strip() and not b.lstrip().startswith(("{{", "#", "|", "- "))]
            if prose:
                assert "{{ own_text(" in text, p
