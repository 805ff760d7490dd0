"""The hostile corpus and a copy of the fixture data with it in every field of every kind.

Every payload that could run calls ``__pwn(n)`` (a function the browser tests expose: any call fails them) or
requests ``evil.example`` (any request leaving the page's origin fails them); every element a payload would add
carries the attribute ``x-h``, so a parser finds any markup that survived. Every text passes ``make check``:
the corpus is what a pull request could get through the loader."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

PAYLOADS = [
    # context-breaking closers, each followed by live markup
    '</textarea></title></style></script></noscript></xmp></iframe><img x-h src=x onerror=__pwn(1)>',
    '--><img x-h src=x onerror=__pwn(2)><!--',
    ']]><img x-h src=x onerror=__pwn(3)>',
    '"><svg x-h onload=__pwn(4)>',
    "'><b x-h onmouseover=__pwn(5)>hover</b>",
    "<!-- swallow the rest",
    # mutation-XSS shapes
    '<svg x-h><style><img x-h src=x onerror=__pwn(6)></style></svg>',
    '<noscript x-h><p title="</noscript><img x-h src=x onerror=__pwn(7)>"></noscript>',
    '<math x-h><mtext><table><mglyph><style><img x-h src=x onerror=__pwn(8)></style></mglyph></table></mtext></math>',
    '<form x-h><math><mtext></form><form><mglyph><style></math><img x-h src onerror=__pwn(9)>',
    # script and requests
    '<script x-h>__pwn(10)</script>',
    '<style x-h>@import url(http://evil.example/a.css); body{background:url(http://evil.example/b.png)}</style>',
    '<link x-h rel=stylesheet href=http://evil.example/c.css>',
    '<iframe x-h src=javascript:__pwn(11)></iframe>',
    # entity-encoded markup (shown as typed, never decoded into markup)
    '&lt;img x-h src=x onerror=__pwn(12)&gt;',
    '&#60;script&#62;__pwn(13)&#60;/script&#62; &amp;lt;b&amp;gt;',
    # Markdown and attr_list syntax
    '[click](javascript:__pwn(14)) ![img](http://evil.example/d.png) <http://evil.example/e>',
    '**bold** _em_ `code` ~~strike~~ # not a heading',
    '{: onmouseover="__pwn(15)" } { #x-h .x-h onclick=__pwn(16) }',
    '*[HTML]: abbreviation definition',
    '[^1] footnote',
    # URL-breaking characters
    ') " \' < > | ] [ } { \\ ` (',
    ')[x](javascript:__pwn(17))',
    # template, wiki and spreadsheet syntax
    '{{ 7*7 }} {% if true %}JINJA{% endif %} ${7*7}',
    "{{Template}} [[Category:X]] __NOTOC__ ~~~~ '''bold''' ----",
    '=HYPERLINK("http://evil.example/f","x")',
    # invisible and direction characters inside visible text
    'zero\u200bwidth \u202eevil\u202c \ufeffbom \u00adsoft',
]
TEXT = " ".join(PAYLOADS)
# Line starts are a sink of their own: text that begins with what a format reads at the start of a line or cell.
LEADS = ["- ", "+1 ", "=1+1 ", "@SUM(1) ", "# ", "1. ", "> ", "| "]

# URLs: RFC 3986 characters that a Markdown link target or a wiki link would read as syntax.
URL = "https://example.org/x?a='onmouseover=__pwn(18)'&b=(c)*!$;e=__NOTOC__~~~~&f=&lt;g"

# Values whose field is not free text (ids, dates, enums, numbers, references) stay as they are.
NOT_TEXT = {"id", "sources", "checked", "dimension", "approach", "approaches", "related", "parent", "further_reading",
            "seed", "published", "licence", "unit", "per", "rating", "locus", "type", "group", "category", "kind",
            "chosen", "scenarios", "patterns", "figures", "dimensions", "arxiv", "language", "order", "featured", "tools",
            "prefer", "avoid", "label_id"}


def hostile(text: str, n: int) -> str:
    return f"{LEADS[n % len(LEADS)]}{text} {TEXT}"


def mutate(value, key=None, counter=None):
    """Every free-text string gets the whole corpus (after its own text, with a hostile line start); every URL the
    hostile URL; the rest is kept."""
    counter = counter if counter is not None else [0]
    if isinstance(value, dict):
        return {k: mutate(v, k, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [mutate(v, key, counter) for v in value]
    if isinstance(value, str):
        if key == "url":
            return URL
        if key == "doi":
            return "10.1234/x.(y);z:w"
        if key in NOT_TEXT:
            return value
        counter[0] += 1
        return hostile(value, counter[0])
    return value


GLOSSARY_KEEP = {"term", "aliases"}  # names stay findable in running text, so that their tooltips appear


def hostile_copy(fixture: Path, dest: Path) -> None:
    shutil.copytree(fixture, dest)
    for path in sorted(dest.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.parent.name == "glossary" and path.stem == "embedding":
            out = {k: (v if k in GLOSSARY_KEEP else mutate(v, k)) for k, v in doc.items()}
        elif path.name == "ui.yaml":
            # the guide's labels the fixture may lack (the fixture has no question; this copy adds one)
            real = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "ui.yaml").read_text(encoding="utf-8"))
            doc = {**{k: v for k, v in real.items() if k not in doc}, **doc}
            # labels keep their placeholders (the guide fills them in); two payloads each, in turn (the whole
            # corpus in each of some 280 labels would pass the loader's size limit)
            out = {k: {lang: f"{LEADS[i % len(LEADS)]}{t} {PAYLOADS[i % len(PAYLOADS)]} {PAYLOADS[(i + 7) % len(PAYLOADS)]}"
                       for lang, t in v.items()} for i, (k, v) in enumerate(doc.items())}
        else:
            out = mutate(doc)
        if path.parent.name == "approaches" and path.stem == "retrieval":  # a mention, for the glossary's tooltip
            out["summary"]["en"] = "Embedding " + out["summary"]["en"]
            out["summary"]["zh"] = "嵌入 " + out["summary"]["zh"]
        if path.parent.name == "sources":
            out["label"] = f"{doc['label'][:8]} <b x-h>|&lt;"  # 40 characters at most
        path.write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    # a decision-guide question, so that the guide can be answered
    (dest / "questions").mkdir(exist_ok=True)
    (dest / "questions" / "hostile.yaml").write_text(yaml.safe_dump({
        "id": "hostile", "order": 1, "dimension": "freshness", "checked": "2026-11-20",
        "text": {"en": hostile("How fresh?", 1), "zh": hostile("多新？", 2)},
        "help": {"en": hostile("Help", 3), "zh": hostile("帮助", 4)},
        "options": [{"id": "daily", "label": {"en": hostile("Daily", 5), "zh": hostile("每天", 6)},
                     "weights": {"retrieval": 2, "tuning": -1},
                     "why": {"en": hostile("Because", 7), "zh": hostile("因为", 8)}, "sources": ["alpha-article"]},
                    {"id": "never", "label": {"en": hostile("Never", 9), "zh": hostile("从不", 10)},
                     "weights": {"retrieval": 0}, "why": {"en": hostile("So", 11), "zh": hostile("所以", 12)}}],
    }, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
