"""What the Chinese text of the site must look like, as functions the tests (tests/test_chinese.py) apply to every
zh field of data/ and every page of docs/zh/: one term per concept (the glossary's zh name, never a name listed in
a term's avoid_zh) and Chinese punctuation (full-width inside Chinese text, no space after it)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CJK = r"[\u3400-\u9fff]"
# half-width punctuation touching a Chinese character ("理由:", "核心对比: RAG", "微调,然后")
HALF_WIDTH = re.compile(rf"{CJK}[,:;!?]|[,;!?]{CJK}|{CJK} [,:;!?]")
# a space after full-width punctuation ("响应时间。 在") or before it ("RAG ，")
SPACE_AFTER = re.compile(r"[，。：；！？、）」』”] +\S")
SPACE_BEFORE = re.compile(r"\S +[，。：；！？、]")
# Markdown and macro syntax, which is not text: link targets, attribute lists, macros, code, tags, table pipes
MD_SYNTAX = re.compile(r"\]\([^)\s]*\)|\{ ?[:#.][^}]*\}|<[^>]+>")
MD_WORDS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|`[^`]*`")  # stand for a word (a number, a file name)
MD_MARKS = re.compile(r"\s*\|\s*|[\[\]*]")


def zh_fields(data_dir: Path = ROOT / "data"):
    """(file, path, text) for every Chinese string of data/, glossary aliases and avoided names excepted."""
    for p in sorted(data_dir.rglob("*.yaml")):
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
        yield from _walk(p, doc, ())


def _walk(p, value, path):
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("aliases", "avoid_zh"):
                continue
            if k == "zh" and isinstance(v, str):
                yield p, path + (k,), v
            elif k == "zh" and isinstance(v, list):
                for i, x in enumerate(v):
                    yield p, path + (k, i), str(x)
            else:
                yield from _walk(p, v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(p, v, path + (i,))


def zh_pages(docs_dir: Path = ROOT / "docs" / "zh"):
    """(file, line number, text) for every line of the hand-written Chinese pages, Markdown and macro syntax removed."""
    for p in sorted(docs_dir.rglob("*.md")):
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            yield p, n, markdown_text(line)


def terminology(data_dir: Path = ROOT / "data") -> list[tuple[str, str, str]]:
    """(term id, the zh name to use, a name not to use) from the glossary."""
    out = []
    for p in sorted((data_dir / "glossary").glob("*.yaml")):
        d = yaml.safe_load(p.read_text(encoding="utf-8"))
        for bad in d.get("avoid_zh") or []:
            out.append((d["id"], d["term"]["zh"], bad))
    return out


def term_problems(text: str, terms) -> list[str]:
    out = []
    for ident, good, bad in terms:
        if bad in text.replace(good, "\0"):
            out.append(f"'{bad}': glossary term {ident} ('{good}') lists it in avoid_zh; use the site's term")
    return out


def punctuation_problems(text: str) -> list[str]:
    out = []
    for rx, what in ((HALF_WIDTH, "half-width punctuation in Chinese text"),
                     (SPACE_AFTER, "space after full-width punctuation"),
                     (SPACE_BEFORE, "space before full-width punctuation")):
        for m in rx.finditer(text):
            out.append(f"{what}: '…{text[max(0, m.start() - 8):m.end() + 8]}…'")
    return out


def markdown_text(md: str) -> str:
    """The text a reader sees of a line of the site's Markdown: syntax removed, character references resolved,
    table cells on lines of their own."""
    import html
    text = MD_SYNTAX.sub("", MD_WORDS.sub("X", md))
    text = html.unescape(MD_MARKS.sub(lambda m: "\n" if "|" in m.group() else "", text))
    return text
