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
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs
from markupsafe import Markup

from . import snippets
from .model import Atlas
from .text import colon

SKIP = {"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "button", "kbd",
        "svg", "label", "textarea", "select", "option", "title", "th", "nav", "summary"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ENTITY = re.compile(r"&#?\w+;")
# Comments and the elements of SKIP (headings among them), each whole: from its opening tag to the first closing
# tag of its name (they do not nest in the pages: a link holds no link, a heading no heading; tests/test_site.py).
# Other tags are passed over; a name found inside one of them is caught by _inside_tag().
SKIPPED = re.compile(r"<!--.*?-->|<(" + "|".join(sorted(SKIP)) + r")(?![a-zA-Z0-9])(?:[^>]*[^>/])?>.*?</\1\s*>",
                     re.S | re.I)
_HEADING_TAGS = HEADINGS | {h.upper() for h in HEADINGS}
WORD = re.compile(r"[A-Za-z0-9]")
NOT_BESIDE_WORD = re.compile(r"[A-Za-z0-9_\-]")  # a character that glues an English name to its neighbour


@dataclass(frozen=True)
class Name:
    """A glossary name as it appears in HTML (escaped), with the term it explains."""

    ident: str
    definition: str
    word_start: bool  # begins with a letter or digit: must not follow one (English names match as whole words)
    word_end: bool  # ends with one: must not be followed by one


@dataclass(frozen=True)
class Matcher:
    automaton: object | None  # Aho-Corasick over the lower-cased names; indices into `names`
    names: tuple[Name, ...]


def _whole(text: str) -> str:
    """A definition as its tooltip shows it: every word of it, its white space collapsed (as HTML shows it)."""
    return " ".join(text.split())


_MATCHERS: dict = {}


# Pages without tooltips: the glossary defines every term a few lines away, and its 200-odd tooltips made
# Material's tooltip script the main cost of the page on a phone (Lighthouse, bench/: performance 89, TBT 415 ms).
# A source's page neither: it lists every statement the source supports (up to 550, each section a new "first
# mention"), which its 300-odd tooltips made heavier than the page budget; each statement links to its own page,
# where its terms are explained.
# The changes page repeats old and new text of whole tables: tooltips there would double its size (and the terms
# are explained where the text stands today).
WITHOUT_TOOLTIPS = frozenset({"glossary.md", "changes.md"})


def wanted(src_uri: str) -> bool:
    """Whether the page (its docs path) gets glossary tooltips."""
    if src_uri.startswith("sources/") and src_uri != "sources/index.md":
        return False
    return src_uri not in WITHOUT_TOOLTIPS


def matcher(atlas: Atlas, lang: str) -> Matcher:
    """The matcher for one atlas and language, built once (the atlas is immutable)."""
    key = (id(atlas), lang)
    if key not in _MATCHERS:
        _MATCHERS.clear()
        _MATCHERS[key] = (atlas, _build_matcher(atlas, lang))
    return _MATCHERS[key][1]


def _build_matcher(atlas: Atlas, lang: str) -> Matcher:
    """Every name of every term, in the page's language and in English (readers of Chinese pages meet English
    names too); a name shared by two terms explains the first."""
    names: dict[str, Name] = {}  # the name as found in lower-cased HTML -> what it explains
    for ident, term in atlas.glossary.items():
        definition = _whole(f"{term.term(lang)}{colon(lang)}{term.definition.text(lang)}")
        for name in (term.term(lang), *term.aliases(lang), term.term("en"), *term.aliases("en")):
            if len(name.strip()) >= 2:
                names.setdefault(html.escape(name, quote=False).lower(),
                                 Name(ident, definition, bool(WORD.match(name)), bool(WORD.match(name[-1]))))
    if not names:
        return Matcher(None, ())
    return Matcher(ahocorasick_rs.AhoCorasick(list(names)), tuple(names.values()))


def annotate(page_html: str, m: Matcher) -> str:
    """Wrap the first mention of each term in each section. Names are found all at once (Aho-Corasick, in
    time that hardly grows with the glossary); then, from the left, the longest name that stands as a whole word
    in running text wins, as a regular expression of the names sorted longest first would choose."""
    if m.automaton is None:
        return page_html
    lowered = page_html.lower()
    if len(lowered) != len(page_html):  # a few characters lengthen when lower-cased (İ): fold ASCII only
        lowered = "".join(ch.lower() if ch.isascii() else ch for ch in page_html)
    hits = m.automaton.find_matches_as_indexes(lowered, overlapping=True)
    if not hits:
        return page_html
    hits.sort(key=lambda h: (h[1], -h[2]))  # from the left; at one place, the longest first
    entities = [e.span() for e in ENTITY.finditer(page_html)] if "&" in page_html else []
    skipped = SKIPPED.finditer(page_html)
    skip = next(skipped, None)
    after = 0  # the end of the last element or comment passed, or of the last name taken
    seen: set[str] = set()  # terms already explained in the current section
    out: list[str] = []
    copied = 0
    for index, start, end in hits:
        while skip is not None and skip.start() < start:  # the elements before this place
            if skip.group(1) in _HEADING_TAGS:
                seen.clear()  # a new section: its terms are explained again
            after = max(after, skip.end())
            skip = next(skipped, None)
        if start < after or (skip is not None and skip.start() < end):
            continue  # inside an element of SKIP or a comment, or in the name taken last
        name = m.names[index]
        if not _stands_alone(page_html, start, end, name) or _inside_tag(page_html, start) \
                or _cuts_entity(entities, start, end):
            continue
        after = end  # taken, even when the term was explained already: a shorter name inside it is no mention
        if name.ident in seen:
            continue
        seen.add(name.ident)
        out.append(page_html[copied:start])
        out.append(_term(name.definition, page_html[start:end]))
        copied = end
    if not out:
        return page_html
    out.append(page_html[copied:])
    return "".join(out)


def _stands_alone(text: str, start: int, end: int, name: Name) -> bool:
    return not ((name.word_start and start and NOT_BESIDE_WORD.match(text, start - 1))
                or (name.word_end and end < len(text) and NOT_BESIDE_WORD.match(text, end)))


def _inside_tag(text: str, start: int) -> bool:
    """Whether the position is inside a tag (an attribute's value) rather than in text."""
    return text.rfind("<", 0, start) > text.rfind(">", 0, start)


def _cuts_entity(entities: list, start: int, end: int) -> bool:
    """Whether a name found at start:end begins or ends inside a character reference (&amp; …)."""
    for edge in (start, end):
        i = bisect_right(entities, (edge, 1 << 62)) - 1  # the last one to begin at or before the edge
        if i >= 0 and entities[i][0] < edge < entities[i][1]:
            return True
    return False


@lru_cache(maxsize=4096)
def _term(definition: str, found: str) -> str:
    return snippets.render("term.html", definition=definition, text=Markup(found))
