"""`make serve`'s warm rebuilds give the files a full build gives.

The dev server keeps one build process per language alive and re-renders only the pages whose input changed
(macros/warm.py). This runs the server's builder (macros.cmd_serve.WarmBuilder) on a copy of the repository
through a series of edits: a data file, a hand-written page, a template, a partial of the renderers, a data file
renamed (a new id), one deleted, and the first edit undone, building into two folders in turn as the server does;
before each build, the pages a reader may have open are built alone first (macros/preview.py), and each must be
the page the whole build then writes. Then it builds the same tree from scratch with `python -m macros.cli build`
and compares the two sites file for file, byte for byte.
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

# as `make serve` does: the reader's page is built alone into the site being served (macros/preview.py), then
# the whole site into the other folder, which takes its place
folders = [out.parent / (out.name + "-other"), out]  # the last build (edit 7 of 7) lands in `out`
viewed = [("en", "approaches/rag/"), ("en", "matrix/"), ("zh", ""), ("en", "glossary/")]
builder = WarmBuilder(folders[0], root)
log, previews = [], []
try:
    r = builder.build(target=folders[0])
    log.append(("first", {k: v[1] for k, v in r.items()}))
    for name, edit in edits:
        edit()
        served, target = folders
        shown = {}
        for lang, url in viewed:
            page = builder.preview(lang, url, served)
            shown[(lang, url)] = (page.relative_to(served).as_posix(), page.read_bytes())
        r = builder.build(target=target)
        log.append((name, {k: v[1] for k, v in r.items()}))
        for (lang, url), (rel, data) in shown.items():
            previews.append([name, lang, url, rel, (target / rel).read_bytes() == data])
        folders.reverse()
finally:
    builder.stop()
print(json.dumps({"log": log, "previews": previews}))
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
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    log = dict((name, stats) for name, stats in result["log"])
    # the page built alone, as `make serve` shows it first, is the page the whole build then writes, byte for byte
    assert len(result["previews"]) == 4 * 7
    assert [p for p in result["previews"] if not p[4]] == []
    assert {p[3] for p in result["previews"]} == {"en/approaches/rag/index.html", "en/matrix/index.html",
                                                  "zh/index.html", "en/glossary/index.html"}
    # the memo was used: an edit of one data file re-renders a few pages, not all of them
    s = log["data"]["en"]
    assert 0 < s["read_misses"] < s["read_hits"] // 10, s
    # An English text: the Chinese pages change only where the statement's anchor is (made from its English text,
    # the same in both languages, so the language switcher keeps it): the page that makes it and those that cite it
    z = log["data"]["zh"]
    assert z["read_misses"] <= s["read_misses"] and z["read_misses"] < z["read_hits"] // 10, z
    for lang in ("en", "zh"):
        # the footer is on every page: the whole build writes each page anew, but for those just previewed
        assert log["template"][lang]["write_hits"] == {"en": 3, "zh": 1}[lang]
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


def test_the_server_knows_which_page_the_reader_has_open():
    from macros.cmd_serve import _viewed
    from macros.preview import sources_for

    codes = ("en", "zh")
    assert _viewed("/en/approaches/rag/", codes) == ("en", "approaches/rag/")
    assert _viewed("/zh/", codes) == ("zh", "")
    assert _viewed("/zh/index.html", codes) == ("zh", "")
    assert _viewed("/en/glossary/index.html?q=1", codes) == ("en", "glossary/")
    for not_a_page in ("/en/assets/atlas.css", "/api/v1/dataset.json", "/", "/fr/x/", "/en"):
        assert _viewed(not_a_page, codes) is None, not_a_page
    assert sources_for("approaches/rag/") == {"approaches/rag.md", "approaches/rag/index.md"}
    assert sources_for("") == {"index.md"}


def test_a_second_tab_on_another_page_is_reloaded_again_after_the_whole_build():
    import time

    from macros.cmd_serve import _server_class

    cls = _server_class()
    server = cls.__new__(cls)  # its bookkeeping alone, no socket
    now = time.monotonic()
    server.polled = {("en", "approaches/rag/"): now}
    assert not server.others_open(("en", "approaches/rag/"))  # one tab: the preview was its page
    server.polled[("zh", "")] = now - 5
    assert server.others_open(("en", "approaches/rag/"))  # the Chinese home page waits for the whole build
    server.polled[("zh", "")] = now - 3600  # a tab closed an hour ago no longer asks
    assert not server.others_open(("en", "approaches/rag/"))
