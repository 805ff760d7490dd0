"""The data layer's cost: the real build against a baseline that makes the same site without it.

The baseline is made from the real build itself: a hook (capture_hook.py) writes every page's Markdown after the
macros have run, with its front matter, and the navigation as expanded from data. The baseline configuration is
mkdocs.yml (and mkdocs.zh.yml) unchanged except that the docs are those files, the navigation is written out, and
the data layer is gone: no mkdocs-macros, no hooks (tooltips, generated pages, embeds and exports), no API.

The real site also holds files that are not pages: each table's embed and exports, the redirects, the API, the
root page. The baseline has them as finished files, copied into its site after MkDocs, so both builds put out the
same files (checked after the runs) and the difference between them is the data layer's work: loading and
checking the data, making pages, tables, tooltips, embeds and exports from it. What the copying costs is timed
on its own and reported. Both builds run in fresh processes, alternately, and are timed from the outside (what a
contributor waits for).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from macros import site as atlas_site

from .runbuild import site_files

ROOT = atlas_site.ROOT


def run(args: list[str], env: dict | None = None, timeout: int = 7200) -> dict:
    """Run `python -m bench.runbuild ...` in a fresh process; returns its JSON line plus the wall time and the
    CPU time (user and system) the process used."""
    start = time.perf_counter()
    before = os.times()
    proc = subprocess.run([sys.executable, "-m", "bench.runbuild", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)
    wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode != 0:
        raise RuntimeError(f"build failed ({' '.join(args[:2])}):\n{proc.stdout[-2000:]}\n{proc.stderr[-6000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["cpu"] = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return result


def _merge(parent: dict, child: dict) -> dict:
    """MkDocs' INHERIT: mappings merge, everything else is replaced."""
    out = dict(parent)
    for k, v in child.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _config(lang: atlas_site.Language) -> dict:
    cfg = atlas_site._plain_yaml(ROOT / lang.config)
    if "INHERIT" in cfg:
        parent = atlas_site._plain_yaml((ROOT / lang.config).parent / cfg.pop("INHERIT"))
        cfg = _merge(parent, cfg)
    return cfg


def make_baseline(capture: Path, out: Path) -> list[Path]:
    """Baseline configurations (one per language) over the captured Markdown; returns their paths."""
    configs = []
    for lang in atlas_site.languages():
        cfg = _config(lang)
        docs = capture / lang.code / "docs"
        source_docs = ROOT / cfg["docs_dir"]
        for f in source_docs.rglob("*"):  # anything besides Markdown (images…) comes along unchanged
            if f.is_file() and f.suffix != ".md":
                dest = docs / f.relative_to(source_docs)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, dest)
        cfg["docs_dir"] = str(docs)
        cfg["site_dir"] = str(out / "site" / lang.code)
        cfg["theme"] = dict(cfg["theme"], custom_dir=str(ROOT / cfg["theme"]["custom_dir"]))
        cfg["plugins"] = [{"search": cfg["plugins"]["search"]}]
        cfg.pop("hooks", None)
        cfg["nav"] = json.loads((capture / lang.code / "nav.json").read_text(encoding="utf-8"))
        path = out / f"baseline-{lang.code}.yml"
        path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs.append(path)
    return configs


def _clean(site: Path) -> Path:
    """Each run starts the same way: no output folder, and the disk done with deleting the last one (on this
    machine's disk, files written while a deletion is flushed cost several times as much, at random)."""
    shutil.rmtree(site, ignore_errors=True)
    os.sync()
    return site


def capture_extras(real: Path, probe: Path, extra: Path) -> int:
    """The real site's files that the baseline's MkDocs does not make (embeds, exports, redirects, API, root),
    copied out of the real site into `extra`; returns how many."""
    if extra.exists():
        shutil.rmtree(extra)
    names = sorted(site_files(real) - site_files(probe))
    for name in names:
        (extra / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(real / name, extra / name)
    return len(names)


def bench_build(out: Path, runs: int = 5, log=print) -> dict:
    """Median wall time of the real build and of the baseline over `runs` alternating runs, and their ratio."""
    out.mkdir(parents=True, exist_ok=True)
    capture = out / "capture"
    if capture.exists():
        shutil.rmtree(capture)
    log("build: capturing the expanded Markdown from one real build")
    run(["capture", str(out / "capture-site"), str(capture)])
    configs = make_baseline(capture, out)
    run(["baseline", str(out / "site-baseline"), "-", *map(str, configs)])
    extras = capture_extras(out / "capture-site", out / "site-baseline", out / "extra")
    log(f"build: {extras} files of the real site are not pages of the baseline; it copies them in")
    real, base = [], []
    for i in range(runs):
        r = run(["real", str(_clean(out / "site-real"))])
        b = run(["baseline", str(_clean(out / "site-baseline")), str(out / "extra"), *map(str, configs)])
        real.append(r)
        base.append(b)
        log(f"build: run {i + 1}/{runs}: real {r['wall']:.1f} s ({r['files']} files), "
            f"baseline {b['wall']:.1f} s ({b['files']} files, {b['copy_seconds']:.2f} s of them copying)")
    unmatched = site_files(out / "site-real") ^ site_files(out / "site-baseline")  # in one site only
    if unmatched:
        raise RuntimeError(f"the baseline and the real site differ in {len(unmatched)} files, e.g. {sorted(unmatched)[:5]}")
    med_real = statistics.median(r["wall"] for r in real)
    med_base = statistics.median(b["wall"] for b in base)
    med_copy = statistics.median(b["copy_seconds"] for b in base)
    return {
        "runs": runs,
        "real_s": [round(r["wall"], 2) for r in real],
        "baseline_s": [round(b["wall"], 2) for b in base],
        "real_median_s": round(med_real, 2),
        "baseline_median_s": round(med_base, 2),
        "baseline_copy_median_s": round(med_copy, 2),
        "ratio": round(med_real / med_base, 3),
        # the same, had the baseline not copied the files that are not pages (the definition before it did)
        "ratio_pages_only": round(med_real / (med_base - med_copy), 3),
        "data_layer_share": round(med_real / med_base - 1, 3),
        "real_cpu_median_s": round(statistics.median(r["cpu"] for r in real), 2),
        "baseline_cpu_median_s": round(statistics.median(b["cpu"] for b in base), 2),
        "files": real[-1]["files"],
        "html_files": real[-1]["pages"],
        "copied_files": extras,
        "site": str(out / "site-real"),
    }


def bench_history(out: Path, runs: int = 3) -> dict:
    """What the history costs (macros/history.py): computed from git with an empty cache (a fresh clone's first
    build, or the first after a change to macros/), and read from the cache of its steps (every other build).
    Fresh processes; medians."""
    cold, warm = [], []
    for _ in range(runs):
        cache = out / "history-cache"
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(["history", str(cache)]))
        warm.append(run(["history", str(cache)]))
    return {"cold_median_s": round(statistics.median(r["wall"] for r in cold), 2),
            "cached_median_s": round(statistics.median(r["wall"] for r in warm), 2),
            "steps": cold[-1]["steps"], "state": cold[-1]["state"]}


def breakdown(site: Path) -> dict:
    """Where the data layer's time goes, from one build with a stopwatch on each of its parts (bench.runbuild)."""
    proc = subprocess.run([sys.executable, "-m", "bench.runbuild", "profile", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    shutil.rmtree(site, ignore_errors=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])
