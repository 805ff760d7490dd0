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
