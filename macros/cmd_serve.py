"""`python -m macros.cli serve`: build both languages and serve them at http://127.0.0.1:8000 with live reload.

MkDocs' own `mkdocs serve` serves one config at a time; this serves both languages side by side (so the
language switcher works) with MkDocs' live-reload server, rebuilding when a page, template, schema, data
file or macro changes. A build error is printed and the last good site stays up.

A save shows in the browser in about a second and a half: each language is built by a process of its own (one
per core) that stays alive between saves. On a save, the page open in the browser (the server notes the last page
asked for) is built alone first, into the site being served, and the browser reloads (macros/preview.py); then
both languages are built whole into a second folder, re-rendering only the pages whose input changed
(macros/warm.py memoises MkDocs' per-page work on all of its inputs), and that folder is served from then on. The
output is the same, file for file, as a full build's, and the page built alone is the page the whole build
writes (tests/test_serve.py); if it ever were not, the browser is reloaded again. A change to the code
(macros/*.py) or to mkdocs*.yml starts the processes afresh. bench/serve.py measures the time from a save to the
browser showing it.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from .loader import ROOT

WATCHED = ("docs", "data", "overrides", "schemas", "macros", "mkdocs.yml", "mkdocs.zh.yml")


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve both languages with live reload")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run)


def _worker(code: str, root: str, conn) -> None:
    """One language's build process: builds on each request, keeping what it can between builds."""
    from . import preview, site, warm

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
        kind, target, url = msg
        try:
            warm.new_build()
            cpu = time.process_time()
            if kind == "preview":  # the reader's page alone (macros/preview.py), into the site being served
                start = time.perf_counter()
                written = preview.build_page(root_path / lang.config, Path(target) / lang.code, url)
                conn.send(("ok", time.perf_counter() - start, {"page": str(written) if written else None}))
            else:
                secs = site.build_language(lang, Path(target), root_path, True)
                conn.send(("ok", secs, {**warm.stats, "cpu_s": round(time.process_time() - cpu, 3)}))
        except BaseException as exc:  # noqa: BLE001 - the server shows it and keeps the last good site
            conn.send(("error", f"{code}: {exc}", {}))
        # What the memos keep is long-lived: out of the garbage collector's way, or a full collection scanning it
        # (about half a second) lands in the middle of the next save's preview. Done once the answer is sent.
        gc.collect()
        gc.freeze()


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
        self.api_inputs: dict = {}  # site folder -> warm.inputs_sig() of the root page and API last written there
        self.main_cpu_s = 0.0

    def _start(self) -> None:
        self.stop()
        ctx = multiprocessing.get_context("spawn")  # the server's threads make forking unsafe
        for code in self.codes:
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(code, str(self.root), child), daemon=True)
            proc.start()
            self.procs[code] = (proc, parent)
        self.code = _code_fingerprint(self.root)
        self.api_inputs = {}  # new code may write another API

    def warm(self) -> bool:
        """Whether the build processes are running the current code (a preview is worth it only then)."""
        return bool(self.procs) and self.code == _code_fingerprint(self.root) \
            and all(p.is_alive() for p, _ in self.procs.values())

    def preview(self, lang: str, url: str, target: Path) -> Path | None:
        """Build one page of one language into `target` (macros/preview.py); returns the file written, or None
        where the language has no such page. Raises on failure, as build() does."""
        if not self.warm() or lang not in self.procs:
            raise RuntimeError("no warm build process for a preview")
        _, conn = self.procs[lang]
        conn.send(("preview", str(target), url))
        status, value, info = conn.recv()
        if status != "ok":
            raise RuntimeError(value)
        return Path(info["page"]) if info["page"] else None

    def build(self, target: Path | None = None) -> dict:
        """Build every language at once into `target` (the builder's folder by default); returns
        {lang: (seconds, memo stats)}; raises on any failure. The root page and the API (which need no page) are
        written while the languages build."""
        target = Path(target or self.out)
        if not self.warm():
            self._start()
        target.mkdir(parents=True, exist_ok=True)
        for _, conn in self.procs.values():
            conn.send(("build", str(target), None))
        api_error = self._write_api(target)
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
        return results

    def _write_api(self, target: Path) -> str | None:
        """The root page and the API, again only when their inputs have changed since the last good build in
        `target` (a page or template edit leaves them as they are). Returns the error, if any."""
        from . import site, warm

        cpu = time.process_time()
        inputs, error = warm.inputs_sig(self.root), None
        if inputs != self.api_inputs.get(target):
            self.api_inputs.pop(target, None)
            try:
                site.write_root(target, self.root)
                site.write_api(target, self.root)
                self.api_inputs[target] = inputs
            except Exception as exc:  # noqa: BLE001 - reported with the languages' errors
                error = f"api: {exc}"
        self.main_cpu_s = round(time.process_time() - cpu, 3)
        return error

    def stop(self) -> None:
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


def _viewed(path: str, codes) -> tuple[str, str] | None:
    """('en', 'approaches/rag/') from a page's address '/en/approaches/rag/' (or '.../index.html'); None for
    anything that is not a page of a language (assets, the API, the root)."""
    parts = path.split("?", 1)[0].split("#", 1)[0].lstrip("/").split("/", 1)
    if len(parts) < 2 or parts[0] not in codes:
        return None
    rest = parts[1]
    if rest.endswith("index.html"):
        rest = rest[: -len("index.html")]
    if rest and not rest.endswith("/"):
        return None  # a file, not a page
    return parts[0], rest


def _server_class():
    from mkdocs.livereload import LiveReloadServer, _timestamp

    class AtlasServer(LiveReloadServer):
        """MkDocs' live-reload server, which also knows the page last opened and the page each open tab shows
        (its live-reload script asks from it), and serves whichever site folder `root` names: a rebuild is made
        beside it."""

        def __init__(self, *args, codes=(), **kwargs):
            super().__init__(*args, **kwargs)
            self.codes = tuple(codes)
            self.viewed: tuple[str, str] | None = None
            self.polled: dict = {}  # page -> when a tab showing it last asked for a reload

        def _serve_request(self, environ, start_response):
            path = environ.get("PATH_INFO", "")
            if path.startswith("/livereload/"):
                referer = environ.get("HTTP_REFERER") or ""
                page = _viewed(urlsplit(referer).path, self.codes) if referer else None
                if page is not None:  # a tab showing this page waits for the next reload
                    self.polled[page] = time.monotonic()
            else:
                page = _viewed(path, self.codes)
            if page is not None:
                self.viewed = page
            return super()._serve_request(environ, start_response)

        def others_open(self, page) -> bool:
            """Whether a tab shows a page other than `page`: each open tab asks for reloads at least once a
            minute (MkDocs' poll times out after 60 s)."""
            recent = time.monotonic() - self.poll_response_timeout - 10
            return any(p != page and at > recent for p, at in list(self.polled.items()))

        def show_now(self) -> None:
            """Reload the browsers now, while the build goes on (the preview is in the folder being served)."""
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch
                self._epoch_cond.notify_all()

        def reload_again(self) -> None:
            """Have the browsers reload once more when this build ends."""
            self._wanted_epoch = max(self._wanted_epoch + 1, _timestamp())

    return AtlasServer


def run(args) -> int:
    from . import site

    log = logging.getLogger("mkdocs")
    out = _output_dir()
    folders = [out / "a", out / "b"]  # the site being served, and the next build's, which then takes its place
    warm = WarmBuilder(folders[0])
    server = None

    def builder() -> None:
        start = time.perf_counter()
        served, target = folders[0], folders[1]
        page = server.viewed if server is not None else None
        shown = None
        if page is not None and warm.warm():
            try:
                shown = warm.preview(page[0], page[1], served)
                if shown is not None:
                    preview_bytes = shown.read_bytes()
                    server.show_now()
                    print(f"showed /{page[0]}/{page[1]} in {time.perf_counter() - start:.2f} s; building the rest",
                          flush=True)
            except Exception as exc:  # the full build below reports it, with every other error
                shown = None
                log.debug("preview failed: %s", exc)
        try:
            results = warm.build(target=target if server is not None else served)
        except Exception as exc:  # keep serving the last good build; show what is wrong
            log.error("build failed, still serving the previous build:\n%s", exc)
            return
        if server is not None:
            server.root = str(target)
            folders.reverse()
            if shown is not None:
                built = target / shown.relative_to(served)
                # the whole build's page came out otherwise, or another tab (reloaded with the preview, showing
                # another page) waits for its page: reload once more
                if not built.exists() or built.read_bytes() != preview_bytes or server.others_open(page):
                    server.reload_again()
        # CPU time: what the rebuild costs on free cores (the languages build side by side, one per core)
        cpu = ", ".join(f"{code} {stats['cpu_s']:.2f} s" for code, (_, stats) in results.items())
        pages = ", ".join(f"{code} {stats['read_misses']}" for code, (_, stats) in results.items())
        print(f"rebuilt both languages in {time.perf_counter() - start:.2f} s (CPU: {cpu}; root page and API "
              f"{warm.main_cpu_s:.2f} s; pages re-rendered: {pages})", flush=True)

    site._logging()
    builder()
    # the watcher looks for saves every 0.2 s (MkDocs' default is 0.5 s: a quarter of a second of waiting, on
    # average, in every save's time to the browser; a look at the watched files costs about 10 ms)
    server = _server_class()(builder=builder, host=args.host, port=args.port, root=str(folders[0]),
                             polling_interval=0.2, codes=warm.codes)
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
