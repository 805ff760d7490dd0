"""`python -m macros.cli serve`: build both languages and serve them at http://127.0.0.1:8000 with live reload.

MkDocs' own `mkdocs serve` serves one config at a time; this serves both languages side by side (so the
language switcher works) with MkDocs' live-reload server, rebuilding when a page, template, schema, data
file or macro changes. A build error is printed and the last good site stays up.

A save is rebuilt in a fraction of a full build: each language is built by a process of its own (one per core)
that stays alive between saves and re-renders only the pages whose input changed
(macros/warm.py memoises MkDocs' per-page work on all of its inputs; the output is the same, file for file, as a
full build's: tests/test_serve.py). A change to the code (macros/*.py) or to mkdocs*.yml starts the processes
afresh. bench/serve.py measures the time from a save to the browser showing it.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from .loader import ROOT

WATCHED = ("docs", "data", "overrides", "schemas", "macros", "mkdocs.yml", "mkdocs.zh.yml")


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve both languages with live reload")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run)


def _worker(code: str, out: str, root: str, conn) -> None:
    """One language's build process: builds on each request, keeping what it can between builds."""
    from . import site, warm

    warm.install()
    root_path = Path(root)
    site.source_date_epoch(root_path)
    lang = {l.code: l for l in site.languages(root_path)}[code]
    while True:
        try:
            msg = conn.recv()
        except (EOFError, KeyboardInterrupt):  # the server has stopped (Ctrl+C): leave quietly, no traceback
            return
        if msg is None:
            return
        try:
            warm.new_build()
            cpu = time.process_time()
            secs = site.build_language(lang, Path(out), root_path, True)
            conn.send(("ok", secs, {**warm.stats, "cpu_s": round(time.process_time() - cpu, 3)}))
        except BaseException as exc:  # noqa: BLE001 - the server shows it and keeps the last good site
            conn.send(("error", f"{code}: {exc}", {}))


def _code_fingerprint(root: Path) -> tuple:
    """What the build processes have read once and keep: the code and the MkDocs configurations."""
    files = sorted((root / "macros").glob("*.py")) + [root / "mkdocs.yml", root / "mkdocs.zh.yml"]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists())


class WarmBuilder:
    """The build processes, one per language, started on first use and again when the code changes."""

    def __init__(self, out: Path, root: Path = ROOT):
        from . import site

        self.out, self.root = out, root
        self.codes = [l.code for l in site.languages(root)]
        self.procs: dict = {}
        self.code = None
        self.api_inputs = None  # warm.inputs_sig() of the root page and API last written
        self._api_thread = None  # writing them after a build (build(api_after=True))
        self.main_cpu_s = 0.0

    def _start(self) -> None:
        self.stop()
        ctx = multiprocessing.get_context("spawn")  # the server's threads make forking unsafe
        for code in self.codes:
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(code, str(self.out), str(self.root), child), daemon=True)
            proc.start()
            self.procs[code] = (proc, parent)
        self.code = _code_fingerprint(self.root)
        self.api_inputs = None  # new code may write another API

    def build(self, api_after: bool = False) -> dict:
        """Build every language at once; returns {lang: (seconds, memo stats)}; raises on any failure.
        The root page and the API (which need no page) are written while the languages build, or, with
        `api_after`, once they are built, beside the next steps (`make serve`: the reader's page reloads first;
        the next build waits for them)."""
        self.finish()
        if self.code != _code_fingerprint(self.root) or not all(p.is_alive() for p, _ in self.procs.values()):
            self._start()
        self.out.mkdir(parents=True, exist_ok=True)
        for _, conn in self.procs.values():
            conn.send("build")
        api_error = None if api_after else self._write_api()
        results, failures = {}, [api_error] if api_error else []
        for code, (proc, conn) in self.procs.items():
            try:
                status, value, stats = conn.recv()
            except EOFError:
                status, value, stats = "error", f"{code}: the build process stopped", {}
            if status == "ok":
                results[code] = (value, stats)
            else:
                failures.append(value)
        if failures:
            raise RuntimeError("\n".join(failures))
        if api_after:
            self._api_thread = threading.Thread(target=self._write_api, kwargs={"report": True}, daemon=True)
            self._api_thread.start()
        return results

    def _write_api(self, report: bool = False) -> str | None:
        """The root page and the API, again only when their inputs have changed since the last good build (a page
        or template edit leaves them as they are). Returns the error, if any (logged when `report`)."""
        from . import site, warm

        cpu = time.process_time()
        inputs, error = warm.inputs_sig(self.root), None
        if inputs != self.api_inputs:
            self.api_inputs = None
            try:
                site.write_root(self.out, self.root)
                site.write_api(self.out, self.root)
                self.api_inputs = inputs
            except Exception as exc:  # noqa: BLE001 - reported with the languages' errors, or logged
                error = f"api: {exc}"
                if report:
                    logging.getLogger("mkdocs").error("writing the API failed, still serving the previous one:\n%s", exc)
        self.main_cpu_s = round(time.process_time() - cpu, 3)
        return error

    def finish(self) -> None:
        """Wait for the root page and API of the last build, when they are written after it."""
        if self._api_thread is not None:
            self._api_thread.join()
            self._api_thread = None

    def stop(self) -> None:
        self.finish()
        for proc, conn in self.procs.values():
            try:
                conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()
        self.procs = {}


def _output_dir() -> Path:
    """In memory (/dev/shm) where there is one: every build empties and rewrites the site, thousands of files."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="atlas-serve-", dir=base))


def run(args) -> int:
    from mkdocs.livereload import LiveReloadServer

    from . import site

    log = logging.getLogger("mkdocs")
    out = _output_dir()
    warm = WarmBuilder(out)

    def builder() -> None:
        start = time.perf_counter()
        try:
            results = warm.build(api_after=True)
            # CPU time: what the rebuild costs on free cores (the languages build side by side, one per core)
            cpu = ", ".join(f"{code} {stats['cpu_s']:.2f} s" for code, (_, stats) in results.items())
            pages = ", ".join(f"{code} {stats['read_misses']}" for code, (_, stats) in results.items())
            print(f"rebuilt both languages in {time.perf_counter() - start:.2f} s (CPU: {cpu}; the root page and "
                  f"API follow, {warm.main_cpu_s:.2f} s last time; pages re-rendered: {pages})", flush=True)
        except Exception as exc:  # keep serving the last good build; show what is wrong
            log.error("build failed, still serving the previous build:\n%s", exc)

    site._logging()
    builder()
    # the watcher looks for saves every 0.2 s (MkDocs' default is 0.5 s: a quarter of a second of waiting, on
    # average, in every save's time to the browser; a look at the watched files costs about 10 ms)
    server = LiveReloadServer(builder=builder, host=args.host, port=args.port, root=str(out), polling_interval=0.2)
    for name in WATCHED:
        if (ROOT / name).exists():
            server.watch(str(ROOT / name))
    print(f"Serving on http://{args.host}:{args.port}/ (English: /en/, 中文: /zh/). Ctrl+C stops.", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        warm.stop()
        shutil.rmtree(out, ignore_errors=True)
    return 0
