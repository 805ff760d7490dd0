"""`make bench`: python -m bench [build] [growth] [serve] [lighthouse] [--runs N] [--full]

With no part named, all four run (about 25 minutes on 2 cores). Figures go to bench/out/results.json, the
summary to bench/out/summary.txt and the screen, Lighthouse's reports to bench/out/lighthouse/.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from macros.loader import ROOT

OUT = ROOT / "bench" / "out"
PARTS = ("build", "growth", "serve", "lighthouse")


def work_dir(part: str, need_gb: float) -> Path:
    """Where a part's builds write. In memory (/dev/shm) when the machine has room there: on the disk of the
    machine these figures come from, writing the same 2,000 small files took from 0.07 s to 1.3 s from one
    minute to the next, which drowned the differences being measured. ATLAS_BENCH_ON_DISK=1 keeps them on disk."""
    shm = Path("/dev/shm")
    if not os.environ.get("ATLAS_BENCH_ON_DISK") and shm.is_dir() and os.access(shm, os.W_OK) \
            and shutil.disk_usage(shm).free > need_gb * 2**30:
        return Path(tempfile.mkdtemp(prefix=f"atlas-bench-{part}-", dir=shm))
    return OUT / part


def log(msg: str) -> None:
    print(msg, flush=True)


def _when(results: dict, part: str) -> str:
    measured = results.get("measured", {}).get(part)
    return f"  [measured {measured}]" if measured else ""


def summary(results: dict) -> str:
    lines = ["", "LLM Adaptation Atlas — benchmark summary", "=" * 72]
    b = results.get("build")
    if b:
        lines += ["Build (both languages, fresh process each, median of %d alternating runs)%s" % (b["runs"], _when(results, "build")),
                  f"  real site            {b['real_median_s']:7.1f} s   runs {b['real_s']}  CPU {b['real_cpu_median_s']:.1f} s",
                  f"  baseline (no data    {b['baseline_median_s']:7.1f} s   runs {b['baseline_s']}  CPU {b['baseline_cpu_median_s']:.1f} s",
                  f"    layer, same files)            of which {b['baseline_copy_median_s']:.2f} s copying the "
                  f"{b['copied_files']} files that are not pages",
                  f"  both put out {b['files']} files ({b['html_files']} HTML)",
                  f"  ratio real/baseline  {b['ratio']:7.3f}     the data layer adds {100 * b['data_layer_share']:.0f}% "
                  f"(aim: under 15%)",
                  f"  without the copying, the baseline would make the pages alone: ratio {b['ratio_pages_only']:.3f}"]
        if b.get("history"):
            h = b["history"]
            lines.append(f"  history ({h['steps']} steps, {h['state']}; process start included): cold (empty cache) "
                         f"{h['cold_median_s']:.2f} s, cached {h['cached_median_s']:.2f} s; the builds above read "
                         "the cache (macros/history.py)")
        if b.get("breakdown"):
            lines.append("  where the data layer's time goes (one in-process build, seconds): " +
                         ", ".join(f"{k} {v:.2f}" for k, v in b["breakdown"].items()))
    g = results.get("growth")
    if g:
        lines += ["Growth (synthetic data: the real data copied k times, bench/synth.py)" + _when(results, "growth")]
        for row in g["check"]:
            lines.append(f"  check  {row['factor']:>3}x {row['files']:>6} files  {row['wall_s']:7.1f} s  "
                         f"{row['ms_per_file']:6.2f} ms/file")
        for row in g["build"]:
            lines.append(f"  build  {row['factor']:>3}x {row['pages']:>6} pages (en) {row['wall_s']:7.1f} s  "
                         f"{row['ms_per_page']:6.1f} ms/page")
        if g.get("build_growth"):
            gg = g["build_growth"]
            lines.append(f"  pages x{gg['pages_ratio']}, build time x{gg['time_ratio']}, time per page x{gg['per_page_ratio']}")
    s = results.get("serve")
    if s:
        lines += ["make serve (save -> browser showing it; median of %d saves of each kind)%s" % (len(s["edits"]), _when(results, "serve")),
                  f"  full build of both languages (the server's first)  {s['first_build_s']:6.1f} s"]
        for kind, k in (s.get("kinds") or {"data": {"file": "data/approaches/rag.yaml", **s}}).items():
            lines.append(f"  {kind:<9} {k['file']:<32} rebuilt {k['rebuilt_median_s']:5.2f} s   reloaded "
                         f"{k['reloaded_median_s']:5.2f} s   CPU of the slowest part {k.get('cpu_critical_median_s', 0):5.2f} s"
                         f"   runs {[e['reloaded_s'] for e in k['edits']]}")
    lh = results.get("lighthouse")
    if lh:
        lines += ["Lighthouse (mobile, gzip on 127.0.0.1; median of runs; target perf >= 95, others 100)" + _when(results, "lighthouse"),
                  f"  {'page':<24}{'perf':>6}{'a11y':>6}{'bp':>6}{'seo':>6}{'LCP s':>8}{'TBT ms':>8}{'CPU idx':>8}  perf runs"]
        for r in lh:
            lines.append(f"  {r['page']:<24}{r['performance']:>6.0f}{r['accessibility']:>6.0f}{r['best-practices']:>6.0f}"
                         f"{r['seo']:>6.0f}{r['largest-contentful-paint'] / 1000:>8.2f}{r['total-blocking-time']:>8.0f}"
                         f"{r.get('benchmark_index', 0):>8.0f}"
                         f"  {r['performance_runs']}" + (f"  <100: {', '.join(r['failing'])}" if r["failing"] else "")
                         + (f"  OUTSIDE REQUESTS: {r['outside_requests']}" if r["outside_requests"] else ""))
    lines.append("=" * 72)
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("parts", nargs="*", help=f"what to run: {', '.join(PARTS)} (default: all)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each build (default 5)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--full", action="store_true", help="also build the 100x site (hours)")
    args = parser.parse_args(argv)
    parts = args.parts or list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}: choose from {', '.join(PARTS)}")
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        previous = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    results: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                                 "cpus": __import__("os").cpu_count()},
                     "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    site = None
    scratch: list[Path] = []
    if "build" in parts:
        from .build import bench_build, breakdown
        work = work_dir("build", need_gb=1)
        scratch.append(work)
        log(f"build: writing to {work}")
        results["build"] = bench_build(work, runs=args.runs, log=log)
        results["build"]["output_dir"] = str(work)
        results["build"]["breakdown"] = breakdown(work / "site-profile")
        from .build import bench_history
        log("build: the history alone, cold (empty cache) and cached")
        results["build"]["history"] = bench_history(work, runs=max(1, min(args.runs, 3)))
        site = Path(results["build"]["site"])
    if "growth" in parts:
        from .growth import bench_growth
        work = work_dir("growth", need_gb=40 if args.full else 4)
        scratch.append(work)
        log(f"growth: writing to {work}")
        results["growth"] = bench_growth(work, runs=max(1, min(args.runs, 3)),
                                         build_factors=(1, 10, 100) if args.full else (1, 10), log=log)
        results["growth"]["output_dir"] = str(work)
    if "serve" in parts:
        from .serve import bench_serve
        results["serve"] = bench_serve(OUT, log=log)
    if "lighthouse" in parts:
        from .build import run
        from .lighthouse import bench_lighthouse
        if site is None or not (site / "en" / "index.html").exists():
            site = OUT / "build" / "site-real"
            log("lighthouse: building the site")
            run(["real", str(site)])
        results["lighthouse"] = bench_lighthouse(site, OUT, runs=args.lighthouse_runs, log=log)
    for work in scratch:
        if work.is_relative_to(Path("/dev/shm")):
            shutil.rmtree(work, ignore_errors=True)  # memory, not disk: give it back
    results["measured"] = dict(previous.get("measured", {}))  # part -> when its figures were measured
    for part in PARTS:  # the parts this run did not run keep their last figures, with their date
        if part in parts:
            results["measured"][part] = results["started"]
        elif part in previous:
            results[part] = previous[part]
    (OUT / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = summary(results)
    (OUT / "summary.txt").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
