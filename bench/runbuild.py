"""One build in a fresh process, for the benchmarks (so that no cache of a previous run helps the next one).

    python -m bench.runbuild real <site-dir>                    the site as `make build` makes it
    python -m bench.runbuild capture <site-dir> <capture-dir>   the same, writing the expanded Markdown too
    python -m bench.runbuild baseline <site-dir> <extra> <config>...
                                          plain Markdown, same theme, no data layer; then the files of the folder
                                          <extra> (the real site's files that are not pages) copied in ('-': none)
    python -m bench.runbuild lang <site-dir> <code>             one language of the real site
    python -m bench.runbuild history <cache-dir>                the history alone, with that cache (empty: cold)

Prints one line of JSON: {"seconds": ..., "pages": <HTML files>, "files": <all files>, "copy_seconds": ...}.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path


def _quiet() -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def _pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def site_files(site: Path) -> set[str]:
    """Every file of a built site, by its path relative to the site."""
    return {str(f.relative_to(site)) for f in site.rglob("*") if f.is_file()}


def _profile(site: Path) -> dict:
    """One build with a stopwatch on each part of the data layer (seconds, both languages)."""
    import collections

    from macros import background, embeds, loader, nav, render, site as atlas_site, tooltips
    import mkdocs_macros.plugin as macros_plugin

    spent: collections.Counter = collections.Counter()

    def timed(owner, name, label):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - start
        setattr(owner, name, wrapper)

    timed(loader, "load", "load and validate data")
    timed(macros_plugin.MacrosPlugin, "on_config", "mkdocs-macros setup (incl. data)")
    timed(macros_plugin.MacrosPlugin, "on_page_markdown", "mkdocs-macros on each page")
    timed(render, "entity_page", "entity pages from data")
    timed(render, "table_page", "table pages")
    timed(tooltips, "annotate", "glossary tooltips")
    # In a real build the embeds and exports are written in a second process while MkDocs renders the pages
    # (macros/background.py); here they are written in place, so that their own time is seen.
    start_in_place = background.start
    background.start = lambda work, fork=None: start_in_place(work, fork=False)
    timed(embeds, "write_table_files", "embeds and exports (beside the pages in a real build)")
    timed(atlas_site, "write_api", "JSON API")
    timed(nav, "expand", "navigation from data")
    from macros import changes, embeds as embeds_mod, feeds, history
    timed(history, "compute", "history (from the cache of its steps)")
    timed(changes, "changes_page", "history: changes page")
    timed(changes, "versions_section", "history: versions on table pages")
    timed(feeds, "write_feeds", "history: Atom feeds")
    timed(embeds_mod, "version_files", "history: versions in the API")
    start = time.perf_counter()
    atlas_site.build_site(site, quiet=True)
    spent["whole build"] = time.perf_counter() - start
    return {k: round(v, 2) for k, v in spent.most_common()}


def _mkdocs(site: Path):
    """A clean site folder, builds dated like `make build`'s, quiet logs; MkDocs' build and load_config."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from macros import site as atlas_site

    if site.exists():
        shutil.rmtree(site)
    atlas_site.source_date_epoch()
    atlas_site._logging()
    _quiet()
    return build, load_config


def main(argv: list[str]) -> int:
    mode, site = argv[0], Path(argv[1])
    start = time.perf_counter()
    copied = 0.0
    from macros import site as atlas_site

    if mode == "real":
        atlas_site.build_site(site, quiet=True)
    elif mode == "lang":
        if site.exists():
            shutil.rmtree(site)
        lang = next(l for l in atlas_site.languages() if l.code == argv[2])
        atlas_site.source_date_epoch()
        atlas_site.build_language(lang, site, quiet=True)
    elif mode == "capture":
        build, load_config = _mkdocs(site)
        own = atlas_site._plain_yaml(atlas_site.ROOT / "mkdocs.yml").get("hooks", [])
        hooks = [str(atlas_site.ROOT / h) for h in own] + [str(Path(__file__).with_name("capture_hook.py"))]
        for lang in atlas_site.languages():
            os.environ["ATLAS_BENCH_CAPTURE"] = str(Path(argv[2]) / lang.code)
            config = load_config(config_file=str(atlas_site.ROOT / lang.config), strict=True,
                                 site_dir=str(site / lang.code), hooks=hooks)
            build(config)
        atlas_site.write_root(site)
        atlas_site.write_api(site)
    elif mode == "baseline":
        build, load_config = _mkdocs(site)
        for cfg in argv[3:]:
            lang = Path(cfg).stem.rsplit("-", 1)[-1]
            build(load_config(config_file=cfg, strict=True, site_dir=str(site / lang)))
        copy_start = time.perf_counter()
        if argv[2] != "-":
            shutil.copytree(argv[2], site, dirs_exist_ok=True, copy_function=shutil.copyfile)
        copied = time.perf_counter() - copy_start
    elif mode == "history":  # the history alone (macros/history.py), with the cache folder given (empty: cold)
        from macros import history

        h = history.compute(atlas_site.ROOT, site)
        print(json.dumps({"seconds": time.perf_counter() - start, "steps": len(h.steps), "state": h.state}))
        return 0
    elif mode == "profile":
        print(json.dumps(_profile(site)))
        return 0
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps({"seconds": time.perf_counter() - start, "pages": _pages(site), "files": len(site_files(site)),
                      "copy_seconds": copied}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
