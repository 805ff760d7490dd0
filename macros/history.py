"""The knowledge over time: what changed in the data at each commit, and every published version of every table.

Made from the repository's history with the machinery of `make diff` (macros/diff.py's ``compare``): the data and
schemas of each commit that touched data/ or schemas/ (first-parent history, oldest first) are read with today's
loader and compared with the previous commit whose data loads. A commit whose data no longer loads with today's
rules (the data format evolved) is kept as a skipped step with a note; the next one is compared with the last
step that loaded. Dates are the commits' dates (never the clock), so two builds of one commit say the same.

Each step is cached on disk (.cache/history/<code fingerprint>/<previous>-<commit>.json): the history of a commit
never changes, so an everyday build reads the cache and only a new commit is computed (about half a second);
the cache is emptied by any change to macros/ (the fingerprint), since the code decides what a table shows.
Without git (a tarball) or without the commits (a shallow clone) the build goes on and says so.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from .loader import ROOT
from .tables import collect_sources

CACHE_FORMAT = 1
LANGS = ("en", "zh")


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # the commit's date, UTC, RFC 3339: 2026-11-21T00:13:07Z
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:12]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True)
class LangChange:
    """What one commit changed in one language (diff.Report's fields, plus what the feeds and pages need)."""

    pages_added: tuple = ()
    pages_removed: tuple = ()
    pages_changed: tuple = ()
    tables_added: tuple = ()
    tables_removed: tuple = ()
    cells: dict = field(default_factory=dict)  # table id -> ((row, column or None, old, new), ...)
    titles: dict = field(default_factory=dict)  # page URL or table id -> its title in this language
    table_pages: dict = field(default_factory=dict)  # table id -> page URL where it stands
    sources: tuple = ()  # ids of the sources cited by what changed
    approaches: tuple = ()  # ids of the approaches whose page, comparisons, scenarios or patterns changed
    versions: dict = field(default_factory=dict)  # table id -> version document (new or changed tables)

    @property
    def empty(self) -> bool:
        return not (self.pages_added or self.pages_removed or self.pages_changed or self.tables_added
                    or self.tables_removed or self.cells)


@dataclass(frozen=True)
class Step:
    commit: Commit
    status: str  # first (the earliest version available) | changed | skipped
    note: str = ""  # why a step was skipped
    langs: dict = field(default_factory=dict)  # lang -> LangChange


@dataclass(frozen=True)
class Version:
    table_id: str
    hash: str
    commit: Commit | None  # None: the working tree, not committed yet
    doc: dict


@dataclass(frozen=True)
class History:
    available: bool
    state: str  # complete | shallow | unavailable
    detail: str = ""  # why it is unavailable (English, technical)
    steps: tuple = ()  # oldest first

    def changes(self, lang: str) -> list[tuple[Step, LangChange]]:
        """The steps that changed something in this language, newest first."""
        return [(s, s.langs[lang]) for s in reversed(self.steps)
                if s.status == "changed" and lang in s.langs and not s.langs[lang].empty]

    @property
    def skipped(self) -> list[Step]:
        return [s for s in self.steps if s.status == "skipped"]

    @property
    def first(self) -> Step | None:
        return next((s for s in self.steps if s.status == "first"), None)

    def versions(self, lang: str) -> dict[str, list[Version]]:
        """table id -> its versions, oldest first, each with the commit that first published it."""
        out: dict = {}
        for s in self.steps:
            ch = s.langs.get(lang)
            if ch is None:
                continue
            for tid, doc in ch.versions.items():
                seen = out.setdefault(tid, [])
                if not seen or seen[-1].hash != doc["hash"]:
                    seen.append(Version(tid, doc["hash"], s.commit, doc))
        return out

    def last_changed(self, lang: str) -> tuple[dict, dict]:
        """(page URL -> date of the last commit that changed it, table id -> date of its last change)."""
        pages, tables = {}, {}
        for s in self.steps:
            ch = s.langs.get(lang)
            if ch is None or s.status == "skipped":
                continue
            if s.status == "first":
                for tid, page in ch.table_pages.items():
                    tables[tid] = s.commit.date
                    pages.setdefault(page, s.commit.date)
                for p in ch.pages_added:
                    pages.setdefault(p, s.commit.date)
                continue
            for p in (*ch.pages_added, *ch.pages_changed):
                pages[p] = s.commit.date
            for tid in (*ch.tables_added, *ch.cells):
                tables[tid] = s.commit.date
        return pages, tables


# --- versions of a table: site-independent documents ----------------------------------------------------------

def table_doc(table) -> dict:
    """A table as a version document: what it said, with links as docs paths (the API makes them absolute)."""
    return {"id": table.id, "lang": table.lang, "title": table.title, "page": table.page,
            "columns": list(table.columns), "rows": table.plain_rows,
            "links": [[[[p.text, p.href] for p in c.parts if p.href] for c in row] for row in table.rows],
            "sources": list(table.sources), "checked": table.checked, "hash": table.content_hash}


# --- one step, from two atlases (pure) ------------------------------------------------------------------------

def _page_title(atlas, url: str, lang: str) -> str:
    from . import model, nav, render

    parts = url.strip("/").split("/")
    kinds = {k.page_dir: k for k in model.KINDS if k.page_dir}
    if len(parts) == 2 and parts[0] in kinds and parts[1] in atlas.kind(kinds[parts[0]].folder):
        return render.entity_title(atlas, kinds[parts[0]].folder, parts[1], lang)
    docs = "index.md" if url in ("", "(home)") else url.rstrip("/") + ".md"
    key = nav._title_key(docs)
    if key not in atlas.ui and url.endswith("/"):
        key = nav._title_key(url + "index.md")
    return atlas.t(key, lang) if key in atlas.ui else url


def _cited(cells) -> set:
    """The ids of the sources the cells cite (a citation links to a statement's anchor on its source's page)."""
    return set(collect_sources([tuple(cells)]))


def _approaches_touched(atlas, pages) -> set:
    out = set()
    for url in pages:
        kind, _, ident = url.strip("/").partition("/")
        if kind == "approaches" and ident in atlas.approaches:
            out.add(ident)
        elif kind == "comparisons" and ident in atlas.comparisons:
            out.update(atlas.comparisons[ident].approaches)
        elif kind == "scenarios" and ident in atlas.scenarios:
            out.update(atlas.scenarios[ident].chosen)
        elif kind == "patterns" and ident in atlas.patterns:
            out.update(atlas.patterns[ident].approaches)
    return out


def _guide(old, new, score):
    """The decision guide's changes (the same in both languages), or none when they cannot be computed (the guide's
    scoring needs a JavaScript engine; older data may not suit today's guide): the rest of the step stands."""
    from . import diff

    try:
        return diff.compare_guide(old, new, score)
    except Exception:  # noqa: BLE001 - the history never fails a build
        return diff.GuideChanges()


def step(commit: Commit, old, new, score=None) -> Step:
    """The step of one commit: ``new`` compared with ``old`` (the last atlas that loaded; None for the first)."""
    from . import diff, render

    guide = _guide(old, new, score) if old is not None else None
    langs = {}
    for lang in LANGS:
        tables = render.Ctx(new, lang).tables
        pages = {tid: render.page_url(t.page) for tid, t in tables.items()}
        if old is None:
            langs[lang] = LangChange(pages_added=tuple(sorted(diff._entity_pages(new))), table_pages=pages,
                                     versions={tid: table_doc(t) for tid, t in tables.items()})
            continue
        rep = diff.compare(old, new, lang, score, guide)
        old_tables = render.Ctx(old, lang).tables
        sources, changed = set(), {}
        for tid in (*rep.tables_added, *rep.cells):
            changed[tid] = table_doc(tables[tid])
            before = {r for r in old_tables[tid].rows} if tid in old_tables else set()
            after = set(tables[tid].rows)
            sources |= _cited(c for r in before ^ after for c in r)
        all_pages = (*rep.pages_added, *rep.pages_removed, *rep.pages_changed)
        sources |= {u.strip("/").split("/")[1] for u in all_pages if u.startswith("sources/") and u.count("/") == 2}
        titles = {}
        for url in all_pages:
            titles[url] = _page_title(new if url not in rep.pages_removed else old, url, lang)
        for tid in (*rep.tables_added, *rep.tables_removed, *rep.cells):
            titles["table:" + tid] = (tables.get(tid) or old_tables[tid]).title
        approaches = _approaches_touched(new, all_pages) | _approaches_touched(old, rep.pages_removed)
        langs[lang] = LangChange(
            pages_added=tuple(rep.pages_added), pages_removed=tuple(rep.pages_removed),
            pages_changed=tuple(rep.pages_changed), tables_added=tuple(rep.tables_added),
            tables_removed=tuple(rep.tables_removed),
            cells={tid: tuple(tuple(c) for c in cs) for tid, cs in rep.cells.items()}, titles=titles,
            table_pages={tid: pages.get(tid) or render.page_url(old_tables[tid].page)
                         for tid in (*rep.tables_added, *rep.tables_removed, *rep.cells)},
            sources=tuple(sorted(sources)), approaches=tuple(a for a in new.approaches if a in approaches)
            + tuple(sorted(a for a in approaches if a not in new.approaches)),
            versions=changed)
    return Step(commit, "first" if old is None else "changed", "", langs)


# --- git, the cache, and the walk -----------------------------------------------------------------------------

def _git(root: Path, *args: str, binary: bool = False):
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout if binary else out.stdout.decode("utf-8", errors="replace")


def commits(root: Path = ROOT) -> tuple[list[Commit], str, str]:
    """The first-parent commits that touched data/ or schemas/, oldest first; the state (complete, shallow or
    unavailable) and, when unavailable, why."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != Path(root).resolve():
        return [], "unavailable", "not a git repository (a tarball or a copy without .git)"
    log = _git(root, "log", "--first-parent", "--reverse", "--format=%H%x1f%ct%x1f%s", "--", "data", "schemas")
    if log is None:
        return [], "unavailable", "git log failed (no commit yet?)"
    out = []
    for line in log.splitlines():
        sha, ct, subject = (line.split("\x1f") + ["", ""])[:3]
        date = datetime.fromtimestamp(int(ct), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(Commit(sha, date, subject))
    if not out:
        return [], "unavailable", "no commit touches data/"
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    return out, "shallow" if shallow else "complete", ""


def atlas_at(root: Path, sha: str):
    """The atlas of one commit, read with today's loader; (atlas, "") or (None, why it does not load)."""
    from . import loader, render

    archive = _git(root, "archive", "--format=tar", sha, "data", "schemas", binary=True)
    if archive is None:
        return None, "git archive failed"
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        try:
            atlas, errors = loader.load(Path(tmp) / "data", Path(tmp))
        except Exception as exc:  # noqa: BLE001 - old data may break today's loader in any way
            return None, f"today's loader fails on it: {type(exc).__name__}: {exc}"
    if errors:
        return None, f"{len(errors)} data error(s) with today's rules, e.g. {errors[0].format()}"
    try:
        for lang in LANGS:
            render.Ctx(atlas, lang).tables
    except Exception as exc:  # noqa: BLE001
        return None, f"today's tables cannot be made from it: {type(exc).__name__}: {exc}"
    return atlas, ""


def code_fingerprint(root: Path = ROOT) -> str:
    h = hashlib.sha256(str(CACHE_FORMAT).encode())
    for p in sorted((Path(__file__).parent).glob("*.py")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def cache_dir(root: Path = ROOT) -> Path:
    return Path(os.environ.get("ATLAS_HISTORY_CACHE") or root / ".cache" / "history")


def _to_json(s: Step) -> dict:
    return {"commit": [s.commit.sha, s.commit.date, s.commit.subject], "status": s.status, "note": s.note,
            "langs": {lang: {**{k: getattr(ch, k) for k in ("pages_added", "pages_removed", "pages_changed",
                                                             "tables_added", "tables_removed", "titles", "table_pages",
                                                             "sources", "approaches", "versions")},
                             "cells": ch.cells} for lang, ch in s.langs.items()}}


def _from_json(d: dict) -> Step:
    langs = {}
    for lang, v in d["langs"].items():
        cells = {tid: tuple(tuple(c) for c in cs) for tid, cs in v.pop("cells").items()}
        langs[lang] = LangChange(**{k: tuple(x) if isinstance(x, list) else x for k, x in v.items()}, cells=cells)
    return Step(Commit(*d["commit"]), d["status"], d["note"], langs)


def _write(path: Path, s: Step) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(_to_json(s), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)  # atomic: the languages may be built in parallel processes (make serve)


def compute(root: Path = ROOT, cache: Path | None = None) -> History:
    """The whole history, from the cache where it has the step, from git otherwise."""
    found, state, detail = commits(root)
    if state == "unavailable":
        return History(False, state, detail)
    where = (cache or cache_dir(root)) / code_fingerprint(root)
    steps, prev_sha, prev_atlas = [], None, None
    score = None  # the guide's scorer, made once (a JavaScript engine) and only when a step is computed
    for c in found:
        path = where / f"{(prev_sha or 'none')[:16]}-{c.sha[:16]}.json"
        s = None
        if path.exists():
            try:
                s = _from_json(json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, KeyError, TypeError):
                s = None
        loaded = None
        if s is None:
            atlas, why = atlas_at(root, c.sha)
            if atlas is None:
                s = Step(c, "skipped", why)
            else:
                if prev_sha and prev_atlas is None:
                    prev_atlas, _ = atlas_at(root, prev_sha)
                if score is None and prev_atlas is not None:
                    score = _scorer()
                s = step(c, prev_atlas, atlas, score)
                loaded = atlas
            _write(path, s)
        if s.status != "skipped":
            prev_sha, prev_atlas = c.sha, loaded
        steps.append(s)
    if not any(s.status != "skipped" for s in steps):
        return History(False, "unavailable", "no commit's data loads with today's rules", tuple(steps))
    return History(True, state, detail, tuple(steps))


def _scorer():
    from . import diff

    try:
        return diff.default_scorer()
    except Exception:  # noqa: BLE001 - no JavaScript engine: the guide's changes are left out (see _guide)
        def unavailable(*args):
            raise RuntimeError("no JavaScript engine for the guide's scoring")
        return unavailable


@functools.lru_cache(maxsize=4)
def _memo(root: str, head: str, fingerprint: str) -> History:
    return compute(Path(root))


def load(root: Path = ROOT) -> History:
    """The history for this build, once per process and commit. A build from other data than data/ (the tests'
    ATLAS_DATA_DIR) has no history: the repository's history is not that data's."""
    from .loader import data_dir_default

    if data_dir_default(root).resolve() != (root / "data").resolve():
        return History(False, "unavailable", "the data built is not the repository's data/ (ATLAS_DATA_DIR)")
    head = (_git(root, "rev-parse", "HEAD") or "").strip()
    return _memo(str(root), head, code_fingerprint(root))


# --- freshness warnings ---------------------------------------------------------------------------------------

def reference_date(root: Path = ROOT) -> str | None:
    """The build's date, from the commit built (SOURCE_DATE_EPOCH wins), never from the clock; None without git."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or (_git(root, "log", "-1", "--format=%ct") or "").strip()
    if not epoch.isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%d")


def stale(atlas, on: str, years: int = 1) -> list[str]:
    """Warnings for every claim (or file) last checked more than `years` before the date `on` (YYYY-MM-DD):
    file, field and date, and what to do."""
    import dataclasses

    from . import model

    y, rest = int(on[:4]), on[4:]
    cutoff = f"{y - years:04d}{rest}"
    out = []

    def walk(value, path):
        if dataclasses.is_dataclass(value):
            checked = getattr(value, "checked", None)
            if isinstance(checked, str) and checked and checked < cutoff:
                out.append((path, checked))
                return
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
        elif isinstance(value, (tuple, list)):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")

    found = []
    for kind in model.KINDS:
        for ident, rec in atlas.kind(kind.folder).items():
            out.clear()
            walk(rec, "")
            for path, checked in out:
                found.append(f"warning: data/{kind.folder}/{ident}.yaml: {path or 'checked'}: last checked {checked}, "
                             f"more than {years} year{'s' if years != 1 else ''} before {on}; expected a check since "
                             f"{cutoff}. Fix: compare it with its sources again and update 'checked'")
    return found
