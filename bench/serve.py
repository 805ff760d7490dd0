"""`make serve`: how long from saving a file to the reader's browser showing the changed page.

The real dev server (`python -m macros.cli serve --port N`) runs on a copy of the repository in a temporary folder
(so that the edits never touch data/). For each kind of file (EDITS: a data file, a hand-written page, a
template), Chromium opens a page that shows it; the benchmark then saves the file with a new marker text, five
times, and measures, from the write:
  - rebuilt: the server has finished the rebuild of both languages (it prints "rebuilt ..."),
  - reloaded: the page in Chromium has reloaded by itself (MkDocs' live reload) and shows the new text: the
    server builds that page first and reloads it before the rest is built (macros/preview.py).
The first build (both languages from nothing, which is also what a full build costs) is printed beside them.
"""
from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from macros.loader import ROOT

from .chromium import CHROMIUM, CHROMIUM_ARGS

COPIED = ("docs", "data", "macros", "overrides", "schemas", "published", "mkdocs.yml", "mkdocs.zh.yml")
PAGE = ("approaches", "rag")  # the page and the file edited: data/approaches/rag.yaml


def _appended(text: str, marker: str) -> str:
    return text + f"\n\n{marker}\n"


def _in_footer(text: str, marker: str) -> str:
    if "</footer>" not in text:
        raise RuntimeError("</footer> not found in the edited template")
    return text.replace("</footer>", f"<span>{marker}</span></footer>", 1)


# kind -> (file edited, page that shows it, how the marker goes in): every page shows the footer, so a template
# edit re-renders every page, the slowest case
EDITS = {
    "data": ("data/approaches/rag.yaml", "/en/approaches/rag/", None),
    "page": ("docs/en/matrix.md", "/en/matrix/", _appended),
    "template": ("overrides/partials/footer.html", "/en/approaches/rag/", _in_footer),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_repo(dest: Path) -> None:
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)


def _in_synthesis(text: str, marker: str) -> str:
    """The file with `marker` in front of the first sentence of its English synthesis, which the approach's page
    shows at the top (its summary is only in the page's description, which no reader sees)."""
    new, n = re.subn(r'(?m)^(synthesis:\n  - en: ")', lambda m: m.group(1) + marker + " ", text, count=1)
    if n != 1:
        raise RuntimeError("synthesis[0].en not found where expected in the edited file")
    return new


def _cpu_critical(line: str):
    """From the server's "rebuilt ... (CPU: en 0.9 s, zh 0.8 s; the root page and API follow, ...)": the CPU
    time of the slowest language, i.e. the rebuild's time on free cores (the root page and API are written after
    the reload). None if not printed."""
    found = [float(x) for x in re.findall(r"(?:[a-z]{2}) ([0-9.]+) s", line.split("CPU:", 1)[-1].split(";", 1)[0])]
    return round(max(found), 2) if "CPU:" in line and found else None


def bench_serve(out: Path, edits: int = 5, log=print, chromium: str = CHROMIUM) -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="atlas-bench-serve-"))
    _copy_repo(work)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-u", "-m", "macros.cli", "serve", "--port", str(port)], cwd=work,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue = queue.Queue()
    transcript: list[str] = []

    def reader():
        for line in proc.stdout:
            transcript.append(line)
            lines.put((time.perf_counter(), line))

    threading.Thread(target=reader, daemon=True).start()

    def wait_for(pattern: str, timeout: float) -> float:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            try:
                at, line = lines.get(timeout=0.5)
            except queue.Empty:
                if proc.poll() is not None:
                    raise RuntimeError("the dev server stopped:\n" + "".join(transcript[-40:]))
                continue
            if re.search(pattern, line):
                seen.append(line)
                return at
        raise RuntimeError(f"no line matching {pattern!r} within {timeout} s:\n" + "".join(transcript[-40:]))

    results: dict = {kind: [] for kind in EDITS}
    seen: list[str] = []
    try:
        started = time.perf_counter()
        wait_for(r"Serving on", 900)
        first_build = time.perf_counter() - started
        log(f"serve: first build (both languages, from nothing) and server up in {first_build:.1f} s")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for kind, (rel, url, put) in EDITS.items():
                edited = work / rel
                original = edited.read_text(encoding="utf-8")
                # a fresh tab for each kind: the previous one's live reload (of the file just restored) must not
                # race this one's navigation
                page.close()
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}{url}", wait_until="load", timeout=600_000)
                time.sleep(1.0)  # the live-reload script has started its long poll
                for i in range(edits):
                    marker = f"BENCH-EDIT-{kind}-{i}-{int(time.time())}"
                    while not lines.empty():
                        lines.get_nowait()
                    page.evaluate("window.__atlasBenchOld = true")  # gone once the page has reloaded
                    saved = time.perf_counter()
                    edited.write_text((put or _in_synthesis)(original, marker), encoding="utf-8")
                    # the reader's page is built first and shown while the rest builds (macros/preview.py): the
                    # reload is timed as it happens, the rebuild by when its line was printed
                    page.wait_for_function(
                        "m => !window.__atlasBenchOld && document.body && document.body.innerText.includes(m)",
                        arg=marker, timeout=120_000, polling=50)  # a marker the page never shows fails here
                    reloaded = time.perf_counter() - saved
                    rebuilt = wait_for(r"rebuilt", 600) - saved
                    cpu = _cpu_critical(seen[-1])
                    results[kind].append({"rebuilt_s": round(rebuilt, 2), "reloaded_s": round(reloaded, 2),
                                          "cpu_critical_s": cpu})
                    log(f"serve: {kind} edit {i + 1}/{edits} ({rel}): rebuilt in {rebuilt:.2f} s, "
                        f"page reloaded showing it in {reloaded:.2f} s; CPU of the slowest part {cpu} s")
                    time.sleep(1.0)
                edited.write_text(original, encoding="utf-8")
                wait_for(r"rebuilt", 600)
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    (out / "serve.log").write_text("".join(transcript), encoding="utf-8")
    kinds = {kind: {"file": EDITS[kind][0], "edits": r,
                    "rebuilt_median_s": round(statistics.median(x["rebuilt_s"] for x in r), 2),
                    "reloaded_median_s": round(statistics.median(x["reloaded_s"] for x in r), 2),
                    "cpu_critical_median_s": round(statistics.median(x["cpu_critical_s"] or 0 for x in r), 2)}
             for kind, r in results.items()}
    return {
        "cpus": os.cpu_count(),
        "first_build_s": round(first_build, 2),
        "kinds": kinds,
        # the data file's figures under their former names (bench/out/results.json of earlier runs)
        "edits": kinds["data"]["edits"],
        "rebuilt_median_s": kinds["data"]["rebuilt_median_s"],
        "reloaded_median_s": kinds["data"]["reloaded_median_s"],
    }
