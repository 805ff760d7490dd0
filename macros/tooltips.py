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
TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
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


# Pages without tooltips: the glossary defines every term a few lines away, and its 200-odd tooltips made
# Material's tooltip script the main cost of the page on a phone (Lighthouse, bench/: performance 89, TBT 415 ms).
WITHOUT_TOOLTIPS = frozenset({"glossary.md"})


def wanted(src_uri: str) -> bool:
    """Whether the page (its docs path) gets glossary tooltips."""
    return src_uri not in WITHOUT_TOOLTIPS


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
    return Matcher(re.compile(_trie_pattern(html.escape(n, quote=False) for n in names), re.I), names)


_WORD = re.compile(r"[A-Za-z0-9]")
_END = ""  # the key that marks the end of a name in the trie
_WORD_START, _WORD_END = r"(?<![A-Za-z0-9_\-])", r"(?![A-Za-z0-9_\-])"


def _trie_pattern(names) -> str:
    """One regular expression for many names, as a trie: names sharing a beginning share its test, so a page is
    scanned in time that hardly grows with the glossary (an alternation of every name tries each in turn at
    every character). At each step every longer name is tried before the name that ends there, so the longest
    name that matches wins, as in an alternation sorted longest first. A name that begins (ends) with a letter
    or digit matches only at a word boundary, as English terms must; Chinese names match anywhere."""
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[_END] = True

    def branch(node: dict, last: str) -> str:
        alternatives = [re.escape(ch) + branch(child, ch) for ch, child in sorted(node.items()) if ch != _END]
        if _END in node:  # the name ending here comes last
            alternatives.append(_WORD_END if _WORD.match(last) else "")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return "|".join((_WORD_START if _WORD.match(ch) else "") + re.escape(ch) + branch(child, ch)
                    for ch, child in sorted(trie.items()))


def annotate(page_html: str, m: Matcher) -> str:
    if m.pattern is None:
        return page_html
    out = []
    stack: list[str] = []
    skipping = 0  # how many tags of SKIP are open (text inside any of them is left alone)
    seen: set[str] = set()  # terms already explained in the current section
    for piece in TAG.split(page_html):
        if not piece:
            continue
        if piece[0] == "<":
            out.append(piece)
            if piece.startswith("<!"):
                continue
            name = TAG_NAME.match(piece)
            if not name:
                continue
            tag = name.group(1).lower()
            if tag in VOID or piece.endswith("/>"):
                continue
            if piece[1] == "/":
                if tag in stack:
                    while stack:
                        top = stack.pop()
                        skipping -= top in SKIP
                        if top == tag:
                            break
            else:
                if tag in HEADINGS:
                    seen.clear()
                stack.append(tag)
                skipping += tag in SKIP
            continue
        if skipping or piece.isspace():
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
