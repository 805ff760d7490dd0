"""Lighthouse (npm, node_modules/.bin/lighthouse) with Debian's Chromium on the built site, served with gzip on
127.0.0.1: performance (mobile, simulated slow 4G and 4x CPU slowdown, Lighthouse's default), accessibility, best
practices and SEO of the pages in bench/pages.py LIGHTHOUSE_PAGES, in both languages. Each page is run several
times; the median of each score is reported. Every JSON report is kept in bench/out/lighthouse/, and every
request Lighthouse saw is checked to have stayed on 127.0.0.1.

Lighthouse simulates a phone by slowing this machine's CPU down four times, so its timings (and the performance
score) follow how fast the machine is while it runs. Each report's environment.benchmarkIndex (Lighthouse's own
measure of the host CPU, higher is faster) is printed beside the scores: on this project's two-core machine it
was seen at about 2,200 on a quiet host and at about 1,100 on a loaded one, where total blocking time doubled for
the same pages. Compare scores only between runs at a similar index."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from macros.loader import ROOT

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .pages import LIGHTHOUSE_PAGES
from .serving import serve_compressed

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")


def chrome_flags() -> str:
    return " ".join(["--headless=new", *CHROMIUM_ARGS])


def run_once(url: str, report: Path, categories=CATEGORIES, chromium: str = CHROMIUM) -> dict:
    if not LIGHTHOUSE.exists():
        raise RuntimeError("Lighthouse is not installed: run `npm ci` (make test and make bench do)")
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--chrome-flags={chrome_flags()}", f"--only-categories={','.join(categories)}", "--max-wait-for-load=60000"],
        env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {data['runtimeError']}")
    scores = {c: round(data["categories"][c]["score"] * 100) for c in categories}
    metrics = {m: data["audits"][m]["numericValue"] for m in METRICS if m in data["audits"]}
    failing = sorted({f"{c}:{ref['id']}" for c in categories for ref in data["categories"][c]["auditRefs"]
                      if ref["weight"] > 0 and (data["audits"][ref["id"]].get("score") is not None)
                      and data["audits"][ref["id"]]["score"] < 1 and c != "performance"})
    requests = [item.get("url", "") for item in
                data["audits"].get("network-requests", {}).get("details", {}).get("items", [])]
    outside = [u for u in requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname != "127.0.0.1"]
    return {"scores": scores, "metrics": metrics, "failing": failing, "requests": len(requests), "outside": outside,
            "benchmark_index": data.get("environment", {}).get("benchmarkIndex", 0)}


def bench_lighthouse(site: Path, out: Path, runs: int = 3, langs=("en", "zh"), pages=LIGHTHOUSE_PAGES,
                     log=print) -> list[dict]:
    reports = out / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    rows = []
    with serve_compressed(site) as base:
        for lang in langs:
            for path in pages:
                if not (site / lang / path / "index.html").exists():
                    raise RuntimeError(f"/{lang}/{path} is not in the built site")
                results = []
                for i in range(runs):
                    name = f"{lang}-{path.strip('/').replace('/', '-') or 'home'}-{i + 1}.json"
                    results.append(run_once(f"{base}/{lang}/{path}", reports / name))
                row = {"lang": lang, "page": f"/{lang}/{path}"}
                for c in CATEGORIES:
                    row[c] = statistics.median(r["scores"][c] for r in results)
                    row[c + "_runs"] = [r["scores"][c] for r in results]
                for m in METRICS:
                    row[m] = statistics.median(r["metrics"].get(m, 0) for r in results)
                row["benchmark_index"] = statistics.median(r["benchmark_index"] for r in results)
                row["failing"] = sorted({f for r in results for f in r["failing"]})
                row["outside_requests"] = sorted({u for r in results for u in r["outside"]})
                rows.append(row)
                log(f"lighthouse: {row['page']:<24} perf {row['performance']:>3} {row['performance_runs']}  "
                    f"a11y {row['accessibility']:>3}  bp {row['best-practices']:>3}  seo {row['seo']:>3}  "
                    f"LCP {row['largest-contentful-paint'] / 1000:.1f} s  TBT {row['total-blocking-time']:.0f} ms  "
                    f"host CPU index {row['benchmark_index']:.0f}"
                    + (f"  below 100: {', '.join(row['failing'])}" if row["failing"] else ""))
    return rows
