"""Which source supports which part of a claim (a claim's `parts`): checked against the claim's own text and
sources, and shown with each part's own citation marks, on pages and in tables."""
from __future__ import annotations

from pathlib import Path

from macros import loader, render, tablespecs
from macros.text import claim_anchor

ROOT = Path(__file__).resolve().parent.parent
APPROACH = "approaches/retrieval.yaml"
DRAWBACK = "  - {en: Extra latency., zh: 额外延迟。, sources: [alpha-article]}\n"


def _with(data: Path, claim: str) -> None:
    f = data / APPROACH
    text = f.read_text(encoding="utf-8")
    assert DRAWBACK in text
    f.write_text(text.replace(DRAWBACK, claim), encoding="utf-8")


PARTS = """  - en: Extra latency. It grows with the index.
    zh: 额外延迟。延迟随索引增大。
    sources: [alpha-article, beta-paper]
    parts:
      - {en: Extra latency., zh: 额外延迟。, sources: [alpha-article]}
      - {en: It grows with the index., zh: 延迟随索引增大。, sources: [beta-paper, alpha-article]}
"""


def test_each_part_carries_its_own_sources_on_the_page_and_in_tables(copy_of_fixture_data):
    _with(copy_of_fixture_data, PARTS)
    atlas, errors = loader.load(copy_of_fixture_data, ROOT)
    assert not errors, "\n".join(e.format() for e in errors)
    claim = atlas.approaches["retrieval"].drawbacks[0]
    assert [p.sources for p in claim.parts] == [("alpha-article",), ("beta-paper", "alpha-article")]
    for lang in ("en", "zh"):
        ctx = render.Ctx(atlas, lang)
        md = render.claim(ctx, claim)
        first, second = claim.parts[0].text(lang), claim.parts[1].text(lang)
        head, tail = md.split(second, 1)
        # the first part is followed by its one source, the second by its two; all at the claim's one anchor
        assert head.startswith(first) and head.count("atlas-cite") == 1 and "/sources/alpha-article.md#" in head
        assert tail.count("atlas-cite") == 2 and "/sources/beta-paper.md#" in tail
        assert md.count(f"#{claim_anchor(claim.text.en)})") == 3
        cell = tablespecs.claim_cell(tablespecs.TCtx(atlas, lang), claim)
        kinds = [(p.kind, p.text.strip()) for p in cell.parts]
        labels = {s: atlas.sources[s].label for s in ("alpha-article", "beta-paper")}
        assert kinds == [("text", first), ("cite", labels["alpha-article"]), ("text", second),
                         ("cite", labels["beta-paper"]), ("cite", labels["alpha-article"])], kinds


def test_parts_that_do_not_give_the_claim_are_reported_at_their_place(copy_of_fixture_data):
    wrong = (PARTS.replace("{en: It grows with the index., zh: 延迟随索引增大。, sources: [beta-paper, alpha-article]}",
                           "{en: It grows with the size., zh: 延迟随索引增大, sources: [alpha-article]}"))
    _with(copy_of_fixture_data, wrong)
    atlas, errors = loader.load(copy_of_fixture_data, ROOT)
    assert atlas is None
    text = "\n".join(e.format() for e in errors)
    place = f"{APPROACH}:"
    assert text.count(place) == 3, text
    assert "drawbacks[0].parts: the English parts joined with a space are not the claim's 'en'" in text
    assert "they give 'Extra latency. It grows with the size.'" in text
    assert "drawbacks[0].parts: the Chinese parts joined together are not the claim's 'zh'" in text
    assert "the parts' sources are not the claim's sources: no part cites beta-paper" in text


COMPARISON = "comparisons/retrieval-vs-tuning.yaml"
CELL = ("      retrieval: {rating: strong, verdict: {en: Update the index, zh: 更新索引}, rationale: {en: No retraining., "
        "zh: 无需重训。}, sources: [alpha-article]}\n")
CELL_PARTS = ("      retrieval: {rating: strong, verdict: {en: Update the index, zh: 更新索引}, rationale: {en: No retraining. "
              "The index is rebuilt., zh: 无需重训。索引会重建。}, sources: [alpha-article, beta-paper], parts: ["
              "{en: No retraining., zh: 无需重训。, sources: [alpha-article]}, {en: The index is rebuilt., zh: %s, "
              "sources: [beta-paper]}]}\n")
RULE = "  - {en: Knowledge changes daily., zh: 知识每天变化。, prefer: [retrieval], sources: [alpha-article]}\n"
RULE_PARTS = ("  - {en: Knowledge changes daily. It must be current., zh: 知识每天变化。必须保持最新。, prefer: [retrieval], "
              "sources: [alpha-article, beta-paper], parts: [{en: Knowledge changes daily., zh: 知识每天变化。, "
              "sources: [alpha-article]}, {en: It must be current., zh: 必须保持最新。, sources: [beta-paper]}]}\n")


def _edit(data: Path, rel: str, old: str, new: str) -> None:
    f = data / rel
    text = f.read_text(encoding="utf-8")
    assert old in text, rel
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_cell_and_a_rule_cut_into_parts_cite_each_part_on_pages_and_in_tables(copy_of_fixture_data):
    data = copy_of_fixture_data
    _edit(data, COMPARISON, CELL, CELL_PARTS % "索引会重建。")
    _edit(data, "dimensions/freshness.yaml", RULE, RULE_PARTS)
    atlas, errors = loader.load(data, ROOT)
    assert not errors, [e.format() for e in errors]
    cell = atlas.comparisons["retrieval-vs-tuning"].rows[0].cells[0]
    anchor = claim_anchor(tablespecs.cell_text(atlas, "freshness", cell).en)
    ctx = render.Ctx(atlas, "en")
    page = render.comparison_page(ctx, "retrieval-vs-tuning")
    # each part, then only its own marks, all at the cell's one anchor on the sources' pages
    first, second = page.index("No retraining."), page.index("The index is rebuilt.")
    between, after = page[first:second], page[second:second + 200]
    assert f"/sources/alpha-article.md#{anchor}" in between and "beta-paper" not in between
    assert f"/sources/beta-paper.md#{anchor}" in after and "alpha-article" not in after.split("\n")[0]
    rule = atlas.dimensions["freshness"].rules[0]
    t = tablespecs.dimension_rules(tablespecs.TCtx(atlas, "en"), "freshness")
    text_cell = t.rows[0][0]
    assert [(p.text, p.kind) for p in text_cell.parts] == [
        ("Knowledge changes daily.", "text"), ("Alpha 2024", "cite"), (" It must be current.", "text"), ("Beta et al. 2020", "cite")], \
        text_cell.parts
    assert all(p.href.endswith("#" + claim_anchor(rule.text.en)) for p in text_cell.parts if p.kind == "cite")


def test_parts_of_a_rationale_that_do_not_give_it_are_reported_at_the_cell(copy_of_fixture_data):
    _edit(copy_of_fixture_data, COMPARISON, CELL, CELL_PARTS % "索引重建。")
    atlas, errors = loader.load(copy_of_fixture_data, ROOT)
    assert atlas is None
    text = "\n".join(e.format() for e in errors)
    assert f"{COMPARISON}:" in text and "rows[0].cells.retrieval.parts: the Chinese parts joined together are not the " \
        "rationale's 'zh'" in text, text
    assert len(errors) == 1, text
