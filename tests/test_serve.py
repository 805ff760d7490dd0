"""`make serve`'s warm rebuilds give the files a full build gives.

The dev server keeps one build process per language alive and re-renders only the pages whose input changed
(macros/warm.py). This runs the server's builder (macros.cmd_serve.WarmBuilder) on a copy of the repository
through a series of edits: a data file, a hand-written page, a template, a partial of the renderers, a data file
renamed (a new id), one deleted, and the first edit undone; then it builds the same tree from scratch with
`python -m macros.cli build` and compares the two sites file for file, byte for byte.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("docs", "data", "macros", "overrides", "schemas", "published", "mkdocs.yml", "mkdocs.zh.yml")

DRIVER = r'''
import json, re, sys
from pathlib import Path
from macros.cmd_serve import WarmBuilder

out = Path(sys.argv[1])
root = Path.cwd()
edits = [
    ("data", lambda: sub("data/approaches/rag.yaml", r"(?m)^(summary:\n  en: )", r"\1WARM-EDIT ")),
    ("page", lambda: append("docs/en/matrix.md", "\nA paragraph added while serving.\n")),
    ("template", lambda: sub("overrides/partials/footer.html", r"</footer>", "<!-- footer edited --></footer>")),
    ("partial", lambda: sub("overrides/partials/atlas/term.html", r"\A", "{#- edited -#}")),
    ("rename", lambda: rename("data/glossary/mvp.yaml", "minimum-viable-product")),
    ("delete", lambda: (root / "data/glossary/multi-tenancy.yaml").unlink()),
    ("undo data", lambda: sub("data/approaches/rag.yaml", r"WARM-EDIT ", "")),
]

def sub(path, pattern, repl):
    f = root / path
    text = f.read_text(encoding="utf-8")
    new, n = re.subn(pattern, repl, text, count=1)
    assert n == 1, (path, pattern)
    f.write_text(new, encoding="utf-8")

def append(path, text):
    f = root / path
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")

def rename(path, new_id):
    f = root / path
    text = f.read_text(encoding="utf-8").replace(f"id: {f.stem}\n", f"id: {new_id}\n", 1)
    (f.parent / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    f.unlink()

builder = WarmBuilder(out, root)
log = []
try:
    r = builder.build()
    log.append(("first", {k: v[1] for k, v in r.items()}))
    for name, edit in edits:
        edit()
        r = builder.build()
        log.append((name, {k: v[1] for k, v in r.items()}))
finally:
    builder.stop()
print(json.dumps(log))
'''


def _tree(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_warm_rebuilds_after_a_series_of_edits_equal_a_full_build(tmp_path):
    work = tmp_path / "repo"
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, work / name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("ATLAS_DATA_DIR", None)
    warm_site, full_site = tmp_path / "warm", tmp_path / "full"
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(warm_site)], cwd=work, env=env, capture_output=True,
                          text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-4000:]
    log = dict((name, stats) for name, stats in json.loads(proc.stdout.strip().splitlines()[-1]))
    # the memo was used: an edit of one data file re-renders a few pages, not all of them
    s = log["data"]["en"]
    assert 0 < s["read_misses"] < s["read_hits"] // 10, s
    # An English text: the Chinese pages change only where the statement's anchor is (made from its English text,
    # the same in both languages, so the language switcher keeps it): the page that makes it and those that cite it
    z = log["data"]["zh"]
    assert z["read_misses"] <= s["read_misses"] and z["read_misses"] < z["read_hits"] // 10, z
    for lang in ("en", "zh"):
        assert log["template"][lang]["write_hits"] == 0  # the footer is on every page
        assert log["template"][lang]["read_misses"] == 0  # and in no page's content
    full = subprocess.run([sys.executable, "-m", "macros.cli", "build", "--site-dir", str(full_site)], cwd=work,
                          env=env, capture_output=True, text=True, timeout=1800)
    assert full.returncode == 0, full.stderr[-4000:]
    a, b = _tree(warm_site), _tree(full_site)
    assert sorted(set(a) ^ set(b)) == []
    differ = [p for p in a if a[p] != b[p]]
    assert differ == []
    # the edits are in it: the renamed term's new id, not the old one nor the deleted term
    glossary = (full_site / "en" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'id="minimum-viable-product"' in glossary and 'id="mvp"' not in glossary
    assert 'id="multi-tenancy"' not in glossary
    assert "A paragraph added while serving." in (full_site / "en" / "matrix" / "index.html").read_text(encoding="utf-8")
