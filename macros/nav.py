"""Navigation from data: hand-written pages get their titles from data/ui.yaml, and every entity folder's
index page becomes a section listing one page per data file."""
from __future__ import annotations

from . import markup, model, render


def _title_key(path: str) -> str:
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        return "nav_home"
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return "nav_" + stem.replace("-", "_").replace("/", "_")


def expand(nav_config, atlas: model.Atlas, lang: str) -> list:
    page_dirs = {k.page_dir: k for k in model.KINDS if k.page_dir}
    out = []
    for item in nav_config or []:
        if isinstance(item, dict):  # already titled: keep
            out.append(item)
            continue
        # MkDocs' theme environment does not autoescape: every title from data (ui.yaml's labels and the entities'
        # names) is escaped here, once (markup.nav_title), and Material prints it as HTML in the nav, <title> and the header.
        title = markup.nav_title(atlas.t(_title_key(item), lang))
        folder = item.split("/")[0] if item.endswith("/index.md") else None
        if folder in page_dirs:
            kind = page_dirs[folder]
            children = [item] + [{markup.nav_title(render.entity_title(atlas, kind.folder, i, lang)): f"{folder}/{i}.md"}
                                 for i in atlas.kind(kind.folder)]
            out.append({title: children})
        else:
            out.append({title: item})
    return out
