"""Glossary tooltips in rendered HTML, in both languages.

Markdown's abbreviations match whole words only, which never happens inside running Chinese text (no
spaces). This works on the rendered HTML instead: in text outside links, code, headings and existing
abbreviations, each glossary name or alias is wrapped in the ``term.html`` partial, whose title is the
definition. English names match as whole words; Chinese names match anywhere. Like a reference work that
links a term at its first mention, each term is explained at its first mention in every section (the text
between two headings), so a page stays readable however often a term recurs.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import snippets
from .model import Atlas

SKIP = {"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "button", "kbd",
        "svg", "label", "textarea", "select", "option", "title", "th", "nav", "summary"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
ENTITY = re.compile(r"(&#?\w+;)")
MAX_TITLE = 220


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern | None
    definitions: dict  # casefolded name -> (term id, definition text)


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_TITLE:
        return text
    cut = text[:MAX_TITLE].rsplit(" ", 1)[0] if " " in text[:MAX_TITLE] else text[:MAX_TITLE]
    return cut + "…"


_MATCHERS: dict = {}


def matcher(atlas: Atlas, lang: str) -> Matcher:
    """The matcher for one atlas and language, built once (the atlas is immutable)."""
    key = (id(atlas), lang)
    if key not in _MATCHERS:
        _MATCHERS.clear()
        _MATCHERS[key] = (atlas, _build_matcher(atlas, lang))
    return _MATCHERS[key][1]


def _build_matcher(atlas: Atlas, lang: str) -> Matcher:
    names: dict = {}
    for ident, term in atlas.glossary.items():
        definition = _short(f"{term.term(lang)}: {term.definition.text(lang)}")
        for name in (term.term(lang), *term.aliases(lang), term.term("en"), *term.aliases("en")):
            key = name.casefold()
            if len(name.strip()) >= 2 and key not in names:
                names[key] = (ident, definition)
    if not names:
        return Matcher(None, {})
    parts = []
    for name in sorted(names, key=len, reverse=True):
        body = re.escape(html.escape(name, quote=False))
        if re.search(r"[A-Za-z0-9]", name[:1]):
            body = r"(?<![A-Za-z0-9_\-])" + body
        if re.search(r"[A-Za-z0-9]", name[-1:]):
            body = body + r"(?![A-Za-z0-9_\-])"
        parts.append(body)
    return Matcher(re.compile("|".join(parts), re.I), names)


def annotate(page_html: str, m: Matcher) -> str:
    if m.pattern is None:
        return page_html
    out = []
    stack: list[str] = []
    seen: set[str] = set()  # terms already explained in the current section
    for piece in TAG.split(page_html):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            if piece.startswith("<!--") or piece.startswith("<!"):
                continue
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if not name:
                continue
            tag = name.group(1).lower()
            if tag in VOID or piece.endswith("/>"):
                continue
            if tag in HEADINGS and not piece.startswith("</"):
                seen.clear()
            if piece.startswith("</"):
                if tag in stack:
                    while stack and stack.pop() != tag:
                        pass
            else:
                stack.append(tag)
            continue
        if any(t in SKIP for t in stack):
            out.append(piece)
            continue
        out.append(_annotate_text(piece, m, seen))
    return "".join(out)


def _annotate_text(text: str, m: Matcher, seen: set) -> str:
    pieces = ENTITY.split(text)
    for i, chunk in enumerate(pieces):
        if i % 2 == 1 or not chunk.strip():
            continue  # entities stay whole
        pieces[i] = m.pattern.sub(lambda mt: _wrap(mt, m, seen), chunk)
    return "".join(pieces)


def _wrap(mt: re.Match, m: Matcher, seen: set) -> str:
    found = mt.group(0)
    key = html.unescape(found).casefold()
    ident, definition = m.definitions.get(key, (None, None))
    if ident is None or ident in seen:
        return found
    seen.add(ident)
    from markupsafe import Markup

    return snippets.render("term.html", definition=definition, text=Markup(found))
