"""The real data: valid, consistent, complete in both languages, and covering the founding articles."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from macros import loader, model
from macros.render import citations

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = ["000_7477ff575bb9a668.txt", "001_0b4b478d1b280df3.txt", "002_2b1e242f44b4bc6d.txt",
              "003_4b7ea9569c300391.txt", "004_6cc710db29a360dc.txt"]


def test_real_data_has_no_errors():
    atlas, errors = loader.load(ROOT / "data", ROOT)
    assert errors == [], "\n".join(e.format() for e in errors)
    assert atlas is not None


def test_every_file_is_named_by_its_id_and_points_editors_at_its_schema():
    for kind in model.KINDS:
        for f in sorted((ROOT / "data" / kind.folder).glob("*.yaml")):
            text = f.read_text(encoding="utf-8")
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", f.stem), f
            assert re.search(rf"^id: {re.escape(f.stem)}$", text, re.M), f"{f}: id line must equal the file name"
            first = text.splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schemas/{kind.schema}.schema.json", f"{f}: {first!r}"


def test_required_approaches_exist(atlas):
    for ident in ("rag", "fine-tuning", "full-fine-tuning", "parameter-efficient-fine-tuning", "lora", "qlora",
                  "prompt-engineering", "hybrid-rag-fine-tuning", "distillation"):
        assert ident in atlas.approaches, ident
    assert atlas.approaches["lora"].parent == "parameter-efficient-fine-tuning"
    assert atlas.approaches["qlora"].parent == "parameter-efficient-fine-tuning"


def test_every_approach_page_has_all_its_parts(atlas):
    for ident, a in atlas.approaches.items():
        for part in ("definition", "steps", "advantages", "drawbacks", "use_when", "avoid_when"):
            assert getattr(a, part), f"{ident}: {part} is empty"


def test_the_five_founding_articles_are_sources_with_their_credits(atlas):
    founding = {s.seed: s for s in atlas.sources.values() if s.seed}
    assert sorted(founding) == SEED_FILES
    assert founding["002_2b1e242f44b4bc6d.txt"].licence == "CC-BY-NC-SA-4.0"
    assert founding["002_2b1e242f44b4bc6d.txt"].authors == ("ZIYU",)
    assert founding["000_7477ff575bb9a668.txt"].published == "2024-06-28"
    assert founding["004_6cc710db29a360dc.txt"].published == "2024-01-14"
    assert founding["003_4b7ea9569c300391.txt"].url == "http://www.dtcms.com/a/343385.html"


def test_each_founding_article_is_cited_widely(atlas):
    counts = {}
    for c in citations(atlas):
        for s in c.sources:
            counts[s] = counts.get(s, 0) + 1
    for s in atlas.sources.values():
        if s.seed:
            assert counts.get(s.id, 0) >= 20, f"{s.id} is cited only {counts.get(s.id, 0)} times"


def test_papers_carry_their_arxiv_ids(atlas):
    expected = {"lewis-2020-rag": "2005.11401", "hu-2021-lora": "2106.09685", "dettmers-2023-qlora": "2305.14314",
                "lin-2023-ra-dit": "2310.01352", "ovadia-2023-knowledge-injection": "2312.05934",
                "balaguer-2024-agriculture": "2401.08406", "hinton-2015-distillation": "1503.02531"}
    for ident, arxiv in expected.items():
        assert atlas.sources[ident].identifiers.arxiv == arxiv
        assert atlas.sources[ident].url == f"https://arxiv.org/abs/{arxiv}"


def test_comparisons_the_articles_support_exist(atlas):
    for ident in ("rag-vs-fine-tuning", "fine-tuning-vs-distillation", "rag-vs-fine-tuning-vs-prompting",
                  "full-vs-parameter-efficient-fine-tuning"):
        assert ident in atlas.comparisons, ident
    reproduced = {(r.source) for c in atlas.comparisons.values() for r in c.reproduces}
    assert {"ziyu-rag-vs-fine-tuning", "dtcms-fine-tuning-vs-rag"} <= reproduced


def test_glossary_is_large_and_each_name_is_defined_once(atlas):
    assert len(atlas.glossary) >= 40
    for lang in model.LANGS:
        seen = {}
        for ident, t in atlas.glossary.items():
            for name in (t.term(lang), *t.aliases(lang)):
                assert seen.setdefault(name.casefold(), ident) == ident, f"{name!r} names {seen[name.casefold()]} and {ident}"


def test_disagreeing_latency_figures_are_all_kept_with_their_sources(atlas):
    fig = atlas.figures["response-latency"]
    rag = {(q.sources, q.low, q.high) for q in fig.values if q.approach == "rag"}
    ft = {(q.sources, q.low, q.high) for q in fig.values if q.approach == "fine-tuning"}
    lows_highs_rag = {(lo, hi) for _, lo, hi in rag}
    lows_highs_ft = {(lo, hi) for _, lo, hi in ft}
    assert {(300, 300), (550, 700), (200, 800)} <= lows_highs_rag
    assert {(150, 150), (300, 300), (50, 200)} <= lows_highs_ft
    assert {"rag-vs-fine-tuning-how-to-choose", "ziyu-rag-vs-fine-tuning"} <= {s for srcs, _, _ in rag for s in srcs}


def test_cost_estimates_in_cny_are_reproduced(atlas):
    initial = {(q.approach, q.min, q.max) for q in atlas.figures["initial-cost"].values if q.unit == "CNY"}
    assert ("rag", 20000, 50000) in initial
    assert ("fine-tuning", 100000, 300000) in initial
    assert ("hybrid-rag-fine-tuning", 150000, 400000) in initial
    monthly = {(q.approach, q.min, q.max) for q in atlas.figures["monthly-cost"].values}
    assert {("rag", 5000, 20000), ("fine-tuning", 3000, 10000), ("hybrid-rag-fine-tuning", 8000, 30000)} <= monthly


def test_every_case_from_the_articles_is_a_scenario(atlas):
    expected = {"ecommerce-product-qa": "rag", "everyday-work-tools": "prompt-engineering",
                "product-docs-chatbot": "rag", "legal-judgment-summaries": "fine-tuning",
                "financial-news-analysis": "hybrid-rag-fine-tuning"}
    for ident, approach in expected.items():
        assert approach in atlas.scenarios[ident].chosen, ident
    outcomes = {(q.value, q.unit) for q in atlas.scenarios["product-docs-chatbot"].outcomes}
    assert (92, "percent") in outcomes


def test_every_claim_records_when_it_was_checked(atlas):
    dates = []

    def walk(obj):
        if isinstance(obj, (model.Claim, model.Quantity, model.Rule, model.Cell, model.Remedy, model.StackStage)):
            dates.append(obj.checked)
        if isinstance(obj, tuple):
            for x in obj:
                walk(x)
        elif hasattr(obj, "__dataclass_fields__"):
            for f in obj.__dataclass_fields__:
                walk(getattr(obj, f))

    for kind in model.KINDS:
        for rec in atlas.kind(kind.folder).values():
            walk(rec)
    assert len(dates) > 500
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)


def test_interface_labels_cover_every_key_the_renderers_use(atlas):
    source = (ROOT / "macros" / "render.py").read_text(encoding="utf-8")
    used = set(re.findall(r"""ctx\.t\(["']([a-zA-Z_]+)["']\)""", source))
    dynamic = {f"rating_{r.replace('-', '_')}" for r in ("strong", "good", "mixed", "weak", "not-applicable")}
    dynamic |= {f"unit_{u.replace('-', '_')}" for u in
                yaml.safe_load((ROOT / "schemas" / "common.schema.json").read_text())["$defs"]["unit"]["enum"]}
    missing = sorted(k for k in used | dynamic if k not in atlas.ui)
    assert missing == []


FINGERPRINTS = ROOT / "tests" / "fixtures" / "seed-fingerprints.txt"
RUN, CJK_IN_RUN = 20, 14


def seed_fingerprints(texts) -> set[str]:
    """Hashes (not text) of every run of 20 characters with at least 14 Chinese ones, whitespace removed."""
    out = set()
    for text in texts:
        flat = re.sub(r"\s+", "", text)
        for i in range(len(flat) - RUN + 1):
            run = flat[i:i + RUN]
            if len(re.findall(r"[\u4e00-\u9fff]", run)) >= CJK_IN_RUN:
                out.add(hashlib.sha256(run.encode("utf-8")).hexdigest()[:16])
    return out


@pytest.mark.seeds
def test_committed_seed_fingerprints_match_the_seeds():
    """The committed fingerprints are exactly the seeds', so that the copy check below runs in any clone. The
    seeds are outside the repository (../shared/seeds, on the project's machines and CI): this test is not part of
    `make test` (pytest.ini deselects the `seeds` marker); .ci/run runs it in addition where the seeds exist."""
    if not SEEDS.exists():
        pytest.fail(f"{SEEDS} is missing: run this test only beside shared/seeds/ (.ci/run does so when it exists)")
    texts = [(SEEDS / f).read_text(encoding="utf-8") for f in SEED_FILES]
    assert set(FINGERPRINTS.read_text(encoding="utf-8").split()) == seed_fingerprints(texts)


def test_seed_text_is_not_copied_into_chinese_fields(atlas):
    """Facts carry over, sentences do not: no run of 20 characters, 14 of them Chinese (so lists of product
    names do not count), appears both in a seed and in our Chinese text."""
    grams = set(FINGERPRINTS.read_text(encoding="utf-8").split())
    assert len(grams) > 5000
    offenders = []
    for c in citations(atlas):
        for fp in seed_fingerprints([c.text.zh]):
            if fp in grams:
                offenders.append((c.page, c.text.zh[:60]))
                break
    assert offenders == []


# --- the quick schema check (jsonschema-rs) never lets through what jsonschema refuses -----------------------

_TRICKY_TEXT = ["", " ", "x\n", "\n", "\x1c", "a\x85b", "a\u2028b", "\ufeff", "https://a b", "https://a\x1cb",
                "https://a\x85b", "https://a\x00b", "https://ok.example/x", "10.1234/a\x1cb", "10.1234/ok",
                "٢٠٢٦-١١-٢٠", "2026-11-20\n", "2026-02-31", "Not-Kebab", "kebab-case", "a" * 5000, "😀"]
_OTHER_VALUES = [0, -1, 1.5, True, None, [], {}, ["x"], {"en": "x", "zh": "x"}]


def _mutations(node):
    """Every document that differs from `node` in one place: each value replaced by tricky text and by values of
    other types, each key removed, an unknown key added, each list emptied or given a repeat."""
    yield from ((v) for v in (_TRICKY_TEXT if isinstance(node, str) else []))
    yield from (v for v in _OTHER_VALUES if type(v) is not type(node))
    if isinstance(node, dict):
        for key, value in node.items():
            yield {k: v for k, v in node.items() if k != key}
            for changed in _mutations(value):
                yield {**node, key: changed}
        yield {**node, "unknown_field": "x"}
    elif isinstance(node, list) and node:
        yield []
        yield node + node[:1]
        for i, value in enumerate(node):
            for changed in _mutations(value):
                yield node[:i] + [changed] + node[i + 1:]


def test_the_quick_schema_check_accepts_nothing_that_jsonschema_refuses():
    """loader.check_schema trusts jsonschema-rs when it calls a file valid. On a file of every kind, mutated
    in every place, whatever jsonschema-rs accepts, jsonschema must accept too (and the real files pass both)."""
    from macros.yamlfile import read_yaml

    accepted = refused = 0
    wrong = []
    for kind in model.KINDS:
        quick, full = loader.quick_validator(kind.schema), loader.validator(kind.schema)
        for f in sorted((ROOT / "data" / kind.folder).glob("*.yaml"))[:1]:
            data = read_yaml(f, f.name).data
            assert quick.is_valid(data) and full.is_valid(data), f
            for doc in _mutations(data):
                try:
                    ok = quick.is_valid(doc)
                except ValueError:
                    ok = False
                if not ok:
                    refused += 1
                    continue
                accepted += 1
                if not full.is_valid(doc):
                    wrong.append(f"{f.name}: {next(full.iter_errors(doc)).message[:200]}")
    assert not wrong, f"{len(wrong)} documents jsonschema-rs accepts and jsonschema refuses:\n" + "\n".join(wrong[:20])
    assert accepted > 1000 and refused > 1000, (accepted, refused)  # both ways were tried, many times
