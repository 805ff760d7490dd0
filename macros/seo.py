"""What crawlers and link previews read about a page: its description, from the data. Pure functions.

Hand-written pages carry a ``description`` in their front matter; pages generated from the data get one in
theirs (macros/mkdocs_hooks.py): an entity's page its summary (or description), a table's own page the table's
title, columns and sources. The text is plain (never Markdown); templates escape it.
"""
from __future__ import annotations

import re

from . import markup

from .model import Atlas, Claim, Text
from .text import colon


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
    sep = colon(lang)
    comma = "、" if lang == "zh" else ", "
    text = f"{table.title}{sep}{comma.join(table.columns)}"
    labels = [atlas.sources[s].label for s in table.sources if s in atlas.sources]
    if labels:
        text += f" — {atlas.t('sources', lang)}{sep}{comma.join(labels)}"
    return plain(text)


SEARCH_NAMED = ("approaches", "dimensions")  # kinds whose page search finds first for their name, in either language


def search_names(atlas: Atlas, folder: str, ident: str) -> list[str]:
    """The names an entity's page is found by in search, in both languages: its name and short name, English and
    Chinese, each once. They are the page's search tags, which Material's search weighs above titles, and the
    search worker (overrides/assets/javascripts/workers/atlas-search.js) puts first the page one of whose tags
    is the query itself: "RAG" finds RAG's page first, "检索增强生成" finds it on the English site."""
    if folder not in SEARCH_NAMED:
        return []
    rec = atlas.kind(folder).get(ident)
    names = []
    for attr in ("short_name", "name"):
        value = getattr(rec, attr, None)
        if isinstance(value, Text):
            names += [plain(value.en), plain(value.zh)]
    names += [without_short_form(n) for n in names]  # "Low-rank adaptation" finds "Low-rank adaptation (LoRA)"
    # Material's search results print tags as HTML (innerHTML): each is written as HTML text (tests/test_hostile.py)
    return list(dict.fromkeys(markup.html_text(n) for n in names if n))


_SHORT_FORM = re.compile(r"\s*[(（][^()（）]+[)）]$")


def without_short_form(name: str) -> str:
    """A name without the short form in brackets at its end: 'Low-rank adaptation (LoRA)' -> 'Low-rank adaptation',
    '检索增强微调（RAFT）' -> '检索增强微调'; a name without one is returned as it is."""
    return _SHORT_FORM.sub("", name) or name


def glossary_search_names(atlas: Atlas) -> dict[str, list[str]]:
    """The names each glossary entry is found by in search, by its place in the search index ('glossary/#<id>'):
    its name in both languages and its aliases in both, each once, as plain text. The glossary's entries are
    sections of one page, which carries no tags of its own; the search worker puts first the entry one of whose
    names is the query (overrides/assets/javascripts/workers/atlas-search.js), after a page tagged with it."""
    out = {}
    for ident, term in atlas.glossary.items():
        names = [term.term.en, term.term.zh, *term.aliases.en, *term.aliases.zh]
        out[f"glossary/#{ident}"] = list(dict.fromkeys(plain(n) for n in names if plain(n)))
    return out
