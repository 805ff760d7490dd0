"""MkDocs hooks (glue only): a page per entity, the nav from data, glossary tooltips in rendered pages."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # hooks are loaded by path, not as a package

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from macros import model, nav, tooltips  # noqa: E402
from macros.errors import DataValidationError  # noqa: E402
from macros.loader import load_or_raise  # noqa: E402


def _atlas():
    try:
        return load_or_raise()
    except DataValidationError as exc:
        raise PluginError(str(exc)) from None


def on_config(config):
    atlas = _atlas()
    config["nav"] = nav.expand(config["nav"], atlas, config["theme"]["language"])
    return config


def on_files(files, config):
    atlas = _atlas()
    for kind in model.KINDS:
        if not kind.page_dir:
            continue
        for ident in atlas.kind(kind.folder):
            src = f"{kind.page_dir}/{ident}.md"
            if files.get_file_from_path(src) is None:
                files.append(File.generated(config, src, content=f"{{{{ entity_page('{kind.folder}', '{ident}') }}}}\n"))
    return files


def on_page_content(html, page, config, files):
    atlas = _atlas()
    return tooltips.annotate(html, tooltips.matcher(atlas, config["theme"]["language"]))
