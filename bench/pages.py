"""The kinds of page of a built site, found from the files (not from a list), and the pages Lighthouse scores."""
from __future__ import annotations

from pathlib import Path

# Pages the Lighthouse benchmark scores in each language (paths under /<lang>/): the home page, the comparison
# matrix, an approach page, the glossary and the decision guide.
LIGHTHOUSE_PAGES = ("", "matrix/", "approaches/rag/", "glossary/", "guide/")


def kind_of(rel: Path) -> str:
    """'index.html' -> 'home'; 'matrix/index.html' -> 'matrix'; 'approaches/rag/index.html' -> 'approaches/*';
    'embed/matrix/2/index.html' -> 'embed/*/*'."""
    if rel.name != "index.html":
        return rel.as_posix()  # 404.html and the like
    parts = rel.parent.parts
    if not parts:
        return "home"
    if len(parts) == 1:
        return parts[0]
    # one kind per depth below a section: a table's embed and its parts (embed/<id>/2/) are two kinds, whichever
    # table is cut into parts in a language (a cut depends on its size in that language)
    return "/".join([parts[0]] + ["*"] * (len(parts) - 1))


def page_kinds(site: Path, lang: str) -> dict[str, Path]:
    """One page per kind of page in /<lang>/: the largest (most content, most to check), by kind."""
    root = site / lang
    best: dict[str, Path] = {}
    for path in sorted(root.rglob("*.html")):
        kind = kind_of(path.relative_to(root))
        if kind not in best or path.stat().st_size > best[kind].stat().st_size:
            best[kind] = path
    return dict(sorted(best.items()))


def url_path(site: Path, path: Path) -> str:
    """The URL path of a built file: en/approaches/rag/index.html -> /en/approaches/rag/."""
    rel = path.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
