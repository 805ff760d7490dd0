"""YAML traps are caught with their place and a fix, never passed through. The corpus is tests/corpus/yaml/."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from macros.yamlfile import MAX_BYTES, read_yaml

CORPUS = Path(__file__).resolve().parent / "corpus" / "yaml"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def _read(name: str, raw: bytes | None = None):
    path = CORPUS / name
    return read_yaml(path, f"tests/corpus/yaml/{name}", raw)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_trap_gets_its_message_and_place(name):
    want = EXPECTED[name]
    doc = _read(name)
    messages = [e.format() for e in doc.errors]
    assert messages, f"{name}: no error reported"
    hit = [m for m in messages if want["contains"] in m]
    assert hit, f"{name}: expected a message containing {want['contains']!r}, got {messages}"
    assert any(f"tests/corpus/yaml/{name}:{want['line']}:" in m for m in hit), f"{name}: wrong line in {hit}"


def test_every_corpus_file_is_listed():
    files = {p.name for p in CORPUS.iterdir() if p.name != "expected.yaml"}
    assert files == set(EXPECTED)


def test_oversized_file_is_refused_without_parsing():
    doc = read_yaml(CORPUS / "x.yaml", "big.yaml", b"a: " + b"x" * (MAX_BYTES + 1))
    assert [e.problem for e in doc.errors] == [f"file is {MAX_BYTES + 4:,} bytes"]


def test_billion_laughs_is_refused_before_expansion():
    raw = b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
    doc = read_yaml(CORPUS / "x.yaml", "laughs.yaml", raw)
    assert doc.data is None
    assert any("alias" in e.problem for e in doc.errors)


def test_a_clean_file_keeps_yaml12_values_and_positions():
    raw = "id: x\nchecked: 2026-11-20\nflag: true\ncount: 10\nratio: 0.5\nlist:\n  - a\n  - 'no'\n".encode()
    doc = read_yaml(CORPUS / "x.yaml", "ok.yaml", raw)
    assert doc.errors == []
    assert doc.data == {"id": "x", "checked": "2026-11-20", "flag": True, "count": 10, "ratio": 0.5, "list": ["a", "no"]}
    assert doc.positions[("list", 1)] == (8, 5)
    assert doc.where(("list", 5, "missing")) == (6, 1)
