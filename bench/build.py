"""The data layer's cost: the real build against a baseline of the same pages as plain Markdown.

The baseline is made from the real build itself: a hook (capture_hook.py) writes every page's Markdown after the
macros have run, with its front matter, and the navigation as expanded from data. The baseline configuration is
mkdocs.yml (and mkdocs.zh.yml) unchanged except that the docs are those files, the navigation is written out, and
the data layer is gone: no mkdocs-macros, no hooks (tooltips, generated pages, embeds and exports), no API. Both
builds run in fresh processes, alternately, and are timed from the outside (what a contributor waits for).
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

ROOT = atlas_site.ROOT


def run(args: list[str], env: dict | None = None, timeout: int = 7200) -> dict:
    """Run `python -m bench.runbuild ...` in a fresh process; returns its JSON line plus the wall time."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.runbuild", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"build failed ({' '.join(args[:2])}):\n{proc.stdout[-2000:]}\n{proc.stderr[-6000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
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


def bench_build(out: Path, runs: int = 5, log=print) -> dict:
    """Median wall time of the real build and of the baseline over `runs` alternating runs, and their ratio."""
    out.mkdir(parents=True, exist_ok=True)
    capture = out / "capture"
    if capture.exists():
        shutil.rmtree(capture)
    log("build: capturing the expanded Markdown from one real build")
    run(["capture", str(out / "capture-site"), str(capture)])
    configs = make_baseline(capture, out)
    real, base = [], []
    for i in range(runs):
        r = run(["real", str(out / "site-real")])
        b = run(["baseline", str(out / "site-baseline"), *map(str, configs)])
        real.append(r)
        base.append(b)
        log(f"build: run {i + 1}/{runs}: real {r['wall']:.1f} s ({r['pages']} pages), "
            f"baseline {b['wall']:.1f} s ({b['pages']} pages)")
    med_real = statistics.median(r["wall"] for r in real)
    med_base = statistics.median(b["wall"] for b in base)
    return {
        "runs": runs,
        "real_s": [round(r["wall"], 2) for r in real],
        "baseline_s": [round(b["wall"], 2) for b in base],
        "real_median_s": round(med_real, 2),
        "baseline_median_s": round(med_base, 2),
        "ratio": round(med_real / med_base, 3),
        "data_layer_share": round(med_real / med_base - 1, 3),
        "real_pages": real[-1]["pages"],
        "baseline_pages": base[-1]["pages"],
        "site": str(out / "site-real"),
    }


def breakdown(site: Path) -> dict:
    """Where the data layer's time goes, from one build with a stopwatch on each of its parts (bench.runbuild)."""
    proc = subprocess.run([sys.executable, "-m", "bench.runbuild", "profile", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    shutil.rmtree(site, ignore_errors=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])
