"""MkDocs hook (glue only): every page without a front-matter description gets one from the data
(macros/seo.py), for search engines and link previews. Kept apart from mkdocs_hooks.py so that each stays small."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # hooks are loaded by path, not as a package

from mkdocs.exceptions import PluginError  # noqa: E402

from macros import render, seo  # noqa: E402
from macros.errors import DataValidationError  # noqa: E402
from macros.loader import load_or_raise  # noqa: E402


_build: dict = {}  # the atlas of the build under way (loaded once per build, not once per page)


def on_config(config):
    try:
        _build["atlas"] = load_or_raise()
    except DataValidationError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_page_markdown(markdown, page, config, files):
    if page.meta.get("description"):
        return markdown
    atlas = _build["atlas"]
    lang = config["theme"]["language"]
    uri = page.file.src_uri
    tables = render.context(atlas, lang).tables if uri.startswith("tables/") else None
    description = seo.page_description(atlas, lang, uri, tables)
    if description:
        page.meta["description"] = description
    return markdown
