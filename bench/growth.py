"""Growth: synthetic data at 10x and 100x the real entities (bench/synth.py).

- check: `python -m macros.cli check --data <dir>` at 1x, 10x, about 10,000 files and 100x (median of runs);
- build: the English site from 1x and 10x data (and 100x with --full), pages and seconds; the time per page
  should stay flat as the site grows (build time growing no faster than the number of pages).
"""
from __future__ import annotations

import math
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from macros.loader import ROOT

from . import synth
from .build import run


def _check(data: Path, runs: int) -> dict:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "macros.cli", "check", "--data", str(data)], cwd=ROOT,
                              capture_output=True, text=True, timeout=3600)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"check failed on {data}:\n{proc.stderr[-3000:]}")
    inner = re.search(r"\(([\d.]+) s\)", proc.stdout)
    return {"wall_s": round(statistics.median(times), 2), "reported_s": float(inner.group(1)) if inner else None}


def bench_growth(out: Path, factors=(1, 10, 100), build_factors=(1, 10), runs: int = 3, log=print) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    real_files = synth.count_files(ROOT / "data")
    per_copy = real_files - 1  # ui.yaml is not copied
    ten_k = math.ceil((10_000 - 1) / per_copy)
    result = {"real_files": real_files, "check": [], "build": []}
    for k in sorted(set(factors) | {ten_k}):
        data = out / f"data-{k}x"
        files = synth.generate(k, data)
        c = _check(data, runs if k < 50 else max(1, runs - 1))
        row = {"factor": k, "files": files, **c, "ms_per_file": round(1000 * c["wall_s"] / files, 2)}
        result["check"].append(row)
        log(f"growth: check {files:>6} files ({k}x): {c['wall_s']:.1f} s ({row['ms_per_file']} ms per file)")
    for k in build_factors:
        data = out / f"data-{k}x"
        if not data.exists():
            synth.generate(k, data)
        r = run(["lang", str(out / f"site-{k}x"), "en"], env={"ATLAS_DATA_DIR": str(data)}, timeout=6 * 3600)
        row = {"factor": k, "pages": r["pages"], "wall_s": round(r["wall"], 1),
               "ms_per_page": round(1000 * r["wall"] / r["pages"], 1)}
        result["build"].append(row)
        log(f"growth: build en from {k}x data: {row['pages']} pages in {row['wall_s']:.1f} s "
            f"({row['ms_per_page']} ms per page)")
        for d in (out / f"site-{k}x",):
            subprocess.run(["rm", "-rf", str(d)], check=False)
    if len(result["build"]) > 1:
        a, b = result["build"][0], result["build"][-1]
        result["build_growth"] = {"pages_ratio": round(b["pages"] / a["pages"], 2),
                                  "time_ratio": round(b["wall_s"] / a["wall_s"], 2),
                                  "per_page_ratio": round(b["ms_per_page"] / a["ms_per_page"], 2)}
    return result
