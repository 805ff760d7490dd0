"""What crawlers and link previews read about a page: its description, from the data. Pure functions.

Hand-written pages carry a ``description`` in their front matter. Generated pages have none, so a page made
from an entity is described by that entity's summary (or description), and a table's own page by the table's
title, columns and sources. The text is plain (never Markdown); templates escape it.
"""
from __future__ import annotations

from . import model
from .model import Atlas, Claim, Text


def plain(text: str) -> str:
    """One line: runs of white space (newlines included) become one space."""
    return " ".join(str(text).split())


def entity_description(atlas: Atlas, folder: str, ident: str, lang: str) -> str | None:
    rec = atlas.kind(folder).get(ident)
    if rec is None:
        return None
    for attr in ("summary", "description"):
        value = getattr(rec, attr, None)
        if isinstance(value, Claim):
            value = value.text
        if isinstance(value, Text):
            return plain(value(lang)) or None
    return None


def table_description(atlas: Atlas, table, lang: str) -> str:
    """'<title>: <column>, <column>… — <Sources>: <label>, <label>' in the page's language."""
    sep = "：" if lang == "zh" else ": "
    comma = "、" if lang == "zh" else ", "
    text = f"{table.title}{sep}{comma.join(table.columns)}"
    labels = [atlas.sources[s].label for s in table.sources if s in atlas.sources]
    if labels:
        text += f" — {atlas.t('sources', lang)}{sep}{comma.join(labels)}"
    return plain(text)


def page_description(atlas: Atlas, lang: str, src_uri: str, tables: dict | None = None) -> str | None:
    """The description of a generated page (docs path ``approaches/rag.md``, ``tables/<id>.md``), or None."""
    folder, _, name = src_uri.rpartition("/")
    ident = name[:-3] if name.endswith(".md") else name
    if folder == "tables" and tables is not None and ident in tables:
        return table_description(atlas, tables[ident], lang)
    for kind in model.KINDS:
        if kind.page_dir and kind.page_dir == folder:
            return entity_description(atlas, kind.folder, ident, lang)
    return None
