"""The benchmarks' own parts that can be checked without timing anything: the synthetic data is valid and is k
times the real data, and the page kinds are found from a built site's files."""
from __future__ import annotations

from pathlib import Path

from bench import synth
from bench.pages import kind_of, url_path
from conftest import ROOT
from macros import loader


def test_synthetic_data_is_valid_and_k_times_the_real_entities(tmp_path, atlas):
    data = tmp_path / "data-3x"
    files = synth.generate(3, data)
    real = synth.count_files(ROOT / "data")
    assert files == 3 * (real - 1) + 1 == synth.count_files(data)  # ui.yaml is not copied
    grown, errors = loader.load(data, ROOT)
    assert errors == [], "\n".join(e.format() for e in errors[:10])
    for folder in ("approaches", "comparisons", "scenarios", "glossary", "questions", "sources"):
        assert len(grown.kind(folder)) == 3 * len(atlas.kind(folder)), folder
    # each copy refers into itself: copy 2 of the featured comparison compares copy 2 of its approaches
    copy = grown.kind("comparisons")["rag-vs-fine-tuning-s2"]
    assert copy.approaches and all(a.endswith("-s2") for a in copy.approaches)


def test_page_kinds_and_url_paths():
    assert kind_of(Path("index.html")) == "home"
    assert kind_of(Path("matrix/index.html")) == "matrix"
    assert kind_of(Path("approaches/rag/index.html")) == "approaches/*"
    assert kind_of(Path("tables/rag-vs-fine-tuning/index.html")) == "tables/*"
    assert kind_of(Path("404.html")) == "404.html"
    site = Path("/s")
    assert url_path(site, site / "en/approaches/rag/index.html") == "/en/approaches/rag/"
    assert url_path(site, site / "en/404.html") == "/en/404.html"
