"""Where in the work a statement comes from (a source's `sections`, a statement's `section`): checked at its line,
named by every citation mark of the statement, and listed on the source's page; and a reworded statement's former
anchor (published/redirects.yaml, claims:) still lands on it."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from macros import expectations, loader, registry, render
from macros.text import claim_anchor

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "sources/alpha-article.yaml"
APPROACH = "approaches/retrieval.yaml"
STEP = "  - {en: Find similar passages., zh: 找到相似段落。, sources: [alpha-article]}\n"
OUTLINE = """sections:
  - id: what-retrieval-is
    title: {en: "What is retrieval?", zh: "什么是检索？"}
  - id: costs
    title: {en: "Costs", zh: "成本"}
  - id: preface
    heading: false
    title: {en: "Opening paragraph", zh: "开篇段落"}
"""


def _edit(data: Path, rel: str, old: str, new: str) -> None:
    f = data / rel
    text = f.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def _outlined(data: Path, step_section: str) -> None:
    (data / SOURCE).write_text((data / SOURCE).read_text(encoding="utf-8") + OUTLINE, encoding="utf-8")
    _edit(data, APPROACH, STEP, "  - {en: Find similar passages., zh: 找到相似段落。, sources: [alpha-article], "
                                f"section: {step_section}}}\n")


def test_a_wrong_section_is_reported_at_its_line_with_the_ids_that_exist(copy_of_fixture_data):
    data = copy_of_fixture_data
    _outlined(data, "{alpha-article: what-retrival-is, beta-paper: costs}")
    _edit(data, SOURCE, "  - id: preface\n", "  - id: costs\n")  # a duplicate id
    atlas, errors = loader.load(data, ROOT)
    assert atlas is None
    text = "\n".join(e.format() for e in errors)
    line = next(n for n, l in enumerate((data / APPROACH).read_text(encoding="utf-8").splitlines(), 1)
                if "Find similar passages." in l)
    assert f"{APPROACH}:{line}:" in text and "steps[1].section.alpha-article: unknown section 'what-retrival-is' of " \
        "source 'alpha-article'; expected one of what-retrieval-is, costs. Fix: did you mean 'what-retrieval-is'?" in text, text
    assert "steps[1].section.beta-paper: 'beta-paper' is not one of this statement's sources; expected one of its " \
        "sources: alpha-article" in text, text
    assert "sections[2].id: section id 'costs' is already used by sections[1]" in text, text
    assert len(errors) == 3, text


def test_a_source_without_sections_cannot_be_given_one(copy_of_fixture_data):
    data = copy_of_fixture_data
    _edit(data, APPROACH, STEP, "  - {en: Find similar passages., zh: 找到相似段落。, sources: [alpha-article], "
                                "section: {alpha-article: costs}}\n")
    atlas, errors = loader.load(data, ROOT)
    assert atlas is None
    assert ["steps[1].section.alpha-article: source 'alpha-article' lists no sections of its work" in e.format()
            for e in errors] == [True], [e.format() for e in errors]


def test_a_statement_citing_an_outlined_work_without_saying_where_is_a_warning(copy_of_fixture_data):
    data = copy_of_fixture_data
    _outlined(data, "{alpha-article: costs}")
    atlas, errors, docs = loader.load_documents(data, ROOT)
    assert not errors
    warned = [w for w in expectations.warnings(atlas, docs) if "without saying where" in w.problem]
    cited = sum(1 for d in docs.values() for _, v in loader.walk(d.data)
                if isinstance(v, dict) and "alpha-article" in (v.get("sources") or []) and not v.get("section"))
    parts = sum(1 for d in docs.values() for p, v in loader.walk(d.data)
                if isinstance(v, dict) and "alpha-article" in (v.get("sources") or []) and "parts" in p[-2:-1])
    assert len(warned) == cited - parts > 0
    assert not any("Find similar passages" in (w.field + w.problem) or w.field == "steps[1]" for w in warned
                   if w.file.endswith(APPROACH))
    w = next(w for w in warned if w.file.endswith(APPROACH) and w.field == "steps[0]")
    assert "add `section: {alpha-article: what-retrieval-is}`" in w.fix and w.line == 11


def test_every_statement_from_a_founding_article_says_where_in_it(atlas):
    _, errors, docs = loader.load_documents()
    assert not errors
    missing = [w.format() for w in expectations.warnings(atlas, docs) if "without saying where" in w.problem]
    assert not missing, f"{len(missing)} statements cite a founding article without its section:\n" + "\n".join(missing[:20])
    assert all(atlas.sources[s].sections for s in ("rumor-fine-tuning-vs-rag", "rag-vs-fine-tuning-how-to-choose",
               "ziyu-rag-vs-fine-tuning", "dtcms-fine-tuning-vs-rag", "finetune-vs-rag-2024"))


def test_each_citation_mark_names_the_section_in_the_page_language(copy_of_fixture_data):
    data = copy_of_fixture_data
    _outlined(data, "{alpha-article: [what-retrieval-is, costs]}")
    atlas, errors = loader.load(data, ROOT)
    assert not errors
    step = next(s for s in atlas.approaches["retrieval"].steps if s.text.en == "Find similar passages.")
    for lang, expected in (("en", "Section of the work: What is retrieval? (什么是检索？); Costs (成本)"),
                           ("zh", "原文章节：什么是检索？；成本")):
        ctx = render.Ctx(atlas, lang)
        md = render.claim(ctx, step)
        mark = re.search(r'\(/sources/alpha-article\.md#(c-[0-9a-f]{8})\)\{ \.atlas-cite data-search-exclude title="([^"]*)" \}', md)
        assert mark and mark.group(1) == claim_anchor("Find similar passages."), md
        import html as h
        shown = h.unescape(h.unescape(mark.group(2)))  # md_text's character references, as the browser reads them
        assert shown.endswith(expected), shown
        other = next(s for s in atlas.approaches["retrieval"].steps if s.text.en == "Embed the question.")
        assert "Section" not in render.claim(ctx, other) and "原文章节" not in render.claim(ctx, other)


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.claims = [], {}
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "p" and "atlas-claim" in (a.get("class") or ""):
            self._in = a.get("id")
            self.claims[self._in] = []
        elif self._in and a.get("id"):
            self.claims[self._in].append(a["id"])

    def handle_endtag(self, tag):
        if tag == "p":
            self._in = None


def test_the_outline_counts_the_statements_that_name_each_section(site):
    """On a founding article's page, each section of the outline says how many statements below name it."""
    for lang in ("en", "zh"):
        ctx = render.Ctx(loader.load_or_raise(), lang)
        page = (site / lang / "sources" / "dtcms-fine-tuning-vs-rag" / "index.html").read_text(encoding="utf-8")
        outline = page[page.index('id="article-sections"'):page.index('id="claims"')]
        label = ctx.t("article_section") + ctx.t("colon")
        below = re.sub(r"<[^>]+>", "", page[page.index('id="claims"'):])
        import html as h
        below = h.unescape(below)
        for sec in ctx.atlas.sources["dtcms-fine-tuning-vs-rag"].sections:
            title = sec.title(lang) + (f" ({sec.title('zh')})" if lang == "en" else "")
            said = re.search(r"<li>" + re.escape(title) + r"[ （(]+(\d+)", h.unescape(outline))
            assert said, (lang, title)
            n = sum(1 for line in below.splitlines() if label in line and title in line.split(label, 1)[1])
            assert int(said.group(1)) == n > 0, (lang, sec.id, said.group(1), n)


def test_a_reworded_statement_keeps_its_former_anchor(site):
    claims = (yaml.safe_load((ROOT / "published" / "redirects.yaml").read_text(encoding="utf-8")) or {}).get("claims") or {}
    assert claims, "no reworded statement to check"
    for lang in ("en", "zh"):
        found = {}
        for page in (site / lang / "sources").glob("*/index.html"):
            p = _Ids()
            p.feed(page.read_text(encoding="utf-8"))
            assert len(p.ids) == len(set(p.ids)), page
            for new, inner in p.claims.items():
                for old in inner:
                    found.setdefault(old, set()).add(new)
        for old, new in claims.items():
            assert found.get(old) == {new}, (lang, old, new, found.get(old))


def test_a_redirect_to_no_statement_is_an_error_and_is_not_rendered(atlas):
    live = render.citations(atlas)[0].claim_anchor
    reg = registry.Registry(claim_redirects={"c-00000000": "c-ffffffff", live: live})
    problems = render.claim_redirect_errors(atlas, reg)
    assert problems == [
        "published/redirects.yaml: claims: c-00000000: c-ffffffff: no statement has the anchor c-ffffffff; expected "
        "the anchor of the reworded statement's English text (macros/text.claim_anchor)",
        f"published/redirects.yaml: claims: {live}: {live}: {live} is a statement's anchor still; redirect only anchors "
        "that are gone"]
    ctx = render.Ctx(atlas, "en")
    ctx.__dict__["registry"] = reg
    page = render.source_page(ctx, "dtcms-fine-tuning-vs-rag")
    assert "c-00000000" not in page and "atlas-was" not in page  # neither redirect gives an id
    assert render.claim_redirect_errors(atlas, registry.load()) == []  # the repository's own redirects hold


def test_make_check_fails_on_a_redirect_to_no_statement(tmp_path, monkeypatch):
    import subprocess
    import sys

    red = ROOT / "published" / "redirects.yaml"
    saved = red.read_text(encoding="utf-8")
    try:
        red.write_text(saved.replace("claims:\n", "claims:\n  c-00000000: c-ffffffff\n", 1), encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "macros.cli", "check"], cwd=ROOT, capture_output=True, text=True,
                             env={k: v for k, v in __import__("os").environ.items() if k != "ATLAS_DATA_DIR"})
    finally:
        red.write_text(saved, encoding="utf-8")
    assert out.returncode == 1 and "claims: c-00000000: c-ffffffff: no statement has the anchor" in out.stderr, out.stderr


def test_a_malformed_redirect_is_refused_when_read(tmp_path):
    red = tmp_path / "redirects.yaml"
    red.write_text("claims:\n  c-1234: '<script>'\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"redirects.yaml: claims: c-1234: <script>: expected old anchor: new anchor"):
        registry.load(tmp_path / "none.yaml", red)


def test_the_api_gives_each_statement_its_sections(atlas):
    from macros import embeds

    data = embeds.dataset(atlas)
    step = next(s for s in data["kinds"]["approaches"]["rag"]["definition"] if s["sources"] == ["ziyu-rag-vs-fine-tuning"])
    assert step["section"] == {"ziyu-rag-vs-fine-tuning": list(atlas.approaches["rag"].definition[0].section.of(
        "ziyu-rag-vs-fine-tuning"))} and step["section"]["ziyu-rag-vs-fine-tuning"]
    outline = data["kinds"]["sources"]["ziyu-rag-vs-fine-tuning"]["sections"]
    assert [s["id"] for s in outline][:3] == ["introduction", "what-are-rag-and-fine-tuning", "speed"]
