"""Synthetic data: the real data/ copied k times, for the growth benchmark.

Copy i (1 <= i < k) of every file gets the id ``<id>-s<i>``, and every reference inside it (the fields the loader
knows as references, a comparison's cell keys) points into the same copy, so each copy is a complete, valid
atlas of its own and the whole is valid: k times the entities, the pages, the tables and the links. Glossary
names get the copy's number (a name may belong to one term only). Run alone:

    .venv/bin/python -m bench.synth 10 /tmp/data-10x      # 10 x the real entities
"""
from __future__ import annotations

import copy
import shutil
import sys
from pathlib import Path

import yaml

from macros import loader, model
from macros.yamlfile import read_yaml

try:
    Dumper = yaml.CSafeDumper  # libyaml: 100x the data is written in seconds
except AttributeError:  # pragma: no cover
    Dumper = yaml.SafeDumper


class _NoAliases(Dumper):
    def ignore_aliases(self, data):
        return True


def _suffix(value: str, i: int) -> str:
    return f"{value}-s{i}"


def _rename(value, folder: str, i: int, field: str | None = None):
    """A copy of one file's data with its ids and references moved into copy i."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            # comparison cells are keyed by approach id, a result row's values by the id of an arm of the file, a
            # statement's sections by source id (the section ids are the source's own, and stay)
            key = _suffix(k, i) if field in ("cells", "section") or (field == "values" and folder == "results") else k
            out[key] = _rename(v, folder, i, k if isinstance(k, str) else field)
        return out
    if isinstance(value, list):
        if field == "sections" and folder == "sources":  # a work's outline: its section ids are its own
            return value
        return [_rename(v, folder, i, field) for v in value]
    if isinstance(value, str) and field is not None:
        target = loader.RELATED.get(folder) if field == "related" else loader.REFERENCES.get(field)
        if target or field == "id":
            return _suffix(value, i)
    return value


def _glossary_names(data: dict, i: int) -> dict:
    data = copy.deepcopy(data)
    for lang in model.LANGS:
        data["term"][lang] = f"{data['term'][lang]} {i}"
        aliases = (data.get("aliases") or {}).get(lang)
        if aliases:
            data["aliases"][lang] = [f"{a} {i}" for a in aliases]
    return data


def generate(k: int, dest: Path, source: Path | None = None) -> int:
    """Write k copies of the data in `source` (default: data/) to `dest`; returns the number of files."""
    source = source or loader.ROOT / "data"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy2(source / "ui.yaml", dest / "ui.yaml")
    n = 1
    for folder in sorted(p for p in source.iterdir() if p.is_dir()):
        (dest / folder.name).mkdir()
        for f in sorted(folder.glob("*.yaml")):
            shutil.copy2(f, dest / folder.name / f.name)
            n += 1
            if k == 1:
                continue
            doc = read_yaml(f, f.name)
            assert not doc.errors, doc.errors
            for i in range(1, k):
                data = _rename(doc.data, folder.name, i)
                if folder.name == "glossary":
                    data = _glossary_names(data, i)
                text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)
                (dest / folder.name / f"{_suffix(f.stem, i)}.yaml").write_text(text, encoding="utf-8")
                n += 1
    return n


def count_files(data_dir: Path) -> int:
    return sum(1 for _ in data_dir.rglob("*.yaml"))


if __name__ == "__main__":
    k, out = int(sys.argv[1]), Path(sys.argv[2])
    files = generate(k, out)
    atlas, errors = loader.load(out, loader.ROOT)
    print(f"{files} files in {out}; " + ("valid" if not errors else f"{len(errors)} errors, first: {errors[0].format()}"))
