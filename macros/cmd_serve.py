"""`python -m macros.cli serve`: build both languages and serve them at http://127.0.0.1:8000 with live reload.

MkDocs' own `mkdocs serve` serves one config at a time; this serves both languages side by side (so the
language switcher works) with MkDocs' live-reload server, rebuilding when a page, template, schema, data
file or macro changes. A build error is printed and the last good site stays up.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
import time
from pathlib import Path

from .loader import ROOT

WATCHED = ("docs", "data", "overrides", "schemas", "macros", "mkdocs.yml", "mkdocs.zh.yml")


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve both languages with live reload")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run)


def build_languages(out: Path) -> None:
    """Every language at once, each in a process of its own (one per core): a save is rebuilt in the time of the
    slowest language rather than of all of them (bench/serve.py measures it). Fresh processes ("spawn"), as the
    server's threads make forking unsafe; a failing language raises its error here."""
    from . import site

    langs = site.languages(ROOT)
    workers = max(1, min(len(langs), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for done in [pool.submit(site.build_language, lang, out, ROOT, True) for lang in langs]:
            done.result()


def run(args) -> int:
    from mkdocs.livereload import LiveReloadServer

    from . import site

    log = logging.getLogger("mkdocs")
    out = Path(tempfile.mkdtemp(prefix="atlas-serve-"))

    def builder() -> None:
        start = time.perf_counter()
        try:
            build_languages(out)
            site.write_root(out, ROOT)
            site.write_api(out, ROOT)
            print(f"rebuilt both languages in {time.perf_counter() - start:.1f} s", flush=True)
        except Exception as exc:  # keep serving the last good build; show what is wrong
            log.error("build failed, still serving the previous build:\n%s", exc)

    site._logging()
    builder()
    server = LiveReloadServer(builder=builder, host=args.host, port=args.port, root=str(out))
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
    return 0
