"""The page a reader is looking at, built before the rest of the site (`make serve`).

A save under `make serve` rebuilds both languages whole (macros/warm.py keeps that to the pages whose input
changed), which takes seconds when a data file that many pages show has changed. Before that, the page open in
the browser is built alone, in the warm build process of its language, and the browser is reloaded to show it;
the whole site is then built beside the one being served and takes its place (macros/cmd_serve.py).

Building one page runs MkDocs' own steps and the same hooks as a full build (configuration, files, navigation,
the page's Markdown, its template), with two things left out, which only the full build makes: the Markdown of
the site's other generated pages (macros/mkdocs_hooks.py on_files gives them empty bodies: the navigation and
the links need the files, not what they say) and what is written after the pages (embeds, exports, search
index, sitemap). The page is the one the full build writes, byte for byte (tests/test_serve.py); the server
reloads the browser a second time if the full build's page came out otherwise.
"""
from __future__ import annotations

import logging
from pathlib import Path

_only: dict = {}  # the page being previewed: {"src": {candidate src_uris}}, or empty in a full build


def sources_for(url: str) -> set[str]:
    """The source files that can give a page at `url` (directory URLs): 'approaches/rag/' comes from
    'approaches/rag.md' or 'approaches/rag/index.md'; '' from 'index.md'."""
    base = url.strip("/")
    return {"index.md"} if not base else {f"{base}.md", f"{base}/index.md"}


def only() -> set[str] | None:
    """Within a preview, the source files of the page being built (on_files makes only that page's Markdown)."""
    return _only.get("src")


def build_page(config_file: Path, site_dir: Path, url: str) -> Path | None:
    """Build the page at `url` alone into `site_dir` (the language's folder); returns the file written, or
    None where the site has no such page. Raises as a full build would on bad data."""
    from mkdocs.commands import build as mkbuild
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils import CountHandler

    log = logging.getLogger("mkdocs")
    warnings = CountHandler()
    warnings.setLevel(logging.WARNING)
    log.addHandler(warnings)
    _only["src"] = sources_for(url)
    try:
        config = load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir))
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        mkbuild.set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        doc_files = files.documentation_pages()
        file = next((f for f in doc_files if f.url.strip("./") == url.strip("/")), None)  # the home page's is './'
        if file is None:
            return None
        if file.page is None:
            Page(None, file, config)
        mkbuild._populate_page(file.page, config, files)
        # The titles the page shows of others (navigation, previous and next) that only their text gives: the
        # hand-written pages' (a few dozen, taken from warm.py's memo); generated pages have theirs from the data.
        for page in nav.pages:
            if page.title is None and page is not file.page and not page.file.generated_by:
                mkbuild._populate_page(page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        mkbuild._build_page(file.page, config, doc_files, nav, env)
        if counts := warnings.get_counts():
            raise RuntimeError("preview of %s: %s" % (url, ", ".join(f"{v} {k.lower()}s" for k, v in counts)))
        return Path(file.abs_dest_path)
    finally:
        _only.clear()
        log.removeHandler(warnings)
